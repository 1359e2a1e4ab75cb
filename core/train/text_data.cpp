#include "core/train/text_data.h"

#include "core/error.h"
#include "core/io/read_file.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace moe {

TokenStream tokenizeFiles(const Tokenizer& tokenizer, const std::vector<std::string>& files, double evalFraction, int seqLen) {
    TokenStream s;
    std::size_t total = 0;
    for (const auto& path : files) {
        const std::string text = readTextFile(path, kMaxTrainingTextBytes);  // UTF-8 only: no silent U+FFFD
        std::vector<std::int64_t> ids;
        if (const auto bos = tokenizer.bosTokenId()) ids.push_back(*bos);
        for (const auto id : tokenizer.encode(text, false).ids) ids.push_back(id);
        const auto held = static_cast<std::size_t>(static_cast<double>(ids.size()) * evalFraction);
        s.train.insert(s.train.end(), ids.begin(), ids.end() - static_cast<std::ptrdiff_t>(held));
        s.heldOut.insert(s.heldOut.end(), ids.end() - static_cast<std::ptrdiff_t>(held), ids.end());
        total += ids.size();
    }
    const auto window = static_cast<std::size_t>(seqLen) + 1;
    if (s.heldOut.size() < window || s.train.size() < window)
        throw Error("the training text has " + std::to_string(total) + " tokens: too few for a held-out split of " +
                        std::to_string(evalFraction) + " with windows of " + std::to_string(window) + " tokens",
                    {.file = files.empty() ? std::string() : files.front()});
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
