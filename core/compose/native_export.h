#pragma once
// `--format native`: Traditional compositions written as the MoE architecture transformers already
// has for the base (Llama/Mistral -> mixtral, Qwen3 -> qwen3_moe), so vLLM and llama.cpp can serve them
// without custom code. Only names and config keys differ from the mixturekit format.

#include "core/compose/compose_config.h"
#include "core/model/hparams.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace moe {

struct NativeTarget {
    std::string modelType;     // "mixtral" | "qwen3_moe"
    std::string architecture;  // "MixtralForCausalLM" | ...
    bool denseBlocksAsIdenticalExperts = false;  // Mixtral has no dense blocks: E copies of the averaged MLP
    // Output names; proj is "mlp.gate_proj" / "mlp.up_proj" / "mlp.down_proj"; layerPrefix ends with '.'.
    std::string expertName(const std::string& layerPrefix, const std::string& proj, int expert, const std::string& suffix) const;
    std::string routerName(const std::string& layerPrefix) const;
};

// The target for a base architecture, or nullptr when there is none.
const NativeTarget* nativeTargetFor(const std::string& baseModelType);

// config.json of the native model: the expert's config with the MoE keys of the target.
nlohmann::json nativeConfig(const NativeTarget& target, const nlohmann::json& expertConfig, const ComposeConfig& config,
                            const HParams& hp, const std::vector<int>& selectedBlocks);

}  // namespace moe
