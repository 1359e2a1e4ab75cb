#pragma once
// The built-in demo's data: three small corpora (Arabic-script, English, C++; resources/demo, embedded at
// build time, sources and licences in resources/demo/SOURCES.md) and the byte-level BPE tokenizer
// trained on them. Each corpus is split by lines into training and held-out lines; the mixed
// texts interleave the lines of the three domains in a seeded order and remember each line's domain.

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
    std::vector<std::string> train, heldOut;  // lines, without their '\n'
};
// The lines of domain `d`; every (1 / heldOutFraction)-th line is held out.
DomainSplit splitDomain(int d, double heldOutFraction);

struct MixedLine {
    std::string text;
    int domain = 0;
};
// Every line of the given per-domain lists, interleaved in a seeded order (the same on every platform).
std::vector<MixedLine> mixLines(const std::vector<std::vector<std::string>>& perDomain, std::uint64_t seed);

std::string joinLines(const std::vector<std::string>& lines);
void writeText(const std::filesystem::path& path, const std::string& text);

// Writes tokenizer.json and tokenizer_config.json into `dir`.
void writeTokenizer(const std::filesystem::path& dir);

}  // namespace moe::demo
