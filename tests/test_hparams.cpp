// config.json -> HParams: every fixture config (written by transformers 5.17) parses with the right
// fields; the legacy forms Hub checkpoints still use (rope_theta + rope_scaling, torch_dtype, no
// layer_types, rope_local_base_freq, ...) give the same HParams; bad configs are refused with a
// moe::Error that names the key. (RoPE frequencies: test_rope.cpp.)

#include "core/error.h"
#include "core/model/arch.h"
#include "core/model/hparams.h"
#include "core/model/rope.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>

using namespace moe;
using nlohmann::json;

namespace {

const std::string kModels = MOE_TEST_DATA "/models";

json fixtureConfig(const std::string& name) {
    std::ifstream in(kModels + "/" + name + "/config.json");
    return json::parse(in);
}

// The fixture's config with a JSON merge patch applied (a null value removes the key).
json patched(const std::string& name, const std::string& patch) {
    auto c = fixtureConfig(name);
    c.merge_patch(json::parse(patch));
    return c;
}

HParams parse(const json& c) { return parseHParams(c, "test/config.json"); }

json ropeJson(const RopeParams& r) {
    return {{"enabled", r.enabled}, {"type", ropeTypeName(r.type)}, {"theta", r.theta}, {"factor", r.factor},
            {"low", r.lowFreqFactor}, {"high", r.highFreqFactor}, {"orig", r.originalMaxPositions},
            {"partial", r.partialRotaryFactor}};
}

// Every field of HParams, so that two parses can be compared (and a difference is readable).
json toJson(const HParams& h) {
    return {{"modelType", h.modelType}, {"arch", h.arch ? h.arch->modelType : ""}, {"dtype", h.dtype},
            {"vocab", h.vocabSize}, {"hidden", h.hidden}, {"intermediate", h.intermediate}, {"layers", h.numLayers},
            {"heads", h.numHeads}, {"kvHeads", h.numKvHeads}, {"headDim", h.headDim}, {"maxPos", h.maxPositions},
            {"eps", h.normEps}, {"act", activationName(h.activation)}, {"tie", h.tieEmbeddings},
            {"attnScale", h.attnScale}, {"invLayer", h.scaleByInverseLayer},
            {"window", h.slidingWindow ? json(*h.slidingWindow) : json()}, {"sliding", h.layerSliding},
            {"rope", ropeJson(h.rope)}, {"ropeLocal", ropeJson(h.ropeLocal)}, {"attnCap", h.attnSoftcap},
            {"finalCap", h.finalSoftcap}, {"experts", h.numExperts}, {"topK", h.topK},
            {"moeInter", h.moeIntermediate}, {"sharedInter", h.sharedExpertIntermediate}, {"normTopK", h.normTopK},
            {"moeLayers", h.layerIsMoe}};
}

void compareHParams(const HParams& got, const HParams& want) {
    QCOMPARE(QString::fromStdString(toJson(got).dump()), QString::fromStdString(toJson(want).dump()));
}

// what() of the moe::Error thrown by f; a marker when it throws something else or nothing.
std::string errorOf(const std::function<void()>& f, Error::Context* context = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (context) *context = e.context();
        return e.what();
    } catch (const std::exception& e) {
        return std::string("<not a moe::Error> ") + e.what();
    }
    return "<no error>";
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::vector<bool> flags(std::initializer_list<int> values) {
    std::vector<bool> out;
    for (int v : values) out.push_back(v != 0);
    return out;
}

}  // namespace

class TestHParams : public QObject {
    Q_OBJECT

private slots:
    void everyFixtureParses_data() {
        QTest::addColumn<QString>("name");
        for (const auto& name : QDir(QString::fromStdString(kModels)).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable(name)) << name;
    }
    void everyFixtureParses() {
        QFETCH(QString, name);
        const auto hp = loadHParams(kModels + "/" + name.toStdString());
        QVERIFY(hp.arch);
        QCOMPARE(hp.arch->modelType, hp.modelType);
        QCOMPARE(hp.modelType, fixtureConfig(name.toStdString())["model_type"].get<std::string>());
        QCOMPARE(hp.vocabSize, 512);
        QCOMPARE(hp.hidden, 64);
        QCOMPARE(hp.numLayers, 3);
        QCOMPARE(hp.numHeads, 4);
        QCOMPARE(hp.headDim, 16);
        QCOMPARE(hp.maxPositions, 256);
        QCOMPARE(hp.dtype, std::string("float32"));
        QCOMPARE(hp.layerSliding.size(), std::size_t(3));
        QCOMPARE(hp.layerIsMoe.size(), std::size_t(3));
        QCOMPARE(hp.numKvHeads, hp.modelType == "gpt2" ? 4 : 2);
        QCOMPARE(hp.intermediate, hp.modelType == "gpt2" ? 256 : 128);
    }

