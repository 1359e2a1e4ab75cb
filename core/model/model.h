#pragma once
// A loaded decoder model and its batched causal forward pass. Returns what transformers returns with
// output_hidden_states / output_router_logits: logits, every hidden state (0 = embedding output,
// L = after the final norm) and the router logits of every routing site.

#include "core/model/hparams.h"
#include "core/model/routed_linear.h"
#include "core/model/weights.h"

#include <ATen/Tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace moe {

class Checkpoint;

struct ForwardOptions {
    bool hiddenStates = true;
    bool routerLogits = true;
    bool grad = false;  // record the autograd graph (router / stitch training)
};

// A parameter the trainer may update, under its checkpoint name.
struct TrainableParameter {
    std::string name;
    at::Tensor tensor;  // float32 leaf with requires_grad, used by the model in place of the loaded weight
};

struct ForwardResult {
    at::Tensor logits;                     // [B, T, V], float32
    std::vector<at::Tensor> hiddenStates;  // L + 1 tensors [B, T, H], float32
    std::vector<RouterLogits> routers;
};

class Model {
public:
    // Loads config.json and the safetensors weights of `dir`; dtype is at::kFloat or at::kBFloat16.
    static std::unique_ptr<Model> load(const std::string& dir, at::ScalarType dtype = at::kFloat);
    ~Model();

    const HParams& hparams() const { return m_hp; }
    at::ScalarType dtype() const { return m_dtype; }
    const std::vector<std::string>& warnings() const { return m_weights.warnings; }
    // Display names of the experts of a composed model (moe_studio.json's expert_name), else empty.
    const std::vector<std::string>& expertNames() const { return m_expertNames; }

    // Router-only training (Traditional / BTX routers, native MoE routers) or stitch-only (BTS): replaces
    // those weights with float32 leaves that require grad and returns them; everything else stays frozen.
    // Throws moe::Error for a model without routers or stitches.
    std::vector<TrainableParameter> makeRoutersTrainable();
    // Full training of a dense model whose every weight is one checkpoint tensor in [out, in] layout (no
    // fused q/k/v or gate/up, no Conv1D): every weight becomes a float32 leaf — or, with `mlpOnly`, only the
    // MLP projections (attention, norms and embeddings stay shared, as BTX averages them). Throws
    // moe::Error otherwise.
    std::vector<TrainableParameter> makeAllTrainable(bool mlpOnly = false);

    // input_ids [B, T] (int64 or int32). Throws moe::Error for ids outside the vocabulary.
    ForwardResult forward(const at::Tensor& inputIds, const ForwardOptions& options = {}) const;

private:
    Model() = default;
    at::Tensor attention(const at::Tensor& x, const LayerWeights& lw, std::int64_t layer, const at::Tensor& mask,
                         const struct RopeTables& rope) const;
    at::Tensor sparseMoe(const at::Tensor& x, const SparseMoeWeights& w, RouterLogits* capture) const;
    // One decoder block on the residual stream x; block routers append to `routers` when set.
    at::Tensor block(const at::Tensor& x, const LayerWeights& lw, std::size_t layer, const struct BlockContext& ctx,
                     std::vector<RouterLogits>* routers) const;

    HParams m_hp;
    at::ScalarType m_dtype = at::kFloat;
    std::unique_ptr<Checkpoint> m_checkpoint;  // owns the mapping the weights view
    ModelWeights m_weights;
    std::vector<std::string> m_expertNames;
};

}  // namespace moe
