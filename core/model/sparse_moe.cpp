// The sparse MoE block of Mixtral / Qwen2-MoE / Qwen3-MoE: softmax router in float32, top-k, optional
// renormalisation of the kept probabilities, each selected expert applied to its tokens, plus the
// Qwen2-MoE shared expert behind its sigmoid gate.

#include "core/model/layers.h"
#include "core/model/model.h"

#include <ATen/ATen.h>

namespace moe {

at::Tensor Model::sparseMoe(const at::Tensor& x, const SparseMoeWeights& w, RouterLogits* capture) const {
    const auto shape = x.sizes().vec();
    const auto flat = x.reshape({-1, x.size(-1)});
    const auto logits = applyLinear(flat, w.router);  // [N, E]
    auto probs = at::softmax(logits, -1, at::kFloat);
    auto [topWeights, topExperts] = probs.topk(m_hp.topK, -1);
    if (m_hp.normTopK) topWeights = topWeights / topWeights.sum(-1, true);
    if (capture) {
        capture->logits = logits.to(at::kFloat);
        capture->weights = at::zeros_like(probs).scatter_(1, topExperts, topWeights);
    }
    topWeights = topWeights.to(x.scalar_type());

    auto out = at::zeros_like(flat);
    for (std::int64_t e = 0; e < static_cast<std::int64_t>(w.experts.size()); ++e) {
        const auto hits = (topExperts == e).nonzero();  // [n, 2]: token, slot
        if (hits.size(0) == 0) continue;
        const auto tokens = hits.select(1, 0), slots = hits.select(1, 1);
        const auto y = applyMlp(flat.index_select(0, tokens), w.experts[static_cast<std::size_t>(e)], m_hp.activation);
        const auto weight = topWeights.index({tokens, slots}).unsqueeze(-1);
        out.index_add_(0, tokens, y * weight);
    }
    if (w.sharedGate.defined())
        out = out + at::sigmoid(applyLinear(flat, w.sharedGate)) * applyMlp(flat, w.shared, m_hp.activation);
    return out.view(shape);
}

}  // namespace moe