    void fixtureFields() {
        const auto load = [](const char* name) { return loadHParams(kModels + "/" + name); };
        const auto llama = load("llama");
        QCOMPARE(llama.activation, Activation::SiLU);
        QVERIFY(!llama.tieEmbeddings);
        QCOMPARE(llama.normEps, 1e-6);
        QCOMPARE(llama.attnScale, 0.25);
        QVERIFY(!llama.slidingWindow);
        QCOMPARE(llama.layerSliding, flags({0, 0, 0}));
        QCOMPARE(llama.rope.type, RopeType::Default);
        QCOMPARE(llama.rope.theta, 10000.0);
        QCOMPARE(llama.numExperts, 0);

        const auto gemma2 = load("gemma2");
        QCOMPARE(gemma2.attnScale, 1.0 / std::sqrt(16.0));
        QCOMPARE(gemma2.attnSoftcap, 50.0);
        QCOMPARE(gemma2.finalSoftcap, 30.0);
        QCOMPARE(gemma2.layerSliding, flags({1, 0, 1}));
        QCOMPARE(gemma2.slidingWindow.value_or(-1), 8);
        QCOMPARE(gemma2.activation, Activation::GeluTanh);
        QVERIFY(gemma2.tieEmbeddings);

        const auto gemma3 = load("gemma3_text");
        QCOMPARE(gemma3.rope.theta, 1e6);
        QCOMPARE(gemma3.ropeLocal.theta, 1e4);
        QCOMPARE(gemma3.layerSliding, flags({1, 0, 1}));
        QCOMPARE(gemma3.attnSoftcap, 0.0);
        QCOMPARE(gemma3.finalSoftcap, 0.0);

        const auto gpt2 = load("gpt2");  // n_embd, n_layer, n_head, n_positions, n_inner: null
        QCOMPARE(gpt2.hidden, 64);
        QCOMPARE(gpt2.numLayers, 3);
        QCOMPARE(gpt2.numHeads, 4);
        QCOMPARE(gpt2.maxPositions, 256);
        QCOMPARE(gpt2.intermediate, 4 * 64);
        QVERIFY(!gpt2.rope.enabled);
        QCOMPARE(gpt2.normEps, 1e-5);
        QCOMPARE(gpt2.activation, Activation::GeluTanh);
        QVERIFY(gpt2.tieEmbeddings);

        const auto qwen2moe = load("qwen2_moe");
        QCOMPARE(qwen2moe.numExperts, 4);
        QCOMPARE(qwen2moe.topK, 2);
        QVERIFY(!qwen2moe.normTopK);
        QCOMPARE(qwen2moe.moeIntermediate, 48);
        QCOMPARE(qwen2moe.sharedExpertIntermediate, 128);
        QCOMPARE(qwen2moe.layerIsMoe, flags({1, 1, 1}));
        QVERIFY(!qwen2moe.slidingWindow);  // "sliding_window": 0

        const auto qwen3moe = load("qwen3_moe");
        QCOMPARE(qwen3moe.numExperts, 4);
        QCOMPARE(qwen3moe.topK, 2);
        QVERIFY(qwen3moe.normTopK);
        QCOMPARE(qwen3moe.moeIntermediate, 48);
        QCOMPARE(qwen3moe.sharedExpertIntermediate, 0);

        const auto mixtral = load("mixtral");
        QCOMPARE(mixtral.numExperts, 4);
        QCOMPARE(mixtral.topK, 2);
        QVERIFY(mixtral.normTopK);
        QCOMPARE(mixtral.moeIntermediate, 128);
        QCOMPARE(mixtral.rope.theta, 1e6);
        QVERIFY(parse(patched("mixtral", R"({"norm_topk_prob": false})")).normTopK);  // Mixtral always renormalises

        const auto l3 = load("llama3_rope");
        QCOMPARE(l3.rope.type, RopeType::Llama3);
        QCOMPARE(l3.rope.theta, 500000.0);
        QCOMPARE(l3.rope.factor, 8.0);
        QCOMPARE(l3.rope.lowFreqFactor, 1.0);
        QCOMPARE(l3.rope.highFreqFactor, 4.0);
        QCOMPARE(l3.rope.originalMaxPositions, 16);

        QCOMPARE(load("mistral_swa").slidingWindow.value_or(-1), 8);
        QCOMPARE(load("mistral_swa").layerSliding, flags({1, 1, 1}));
        QCOMPARE(load("olmo2").normEps, 1e-5);
        QCOMPARE(load("phi3").rope.partialRotaryFactor, 1.0);
    }

