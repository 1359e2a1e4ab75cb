// Model::makeRoutersTrainable: which weights router / stitch training updates, under their checkpoint names.

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/bts_names.h"
#include "core/model/model.h"

#include <ATen/ATen.h>

namespace moe {
namespace {

std::string layerPrefix(const HParams& hp, std::size_t layer) {
    auto p = hp.arch->names.layer;
    p.replace(p.find("{L}"), 3, std::to_string(layer));
    return p;
}

// Replaces `weight` by a float32 leaf copy that requires grad and records it.
void adopt(at::Tensor& weight, std::string name, std::vector<TrainableParameter>& out) {
    weight = weight.to(at::kFloat).clone().requires_grad_(true);
    out.push_back({std::move(name), weight});
}

void adoptLinear(Linear& l, const std::string& name, std::vector<TrainableParameter>& out) {
    adopt(l.weight, name + ".weight", out);
    if (l.bias.defined()) adopt(l.bias, name + ".bias", out);
}

void adoptNorm(Norm& n, const std::string& name, std::vector<TrainableParameter>& out) {
    if (!n.defined()) return;
    adopt(n.weight, name + ".weight", out);
    if (n.bias.defined()) adopt(n.bias, name + ".bias", out);
}

}  // namespace

std::vector<TrainableParameter> Model::makeAllTrainable(bool mlpOnly) {
    if (m_dtype != at::kFloat) throw Error("training needs the model loaded in float32");
    const auto& a = *m_hp.arch;
    const auto& n = a.names;
    if (m_hp.composed || a.moe || a.conv1d || !n.qkv.empty() || !n.gateUp.empty() || !n.positions.empty())
        throw Error("full training supports dense models stored one tensor per weight (e.g. llama); " + m_hp.modelType + " is not one");
    std::vector<TrainableParameter> out;
    auto& w = m_weights;
    if (mlpOnly) {
        for (std::size_t L = 0; L < w.layers.size(); ++L) {
            auto& mlp = w.layers[L].mlp;
            const auto p = layerPrefix(m_hp, L);
            if (mlp.gate.defined()) adoptLinear(mlp.gate, p + n.gate, out);
            adoptLinear(mlp.up, p + n.up, out);
            adoptLinear(mlp.down, p + n.down, out);
        }
        return out;
    }
    adopt(w.embed, n.embed, out);
    for (std::size_t L = 0; L < w.layers.size(); ++L) {
        auto& lw = w.layers[L];
        const auto p = layerPrefix(m_hp, L);
        adoptNorm(lw.attnNorm, p + n.attnNorm, out);
        adoptNorm(lw.postAttnNorm, p + n.postAttnNorm, out);
        adoptNorm(lw.ffnNorm, p + n.ffnNorm, out);
        adoptNorm(lw.postFfnNorm, p + n.postFfnNorm, out);
        adoptNorm(lw.qNorm, p + n.qNorm, out);
        adoptNorm(lw.kNorm, p + n.kNorm, out);
        adoptLinear(lw.q, p + n.q, out);
        adoptLinear(lw.k, p + n.k, out);
        adoptLinear(lw.v, p + n.v, out);
        adoptLinear(lw.o, p + n.o, out);
        if (lw.mlp.gate.defined()) adoptLinear(lw.mlp.gate, p + n.gate, out);
        adoptLinear(lw.mlp.up, p + n.up, out);
        adoptLinear(lw.mlp.down, p + n.down, out);
    }
    adoptNorm(w.finalNorm, n.finalNorm, out);
    if (m_hp.tieEmbeddings) w.lmHead = w.embed;  // one leaf for both uses
    else adopt(w.lmHead, n.lmHead, out);
    return out;
}

std::vector<TrainableParameter> Model::makeRoutersTrainable() {
    if (m_dtype != at::kFloat) throw Error("training needs the model loaded in float32");
    std::vector<TrainableParameter> out;
    auto& w = m_weights;
    const auto& names = m_hp.arch->names;
    for (std::size_t L = 0; L < w.layers.size(); ++L) {
        auto& lw = w.layers[L];
        const auto prefix = layerPrefix(m_hp, L);
        if (lw.sparse) {
            // Traditional blocks: "gate.weight" on the block; native MoE: the architecture's router name.
            std::string name = prefix + "gate.weight";
            if (!m_hp.composed) {
                // The first of the template's alternatives that the checkpoint has.
                for (std::size_t start = 0; start <= names.router.size();) {
                    const auto bar = names.router.find('|', start);
                    const auto alt = prefix + names.router.substr(start, bar == std::string::npos ? std::string::npos : bar - start) + ".weight";
                    if (m_checkpoint->contains(alt)) {
                        name = alt;
                        break;
                    }
                    if (bar == std::string::npos) break;
                    start = bar + 1;
                }
            }
            adopt(lw.moe.router.weight, name, out);
        }
        for (Linear* l : {&lw.q, &lw.k, &lw.v, &lw.o, &lw.mlp.gate, &lw.mlp.up, &lw.mlp.down})
            if (l->routed) adopt(l->routed->router.weight, prefix + l->routed->proj + ".gate.weight", out);
    }
    for (auto& s : w.stitches) {
        for (std::size_t i = 0; i < s.proj.size(); ++i) adopt(s.proj[i], btsStitchName(names, s.layer, "w_proj", static_cast<int>(i)), out);
        for (std::size_t j = 0; j < s.gate.size(); ++j) adopt(s.gate[j], btsStitchName(names, s.layer, "w_gate", static_cast<int>(j)), out);
    }
    if (out.empty()) throw Error("the model has no routers or stitch layers to train: " + m_hp.modelType + " is a dense model");
    return out;
}

}  // namespace moe
