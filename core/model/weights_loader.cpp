#include "core/model/weights.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/arch.h"
#include "core/model/bts_names.h"
#include "core/model/memory_check.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <functional>

namespace moe {
namespace {

std::string shapeString(at::IntArrayRef shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string substitute(std::string s, const char* key, std::int64_t value) {
    for (auto pos = s.find(key); pos != std::string::npos; pos = s.find(key))
        s.replace(pos, std::strlen(key), std::to_string(value));
    return s;
}

// Looks tensors up by name template, checks their shapes and converts them to the compute dtype.
class Fetcher {
public:
    Fetcher(const Checkpoint& ck, at::ScalarType dtype) : m_ck(ck), m_dtype(dtype) {}

    void setLayer(const std::string& prefix, std::int64_t layer) {
        m_prefix = prefix;
        m_layer = layer;
    }
    void setComposed(const ComposedSpec* spec, std::vector<std::string>* warnings) {
        m_composed = spec;
        m_warnings = warnings;
    }

    // The first alternative of `tmpl` (block-relative when `inLayer`) + suffix present in the checkpoint.
    std::string resolve(const std::string& tmpl, const std::string& suffix, bool inLayer = true,
                        std::int64_t expert = -1) const {
        std::size_t start = 0;
        while (start <= tmpl.size()) {
            const auto bar = tmpl.find('|', start);
            auto alt = tmpl.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            if (expert >= 0) alt = substitute(alt, "{E}", expert);
            const auto name = (inLayer ? m_prefix : std::string()) + alt + suffix;
            if (m_ck.contains(name)) return name;
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        return {};
    }

    at::Tensor get(const std::string& tmpl, const std::string& suffix, std::vector<std::int64_t> shape,
                   bool required = true, bool inLayer = true, std::int64_t expert = -1) const {
        if (tmpl.empty()) return {};
        const auto name = resolve(tmpl, suffix, inLayer, expert);
        if (name.empty()) {
            if (!required) return {};
            auto wanted = (inLayer ? m_prefix : std::string()) + tmpl.substr(0, tmpl.find('|')) + suffix;
            if (expert >= 0) wanted = substitute(wanted, "{E}", expert);
            throw Error("missing tensor (expected shape " + shapeString(shape) + ")", {.file = m_ck.dir(), .tensor = wanted});
        }
        auto t = tensorView(m_ck, name);
        if (t.sizes() != at::IntArrayRef(shape))
            throw Error("expected shape " + shapeString(shape) + ", found " + shapeString(t.sizes()),
                        {.file = m_ck.fileOf(name).path(), .tensor = name});
        if (!at::isFloatingType(t.scalar_type()))
            throw Error(std::string("expected a floating-point tensor, found ") + at::toString(t.scalar_type()),
                        {.file = m_ck.fileOf(name).path(), .tensor = name});
        return t.scalar_type() == m_dtype ? t : t.to(m_dtype);
    }

    // A linear layer stored [out, in] (or [in, out] for Conv1D), bias optional. In a composed BTX
    // checkpoint a routed projection becomes an expert bank with its router.
    Linear linear(const std::string& tmpl, std::int64_t out, std::int64_t in, bool conv1d, std::int64_t expert = -1) const {
        if (expert < 0 && isRouted(tmpl)) return routedLinear(tmpl, out, in);
        Linear l;
        if (conv1d) {
            l.weight = get(tmpl, ".weight", {in, out}, true, true, expert).t();
        } else {
            l.weight = get(tmpl, ".weight", {out, in}, true, true, expert);
        }
        l.bias = get(tmpl, ".bias", {out}, false, true, expert);
        return l;
    }

    Norm norm(const std::string& tmpl, std::int64_t dim, bool withBias, bool inLayer = true) const {
        Norm n;
        if (tmpl.empty()) return n;
        n.weight = get(tmpl, ".weight", {dim}, true, inLayer);
        if (withBias) n.bias = get(tmpl, ".bias", {dim}, true, inLayer);
        return n;
    }

    // A router [E, in]; MixtureKit does not save routers, so a missing one is initialised (seeded by its
    // name, so the same checkpoint always gives the same model) with a warning.
    Linear router(const std::string& tmpl, std::int64_t E, std::int64_t in) const {
        if (!resolve(tmpl, ".weight").empty()) return linear(tmpl, E, in, false);
        const auto name = m_prefix + tmpl + ".weight";
        auto gen = at::make_generator<at::CPUGeneratorImpl>(std::hash<std::string>{}(name));
        if (m_warnings) m_warnings->push_back("router " + name + " is not in the checkpoint: initialised at random (seeded)");
        return Linear{at::normal(0.0, 0.02, {E, in}, gen).to(m_dtype), {}, {}};
    }

private:
    bool isRouted(const std::string& tmpl) const {
        if (!m_composed || m_composed->method != "btx" || !m_composed->blockRouted[static_cast<std::size_t>(m_layer)]) return false;
        return std::find(m_composed->routerLayers.begin(), m_composed->routerLayers.end(), tmpl) != m_composed->routerLayers.end();
    }

    Linear routedLinear(const std::string& tmpl, std::int64_t out, std::int64_t in) const {
        auto r = std::make_shared<RoutedLinear>();
        r->layer = static_cast<int>(m_layer);
        r->proj = tmpl;
        r->site = std::to_string(m_layer) + "." + tmpl;
        r->topK = m_composed->topK;
        // Experts first: they are checked against the file, so a missing router initialised from the
        // config's expert count is never larger than what the checkpoint holds.
        for (std::int64_t e = 0; e < m_composed->numExperts; ++e)
            r->experts.push_back(linear(tmpl + ".experts.expert_" + std::to_string(e), out, in, false));
        r->router = router(tmpl + ".gate", m_composed->numExperts, in);
        return Linear{{}, {}, std::move(r)};
    }

    const Checkpoint& m_ck;
    at::ScalarType m_dtype;
    std::string m_prefix;
    std::int64_t m_layer = 0;
    const ComposedSpec* m_composed = nullptr;
    std::vector<std::string>* m_warnings = nullptr;
};

// Traditional composition: the block's whole MLP per expert behind one router (Mixtral semantics).
SparseMoeWeights loadTraditional(const Fetcher& f, const HParams& hp) {
    SparseMoeWeights s;
    const auto E = hp.composed->numExperts, H = hp.hidden, I = hp.intermediate;
    for (std::int64_t e = 0; e < E; ++e) {
        const auto suffix = ".experts.expert_" + std::to_string(e);
        MlpWeights m;
        m.gate = f.linear("mlp.gate_proj" + suffix, I, H, false);
        m.up = f.linear("mlp.up_proj" + suffix, I, H, false);
        m.down = f.linear("mlp.down_proj" + suffix, H, I, false);
        s.experts.push_back(m);
    }
    s.router = f.router("gate", E, H);  // after the experts, which the file confirms (see routedLinear)
    return s;
}

// Splits rows [offset, offset + count) of a [rows, in] weight (and its bias) into its own Linear.
Linear rows(const Linear& fused, std::int64_t offset, std::int64_t count) {
    Linear l;
    l.weight = fused.weight.narrow(0, offset, count);
    if (fused.bias.defined()) l.bias = fused.bias.narrow(0, offset, count);
    return l;
}

void loadAttention(const Fetcher& f, const HParams& hp, LayerWeights& lw) {
    const auto& n = hp.arch->names;
    const bool conv = hp.arch->conv1d;
    const auto qOut = hp.numHeads * hp.headDim, kvOut = hp.numKvHeads * hp.headDim;
    if (!n.qkv.empty()) {
        const auto fused = f.linear(n.qkv, qOut + 2 * kvOut, hp.hidden, conv);
        lw.q = rows(fused, 0, qOut);
        lw.k = rows(fused, qOut, kvOut);
        lw.v = rows(fused, qOut + kvOut, kvOut);
    } else {
        lw.q = f.linear(n.q, qOut, hp.hidden, conv);
        lw.k = f.linear(n.k, kvOut, hp.hidden, conv);
        lw.v = f.linear(n.v, kvOut, hp.hidden, conv);
    }
    lw.o = f.linear(n.o, hp.hidden, qOut, conv);
    if (hp.arch->qkNorm == QkNorm::PerHead) {
        lw.qNorm = f.norm(n.qNorm, hp.headDim, false);
        lw.kNorm = f.norm(n.kNorm, hp.headDim, false);
    } else if (hp.arch->qkNorm == QkNorm::Full) {
        lw.qNorm = f.norm(n.qNorm, qOut, false);
        lw.kNorm = f.norm(n.kNorm, kvOut, false);
    }
}

MlpWeights loadMlp(const Fetcher& f, const HParams& hp, const std::string& gate, const std::string& up,
                   const std::string& down, const std::string& gateUp, std::int64_t inter) {
    MlpWeights m;
    const bool conv = hp.arch->conv1d;
    if (!gateUp.empty()) {
        const auto fused = f.linear(gateUp, 2 * inter, hp.hidden, conv);
        m.gate = rows(fused, 0, inter);
        m.up = rows(fused, inter, inter);
    } else {
        if (hp.arch->gatedMlp) m.gate = f.linear(gate, inter, hp.hidden, conv);
        m.up = f.linear(up, inter, hp.hidden, conv);
    }
    m.down = f.linear(down, hp.hidden, inter, conv);
    return m;
}

SparseMoeWeights loadSparse(const Fetcher& f, const HParams& hp) {
    const auto& n = hp.arch->names;
    const auto E = hp.numExperts, I = hp.moeIntermediate, H = hp.hidden;
    SparseMoeWeights s;
    s.router = f.linear(n.router, E, H, false);
    if (!f.resolve(n.fusedGateUp, "").empty()) {
        // Fused layout: gate_up_proj [E, 2I, H] (gate rows, then up rows), down_proj [E, H, I].
        const auto gateUp = f.get(n.fusedGateUp, "", {E, 2 * I, H});
        const auto down = f.get(n.fusedDown, "", {E, H, I});
        for (std::int64_t e = 0; e < E; ++e) {
            MlpWeights m;
            m.gate.weight = gateUp[e].narrow(0, 0, I);
            m.up.weight = gateUp[e].narrow(0, I, I);
            m.down.weight = down[e];
            s.experts.push_back(m);
        }
    } else {
        for (std::int64_t e = 0; e < E; ++e) {
            MlpWeights m;
            m.gate = f.linear(n.expertGate, I, H, false, e);
            m.up = f.linear(n.expertUp, I, H, false, e);
            m.down = f.linear(n.expertDown, H, I, false, e);
            s.experts.push_back(m);
        }
    }
    if (!n.sharedUp.empty() && hp.sharedExpertIntermediate > 0) {
        s.shared = loadMlp(f, hp, n.sharedGate, n.sharedUp, n.sharedDown, "", hp.sharedExpertIntermediate);
        s.sharedGate = f.linear(n.sharedExpertGate, 1, H, false);
    }
    return s;
}

LayerWeights loadLayer(Fetcher& f, const HParams& hp, const std::string& prefix, std::int64_t L) {
    const auto& n = hp.arch->names;
    const bool layerNorm = hp.arch->norm == NormKind::LayerNorm;
    f.setLayer(prefix, L);
    LayerWeights lw;
    lw.attnNorm = f.norm(n.attnNorm, hp.hidden, layerNorm);
    lw.postAttnNorm = f.norm(n.postAttnNorm, hp.hidden, layerNorm);
    lw.ffnNorm = f.norm(n.ffnNorm, hp.hidden, layerNorm);
    lw.postFfnNorm = f.norm(n.postFfnNorm, hp.hidden, layerNorm);
    loadAttention(f, hp, lw);
    lw.sparse = hp.arch->moe && hp.layerIsMoe[static_cast<std::size_t>(L)];
    const bool traditional = hp.composed && hp.composed->method == "traditional" && hp.composed->blockRouted[static_cast<std::size_t>(L)];
    if (traditional) {
        lw.sparse = true;
        lw.moe = loadTraditional(f, hp);
    } else if (lw.sparse)
        lw.moe = loadSparse(f, hp);
    else
        lw.mlp = loadMlp(f, hp, n.gate, n.up, n.down, n.gateUp, hp.intermediate);
    return lw;
}

// BTS: the expert streams and the stitch layers. MixtureKit does not save stitch weights; missing ones
// get the documented initialisation (W_proj = I, W_gate = 0, where the model equals its streams' mix
// at equal weights) with a warning.
void loadBts(Fetcher& f, const Checkpoint& ck, const HParams& hp, at::ScalarType dtype, ModelWeights& w) {
    const auto& n = hp.arch->names;
    const auto N = hp.composed->numExperts, H = hp.hidden;
    if (!btsSupported(n)) throw Error("BTS is not supported for " + hp.arch->displayName + " (its tensor names do not follow model.layers)", {.file = ck.dir()});
    for (std::int64_t i = 0; i + 1 < N; ++i) {
        ExpertStreamWeights s;
        s.embed = f.get(btsExpertEmbedName(n, static_cast<int>(i)), "", {hp.vocabSize, H}, true, false);
        for (std::int64_t L = 0; L < hp.numLayers; ++L)
            s.layers.push_back(loadLayer(f, hp, btsExpertLayerPrefix(n, static_cast<int>(L), static_cast<int>(i)), L));
        w.streams.push_back(std::move(s));
    }
    bool initialised = false;
    // Stitch weights missing from the file are made here, H x H each: their size comes from the config.
    requireMemory(static_cast<double>(hp.composed->stitches.size()) * static_cast<double>(2 * N - 1) * static_cast<double>(H) *
                      static_cast<double>(H) * 4,
                  "the stitch layers", {.file = ck.dir()});
    const auto square = [&](int layer, const char* kind, std::int64_t j, bool identity) {
        const auto name = btsStitchName(n, layer, kind, static_cast<int>(j));
        if (ck.contains(name)) return f.get(name, "", {H, H}, true, false);
        initialised = true;
        return (identity ? at::eye(H, at::kFloat) : at::zeros({H, H}, at::kFloat)).to(dtype);
    };
    for (const auto& p : hp.composed->stitches) {
        StitchWeights s{p.layer, p.toHub, {}, {}};
        for (std::int64_t i = 0; i + 1 < N; ++i) s.proj.push_back(square(p.layer, "w_proj", i, true));
        for (std::int64_t j = 0; j < N; ++j) s.gate.push_back(square(p.layer, "w_gate", j, false));
        w.stitches.push_back(std::move(s));
    }
    if (initialised) w.warnings.push_back("stitch weights are not in the checkpoint: initialised with W_proj = I, W_gate = 0");
}

}  // namespace

ModelWeights loadWeights(const Checkpoint& ck, const HParams& hp, at::ScalarType dtype) {
    const auto& n = hp.arch->names;
    const bool layerNorm = hp.arch->norm == NormKind::LayerNorm;
    Fetcher f(ck, dtype);
    ModelWeights w;
    if (hp.composed) f.setComposed(&*hp.composed, &w.warnings);
    w.embed = f.get(n.embed, "", {hp.vocabSize, hp.hidden}, true, false);
    if (!n.positions.empty()) w.positions = f.get(n.positions, "", {hp.maxPositions, hp.hidden}, true, false);
    w.finalNorm = f.norm(n.finalNorm, hp.hidden, layerNorm, false);
    w.lmHead = hp.tieEmbeddings ? w.embed : f.get(n.lmHead, "", {hp.vocabSize, hp.hidden}, true, false);
    for (std::int64_t L = 0; L < hp.numLayers; ++L) w.layers.push_back(loadLayer(f, hp, substitute(n.layer, "{L}", L), L));
    if (hp.composed && hp.composed->method == "bts") loadBts(f, ck, hp, dtype, w);
    return w;
}

std::int64_t countParameters(const Checkpoint& checkpoint) {
    std::int64_t total = 0;
    for (const auto& name : checkpoint.names()) total += static_cast<std::int64_t>(checkpoint.info(name).numel());
    return total;
}

}  // namespace moe
