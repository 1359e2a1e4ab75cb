#pragma once
// The weights of a decoder in one canonical layout, whatever the checkpoint's names: every linear as
// [out, in] (Conv1D weights become transposed views), fused q/k/v and gate/up split into views, MoE
// experts per expert whether stored per expert or fused. Tensors are views over the mapped checkpoint
// when its dtype is the compute dtype, converted copies otherwise.

#include "core/model/hparams.h"

#include <ATen/Tensor.h>

#include <vector>

namespace moe {

class Checkpoint;

struct Linear {
    at::Tensor weight;  // [out, in]
    at::Tensor bias;    // [out] or undefined
    bool defined() const { return weight.defined(); }
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

struct ModelWeights {
    at::Tensor embed;      // [V, H]
    at::Tensor positions;  // [P, H] learned positions, or undefined
    Norm finalNorm;
    at::Tensor lmHead;     // [V, H] (the embedding when tied)
    std::vector<LayerWeights> layers;
};

// Resolves, shape-checks and converts every tensor the architecture needs. Throws moe::Error naming the
// file and tensor, with the expected and actual shape, for a missing or misshapen tensor.
ModelWeights loadWeights(const Checkpoint& checkpoint, const HParams& hp, at::ScalarType dtype);

// Total number of parameters the checkpoint holds.
std::int64_t countParameters(const Checkpoint& checkpoint);

}  // namespace moe
