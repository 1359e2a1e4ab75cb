#pragma once
// Rotary position embedding parameters and inverse frequencies, computed as transformers computes them
// (float32 arithmetic) for the rope types we support: default, linear, dynamic (NTK) and llama3.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace at { class Tensor; }

namespace moe {

enum class RopeType { Default, Linear, Dynamic, Llama3 };

struct RopeParams {
    bool enabled = true;            // false for learned absolute positions (GPT-2)
    RopeType type = RopeType::Default;
    double theta = 10000.0;
    double factor = 1.0;
    double lowFreqFactor = 1.0;     // llama3
    double highFreqFactor = 4.0;    // llama3
    std::int64_t originalMaxPositions = 0;
    double partialRotaryFactor = 1.0;
};

// Reads one rope parameter object ({"rope_type": ..., "rope_theta": ..., "factor": ...}) on top of
// `defaults`; `keyPath` names it in errors. Unsupported rope types are a moe::Error.
RopeParams parseRopeParams(const nlohmann::json& object, RopeParams defaults, const std::string& path,
                           const std::string& keyPath);

const char* ropeTypeName(RopeType type);

// Inverse frequencies [rotaryDim / 2] (float32) for a sequence whose largest position is maxPosition.
at::Tensor ropeInvFreq(const RopeParams& rope, std::int64_t rotaryDim, std::int64_t maxPositionEmbeddings,
                       std::int64_t seqLen);

}  // namespace moe
