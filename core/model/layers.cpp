#include "core/model/layers.h"

#include "core/model/routed_linear.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace moe {

at::Tensor applyLinear(const at::Tensor& x, const Linear& l) {
    if (l.routed) return applyRouted(x, *l.routed);
    return l.bias.defined() ? at::linear(x, l.weight, l.bias) : at::linear(x, l.weight);
}

at::Tensor applyNorm(const at::Tensor& x, const Norm& n, NormKind kind, double eps) {
    if (kind == NormKind::LayerNorm) return at::layer_norm(x, {x.size(-1)}, n.weight, n.bias, eps);
    const auto xf = x.to(at::kFloat);
    const auto normed = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps);
    switch (kind) {
    case NormKind::Rms: return n.weight * normed.to(x.scalar_type());
    case NormKind::RmsPlusOne: return (normed * (1.0 + n.weight.to(at::kFloat))).to(x.scalar_type());
    case NormKind::RmsWeightF32: return (n.weight.to(at::kFloat) * normed).to(x.scalar_type());
    case NormKind::LayerNorm: break;
    }
    return normed.to(x.scalar_type());
}

at::Tensor applyActivation(const at::Tensor& x, Activation act) {
    switch (act) {
    case Activation::SiLU: return at::silu(x);
    case Activation::GeluTanh: return at::gelu(x, "tanh");
    case Activation::GeluErf: return at::gelu(x);
    case Activation::ReLU: return at::relu(x);
    }
    return x;
}

at::Tensor applyMlp(const at::Tensor& x, const MlpWeights& m, Activation act) {
    if (!m.gate.defined()) return applyLinear(applyActivation(applyLinear(x, m.up), act), m.down);
    auto hidden = applyActivation(applyLinear(x, m.gate), act);
    hidden.mul_(applyLinear(x, m.up));  // in place: one activation-sized buffer fewer per block
    return applyLinear(hidden, m.down);
}

at::Tensor softcap(const at::Tensor& x, double cap) { return cap > 0 ? at::tanh(x / cap) * cap : x; }

RopeTables ropeTables(const RopeParams& rope, std::int64_t headDim, std::int64_t maxPositions, std::int64_t T,
                      at::ScalarType dtype) {
    RopeTables t;
    t.rotaryDim = static_cast<std::int64_t>(static_cast<double>(headDim) * rope.partialRotaryFactor);
    const auto invFreq = ropeInvFreq(rope, t.rotaryDim, maxPositions, T);  // float32 [rot/2]
    const auto positions = at::arange(T, at::kFloat);
    const auto freqs = at::outer(positions, invFreq);
    const auto emb = at::cat({freqs, freqs}, -1);
    t.cos = emb.cos().to(dtype);
    t.sin = emb.sin().to(dtype);
    return t;
}

static at::Tensor rotateHalf(const at::Tensor& x) {
    const auto half = x.size(-1) / 2;
    return at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables) {
    const auto dim = x.size(-1);
    if (tables.rotaryDim == dim) return x * tables.cos + rotateHalf(x) * tables.sin;
    const auto rot = x.narrow(-1, 0, tables.rotaryDim);
    const auto pass = x.narrow(-1, tables.rotaryDim, dim - tables.rotaryDim);
    return at::cat({rot * tables.cos + rotateHalf(rot) * tables.sin, pass}, -1);
}

at::Tensor causalMask(std::int64_t T, std::optional<std::int64_t> window, at::ScalarType dtype) {
    const auto q = at::arange(T, at::kLong).unsqueeze(1);
    const auto k = at::arange(T, at::kLong).unsqueeze(0);
    auto allowed = k <= q;
    if (window) allowed = allowed.logical_and(q - k < *window);
    const auto neg = -std::numeric_limits<float>::infinity();
    return at::zeros({T, T}, at::kFloat).masked_fill(allowed.logical_not(), neg).to(dtype);
}

}  // namespace moe
