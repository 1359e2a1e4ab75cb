#include "core/model/rope.h"

#include <ATen/ATen.h>

#include <cmath>

namespace moe {

// Mirrors transformers' float32 arithmetic: 1 / base ** (arange(0, dim, 2).float() / dim).
static at::Tensor defaultInvFreq(double base, std::int64_t dim) {
    const auto exponents = at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<double>(dim);
    return 1.0 / at::pow(base, exponents);
}

at::Tensor ropeInvFreq(const RopeParams& rope, std::int64_t dim, std::int64_t maxPositionEmbeddings,
                       std::int64_t seqLen) {
    switch (rope.type) {
    case RopeType::Default: return defaultInvFreq(rope.theta, dim);
    case RopeType::Linear: return defaultInvFreq(rope.theta, dim) / rope.factor;
    case RopeType::Dynamic: {
        // NTK-aware scaling, recomputed when the sequence outgrows max_position_embeddings.
        const double len = static_cast<double>(std::max(seqLen, maxPositionEmbeddings));
        const double base =
            rope.theta * std::pow(rope.factor * len / static_cast<double>(maxPositionEmbeddings) - (rope.factor - 1),
                                  static_cast<double>(dim) / static_cast<double>(dim - 2));
        return defaultInvFreq(base, dim);
    }
    case RopeType::Llama3: {
        const auto invFreq = defaultInvFreq(rope.theta, dim);
        const double oldContext = static_cast<double>(rope.originalMaxPositions);
        const double lowWavelen = oldContext / rope.lowFreqFactor;
        const double highWavelen = oldContext / rope.highFreqFactor;
        const auto wavelen = 2 * M_PI / invFreq;
        auto scaled = at::where(wavelen > lowWavelen, invFreq / rope.factor, invFreq);
        const auto smooth = (oldContext / wavelen - rope.lowFreqFactor) / (rope.highFreqFactor - rope.lowFreqFactor);
        const auto smoothed = (1 - smooth) * scaled / rope.factor + smooth * scaled;
        const auto medium = at::logical_not(wavelen < highWavelen).logical_and(at::logical_not(wavelen > lowWavelen));
        return at::where(medium, smoothed, scaled);
    }
    }
    return defaultInvFreq(rope.theta, dim);
}

}  // namespace moe
