#pragma once
// Architectures as data: one row per Hugging Face model_type with its tensor-name templates and the
// quirks that apply. The loader and the runtime read these rows; adding an architecture means adding a
// row (and at most one small config hook), never scattering `if (arch == ...)` through the code.
//
// Name templates: "{L}" is the block index, "{E}" the expert index. Block-relative names are appended
// to `layer`. A template may list alternatives separated by '|'; the first one present in the
// checkpoint is used. An empty template means "this architecture has no such tensor".

#include "core/model/hparams.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moe {

enum class NormKind {
    Rms,          // x * rsqrt(mean(x^2) + eps), cast to the input dtype, then * w   (Llama)
    RmsPlusOne,   // (normed * (1 + w)) in float32, then cast                       (Gemma 1/2/3)
    RmsWeightF32, // (normed * w) in float32, then cast                              (OLMo2)
    LayerNorm,    // mean/variance norm with weight and bias                          (GPT-2)
};

enum class BlockLayout {
    PreNorm,   // x + attn(norm(x)); h + mlp(norm(h))
    Sandwich,  // x + post(attn(norm(x))); h + post(mlp(pre(h)))                    (Gemma 2/3)
    PostNorm,  // x + post(attn(x)); h + post(mlp(h))                                 (OLMo2)
};

enum class QkNorm { None, PerHead, Full };  // Qwen3/Gemma3 per head; OLMo2 over the whole projection

// Which layers slide when the config has no layer_types (configs written before transformers 5).
enum class SlidingDefault {
    Uniform,      // every layer uses sliding_window when it is set (Mistral, Phi-3)
    Alternate,    // even layers slide (Gemma 2)
    Pattern,      // layer i is global when (i + 1) % sliding_window_pattern == 0 (Gemma 3)
    QwenWindow,   // layers >= max_window_layers slide when use_sliding_window (Qwen2/3)
};

struct TensorNames {
    std::string embed = "model.embed_tokens.weight";
    std::string positions;  // learned absolute positions
    std::string finalNorm = "model.norm";
    std::string lmHead = "lm_head.weight";
    std::string layer = "model.layers.{L}.";
    // Norms (".weight" / ".bias" are appended).
    std::string attnNorm = "input_layernorm";
    std::string postAttnNorm;
    std::string ffnNorm = "post_attention_layernorm";
    std::string postFfnNorm;
    // Attention (".weight" / ".bias" appended).
    std::string q = "self_attn.q_proj", k = "self_attn.k_proj", v = "self_attn.v_proj", o = "self_attn.o_proj";
    std::string qkv;  // fused q/k/v rows
    std::string qNorm, kNorm;
    // Dense MLP.
    std::string gate = "mlp.gate_proj", up = "mlp.up_proj", down = "mlp.down_proj";
    std::string gateUp;  // fused gate/up rows
    // Sparse MoE block.
    std::string router;
    std::string expertGate, expertUp, expertDown;   // per expert ("...{E}...")
    std::string fusedGateUp, fusedDown;             // [E, 2I, H] / [E, H, I]
    std::string sharedGate, sharedUp, sharedDown;   // shared expert
    std::string sharedExpertGate;                   // its sigmoid gate [1, H]
};

struct ArchSpec {
    std::string modelType;
    std::string displayName;
    TensorNames names;
    NormKind norm = NormKind::Rms;
    BlockLayout layout = BlockLayout::PreNorm;
    QkNorm qkNorm = QkNorm::None;
    Activation defaultActivation = Activation::SiLU;
    bool gatedMlp = true;          // act(gate) * up; false: act(up) (GPT-2)
    bool conv1d = false;           // weights stored [in, out] (GPT-2 Conv1D)
    bool embedScale = false;       // embeddings * sqrt(hidden), in the compute dtype (Gemma)
    bool moe = false;              // native sparse MoE blocks
    bool tieByDefault = false;     // tie_word_embeddings when the config does not say
    // transformers' defaults for keys a config may leave out (a key present as null means "none").
    std::int64_t defaultSlidingWindow = 0;  // 0: none
    double defaultAttnSoftcap = 0, defaultFinalSoftcap = 0;
    SlidingDefault sliding = SlidingDefault::Uniform;
    std::vector<std::pair<std::string, std::string>> configAliases;  // canonical key -> this config's key
    // Architecture-specific config reading (after the generic keys); may be null.
    void (*readConfig)(const nlohmann::json& config, const std::string& path, HParams& hp) = nullptr;
};

// The row for a model_type, or nullptr.
const ArchSpec* findArch(std::string_view modelType);
// Every supported model_type, for messages and `moe inspect`.
std::vector<std::string> supportedModelTypes();

}  // namespace moe
