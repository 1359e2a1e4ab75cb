#include "core/model/hparams.h"

#include "core/error.h"
#include "core/io/json_file.h"
#include "core/io/read_file.h"
#include "core/model/arch.h"
#include "core/model/config_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

namespace moe {
namespace {

using nlohmann::json;

Activation parseActivation(const std::string& name, const std::string& path, const std::string& key) {
    if (name == "silu" || name == "swish") return Activation::SiLU;
    if (name == "gelu_pytorch_tanh" || name == "gelu_new" || name == "gelu_fast" || name == "gelu_python_tanh")
        return Activation::GeluTanh;
    if (name == "gelu" || name == "gelu_python") return Activation::GeluErf;
    if (name == "relu") return Activation::ReLU;
    throw Error("unsupported activation '" + name + "'", {.file = path, .key = key});
}

void readActivation(const json& c, const std::string& path, HParams& hp) {
    hp.activation = hp.arch->defaultActivation;
    for (const char* key : {"hidden_activation", "hidden_act", "activation_function"}) {
        if (const auto name = cfg::optString(c, key, path)) {
            hp.activation = parseActivation(*name, path, key);
            return;
        }
    }
}

void readRope(const json& c, const std::string& path, HParams& hp) {
    RopeParams base;
    base.theta = cfg::optNumber(c, "rope_theta", path).value_or(base.theta);
    base.partialRotaryFactor = cfg::optNumber(c, "partial_rotary_factor", path).value_or(1.0);
    if (const auto om = cfg::optInt(c, "original_max_position_embeddings", path)) base.originalMaxPositions = *om;

    const json* params = cfg::get(c, "rope_parameters");
    if (params && params->is_object() && (params->contains("full_attention") || params->contains("sliding_attention"))) {
        // transformers 5, per layer type (Gemma 3).
        const json& full = params->contains("full_attention") ? (*params)["full_attention"] : (*params)["sliding_attention"];
        const json& local = params->contains("sliding_attention") ? (*params)["sliding_attention"] : full;
        hp.rope = parseRopeParams(full, base, path, "rope_parameters.full_attention");
        hp.ropeLocal = parseRopeParams(local, base, path, "rope_parameters.sliding_attention");
        return;
    }
    if (params) {
        hp.rope = parseRopeParams(*params, base, path, "rope_parameters");
    } else {
        // Legacy: rope_theta at the top, scaling in rope_scaling.
        hp.rope = base;
        if (const json* scaling = cfg::get(c, "rope_scaling")) hp.rope = parseRopeParams(*scaling, base, path, "rope_scaling");
    }
    hp.ropeLocal = hp.rope;
    if (const auto localTheta = cfg::optNumber(c, "rope_local_base_freq", path)) {
        hp.ropeLocal = RopeParams{};  // legacy Gemma 3: sliding layers use plain RoPE with their own base
        hp.ropeLocal.theta = *localTheta;
    }
}

void readSliding(const json& c, const std::string& path, HParams& hp) {
    // A missing key takes the architecture's default (transformers: 4096 for Mistral, Gemma 2/3, Qwen);
    // null or 0 means no window.
    const auto window = c.contains("sliding_window") ? cfg::optInt(c, "sliding_window", path, 0)
                                                     : std::optional<std::int64_t>(hp.arch->defaultSlidingWindow);
    if (window && *window > 0) hp.slidingWindow = *window;
    // Qwen: transformers sets sliding_window to None unless use_sliding_window is true.
    if (hp.arch->sliding == SlidingDefault::QwenWindow && !cfg::optBool(c, "use_sliding_window", path).value_or(false))
        hp.slidingWindow.reset();
    hp.layerSliding.assign(static_cast<std::size_t>(hp.numLayers), false);

    if (const json* types = cfg::get(c, "layer_types")) {
        if (!types->is_array() || types->size() != static_cast<std::size_t>(hp.numLayers))
            throw Error("layer_types must list one type per layer (" + std::to_string(hp.numLayers) + ")",
                        {.file = path, .key = "layer_types"});
        for (std::size_t i = 0; i < types->size(); ++i) {
            const auto& t = (*types)[i];
            if (!t.is_string() || (t != "sliding_attention" && t != "full_attention"))
                throw Error("unknown layer type " + t.dump(), {.file = path, .key = "layer_types"});
            hp.layerSliding[i] = t == "sliding_attention";
        }
    } else {
        const auto n = static_cast<std::size_t>(hp.numLayers);
        switch (hp.arch->sliding) {
        case SlidingDefault::Uniform:
            hp.layerSliding.assign(n, hp.slidingWindow.has_value());
            break;
        case SlidingDefault::Alternate:
            for (std::size_t i = 0; i < n; ++i) hp.layerSliding[i] = i % 2 == 0;
            break;
        case SlidingDefault::Pattern: {
            const auto pattern = cfg::optInt(c, "sliding_window_pattern", path, 1)
                                     .value_or(cfg::optInt(c, "_sliding_window_pattern", path, 1).value_or(6));
            for (std::size_t i = 0; i < n; ++i) hp.layerSliding[i] = (i + 1) % pattern != 0;
            break;
        }
        case SlidingDefault::QwenWindow: {
            const bool use = cfg::optBool(c, "use_sliding_window", path).value_or(false);
            const auto maxWindowLayers = cfg::optInt(c, "max_window_layers", path).value_or(hp.numLayers);
            for (std::size_t i = 0; i < n; ++i)
                hp.layerSliding[i] = use && hp.slidingWindow && static_cast<std::int64_t>(i) >= maxWindowLayers;
            break;
        }
        }
    }
    for (std::size_t i = 0; i < hp.layerSliding.size(); ++i)
        if (hp.layerSliding[i] && !hp.slidingWindow)
            throw Error("layer " + std::to_string(i) + " is a sliding layer but sliding_window is not set",
                        {.file = path, .key = "sliding_window"});
}

}  // namespace

ComposedSpec readComposedSpec(const json& c, const std::string& path, std::int64_t numLayers) {
    ComposedSpec spec;
    spec.method = cfg::optString(c, "moe_method", path).value_or("");
    if (spec.method != "traditional" && spec.method != "btx" && spec.method != "bts")
        throw Error("unsupported moe_method '" + spec.method + "' (supported: traditional, btx, bts)", {.file = path, .key = "moe_method"});
    spec.numExperts = cfg::requireInt(c, "num_experts", path, 1, 1 << 16);
    if (spec.method == "bts") {
        // Every stream runs: top-k does not apply (MixtureKit still writes the key). A value outside
        // [1, experts] is ignored: traces record top-k and refuse one out of range, after the whole forward pass.
        const auto k = cfg::optInt(c, "num_experts_per_tok", path, 0, INT64_MAX).value_or(spec.numExperts);
        spec.topK = k >= 1 && k <= spec.numExperts ? k : spec.numExperts;
        std::optional<std::vector<int>> explicitLayers;
        if (const json* idx = cfg::get(c, "stitch_layers_index")) {
            if (!idx->is_array()) throw Error("expected a list of block indices", {.file = path, .key = "stitch_layers_index"});
            explicitLayers.emplace();
            for (const auto& v : *idx) {
                if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() >= numLayers)
                    throw Error("block index " + v.dump() + " out of range", {.file = path, .key = "stitch_layers_index"});
                explicitLayers->push_back(v.get<int>());
            }
        }
        const auto freq = cfg::optInt(c, "stitch_freq", path, 1, 1 << 20).value_or(5);  // MixtureKit's default
        spec.stitches = stitchSchedule(static_cast<int>(numLayers), static_cast<int>(freq), explicitLayers);
        spec.blockRouted.assign(static_cast<std::size_t>(numLayers), false);
        return spec;
    }
    spec.topK = cfg::requireInt(c, "num_experts_per_tok", path, 1, spec.numExperts);
    if (const json* layers = cfg::get(c, "router_layers")) {
        if (!layers->is_array()) throw Error("expected a list of projection names", {.file = path, .key = "router_layers"});
        for (const auto& l : *layers) {
            if (!l.is_string()) throw Error("expected a list of projection names", {.file = path, .key = "router_layers"});
            spec.routerLayers.push_back(l.get<std::string>());
        }
    }
    if (spec.method == "btx" && spec.routerLayers.empty()) throw Error("BTX needs router_layers", {.file = path, .key = "router_layers"});
    spec.blockRouted.assign(static_cast<std::size_t>(numLayers), true);  // [] or missing: every block
    if (const json* idx = cfg::get(c, "router_layers_index"); idx && idx->is_array() && !idx->empty()) {
        spec.blockRouted.assign(static_cast<std::size_t>(numLayers), false);
        for (const auto& v : *idx) {
            if (v.is_null()) continue;  // [null]: no block
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() >= numLayers)
                throw Error("block index " + v.dump() + " out of range", {.file = path, .key = "router_layers_index"});
            spec.blockRouted[v.get<std::size_t>()] = true;
        }
    }
    return spec;
}

