#include "core/compose/native_export.h"

#include <algorithm>

namespace moe {

std::string NativeTarget::expertName(const std::string& prefix, const std::string& proj, int e, const std::string& suffix) const {
    const auto i = std::to_string(e);
    if (modelType == "mixtral") {
        // Mixtral's per-expert names as transformers 4 writes them (transformers 5 converts on load): w1 gate, w3 up, w2 down.
        const char* w = proj == "mlp.gate_proj" ? "w1" : proj == "mlp.up_proj" ? "w3" : "w2";
        return prefix + "block_sparse_moe.experts." + i + "." + w + suffix;
    }
    return prefix + "mlp.experts." + i + "." + proj.substr(4) + suffix;  // qwen3_moe: mlp.experts.N.gate_proj
}

std::string NativeTarget::routerName(const std::string& prefix) const {
    return prefix + (modelType == "mixtral" ? "block_sparse_moe.gate.weight" : "mlp.gate.weight");
}

const NativeTarget* nativeTargetFor(const std::string& base) {
    static const NativeTarget mixtral{"mixtral", "MixtralForCausalLM", true};
    static const NativeTarget qwen3moe{"qwen3_moe", "Qwen3MoeForCausalLM", false};
    if (base == "llama" || base == "mistral") return &mixtral;
    if (base == "qwen3") return &qwen3moe;
    return nullptr;
}

nlohmann::json nativeConfig(const NativeTarget& target, const nlohmann::json& expertConfig, const ComposeConfig& config,
                            const HParams& hp, const std::vector<int>& blocks) {
    auto c = expertConfig;
    for (const char* key : {"auto_map", "pretraining_tp", "mlp_bias", "attention_bias", "use_sliding_window", "max_window_layers",
                            "layer_types", "torch_dtype"})
        c.erase(key);
    c["model_type"] = target.modelType;
    c["architectures"] = {target.architecture};
    c["num_experts_per_tok"] = config.topK;
    c["router_aux_loss_coef"] = config.alpha;
    c["output_router_logits"] = false;
    const auto E = static_cast<std::int64_t>(config.experts.size());
    if (target.modelType == "mixtral") {
        c["num_local_experts"] = E;
        if (hp.modelType == "llama") c["sliding_window"] = nullptr;
    } else {
        // Both spellings: transformers 4 reads num_experts, transformers 5 num_local_experts.
        c["num_experts"] = E;
        c["num_local_experts"] = E;
        c["moe_intermediate_size"] = hp.intermediate;
        c["norm_topk_prob"] = true;  // Traditional routing = softmax over the kept logits
        c["decoder_sparse_step"] = 1;
        std::vector<int> dense;
        for (int L = 0; L < hp.numLayers; ++L)
            if (std::find(blocks.begin(), blocks.end(), L) == blocks.end()) dense.push_back(L);
        c["mlp_only_layers"] = dense;
    }
    return c;
}

}  // namespace moe
