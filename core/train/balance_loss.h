#pragma once
// MixtureKit's load-balancing loss (DESIGN §1), for router training:
//   alpha · E / (B·S) · Σ_{t,e} u(t,e) · p(t,e)
// u: the top-k weights (softmax over the kept logits) scattered to [tokens, E]; p: the softmax over all
// E logits. Both carry gradients to the router logits. Summed over routers by the caller.

#include <ATen/Tensor.h>

namespace moe {

// The routing weights of a router: logits [N, E] → top-k, softmax over the kept logits (float32),
// scattered to [N, E] (0 outside the top-k). Differentiable in the kept logits.
at::Tensor topKWeights(const at::Tensor& logits, std::int64_t topK);

// logits [N, E] of one router over N = B·S tokens; returns a float32 scalar.
at::Tensor loadBalancingLoss(const at::Tensor& logits, std::int64_t topK, double alpha);

}  // namespace moe