    // Legacy spellings of a fixture's config give exactly the fixture's HParams.
    void legacyFormsAreEquivalent_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("patch");
        QTest::newRow("rope_theta + torch_dtype") << "llama" << R"({"rope_parameters": null, "rope_theta": 10000.0, "dtype": null, "torch_dtype": "float32"})";
        QTest::newRow("rope_scaling llama3") << "llama3_rope" << R"({"rope_parameters": null, "rope_theta": 500000.0, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 16}})";
        QTest::newRow("rope_scaling llama3 'type'") << "llama3_rope" << R"({"rope_parameters": null, "rope_theta": 500000.0, "rope_scaling": {"type": "llama3", "factor": 8, "low_freq_factor": 1, "high_freq_factor": 4, "original_max_position_embeddings": 16}})";
        QTest::newRow("gemma2 without layer_types") << "gemma2" << R"({"layer_types": null})";
        QTest::newRow("gemma3 legacy") << "gemma3_text" << R"({"rope_parameters": null, "layer_types": null, "_sliding_window_pattern": null, "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0, "sliding_window_pattern": 2})";
        QTest::newRow("gemma3 _sliding_window_pattern") << "gemma3_text" << R"({"rope_parameters": null, "layer_types": null, "_sliding_window_pattern": 2})";
        QTest::newRow("qwen2 without layer_types") << "qwen2" << R"({"layer_types": null})";
        QTest::newRow("qwen3_moe num_experts") << "qwen3_moe" << R"({"num_local_experts": null, "num_experts": 4})";
        QTest::newRow("gpt2 canonical keys") << "gpt2" << R"({"n_embd": null, "n_layer": null, "n_head": null, "n_positions": null, "hidden_size": 64, "num_hidden_layers": 3, "num_attention_heads": 4, "max_position_embeddings": 256})";
        QTest::newRow("phi3 top-level partial factor") << "phi3" << R"({"rope_parameters": null, "rope_theta": 10000.0, "partial_rotary_factor": 1.0})";
        QTest::newRow("integral floats") << "llama" << R"({"hidden_size": 64.0, "num_hidden_layers": 3.0})";
    }
    void legacyFormsAreEquivalent() {
        QFETCH(QString, fixture);
        QFETCH(QString, patch);
        const auto want = loadHParams(kModels + "/" + fixture.toStdString());
        compareHParams(parse(patched(fixture.toStdString(), patch.toStdString())), want);
    }

    void legacyRopeScaling() {
        const auto linear = parse(patched("llama", R"({"rope_parameters": null, "rope_theta": 10000, "rope_scaling": {"type": "linear", "factor": 2}})"));
        QCOMPARE(linear.rope.type, RopeType::Linear);
        QCOMPARE(linear.rope.factor, 2.0);
        QCOMPARE(linear.rope.theta, 10000.0);
        QCOMPARE(linear.ropeLocal.type, RopeType::Linear);

        const auto dynamic = parse(patched("llama", R"({"rope_parameters": null, "rope_theta": 20000, "rope_scaling": {"rope_type": "dynamic", "factor": 4.0}})"));
        QCOMPARE(dynamic.rope.type, RopeType::Dynamic);
        QCOMPARE(dynamic.rope.factor, 4.0);
        QCOMPARE(dynamic.rope.theta, 20000.0);

        const auto none = parse(patched("llama", R"({"rope_parameters": null, "rope_theta": 10000, "rope_scaling": null})"));
        QCOMPARE(none.rope.type, RopeType::Default);

        QCOMPARE(parse(patched("llama", R"({"dtype": null, "torch_dtype": "bfloat16"})")).dtype, std::string("bfloat16"));
        QCOMPARE(parse(patched("llama", R"({"dtype": null})")).dtype, std::string("float32"));
    }

    void legacyGemma() {
        // Gemma 2 without layer_types: even layers slide.
        const auto g2 = parse(patched("gemma2", R"({"layer_types": null, "num_hidden_layers": 6, "sliding_window": 4096, "query_pre_attn_scalar": 64})"));
        QCOMPARE(g2.layerSliding, flags({1, 0, 1, 0, 1, 0}));
        QCOMPARE(g2.slidingWindow.value_or(-1), 4096);
        QCOMPARE(g2.attnScale, 0.125);

        // Gemma 3 with sliding_window_pattern and rope_local_base_freq.
        const auto g3 = parse(patched("gemma3_text", R"({"rope_parameters": null, "layer_types": null, "_sliding_window_pattern": null, "num_hidden_layers": 12, "sliding_window_pattern": 4, "rope_theta": 500000, "rope_local_base_freq": 20000})"));
        QCOMPARE(g3.layerSliding, flags({1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0}));
        QCOMPARE(g3.rope.theta, 500000.0);
        QCOMPARE(g3.ropeLocal.theta, 20000.0);

        // ... and without both: pattern 6, local theta 1e4, global theta 1e6.
        const auto d = parse(patched("gemma3_text", R"({"rope_parameters": null, "layer_types": null, "_sliding_window_pattern": null, "num_hidden_layers": 12})"));
        QCOMPARE(d.layerSliding, flags({1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0}));
        QCOMPARE(d.rope.theta, 1e6);
        QCOMPARE(d.ropeLocal.theta, 1e4);
        QCOMPARE(d.ropeLocal.type, RopeType::Default);

        // Gemma 3 4B style: linear scaling on global layers only.
        const auto s = parse(patched("gemma3_text", R"({"rope_parameters": null, "rope_scaling": {"rope_type": "linear", "factor": 8.0}})"));
        QCOMPARE(s.rope.type, RopeType::Linear);
        QCOMPARE(s.rope.factor, 8.0);
        QCOMPARE(s.rope.theta, 1e6);
        QCOMPARE(s.ropeLocal.type, RopeType::Default);
        QCOMPARE(s.ropeLocal.theta, 1e4);
    }

    void legacySlidingWindow() {
        const auto on = parse(patched("qwen2", R"({"layer_types": null, "num_hidden_layers": 4, "use_sliding_window": true, "sliding_window": 4096, "max_window_layers": 2})"));
        QCOMPARE(on.layerSliding, flags({0, 0, 1, 1}));
        QCOMPARE(on.slidingWindow.value_or(-1), 4096);
        const auto off = parse(patched("qwen2", R"({"layer_types": null, "num_hidden_layers": 4, "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 2})"));
        QCOMPARE(off.layerSliding, flags({0, 0, 0, 0}));

        auto explicitNull = fixtureConfig("mistral");
        explicitNull["sliding_window"] = nullptr;
        const auto nullWindow = parse(explicitNull);
        QVERIFY(!nullWindow.slidingWindow);
        QCOMPARE(nullWindow.layerSliding, flags({0, 0, 0}));
        QVERIFY(!off.slidingWindow);  // transformers: None unless use_sliding_window
        const auto window = parse(patched("mistral", R"({"sliding_window": 4096})"));
        QCOMPARE(window.slidingWindow.value_or(-1), 4096);
        QCOMPARE(window.layerSliding, flags({1, 1, 1}));

        QCOMPARE(parse(patched("gpt2", R"({"n_inner": 100})")).intermediate, 100);
    }

    // Keys a config leaves out take transformers' defaults; an explicit null means "none".
    void missingKeysTakeTransformersDefaults() {
        const auto mistral = parse(patched("mistral", R"({"sliding_window": null})"));  // patch removes the key
        QCOMPARE(mistral.slidingWindow.value_or(-1), 4096);
        QCOMPARE(mistral.layerSliding, flags({1, 1, 1}));

        const auto gemma2 = parse(patched("gemma2", R"({"attn_logit_softcapping": null, "final_logit_softcapping": null,
                                                         "sliding_window": null, "layer_types": null})"));
        QCOMPARE(gemma2.attnSoftcap, 50.0);
        QCOMPARE(gemma2.finalSoftcap, 30.0);
        QCOMPARE(gemma2.slidingWindow.value_or(-1), 4096);
        QCOMPARE(gemma2.layerSliding, flags({1, 0, 1}));
        auto uncapped = fixtureConfig("gemma2");
        uncapped["attn_logit_softcapping"] = nullptr;
        uncapped["final_logit_softcapping"] = nullptr;
        QCOMPARE(parse(uncapped).attnSoftcap, 0.0);
        QCOMPARE(parse(uncapped).finalSoftcap, 0.0);

        const auto gemma3 = parse(patched("gemma3_text", R"({"attn_logit_softcapping": null, "final_logit_softcapping": null})"));
        QCOMPARE(gemma3.attnSoftcap, 0.0);
        QCOMPARE(gemma3.finalSoftcap, 0.0);
    }

    // --- bad configs ---------------------------------------------------------------------------------

    void badConfig_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("key");  // must appear in what() and in the error's key
        QTest::newRow("missing model_type") << "llama" << R"({"model_type": null})" << "model_type";
        QTest::newRow("model_type not a string") << "llama" << R"({"model_type": 7})" << "model_type";
        QTest::newRow("heads % kv heads") << "llama" << R"({"num_key_value_heads": 3})" << "num_key_value_heads";
        QTest::newRow("zero kv heads") << "llama" << R"({"num_key_value_heads": 0})" << "num_key_value_heads";
        QTest::newRow("negative hidden") << "llama" << R"({"hidden_size": -64})" << "hidden_size";
        QTest::newRow("negative layers") << "llama" << R"({"num_hidden_layers": -3})" << "num_hidden_layers";
        QTest::newRow("missing vocab") << "llama" << R"({"vocab_size": null})" << "vocab_size";
        QTest::newRow("float heads") << "llama" << R"({"num_attention_heads": 4.5})" << "num_attention_heads";
        QTest::newRow("huge float vocab") << "llama" << R"({"vocab_size": 1e300})" << "vocab_size";
        QTest::newRow("huge int vocab") << "llama" << R"({"vocab_size": 18446744073709551615})" << "vocab_size";
        QTest::newRow("vocab beyond uint64") << "llama" << R"({"vocab_size": 1000000000000000000000000})" << "vocab_size";
        QTest::newRow("huge intermediate") << "llama" << R"({"intermediate_size": 1099511627777})" << "intermediate_size";
        QTest::newRow("huge layer count") << "llama" << R"({"num_hidden_layers": 1000000})" << "num_hidden_layers";
        QTest::newRow("zero head_dim") << "llama" << R"({"head_dim": 0})" << "head_dim";
        QTest::newRow("hidden < heads") << "llama" << R"({"head_dim": null, "hidden_size": 2})" << "hidden_size";
        QTest::newRow("string hidden") << "llama" << R"({"hidden_size": "64"})" << "hidden_size";
        QTest::newRow("NaN string eps") << "llama" << R"({"rms_norm_eps": "NaN"})" << "rms_norm_eps";
        QTest::newRow("NaN string theta") << "llama" << R"({"rope_parameters": {"rope_theta": "NaN"}})" << "rope_theta";
        QTest::newRow("Infinity string factor") << "llama3_rope" << R"({"rope_parameters": {"factor": "Infinity"}})" << "factor";
        QTest::newRow("negative eps") << "llama" << R"({"rms_norm_eps": -1e-6})" << "rms_norm_eps";
        QTest::newRow("negative theta") << "llama" << R"({"rope_parameters": {"rope_theta": -10000}})" << "rope_theta";
        QTest::newRow("zero linear factor") << "llama" << R"({"rope_parameters": {"rope_type": "linear", "factor": 0}})" << "factor";
        QTest::newRow("partial factor > 1") << "llama" << R"({"rope_parameters": {"partial_rotary_factor": 1.5}})" << "partial_rotary_factor";
        QTest::newRow("llama3 without original") << "llama3_rope" << R"({"rope_parameters": {"original_max_position_embeddings": null}})" << "original_max_position_embeddings";
        QTest::newRow("rope yarn") << "llama" << R"({"rope_parameters": {"rope_type": "yarn", "factor": 4.0}})" << "rope_type";
        QTest::newRow("rope_scaling yarn") << "llama" << R"({"rope_parameters": null, "rope_scaling": {"type": "yarn", "factor": 4.0}})" << "rope_scaling";
        QTest::newRow("rope_scaling not object") << "llama" << R"({"rope_parameters": null, "rope_scaling": "linear"})" << "rope_scaling";
        QTest::newRow("unknown activation") << "llama" << R"({"hidden_act": "swiglu"})" << "hidden_act";
        QTest::newRow("tie not bool") << "llama" << R"({"tie_word_embeddings": "yes"})" << "tie_word_embeddings";
        QTest::newRow("top-k > experts") << "mixtral" << R"({"num_experts_per_tok": 5})" << "num_experts_per_tok";
        QTest::newRow("zero top-k") << "qwen3_moe" << R"({"num_experts_per_tok": 0})" << "num_experts_per_tok";
        QTest::newRow("negative experts") << "qwen2_moe" << R"({"num_experts": -4})" << "num_experts";
        QTest::newRow("missing experts") << "qwen3_moe" << R"({"num_local_experts": null})" << "num_experts";
        QTest::newRow("mlp_only_layers range") << "qwen3_moe" << R"({"mlp_only_layers": [3]})" << "mlp_only_layers";
        QTest::newRow("layer_types short") << "gemma2" << R"({"layer_types": ["sliding_attention", "full_attention"]})" << "layer_types";
        QTest::newRow("layer_types not list") << "gemma2" << R"({"layer_types": "sliding_attention"})" << "layer_types";
        QTest::newRow("unknown layer type") << "qwen3" << R"({"layer_types": ["full_attention", "chunked_attention", "full_attention"]})" << "layer_types";
        QTest::newRow("sliding layer, no window") << "gemma2" << R"({"sliding_window": 0})" << "sliding_window";
        QTest::newRow("sliding layer, window 0") << "gemma3_text" << R"({"sliding_window": 0})" << "sliding_window";
        QTest::newRow("negative window") << "mistral" << R"({"sliding_window": -8})" << "sliding_window";
        QTest::newRow("negative query scalar") << "gemma2" << R"({"query_pre_attn_scalar": -16})" << "query_pre_attn_scalar";
    }
    void badConfig() {
        QFETCH(QString, fixture);
        QFETCH(QString, patch);
        QFETCH(QString, key);
        const auto config = patched(fixture.toStdString(), patch.toStdString());
        Error::Context context;
        const auto what = errorOf([&] { parse(config); }, &context);
        QVERIFY2(contains(what, key.toStdString()), what.c_str());
        QVERIFY2(contains(context.key, key.toStdString()), what.c_str());
        QCOMPARE(context.file, std::string("test/config.json"));
        QVERIFY2(what.find('\n') == std::string::npos, what.c_str());  // one line for the CLI
    }

    void unknownModelTypeListsSupported() {
        const auto what = errorOf([] { parse(patched("llama", R"({"model_type": "bert"})")); });
        QVERIFY2(contains(what, "key 'model_type'") && contains(what, "'bert'"), what.c_str());
        for (const auto& type : supportedModelTypes()) QVERIFY2(contains(what, type), what.c_str());
        QVERIFY(supportedModelTypes().size() >= 13);
    }

    void notAConfig() {
        QVERIFY(contains(errorOf([] { parse(json::array({1, 2})); }), "test/config.json"));
        QVERIFY(contains(errorOf([] { parse(json("llama")); }), "test/config.json"));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto path = dir.filePath("config.json").toStdString();
        const auto write = [&](const std::string& text) { std::ofstream(path, std::ios::trunc) << text; };
        write(R"({"model_type": "llama", "vocab_size": 512,)");
        auto what = errorOf([&] { loadHParams(dir.path().toStdString()); });
        QVERIFY2(contains(what, path) && contains(what, "JSON"), what.c_str());
        QVERIFY2(what.find('\n') == std::string::npos, what.c_str());
        write(R"([{"model_type": "llama"}])");
        what = errorOf([&] { loadHParams(dir.path().toStdString()); });
        QVERIFY2(contains(what, path) && contains(what, "object"), what.c_str());
        write("");
        QVERIFY(contains(errorOf([&] { loadHParams(dir.path().toStdString()); }), path));

        what = errorOf([&] { loadHParams(dir.filePath("absent").toStdString()); });
        QVERIFY2(contains(what, dir.filePath("absent").toStdString()), what.c_str());
        QVERIFY(QFile::remove(QString::fromStdString(path)));
        what = errorOf([&] { loadHParams(dir.path().toStdString()); });
        QVERIFY2(contains(what, "config.json"), what.c_str());
    }
};

QTEST_APPLESS_MAIN(TestHParams)
#include "test_hparams.moc"
