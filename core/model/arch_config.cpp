#include "core/model/arch_config.h"

#include "core/model/arch.h"
#include "core/model/config_json.h"

#include <cmath>

namespace moe {

void readGemmaConfig(const nlohmann::json& c, const std::string& path, HParams& hp) {
    // Gemma 2/3 scale queries by query_pre_attn_scalar^-0.5 instead of head_dim^-0.5.
    const double scalar = cfg::optNumber(c, "query_pre_attn_scalar", path).value_or(256.0);
    if (scalar <= 0) throw Error("must be positive", {.file = path, .key = "query_pre_attn_scalar"});
    hp.attnScale = 1.0 / std::sqrt(scalar);
    // A missing key takes transformers' default (Gemma 2: 50 / 30); an explicit null means no capping.
    hp.attnSoftcap = cfg::optNumber(c, "attn_logit_softcapping", path)
                         .value_or(c.contains("attn_logit_softcapping") ? 0.0 : hp.arch->defaultAttnSoftcap);
    hp.finalSoftcap = cfg::optNumber(c, "final_logit_softcapping", path)
                          .value_or(c.contains("final_logit_softcapping") ? 0.0 : hp.arch->defaultFinalSoftcap);
    if (hp.attnSoftcap < 0 || hp.finalSoftcap < 0)
        throw Error("soft-capping values must not be negative", {.file = path, .key = "attn_logit_softcapping"});
    if (hp.modelType == "gemma3_text" && !cfg::get(c, "rope_parameters")) {
        // Legacy Gemma 3 configs: global layers default to theta 1e6, local ones to 1e4.
        if (!cfg::get(c, "rope_theta")) hp.rope.theta = 1'000'000.0;
        if (!cfg::get(c, "rope_local_base_freq")) {
            hp.ropeLocal = RopeParams{};
            hp.ropeLocal.theta = 10'000.0;
        }
    }
}

void readGpt2Config(const nlohmann::json& c, const std::string& path, HParams& hp) {
    if (hp.intermediate <= 0) hp.intermediate = 4 * hp.hidden;  // n_inner: null
    hp.rope.enabled = hp.ropeLocal.enabled = false;               // learned absolute positions
    hp.scaleByInverseLayer = cfg::optBool(c, "scale_attn_by_inverse_layer_idx", path).value_or(false);
    if (!cfg::optBool(c, "scale_attn_weights", path).value_or(true)) hp.attnScale = 1.0;
    if (!cfg::get(c, "layer_norm_epsilon")) hp.normEps = 1e-5;
}

void readMoeConfig(const nlohmann::json& c, const std::string& path, HParams& hp) {
    const char* expertsKey = cfg::get(c, "num_local_experts") ? "num_local_experts" : "num_experts";
    hp.numExperts = cfg::requireInt(c, expertsKey, path, 1, 1 << 16);
    hp.topK = cfg::requireInt(c, "num_experts_per_tok", path, 1, 1 << 16);
    if (hp.topK > hp.numExperts)
        throw Error("num_experts_per_tok (" + std::to_string(hp.topK) + ") exceeds the number of experts (" +
                        std::to_string(hp.numExperts) + ")",
                    {.file = path, .key = "num_experts_per_tok"});
    hp.moeIntermediate = cfg::optInt(c, "moe_intermediate_size", path, 1, 1 << 24).value_or(hp.intermediate);
    if (hp.moeIntermediate <= 0) throw Error("missing", {.file = path, .key = "intermediate_size"});
    hp.sharedExpertIntermediate = cfg::optInt(c, "shared_expert_intermediate_size", path, 0, 1 << 24).value_or(0);
    // Mixtral always renormalises the kept probabilities; Qwen-MoE follows norm_topk_prob (default false).
    hp.normTopK = hp.modelType == "mixtral" ? true : cfg::optBool(c, "norm_topk_prob", path).value_or(false);

    const auto step = cfg::optInt(c, "decoder_sparse_step", path, 1).value_or(1);
    std::vector<bool> mlpOnly(static_cast<std::size_t>(hp.numLayers), false);
    if (const auto* list = cfg::get(c, "mlp_only_layers")) {
        if (!list->is_array()) throw Error("expected a list of layer indices", {.file = path, .key = "mlp_only_layers"});
        for (const auto& v : *list) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() >= hp.numLayers)
                throw Error("layer index " + v.dump() + " out of range", {.file = path, .key = "mlp_only_layers"});
            mlpOnly[v.get<std::size_t>()] = true;
        }
    }
    for (std::int64_t i = 0; i < hp.numLayers; ++i)
        hp.layerIsMoe[static_cast<std::size_t>(i)] = !mlpOnly[static_cast<std::size_t>(i)] && (i + 1) % step == 0;
}

}  // namespace moe
