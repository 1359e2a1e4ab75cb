#pragma once
// The building blocks of the decoder forward pass, written to match transformers' eager kernels
// (including where they compute in float32 and cast back).

#include "core/model/arch.h"
#include "core/model/weights.h"

#include <ATen/Tensor.h>

namespace moe {

at::Tensor applyLinear(const at::Tensor& x, const Linear& l);
at::Tensor applyNorm(const at::Tensor& x, const Norm& n, NormKind kind, double eps);
at::Tensor applyActivation(const at::Tensor& x, Activation act);
at::Tensor applyMlp(const at::Tensor& x, const MlpWeights& m, Activation act);
at::Tensor softcap(const at::Tensor& x, double cap);

// cos/sin tables [T, rotaryDim] in `dtype` for positions 0..T-1.
struct RopeTables {
    at::Tensor cos, sin;
    std::int64_t rotaryDim = 0;
};
RopeTables ropeTables(const RopeParams& rope, std::int64_t headDim, std::int64_t maxPositions, std::int64_t T,
                      at::ScalarType dtype);
// Rotates the first rotaryDim features of x [B, heads, T, headDim] (rotate-half convention).
at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables);

// Additive causal mask [T, T] (0 allowed, -inf masked), with an optional sliding window.
at::Tensor causalMask(std::int64_t T, std::optional<std::int64_t> window, at::ScalarType dtype);

}  // namespace moe
