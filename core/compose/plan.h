#pragma once
// The composition plan: every output tensor of the composed checkpoint and where its bytes come from,
// decided from headers alone (no tensor data is read). The executor then streams it.

#include "core/compose/compose_config.h"
#include "core/io/dtype.h"
#include "core/model/hparams.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace moe {

class Checkpoint;

struct PlannedTensor {
    enum class Kind { Average, Copy, Router, Identity, Zeros };  // the last two: BTS stitch W_proj / W_gate
    Kind kind = Kind::Average;
    std::string name;    // output name
    std::string source;  // source tensor name (Average: in every expert or the base model; Copy: in `expert`)
    int expert = -1;     // Copy: which expert
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::string site;    // Router: its routing site ("3", "3.mlp.gate_proj"); seeds its initialisation, so the
                         // same site gets the same router in every output format
    std::uint64_t nbytes() const;
};

struct ComposePlan {
    std::vector<PlannedTensor> tensors;
    nlohmann::json config;      // the output config.json
    nlohmann::json manifest;    // moe_studio.json
    std::int64_t totalParams = 0, activeParams = 0;
    std::uint64_t totalBytes() const;
};

// Experts are open checkpoints in config order; `base` is the base model's (or nullptr).
// `native`: write the base's native MoE architecture instead of the mixturekit format (see native_export.h).
ComposePlan planComposition(const ComposeConfig& config, const std::vector<const Checkpoint*>& experts,
                            const Checkpoint* base, const HParams& hp, const nlohmann::json& expertConfig, bool native = false);

// BTS: the hub (experts[0]) keeps every tensor under its own name, expert i ≥ 1 its blocks and
// embedding under MixtureKit's expert names, and every stitch layer gets W_proj = I and W_gate = 0.
ComposePlan planBts(const ComposeConfig& config, const std::vector<const Checkpoint*>& experts, const HParams& hp,
                    const nlohmann::json& expertConfig);

// Blocks that become MoE blocks (router_layers_index resolved against the number of layers).
std::vector<int> selectedBlocks(const ComposeConfig& config, std::int64_t numLayers);
// The projections a method routes: BTX the configured list, Traditional the MLP's three projections.
std::vector<std::string> routedProjections(const ComposeConfig& config);

}  // namespace moe
