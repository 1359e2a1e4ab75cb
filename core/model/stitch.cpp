#include "core/model/stitch.h"

#include <ATen/ATen.h>

namespace moe {

void applyStitch(at::Tensor& hub, std::vector<at::Tensor>& experts, const StitchWeights& s, RouterLogits* capture) {
    const auto N = static_cast<std::int64_t>(s.gate.size());
    std::vector<at::Tensor> logits;  // per stream [B, T, H]
    for (std::int64_t j = s.toHub ? 0 : 1; j < N; ++j) logits.push_back(at::linear(hub, s.gate[static_cast<std::size_t>(j)]));
    const auto H = hub.size(-1);
    at::Tensor meanLogits, meanGates;  // [B*T, N] for the capture
    if (s.toHub) {
        const auto g = at::stack(logits, -1).softmax(-1);  // [B, T, H, N]
        auto out = hub * g.select(-1, 0);
        for (std::size_t i = 0; i < experts.size(); ++i)
            out = out + g.select(-1, static_cast<std::int64_t>(i) + 1) * at::linear(experts[i], s.proj[i]);
        if (capture) {
            meanLogits = at::stack(logits, -1).to(at::kFloat).mean(2).reshape({-1, N});
            meanGates = g.to(at::kFloat).mean(2).reshape({-1, N});
        }
        hub = out;
    } else {
        std::vector<at::Tensor> gates;
        for (std::size_t i = 0; i < experts.size(); ++i) {
            const auto g = at::sigmoid(logits[i]);
            experts[i] = (1 - g) * experts[i] + g * at::linear(hub, s.proj[i]);
            gates.push_back(g);
        }
        if (capture) {
            const auto zeros = at::zeros({hub.numel() / H, 1}, at::kFloat);
            std::vector<at::Tensor> z{zeros}, w{zeros};
            for (std::size_t i = 0; i < gates.size(); ++i) {
                z.push_back(logits[i].to(at::kFloat).mean(-1).reshape({-1, 1}));
                w.push_back(gates[i].to(at::kFloat).mean(-1).reshape({-1, 1}));
            }
            meanLogits = at::cat(z, 1);
            meanGates = at::cat(w, 1);
        }
    }
    if (capture) {
        capture->site = std::to_string(s.layer) + ".stitch";
        capture->layer = s.layer;
        capture->proj = "stitch";
        capture->direction = s.toHub ? "to_hub" : "to_experts";
        capture->logits = meanLogits;
        capture->weights = meanGates;
    }
}

}  // namespace moe
