#include "core/model/model.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/layers.h"
#include "core/model/runtime_config.h"

#include <ATen/ATen.h>

#include <cmath>

namespace moe {

Model::~Model() = default;

std::unique_ptr<Model> Model::load(const std::string& dir, at::ScalarType dtype) {
    if (dtype != at::kFloat && dtype != at::kBFloat16) throw Error("compute dtype must be float32 or bfloat16");
    configureRuntime();
    std::unique_ptr<Model> m(new Model);
    m->m_hp = loadHParams(dir);
    m->m_dtype = dtype;
    m->m_checkpoint = std::make_unique<Checkpoint>(dir);
    m->m_weights = loadWeights(*m->m_checkpoint, m->m_hp, dtype);
    m->m_hp.paramCountHint = countParameters(*m->m_checkpoint);
    return m;
}

at::Tensor Model::attention(const at::Tensor& x, const LayerWeights& lw, std::int64_t layer, const at::Tensor& mask,
                            const RopeTables& rope) const {
    const auto B = x.size(0), T = x.size(1);
    const auto nh = m_hp.numHeads, nkv = m_hp.numKvHeads, hd = m_hp.headDim;
    const auto normKind = m_hp.arch->norm;
    auto q = applyLinear(x, lw.q), k = applyLinear(x, lw.k), v = applyLinear(x, lw.v);
    if (m_hp.arch->qkNorm == QkNorm::Full) {
        q = applyNorm(q, lw.qNorm, normKind, m_hp.normEps);
        k = applyNorm(k, lw.kNorm, normKind, m_hp.normEps);
    }
    q = q.view({B, T, nh, hd}).transpose(1, 2);
    k = k.view({B, T, nkv, hd}).transpose(1, 2);
    v = v.view({B, T, nkv, hd}).transpose(1, 2);
    if (m_hp.arch->qkNorm == QkNorm::PerHead) {
        q = applyNorm(q, lw.qNorm, normKind, m_hp.normEps);
        k = applyNorm(k, lw.kNorm, normKind, m_hp.normEps);
    }
    if (rope.rotaryDim > 0) {
        q = applyRope(q, rope);
        k = applyRope(k, rope);
    }
    // Grouped-query attention without copying k/v per query head: the `rep` query heads that share a
    // kv head are stacked along the time axis, [B*nkv, rep*T, hd] against [B*nkv, T, hd].
    const auto rep = nh / nkv;
    const auto qs = q.reshape({B * nkv, rep * T, hd});
    const auto kt = k.reshape({B * nkv, T, hd}).transpose(1, 2);
    const auto vs = v.reshape({B * nkv, T, hd});
    const auto maskRows = rep == 1 ? mask : mask.repeat({rep, 1});
    double scale = m_hp.attnScale;
    if (m_hp.scaleByInverseLayer) scale /= static_cast<double>(layer + 1);
    at::Tensor scores;
    if (m_hp.attnSoftcap > 0) {
        scores = softcap(at::bmm(qs, kt) * scale, m_hp.attnSoftcap) + maskRows;
    } else {
        // One pass: mask + scale * q k^T, fused into the GEMM.
        scores = at::baddbmm(maskRows, qs, kt, 1.0, scale);
    }
    const auto probs = m_dtype == at::kFloat ? scores.softmax(-1) : at::softmax(scores, -1, at::kFloat).to(m_dtype);
    const auto out = at::bmm(probs, vs).view({B, nh, T, hd}).transpose(1, 2).reshape({B, T, nh * hd});
    return applyLinear(out, lw.o);
}

ForwardResult Model::forward(const at::Tensor& inputIds, const ForwardOptions& options) const {
    if (inputIds.dim() != 2) throw Error("input_ids must have shape [B, T]", {.tensor = "input_ids"});
    if (inputIds.scalar_type() != at::kLong && inputIds.scalar_type() != at::kInt)
        throw Error("input_ids must be int64 or int32", {.tensor = "input_ids"});
    const auto ids = inputIds.to(at::kLong);
    const auto B = ids.size(0), T = ids.size(1);
    if (B == 0 || T == 0) throw Error("input_ids is empty", {.tensor = "input_ids"});
    const auto lo = ids.min().item<std::int64_t>(), hi = ids.max().item<std::int64_t>();
    if (lo < 0 || hi >= m_hp.vocabSize)
        throw Error("token id " + std::to_string(lo < 0 ? lo : hi) + " outside the vocabulary [0, " +
                        std::to_string(m_hp.vocabSize) + ")",
                    {.tensor = "input_ids"});
    if (m_weights.positions.defined() && T > m_hp.maxPositions)
        throw Error(std::to_string(T) + " tokens exceed the model's " + std::to_string(m_hp.maxPositions) + " positions",
                    {.tensor = "input_ids"});

    at::NoGradGuard noGrad;
    ForwardResult result;
    const RoutingCapture capture(options.routerLogits ? &result.routers : nullptr);
    const auto& w = m_weights;
    auto x = at::embedding(w.embed, ids);
    if (m_hp.arch->embedScale)  // the normaliser is rounded to the compute dtype, as in transformers
        x = x * at::scalar_tensor(std::sqrt(static_cast<double>(m_hp.hidden)), at::TensorOptions().dtype(m_dtype));
    if (w.positions.defined()) x = x + w.positions.narrow(0, 0, T).unsqueeze(0);

    const bool anySliding = std::find(m_hp.layerSliding.begin(), m_hp.layerSliding.end(), true) != m_hp.layerSliding.end();
    const auto fullMask = causalMask(T, std::nullopt, m_dtype);
    const auto slidingMask = anySliding ? causalMask(T, m_hp.slidingWindow, m_dtype) : fullMask;
    RopeTables ropeGlobal, ropeLocal;
    if (m_hp.rope.enabled) {
        ropeGlobal = ropeTables(m_hp.rope, m_hp.headDim, m_hp.maxPositions, T, m_dtype);
        ropeLocal = ropeTables(m_hp.ropeLocal, m_hp.headDim, m_hp.maxPositions, T, m_dtype);
    }

    const auto kind = m_hp.arch->norm;
    const auto eps = m_hp.normEps;
    const auto layout = m_hp.arch->layout;
    for (std::size_t L = 0; L < w.layers.size(); ++L) {
        if (options.hiddenStates) result.hiddenStates.push_back(x.to(at::kFloat));
        const auto& lw = w.layers[L];
        const bool sliding = m_hp.layerSliding[L];
        const auto& mask = sliding ? slidingMask : fullMask;
        const auto& rope = sliding ? ropeLocal : ropeGlobal;

        auto h = layout == BlockLayout::PostNorm ? x : applyNorm(x, lw.attnNorm, kind, eps);
        h = attention(h, lw, static_cast<std::int64_t>(L), mask, rope);
        if (layout != BlockLayout::PreNorm) h = applyNorm(h, lw.postAttnNorm, kind, eps);
        x = x + h;

        h = layout == BlockLayout::PostNorm ? x : applyNorm(x, lw.ffnNorm, kind, eps);
        if (lw.sparse) {
            RouterLogits routed{std::to_string(L), static_cast<int>(L), "block", {}, {}};
            h = sparseMoe(h, lw.moe, options.routerLogits ? &routed : nullptr);
            if (options.routerLogits) result.routers.push_back(std::move(routed));
        } else {
            h = applyMlp(h, lw.mlp, m_hp.activation);
        }
        if (layout != BlockLayout::PreNorm) h = applyNorm(h, lw.postFfnNorm, kind, eps);
        x = x + h;
    }
    x = applyNorm(x, w.finalNorm, kind, eps);
    if (options.hiddenStates) result.hiddenStates.push_back(x.to(at::kFloat));
    result.logits = softcap(at::linear(x, w.lmHead), m_hp.finalSoftcap).to(at::kFloat);
    return result;
}

}  // namespace moe
