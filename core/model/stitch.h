#pragma once
// A BTS stitch layer: mixes the hub's residual stream with the experts' (all [B, T, H]).
//   experts→hub: g = softmax over streams of (W_gate_j · x_hub), per hidden dimension;
//                x_hub' = g_0 ⊙ x_hub + Σ_i g_i ⊙ (W_proj_i · x_i); the expert streams are unchanged.
//   hub→experts: g_i = sigmoid(W_gate_i · x_hub); x_i' = (1 − g_i) ⊙ x_i + g_i ⊙ (W_proj_i · x_hub).
// (MixtureKit's experts→hub also replaces each expert stream by W_proj_i · x_i; we keep the expert
// streams as the experts compute them, as the paper's Eq. 3 does. With W_proj = I both agree.)

#include "core/model/routed_linear.h"
#include "core/model/weights.h"

#include <ATen/Tensor.h>

#include <vector>

namespace moe {

// Updates `hub` and `experts` in place. When `capture` is set, records the gate as a routing site over
// the N streams: experts→hub the softmax gate averaged over hidden dimensions (a distribution over the
// hub and the experts), hub→experts the mean sigmoid gate of each expert (0 for the hub).
void applyStitch(at::Tensor& hub, std::vector<at::Tensor>& experts, const StitchWeights& s, RouterLogits* capture);

}  // namespace moe
