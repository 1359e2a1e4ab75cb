#pragma once
// A routing trace (DESIGN §6): for one token sequence, every routing site's router logits and the
// weight each expert received (0 where it was not in the top-k). Stored as a safetensors file —
// `weights` F32 [S,T,E], `logits` F32 [S,T,E], `input_ids` I64 [T] — with JSON metadata, so it reuses
// our reader/writer, opens in any safetensors tool, and reopens in the GUI without the model.
// Plain std::vector storage: the statistics and views need no LibTorch.

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

inline constexpr const char* kTraceFormat = "moe-studio-trace/1";

struct RoutingSite {
    int layer = 0;
    std::string proj;  // "block" (a block router), "stitch" (a BTS stitch gate), or a projection name
    std::string direction;  // stitch sites: "to_hub" (softmax over hub + experts) or "to_experts" (mean sigmoid gates)
    bool operator==(const RoutingSite&) const = default;
};

struct Trace {
    std::string model;                 // where the trace came from (a folder path or a name)
    std::string method;                // "native", "traditional", "btx", "bts"
    std::vector<std::string> experts;  // E display names
    std::vector<RoutingSite> sites;    // S
    std::vector<std::string> tokens;   // T display strings
    std::string text;
    int topK = 0;
    std::vector<std::int64_t> inputIds;  // T
    std::vector<float> weights;          // S*T*E, row-major [site][token][expert]
    std::vector<float> logits;           // S*T*E

    std::size_t numSites() const { return sites.size(); }
    std::size_t numTokens() const { return inputIds.size(); }
    std::size_t numExperts() const { return experts.size(); }
    float weight(std::size_t s, std::size_t t, std::size_t e) const {
        return weights[(s * numTokens() + t) * numExperts() + e];
    }
    // Throws moe::Error if the sizes disagree with each other.
    void validate(const std::string& pathForErrors = {}) const;
};

void writeTrace(const std::string& path, const Trace& trace);  // atomic (temp + rename)
Trace readTrace(const std::string& path);                      // throws moe::Error naming the file

}  // namespace moe
