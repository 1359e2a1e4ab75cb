#pragma once
// The built-in demo's data: three small corpora (Arabic-script, English, C++; resources/demo, embedded at
// build time, sources and licences in resources/demo/SOURCES.md) and the byte-level BPE tokenizer
// trained on them. Each corpus is split into blocks of consecutive lines, for training or held out; the
// mixed texts interleave the blocks of the three domains in a seeded order and remember each block's
// domain. Blocks, not single lines: in a line-mixed text the domain of a line's first tokens (and of
// whitespace or punctuation shared by the domains) is a guess, so no router can route them by domain —
// the demo routed ~75 % of tokens to their own expert on line-mixed text, ~95 % on 8-line blocks.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace moe::demo {

inline constexpr int kDomains = 3;
extern const char* const kDomainNames[kDomains];  // "arabic", "english", "code"

// An embedded file of resources/demo by name ("arabic.txt", "tokenizer.json", …); throws if unknown.
std::string_view resource(std::string_view name);

struct DomainSplit {
    std::vector<std::string> train, heldOut;  // blocks of `blockLines` lines, joined by '\n', without a final '\n'
};
// The lines of domain `d` in blocks of `blockLines` consecutive lines; every (1 / heldOutFraction)-th
// block is held out.
DomainSplit splitDomain(int d, double heldOutFraction, int blockLines = 1);

struct MixedBlock {
    std::string text;  // one or more lines, without the final '\n'
    int domain = 0;
};
// Every block of the given per-domain lists, interleaved in a seeded order (the same on every platform).
std::vector<MixedBlock> mixBlocks(const std::vector<std::vector<std::string>>& perDomain, std::uint64_t seed);

std::string joinLines(const std::vector<std::string>& lines);
void writeText(const std::filesystem::path& path, const std::string& text);

// Writes tokenizer.json and tokenizer_config.json into `dir`.
void writeTokenizer(const std::filesystem::path& dir);

}  // namespace moe::demo
