#include "core/routing/capture.h"

#include "core/error.h"
#include "core/model/model.h"

#include <ATen/ATen.h>

#include <cstring>

namespace moe {

Trace captureTrace(const Model& model, const at::Tensor& idsIn, std::vector<std::string> tokens, const std::string& text,
                   const std::string& modelName) {
    const auto ids = idsIn.dim() == 1 ? idsIn.unsqueeze(0) : idsIn;
    if (ids.dim() != 2 || ids.size(0) != 1) throw Error("a trace covers one sequence: input_ids must be [T] or [1, T]", {.tensor = "input_ids"});
    const auto& hp = model.hparams();
    const auto result = model.forward(ids, ForwardOptions{.hiddenStates = false, .routerLogits = true});
    if (result.routers.empty()) throw Error("the model has no routers: " + hp.modelType + " is a dense model");

    Trace t;
    t.model = modelName;
    t.method = hp.composed ? hp.composed->method : "native";
    t.topK = static_cast<int>(hp.topK);
    const auto E = result.routers.front().logits.size(1);
    if (static_cast<std::int64_t>(model.expertNames().size()) == E) t.experts = model.expertNames();
    else
        for (std::int64_t e = 0; e < E; ++e) t.experts.push_back("expert " + std::to_string(e));
    const auto idsLong = ids[0].to(at::kLong).contiguous();
    t.inputIds.assign(idsLong.data_ptr<std::int64_t>(), idsLong.data_ptr<std::int64_t>() + idsLong.numel());
    if (tokens.empty())
        for (const auto id : t.inputIds) tokens.push_back("<" + std::to_string(id) + ">");
    t.tokens = std::move(tokens);
    t.text = text;
    const auto T = t.inputIds.size();
    for (const auto& r : result.routers) {
        t.sites.push_back({r.layer, r.proj, r.direction});
        const auto w = r.weights.contiguous(), z = r.logits.contiguous();
        t.weights.insert(t.weights.end(), w.data_ptr<float>(), w.data_ptr<float>() + T * static_cast<std::size_t>(E));
        t.logits.insert(t.logits.end(), z.data_ptr<float>(), z.data_ptr<float>() + T * static_cast<std::size_t>(E));
    }
    t.validate();
    return t;
}

}  // namespace moe
