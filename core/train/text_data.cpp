#include "core/train/text_data.h"

#include "core/error.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <fstream>
#include <iterator>

namespace moe {

TokenStream tokenizeFiles(const Tokenizer& tokenizer, const std::vector<std::string>& files, double evalFraction, int seqLen) {
    std::vector<std::int64_t> all;
    const auto bos = tokenizer.bosTokenId();
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error("cannot read the file", {.file = path});
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        if (bos) all.push_back(*bos);
        for (const auto id : tokenizer.encode(text, false).ids) all.push_back(id);
    }
    const auto window = static_cast<std::size_t>(seqLen) + 1;
    const auto held = static_cast<std::size_t>(static_cast<double>(all.size()) * evalFraction);
    if (held < window || all.size() - held < window)
        throw Error("the training text has " + std::to_string(all.size()) + " tokens: too few for a held-out split of " +
                        std::to_string(evalFraction) + " with windows of " + std::to_string(window) + " tokens",
                    {.file = files.empty() ? std::string() : files.front()});
    TokenStream s;
    s.train.assign(all.begin(), all.end() - static_cast<std::ptrdiff_t>(held));
    s.heldOut.assign(all.end() - static_cast<std::ptrdiff_t>(held), all.end());
    return s;
}

at::Tensor sampleBatch(const std::vector<std::int64_t>& tokens, int batch, int seqLen, std::uint64_t seed, std::int64_t step) {
    // A generator per step: batch `step` is the same whether training ran straight or was resumed.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed * 1000003ULL + static_cast<std::uint64_t>(step));
    const auto window = static_cast<std::int64_t>(seqLen) + 1;
    const auto starts = at::randint(static_cast<std::int64_t>(tokens.size()) - window + 1, {batch}, gen, at::kLong);
    const auto all = at::from_blob(const_cast<std::int64_t*>(tokens.data()), {static_cast<std::int64_t>(tokens.size())}, at::kLong);
    std::vector<at::Tensor> rows;
    for (std::int64_t b = 0; b < batch; ++b) rows.push_back(all.narrow(0, starts[b].item<std::int64_t>(), window));
    return at::stack(rows).clone();
}

at::Tensor consecutiveWindows(const std::vector<std::int64_t>& tokens, int seqLen, int maxWindows) {
    const auto window = static_cast<std::int64_t>(seqLen) + 1;
    const auto n = std::min<std::int64_t>(maxWindows, static_cast<std::int64_t>(tokens.size()) / window);
    const auto all = at::from_blob(const_cast<std::int64_t*>(tokens.data()), {static_cast<std::int64_t>(tokens.size())}, at::kLong);
    return all.narrow(0, 0, n * window).view({n, window}).clone();
}

}  // namespace moe
