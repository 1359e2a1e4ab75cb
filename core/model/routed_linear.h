#pragma once
// BTX-routed projections and the capture of router decisions during a forward pass.

#include "core/model/weights.h"

#include <ATen/Tensor.h>

#include <string>
#include <vector>

namespace moe {

struct RouterLogits {
    std::string site;    // "3" block router, "3.mlp.gate_proj" BTX projection router, "3.stitch" BTS stitch
    int layer = 0;
    std::string proj;    // "block", "stitch" or the projection name
    at::Tensor logits;   // [B*T, E], float32, before the softmax
    at::Tensor weights;  // [B*T, E], float32: the weight each expert received (0 outside the top-k)
    std::string direction;  // BTS stitch sites: "to_hub" or "to_experts" (see stitch.h); empty otherwise
};

// While alive, routers applied on this thread append their decisions to `sink` (forward() sets one up
// when router logits are requested; routed projections deep inside attention and MLPs report here
// without threading a parameter through every layer function).
class RoutingCapture {
public:
    explicit RoutingCapture(std::vector<RouterLogits>* sink);
    ~RoutingCapture();
    RoutingCapture(const RoutingCapture&) = delete;
    RoutingCapture& operator=(const RoutingCapture&) = delete;
    static std::vector<RouterLogits>* current();

private:
    std::vector<RouterLogits>* m_previous;
};

// y = sum over the top-k experts of softmax(kept logits) * expert(x); x: [..., in].
at::Tensor applyRouted(const at::Tensor& x, const RoutedLinear& r);

}  // namespace moe
