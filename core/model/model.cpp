#include "core/model/model.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/read_file.h"
#include "core/model/arch.h"
#include "core/model/layers.h"
#include "core/model/memory_check.h"
#include "core/model/runtime_config.h"
#include "core/model/stitch.h"

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <optional>

namespace moe {

namespace {

// The expert names MoE Studio recorded when composing; a manifest that is missing, malformed or does not
// match the checkpoint's expert count just means generic names.
std::vector<std::string> composedExpertNames(const std::string& dir, std::int64_t numExperts) {
    std::string text;
    try {  // a folder or FIFO named moe_studio.json is as good as none (and must not block us)
        text = readFileBytes((std::filesystem::path(dir) / "moe_studio.json").string(), kMaxJsonFileBytes);
    } catch (const Error&) {
        return {};
    }
    const auto manifest = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> names;
    if (manifest.is_discarded() || !manifest.is_object()) return {};
    const auto config = manifest.find("config");
    if (config == manifest.end() || !config->is_object() || !config->contains("experts") || !(*config)["experts"].is_array()) return {};
    for (const auto& e : (*config)["experts"]) {
        if (!e.is_object() || !e.contains("expert_name") || !e["expert_name"].is_string()) return {};
        names.push_back(e["expert_name"].get<std::string>());
    }
    if (static_cast<std::int64_t>(names.size()) != numExperts) return {};
    return names;
}

}  // namespace

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
    if (m->m_hp.composed) m->m_expertNames = composedExpertNames(dir, m->m_hp.composed->numExperts);
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

// What every block of one forward pass shares.
struct BlockContext {
    at::Tensor fullMask, slidingMask;
    RopeTables ropeGlobal, ropeLocal;
};

at::Tensor Model::block(const at::Tensor& xIn, const LayerWeights& lw, std::size_t L, const BlockContext& ctx,
                        std::vector<RouterLogits>* routers) const {
    const auto kind = m_hp.arch->norm;
    const auto eps = m_hp.normEps;
    const auto layout = m_hp.arch->layout;
    const bool sliding = m_hp.layerSliding[L];
    const auto& mask = sliding ? ctx.slidingMask : ctx.fullMask;
    const auto& rope = sliding ? ctx.ropeLocal : ctx.ropeGlobal;
    auto x = xIn;
    auto h = layout == BlockLayout::PostNorm ? x : applyNorm(x, lw.attnNorm, kind, eps);
    h = attention(h, lw, static_cast<std::int64_t>(L), mask, rope);
    if (layout != BlockLayout::PreNorm) h = applyNorm(h, lw.postAttnNorm, kind, eps);
    x = x + h;

    h = layout == BlockLayout::PostNorm ? x : applyNorm(x, lw.ffnNorm, kind, eps);
    if (lw.sparse) {
        RouterLogits routed{std::to_string(L), static_cast<int>(L), "block", {}, {}, {}};
        h = sparseMoe(h, lw.moe, routers ? &routed : nullptr);
        if (routers) routers->push_back(std::move(routed));
    } else {
        h = applyMlp(h, lw.mlp, m_hp.activation);
    }
    if (layout != BlockLayout::PreNorm) h = applyNorm(h, lw.postFfnNorm, kind, eps);
    return x + h;
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
    // What the input's size costs: every layer's attention scores and their softmax, the logits, the
    // hidden states; a sequence of a million tokens must be refused, not attempted.
    const double elem = m_dtype == at::kFloat ? 4 : 2, tokens = static_cast<double>(B) * static_cast<double>(T);
    const double streamCount = 1 + static_cast<double>(m_weights.streams.size());
    requireMemory(streamCount * 2 * tokens * static_cast<double>(T) * static_cast<double>(m_hp.numHeads) * elem +
                      tokens * static_cast<double>(m_hp.vocabSize) * (4 + elem) +
                      (options.hiddenStates ? tokens * static_cast<double>(m_hp.hidden) * static_cast<double>(m_hp.numLayers + 1) * 4 : 0),
                  "a batch of " + std::to_string(B) + " x " + std::to_string(T) + " tokens", {.tensor = "input_ids"});
    if (m_weights.positions.defined() && T > m_hp.maxPositions)
        throw Error(std::to_string(T) + " tokens exceed the model's " + std::to_string(m_hp.maxPositions) + " positions",
                    {.tensor = "input_ids"});

    std::optional<at::NoGradGuard> noGrad;
    if (!options.grad) noGrad.emplace();
    ForwardResult result;
    const RoutingCapture capture(options.routerLogits ? &result.routers : nullptr);
    const auto& w = m_weights;
    const auto embed = [&](const at::Tensor& table) {
        auto e = at::embedding(table, ids);
        if (m_hp.arch->embedScale)  // the normaliser is rounded to the compute dtype, as in transformers
            e = e * at::scalar_tensor(std::sqrt(static_cast<double>(m_hp.hidden)), at::TensorOptions().dtype(m_dtype));
        return e;
    };
    auto x = embed(w.embed);
    if (w.positions.defined()) x = x + w.positions.narrow(0, 0, T).unsqueeze(0);

    BlockContext ctx;
    const bool anySliding = std::find(m_hp.layerSliding.begin(), m_hp.layerSliding.end(), true) != m_hp.layerSliding.end();
    ctx.fullMask = causalMask(T, std::nullopt, m_dtype);
    ctx.slidingMask = anySliding ? causalMask(T, m_hp.slidingWindow, m_dtype) : ctx.fullMask;
    if (m_hp.rope.enabled) {
        ctx.ropeGlobal = ropeTables(m_hp.rope, m_hp.headDim, m_hp.maxPositions, T, m_dtype);
        ctx.ropeLocal = ropeTables(m_hp.ropeLocal, m_hp.headDim, m_hp.maxPositions, T, m_dtype);
    }

    // BTS: every expert stream is exactly its expert model (own embedding, scaling and attention);
    // stitch layers mix the streams after their blocks.
    std::vector<at::Tensor> streams;
    for (const auto& s : w.streams) streams.push_back(embed(s.embed));
    auto stitch = w.stitches.begin();

    auto* routers = options.routerLogits ? &result.routers : nullptr;
    for (std::size_t L = 0; L < w.layers.size(); ++L) {
        if (options.hiddenStates) result.hiddenStates.push_back(x.to(at::kFloat));
        x = block(x, w.layers[L], L, ctx, routers);
        for (std::size_t i = 0; i < streams.size(); ++i) streams[i] = block(streams[i], w.streams[i].layers[L], L, ctx, nullptr);
        if (stitch != w.stitches.end() && stitch->layer == static_cast<int>(L)) {
            RouterLogits site;
            applyStitch(x, streams, *stitch, routers ? &site : nullptr);
            if (routers) routers->push_back(std::move(site));
            ++stitch;
        }
    }
    const auto kind = m_hp.arch->norm;
    const auto eps = m_hp.normEps;
    x = applyNorm(x, w.finalNorm, kind, eps);
    if (options.hiddenStates) result.hiddenStates.push_back(x.to(at::kFloat));
    result.logits = softcap(at::linear(x, w.lmHead), m_hp.finalSoftcap).to(at::kFloat);
    return result;
}

}  // namespace moe
