#pragma once
// The weights of a decoder in one canonical layout, whatever the checkpoint's names: every linear as
// [out, in] (Conv1D weights become transposed views), fused q/k/v and gate/up split into views, MoE
// experts per expert whether stored per expert or fused. Tensors are views over the mapped checkpoint
// when its dtype is the compute dtype, converted copies otherwise.

#include "core/model/hparams.h"

#include <ATen/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace moe {

class Checkpoint;

struct RoutedLinear;

struct Linear {
    at::Tensor weight;  // [out, in]
    at::Tensor bias;    // [out] or undefined
    std::shared_ptr<RoutedLinear> routed;  // BTX: this projection is an expert bank with a router
    bool defined() const { return weight.defined() || routed; }
};

// A BTX-routed projection: logits = x Wr^T, keep the top-k, softmax over the kept logits (float32),
// y = sum over kept experts of weight * expert(x).
struct RoutedLinear {
    std::string site;   // "3.mlp.gate_proj"
    int layer = 0;
    std::string proj;   // "mlp.gate_proj"
    Linear router;      // [E, in]
    std::vector<Linear> experts;
    std::int64_t topK = 1;
};

struct Norm {
    at::Tensor weight;
    at::Tensor bias;  // LayerNorm only
    bool defined() const { return weight.defined(); }
};

struct MlpWeights {
    Linear gate;  // undefined for an ungated MLP (GPT-2)
    Linear up;
    Linear down;
};

struct SparseMoeWeights {
    Linear router;                    // [E, H]
    std::vector<MlpWeights> experts;  // E entries
    MlpWeights shared;                // Qwen2-MoE shared expert (undefined otherwise)
    Linear sharedGate;                // its sigmoid gate [1, H]
};

struct LayerWeights {
    Norm attnNorm, postAttnNorm, ffnNorm, postFfnNorm;
    Linear q, k, v, o;
    Norm qNorm, kNorm;
    MlpWeights mlp;         // dense blocks
    bool sparse = false;    // uses `moe` instead of `mlp`
    SparseMoeWeights moe;
};

// A BTS stitch layer after block `layer` (the mixing itself: stitch.h).
struct StitchWeights {
    int layer = 0;
    bool toHub = false;
    std::vector<at::Tensor> proj;  // N-1 matrices [H, H]: expert i's projection
    std::vector<at::Tensor> gate;  // N matrices [H, H]: gate j (j = 0 the hub; unused hub→experts)
};

// BTS: an expert model's own embedding and blocks, run alongside the hub.
struct ExpertStreamWeights {
    at::Tensor embed;  // [V, H]
    std::vector<LayerWeights> layers;
};

struct ModelWeights {
    std::vector<std::string> warnings;  // e.g. routers missing from a MixtureKit checkpoint
    at::Tensor embed;      // [V, H]
    at::Tensor positions;  // [P, H] learned positions, or undefined
    Norm finalNorm;
    at::Tensor lmHead;     // [V, H] (the embedding when tied)
    std::vector<LayerWeights> layers;
    std::vector<ExpertStreamWeights> streams;  // BTS: experts 1..N-1 (the hub is the model above)
    std::vector<StitchWeights> stitches;       // BTS, in block order
};

// Resolves, shape-checks and converts every tensor the architecture needs. Throws moe::Error naming the
// file and tensor, with the expected and actual shape, for a missing or misshapen tensor.
ModelWeights loadWeights(const Checkpoint& checkpoint, const HParams& hp, at::ScalarType dtype);

// Total number of parameters the checkpoint holds.
std::int64_t countParameters(const Checkpoint& checkpoint);

}  // namespace moe
