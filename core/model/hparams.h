#pragma once
// One hyper-parameter struct for every supported architecture, read from a Hugging Face config.json in
// either the transformers 5 form (rope_parameters, dtype, layer_types) or the legacy form most Hub
// checkpoints still use (rope_theta + rope_scaling, torch_dtype, rope_local_base_freq,
// sliding_window_pattern), with transformers' defaults for missing keys.

#include "core/model/rope.h"
#include "core/model/stitch_schedule.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moe {

struct ArchSpec;

enum class Activation { SiLU, GeluTanh, GeluErf, ReLU };

// A checkpoint composed by MoE Studio or MixtureKit: the base architecture's blocks with some
// projections (BTX) or whole MLPs (Traditional) turned into routed expert banks, or (BTS) the hub
// model plus N-1 intact expert streams mixed by stitch layers.
struct ComposedSpec {
    std::string method;                     // "traditional" | "btx" | "bts"
    std::int64_t numExperts = 0;
    std::int64_t topK = 0;
    std::vector<std::string> routerLayers;  // BTX: routed projections, e.g. "mlp.gate_proj"
    std::vector<bool> blockRouted;          // per layer
    std::vector<StitchPoint> stitches;      // BTS
};

struct HParams {
    std::string modelType;             // config "model_type"
    const ArchSpec* arch = nullptr;    // the architecture row for modelType
    std::string dtype = "float32";     // "dtype" / "torch_dtype"

    std::int64_t vocabSize = 0;
    std::int64_t hidden = 0;
    std::int64_t intermediate = 0;
    std::int64_t numLayers = 0;
    std::int64_t numHeads = 0;
    std::int64_t numKvHeads = 0;
    std::int64_t headDim = 0;
    std::int64_t maxPositions = 0;
    double normEps = 1e-6;
    Activation activation = Activation::SiLU;
    bool tieEmbeddings = false;

    // Attention.
    double attnScale = 0;  // multiplier of q.k (head_dim^-0.5, query_pre_attn_scalar^-0.5, ...)
    bool scaleByInverseLayer = false;      // GPT-2 scale_attn_by_inverse_layer_idx
    std::optional<std::int64_t> slidingWindow;
    std::vector<bool> layerSliding;        // per layer: uses the sliding window
    RopeParams rope;                       // full-attention layers
    RopeParams ropeLocal;                  // sliding layers (differs for Gemma 3)
    double attnSoftcap = 0;                // 0: none
    double finalSoftcap = 0;

    // Mixture of experts (native MoE architectures).
    std::int64_t numExperts = 0;
    std::int64_t topK = 0;
    std::int64_t moeIntermediate = 0;
    std::int64_t sharedExpertIntermediate = 0;
    bool normTopK = true;                  // renormalise the kept top-k probabilities
    std::vector<bool> layerIsMoe;          // per layer

    std::optional<ComposedSpec> composed;  // set for composed checkpoints (config has base_model_type)

    std::int64_t paramCountHint = 0;       // filled by the loader (not from config)
};

// The composition keys of a composed checkpoint's config.json.
ComposedSpec readComposedSpec(const nlohmann::json& config, const std::string& path, std::int64_t numLayers);

// Parses a config.json object; throws moe::Error naming `path` and the offending key.
HParams parseHParams(const nlohmann::json& config, const std::string& path);
// Reads DIR/config.json.
HParams loadHParams(const std::string& dir);

const char* activationName(Activation activation);

}  // namespace moe
