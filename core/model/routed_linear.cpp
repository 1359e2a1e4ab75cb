#include "core/model/routed_linear.h"

#include "core/model/layers.h"

#include <ATen/ATen.h>

namespace moe {

namespace {
thread_local std::vector<RouterLogits>* t_sink = nullptr;
}

RoutingCapture::RoutingCapture(std::vector<RouterLogits>* sink) : m_previous(t_sink) { t_sink = sink; }
RoutingCapture::~RoutingCapture() { t_sink = m_previous; }
std::vector<RouterLogits>* RoutingCapture::current() { return t_sink; }

at::Tensor applyRouted(const at::Tensor& x, const RoutedLinear& r) {
    auto shape = x.sizes().vec();
    const auto flat = x.reshape({-1, x.size(-1)});
    const auto logits = applyLinear(flat, r.router);  // [N, E]
    const auto [kept, experts] = logits.to(at::kFloat).topk(r.topK, -1);
    const auto weights = kept.softmax(-1);            // softmax over the kept logits
    if (auto* sink = RoutingCapture::current())
        sink->push_back({r.site, r.layer, r.proj, logits.to(at::kFloat),
                         at::zeros_like(logits, at::kFloat).scatter_(1, experts, weights), {}});
    const auto w = weights.to(x.scalar_type());
    at::Tensor out;
    for (std::int64_t e = 0; e < static_cast<std::int64_t>(r.experts.size()); ++e) {
        const auto hits = (experts == e).nonzero();  // [n, 2]: token, slot
        if (hits.size(0) == 0) continue;
        const auto tokens = hits.select(1, 0), slots = hits.select(1, 1);
        const auto y = applyLinear(flat.index_select(0, tokens), r.experts[static_cast<std::size_t>(e)]) *
                       w.index({tokens, slots}).unsqueeze(-1);
        if (!out.defined()) out = at::zeros({flat.size(0), y.size(1)}, y.options());
        out.index_add_(0, tokens, y);
    }
    shape.back() = out.size(1);
    return out.view(shape);
}

}  // namespace moe
