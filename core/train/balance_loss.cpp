#include "core/train/balance_loss.h"

#include "core/error.h"

#include <ATen/ATen.h>

namespace moe {

at::Tensor topKWeights(const at::Tensor& logits, std::int64_t topK) {
    if (logits.dim() != 2) throw Error("router logits must be [tokens, experts]");
    if (topK < 1 || topK > logits.size(1)) throw Error("top-k " + std::to_string(topK) + " outside 1.." + std::to_string(logits.size(1)));
    const auto z = logits.to(at::kFloat);
    const auto [kept, index] = z.topk(topK, -1);
    return at::zeros_like(z).scatter(1, index, kept.softmax(-1));
}

at::Tensor loadBalancingLoss(const at::Tensor& logits, std::int64_t topK, double alpha) {
    const auto u = topKWeights(logits, topK);
    const auto p = logits.to(at::kFloat).softmax(-1);
    const auto E = static_cast<double>(logits.size(1)), N = static_cast<double>(logits.size(0));
    return (u * p).sum() * (alpha * E / N);
}

}  // namespace moe