const char* activationName(Activation activation) {
    switch (activation) {
    case Activation::SiLU: return "silu";
    case Activation::GeluTanh: return "gelu_tanh";
    case Activation::GeluErf: return "gelu";
    case Activation::ReLU: return "relu";
    }
    return "?";
}

HParams parseHParams(const json& input, const std::string& path) {
    if (!input.is_object()) throw Error("config is not a JSON object", {.file = path});
    HParams hp;
    const auto type = cfg::optString(input, "model_type", path);
    if (!type) throw Error("missing (cannot tell the architecture)", {.file = path, .key = "model_type"});
    hp.modelType = *type;
    hp.arch = findArch(hp.modelType);
    // Composed checkpoints name their own model_type (e.g. "gemmax") and record the base architecture.
    const auto baseType = cfg::optString(input, "base_model_type", path);
    if (!hp.arch && baseType) hp.arch = findArch(*baseType);
    if (!hp.arch) {
        std::string list;
        for (const auto& t : supportedModelTypes()) list += (list.empty() ? "" : ", ") + t;
        throw Error("unknown model_type '" + hp.modelType + "' (supported: " + list + ")", {.file = path, .key = "model_type"});
    }
    json c = input;
    for (const auto& [canonical, alias] : hp.arch->configAliases)
        if (!c.contains(canonical) && c.contains(alias)) c[canonical] = c[alias];

    // Sanity bound on any dimension (the largest real ones are ~2^18): products of two stay far from
    // overflowing int64, and a config cannot make us plan absurd tensors before the checkpoint is read.
    constexpr std::int64_t kBig = 1LL << 24;
    hp.vocabSize = cfg::requireInt(c, "vocab_size", path, 1, kBig);
    hp.hidden = cfg::requireInt(c, "hidden_size", path, 1, kBig);
    hp.numLayers = cfg::requireInt(c, "num_hidden_layers", path, 1, 100000);
    hp.numHeads = cfg::requireInt(c, "num_attention_heads", path, 1, kBig);
    hp.numKvHeads = cfg::optInt(c, "num_key_value_heads", path, 1, kBig).value_or(hp.numHeads);
    if (hp.numHeads % hp.numKvHeads != 0)
        throw Error("num_attention_heads (" + std::to_string(hp.numHeads) + ") is not a multiple of num_key_value_heads (" +
                        std::to_string(hp.numKvHeads) + ")",
                    {.file = path, .key = "num_key_value_heads"});
    hp.headDim = cfg::optInt(c, "head_dim", path, 1, kBig).value_or(hp.hidden / hp.numHeads);
    if (hp.headDim <= 0) throw Error("hidden_size is smaller than num_attention_heads", {.file = path, .key = "hidden_size"});
    hp.intermediate = cfg::optInt(c, "intermediate_size", path, 1, kBig).value_or(0);
    hp.maxPositions = cfg::optInt(c, "max_position_embeddings", path, 1, 1LL << 40).value_or(2048);  // allocates nothing
    for (const char* key : {"rms_norm_eps", "layer_norm_epsilon", "layer_norm_eps"})
        if (const auto eps = cfg::optNumber(c, key, path)) {
            if (*eps < 0) throw Error("must not be negative", {.file = path, .key = key});
            hp.normEps = *eps;
            break;
        }
    hp.tieEmbeddings = cfg::optBool(c, "tie_word_embeddings", path).value_or(hp.arch->tieByDefault);
    hp.dtype = cfg::optString(c, "dtype", path).value_or(cfg::optString(c, "torch_dtype", path).value_or("float32"));
    hp.attnScale = 1.0 / std::sqrt(static_cast<double>(hp.headDim));

    readActivation(c, path, hp);
    readRope(c, path, hp);
    readSliding(c, path, hp);
    hp.layerIsMoe.assign(static_cast<std::size_t>(hp.numLayers), false);
    if (hp.arch->readConfig) hp.arch->readConfig(c, path, hp);
    if (baseType && cfg::get(c, "moe_method")) {
        hp.composed = readComposedSpec(c, path, hp.numLayers);
        hp.numExperts = hp.composed->numExperts;
        hp.topK = hp.composed->topK;
        hp.normTopK = true;  // softmax over the kept logits == renormalised top-k
    }
    if (hp.intermediate <= 0 && !hp.arch->moe) throw Error("missing", {.file = path, .key = "intermediate_size"});
    return hp;
}

HParams loadHParams(const std::string& dir) {
    const auto path = (std::filesystem::path(dir) / "config.json").string();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw Error(std::filesystem::exists(dir, ec) ? "not a folder" : "no such folder", {.file = dir});
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
        throw Error("missing config.json (not a Hugging Face model folder?)", {.file = path});
    // Refuses folders, FIFOs, huge files and absurd nesting, naming the file.
    return parseHParams(readJsonFile(path, kMaxJsonFileBytes), path);
}

}  // namespace moe
