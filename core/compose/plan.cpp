#include "core/compose/plan.h"

#include "core/compose/native_export.h"
#include "core/compose/plan_detail.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"

#include <algorithm>
#include <set>

namespace moe {

std::uint64_t PlannedTensor::nbytes() const {
    std::uint64_t n = dtypeSize(dtype);
    for (auto d : shape) n *= static_cast<std::uint64_t>(d);
    return n;
}

std::uint64_t ComposePlan::totalBytes() const {
    std::uint64_t total = 0;
    for (const auto& t : tensors) total += t.nbytes();
    return total;
}

std::vector<int> selectedBlocks(const ComposeConfig& config, std::int64_t numLayers) {
    if (config.routerLayersIndex) return *config.routerLayersIndex;
    std::vector<int> all(static_cast<std::size_t>(numLayers));
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    return all;
}

std::vector<std::string> routedProjections(const ComposeConfig& config) {
    if (config.method == ComposeMethod::Traditional) return {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
    return config.routerLayers;
}

DType outputDType(const ComposeConfig& config, const HParams& hp) {
    const auto& d = config.dtype.empty() ? hp.dtype : config.dtype;
    if (d == "bfloat16") return DType::BF16;
    if (d == "float16") return DType::F16;
    return DType::F32;
}

const char* dtypeConfigName(DType dtype) { return dtype == DType::BF16 ? "bfloat16" : dtype == DType::F16 ? "float16" : "float32"; }

std::string layerPrefix(const HParams& hp, int layer) {
    auto p = hp.arch->names.layer;
    p.replace(p.find("{L}"), 3, std::to_string(layer));
    return p;
}

std::int64_t numel(const std::vector<std::int64_t>& shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

ComposePlan planComposition(const ComposeConfig& config, const std::vector<const Checkpoint*>& experts,
                            const Checkpoint* base, const HParams& hp, const nlohmann::json& expertConfig, bool native) {
    if (config.method == ComposeMethod::Bts) {
        if (native) throw Error("--format native needs the Traditional method (got bts)", {.key = "moe_method"});
        return planBts(config, experts, hp, expertConfig);
    }
    const NativeTarget* target = native ? nativeTargetFor(hp.modelType) : nullptr;
    if (native && (config.method != ComposeMethod::Traditional || !target))
        throw Error("--format native needs the Traditional method and a Llama, Mistral or Qwen3 base (got " +
                        std::string(methodName(config.method)) + " on " + hp.modelType + ")", {.key = "moe_method"});
    if (target)
        for (const auto& name : experts[0]->names())
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0)
                throw Error("the native " + target->modelType + " format has no place for biases", {.tensor = name});
    ComposePlan plan;
    const auto E = static_cast<std::int64_t>(experts.size());
    const auto dtype = outputDType(config, hp);
    const auto blocks = selectedBlocks(config, hp.numLayers);
    const auto projs = routedProjections(config);

    // Source names that become expert banks, and the outputs they turn into.
    std::set<std::string> routedSources;
    std::vector<std::string> averaged, padded, expertTensors;
    for (const int L : blocks) {
        const auto prefix = layerPrefix(hp, L);
        for (const auto& p : projs) {
            for (const char* suffix : {".weight", ".bias"}) {
                const auto src = prefix + p + suffix;
                if (!experts[0]->contains(src)) continue;
                routedSources.insert(src);
                for (std::int64_t i = 0; i < E; ++i) {
                    const auto& info = experts[static_cast<std::size_t>(i)]->info(src);
                    const auto out = target ? target->expertName(prefix, p, static_cast<int>(i), suffix)
                                            : prefix + p + ".experts.expert_" + std::to_string(i) + suffix;
                    plan.tensors.push_back({PlannedTensor::Kind::Copy, out, src, static_cast<int>(i), dtype, info.shape});
                    expertTensors.push_back(plan.tensors.back().name);
                }
            }
            if (config.method == ComposeMethod::Btx) {
                const auto& w = experts[0]->info(prefix + p + ".weight");
                plan.tensors.push_back({PlannedTensor::Kind::Router, prefix + p + ".gate.weight", "", -1, dtype, {E, w.shape[1]},
                                        std::to_string(L) + "." + p});
            }
        }
        if (config.method == ComposeMethod::Traditional)
            plan.tensors.push_back({PlannedTensor::Kind::Router, target ? target->routerName(prefix) : prefix + "gate.weight", "",
                                    -1, dtype, {E, hp.hidden}, std::to_string(L)});
    }
    // Mixtral has no dense blocks: a block left out of router_layers_index becomes E identical experts
    // (the averaged MLP), which route to the same result whatever the router says.
    if (target && target->denseBlocksAsIdenticalExperts)
        for (int L = 0; L < hp.numLayers; ++L) {
            if (std::find(blocks.begin(), blocks.end(), L) != blocks.end()) continue;
            const auto prefix = layerPrefix(hp, L);
            for (const auto& p : projs) {
                const auto src = prefix + p + ".weight";
                routedSources.insert(src);
                for (std::int64_t i = 0; i < E; ++i)
                    plan.tensors.push_back({PlannedTensor::Kind::Average, target->expertName(prefix, p, static_cast<int>(i), ".weight"),
                                            src, base ? -2 : -1, dtype, experts[0]->info(src).shape});
            }
            plan.tensors.push_back({PlannedTensor::Kind::Router, target->routerName(prefix), "", -1, dtype, {E, hp.hidden},
                                    std::to_string(L)});
        }
    // Everything else: the average over the experts (or the base model's), dim 0 zero-padded to the largest.
    std::int64_t vocab = hp.vocabSize;
    for (const auto& name : experts[0]->names()) {
        if (routedSources.count(name)) continue;
        auto shape = experts[0]->info(name).shape;
        bool pad = false;
        for (const auto* ck : experts)
            if (!ck->info(name).shape.empty() && ck->info(name).shape[0] != shape[0]) {
                pad = true;
                shape[0] = std::max(shape[0], ck->info(name).shape[0]);
            }
        if (pad) padded.push_back(name);
        if (name == hp.arch->names.embed) vocab = shape[0];
        plan.tensors.push_back({PlannedTensor::Kind::Average, name, name, base ? -2 : -1, dtype, shape});
        averaged.push_back(name);
    }

    // Parameter counts: active = shared + routers + k of E for every expert bank.
    for (const auto& t : plan.tensors) {
        const auto n = numel(t.shape);
        plan.totalParams += n;
        plan.activeParams += t.kind == PlannedTensor::Kind::Copy ? n * config.topK / E : n;
    }

    const char* dtypeText = dtypeConfigName(dtype);
    if (target) {
        plan.config = nativeConfig(*target, expertConfig, config, hp, blocks);
    } else {
        auto& c = plan.config = expertConfig;
        c["model_type"] = config.modelType;
        c["base_model_type"] = hp.modelType;
        c["moe_method"] = methodName(config.method);
        c["num_experts"] = E;
        c["num_experts_per_tok"] = config.topK;
        c["router_layers"] = projs;
        c["router_layers_index"] = toJson(config)["router_layers_index"];
        c["alpha"] = config.alpha;
        c.erase("torch_dtype");
    }
    plan.config["vocab_size"] = vocab;
    plan.config["dtype"] = dtypeText;

    plan.manifest = {{"tool", "MoE Studio"},
                     {"version", MOE_VERSION},
                     {"config", toJson(config)},
                     {"base_model_type", hp.modelType},
                     {"averaged", averaged},
                     {"padded", padded},
                     {"experts", expertTensors},
                     {"shared_source", base ? "base_model" : "average"},
                     {"format", target ? "native" : "mixturekit"},
                     {"gate_init", gateInitName(config.gateInit)},
                     {"parameters", {{"total", plan.totalParams}, {"active", plan.activeParams}}}};
    // The model whose prompts set the routers (see gate_init.h).
    if (config.gateInit != GateInit::Random) plan.manifest["gate_init_model"] = config.baseModel.empty() ? config.experts[0].path : config.baseModel;
    return plan;
}

}  // namespace moe
