// The BTS plan (see plan.h): nothing is averaged; every expert stays intact and frozen.

#include "core/compose/plan.h"
#include "core/compose/plan_detail.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/bts_names.h"
#include "core/model/stitch_schedule.h"

namespace moe {

ComposePlan planBts(const ComposeConfig& config, const std::vector<const Checkpoint*>& experts, const HParams& hp,
                    const nlohmann::json& expertConfig) {
    const auto& names = hp.arch->names;
    if (!btsSupported(names)) throw Error("BTS is not supported for " + hp.arch->displayName, {.key = "moe_method"});
    ComposePlan plan;
    const auto N = static_cast<int>(experts.size());
    const auto dtype = outputDType(config, hp);
    std::vector<std::string> hubTensors, expertTensors, stitchTensors;

    for (const auto& name : experts[0]->names()) {
        plan.tensors.push_back({PlannedTensor::Kind::Copy, name, name, 0, dtype, experts[0]->info(name).shape});
        hubTensors.push_back(name);
    }
    for (int i = 1; i < N; ++i) {
        const auto& ck = *experts[static_cast<std::size_t>(i)];
        for (const auto& name : ck.names()) {
            std::string out;
            if (name == names.embed) out = btsExpertEmbedName(names, i - 1);
            for (int L = 0; out.empty() && L < hp.numLayers; ++L) {
                const auto prefix = layerPrefix(hp, L);
                if (name.compare(0, prefix.size(), prefix) == 0)
                    out = btsExpertLayerPrefix(names, L, i - 1) + name.substr(prefix.size());
            }
            if (out.empty()) continue;  // the expert's final norm and head: the hub's make the logits
            plan.tensors.push_back({PlannedTensor::Kind::Copy, out, name, i, dtype, ck.info(name).shape});
            expertTensors.push_back(out);
        }
    }
    const auto stitches = stitchSchedule(static_cast<int>(hp.numLayers), config.stitchFreq);
    nlohmann::json stitchJson = nlohmann::json::array();
    for (const auto& p : stitches) {
        for (int i = 0; i + 1 < N; ++i)
            plan.tensors.push_back({PlannedTensor::Kind::Identity, btsStitchName(names, p.layer, "w_proj", i), "", -1, dtype,
                                    {hp.hidden, hp.hidden}});
        for (int j = 0; j < N; ++j)
            plan.tensors.push_back({PlannedTensor::Kind::Zeros, btsStitchName(names, p.layer, "w_gate", j), "", -1, dtype,
                                    {hp.hidden, hp.hidden}});
        stitchJson.push_back({{"layer", p.layer}, {"direction", p.toHub ? "to_hub" : "to_experts"}});
    }
    for (const auto& t : plan.tensors) {
        if (t.kind == PlannedTensor::Kind::Identity || t.kind == PlannedTensor::Kind::Zeros) stitchTensors.push_back(t.name);
        plan.totalParams += numel(t.shape);
    }
    plan.activeParams = plan.totalParams;  // every stream runs on every token

    auto& c = plan.config = expertConfig;
    c["model_type"] = config.modelType;
    c["base_model_type"] = hp.modelType;
    c["moe_method"] = "bts";
    c["num_experts"] = N;
    c["num_experts_per_tok"] = config.topK > 0 ? config.topK : N;
    c["router_layers"] = nlohmann::json::array();
    c["router_layers_index"] = nlohmann::json::array();
    c["alpha"] = config.alpha;
    c["stitch_freq"] = config.stitchFreq;
    c.erase("torch_dtype");
    c["dtype"] = dtypeConfigName(dtype);

    plan.manifest = {{"tool", "MoE Studio"},
                     {"version", MOE_VERSION},
                     {"config", toJson(config)},
                     {"base_model_type", hp.modelType},
                     {"hub", hubTensors.size()},
                     {"averaged", nlohmann::json::array()},
                     {"padded", nlohmann::json::array()},
                     {"experts", expertTensors},
                     {"stitches", stitchJson},
                     {"stitch_tensors", stitchTensors},
                     {"shared_source", "hub"},
                     {"format", "mixturekit"},
                     {"parameters", {{"total", plan.totalParams}, {"active", plan.activeParams}}}};
    return plan;
}

}  // namespace moe
