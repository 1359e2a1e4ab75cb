#include "core/demo/demo_corpus.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

namespace moe::demo {

const char* const kDomainNames[kDomains] = {"arabic", "english", "code"};

namespace {

struct EmbeddedFile {
    std::string_view name, text;
};

constexpr EmbeddedFile kFiles[] = {
#include "demo_data.h"
};

std::vector<std::string> linesOf(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

std::string_view resource(std::string_view name) {
    for (const auto& f : kFiles)
        if (f.name == name) return f.text;
    throw Error("the demo has no resource named " + std::string(name));
}

DomainSplit splitDomain(int d, double heldOutFraction, int blockLines) {
    // Consecutive lines form blocks (a paragraph, a few lines of a function); every n-th block is held out
    // (not the tail), so that held-out text looks like the training text: the tail of a source file or of
    // a licence is not like its head.
    const auto lines = linesOf(resource(std::string(kDomainNames[d]) + ".txt"));
    const auto every = static_cast<std::size_t>(std::max(2.0, std::round(1.0 / heldOutFraction)));
    const auto size = static_cast<std::size_t>(std::max(1, blockLines));
    DomainSplit s;
    for (std::size_t first = 0, block = 0; first < lines.size(); first += size, ++block) {
        std::string text = lines[first];
        for (std::size_t i = first + 1; i < std::min(lines.size(), first + size); ++i) {
            text += '\n';
            text += lines[i];
        }
        (block % every == every - 1 ? s.heldOut : s.train).push_back(std::move(text));
    }
    return s;
}

std::vector<MixedBlock> mixBlocks(const std::vector<std::vector<std::string>>& perDomain, std::uint64_t seed) {
    std::vector<MixedBlock> all;
    for (std::size_t d = 0; d < perDomain.size(); ++d)
        for (const auto& block : perDomain[d]) all.push_back({block, static_cast<int>(d)});
    // Fisher–Yates with mt19937_64 (fully specified by the standard), not std::shuffle (implementation-defined).
    std::mt19937_64 rng(seed);
    for (std::size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[rng() % i]);
    return all;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) {
        text += l;
        text += '\n';
    }
    return text;
}

void writeText(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw Error("cannot write the file", {.file = path.string()});
}

void writeTokenizer(const std::filesystem::path& dir) {
    for (const char* name : {"tokenizer.json", "tokenizer_config.json"}) writeText(dir / name, std::string(resource(name)));
}

}  // namespace moe::demo
