// BTS (Branch-Train-Stitch) end to end (issue 5): the stitch schedule as MixtureKit places it, the
// stitch formulas, the composed checkpoint's names / config / manifest, and the runtime: identical
// experts reproduce the dense model, each expert stream is exactly that expert's own model, stitch
// gates are captured as routing sites, and MixtureKit checkpoints without stitch weights still load.

#include "compose_fixtures.h"

#include "core/compose/composer.h"
#include "core/compose/expert_check.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/model/stitch.h"
#include "core/model/stitch_schedule.h"
#include "core/routing/capture.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace moe;
using namespace moe::testing;
using nlohmann::json;

namespace {

ComposeConfig btsConfig(std::vector<std::string> experts, int freq) {
    auto c = makeConfig(ComposeMethod::Bts, std::move(experts), 0);
    c.stitchFreq = freq;
    return c;
}

std::string schedule(int layers, int freq) {
    std::string s;
    for (const auto& p : stitchSchedule(layers, freq)) s += std::to_string(p.layer) + (p.toHub ? "h " : "e ");
    return s;
}

}  // namespace

class TestComposeBts : public QObject {
    Q_OBJECT

private slots:
    // MixtureKit: every freq-th block but 0, the last always; hub→experts first, alternating, the
    // last forced experts→hub (so two to-hub stitches can follow each other).
    void stitchSchedule_() {
        QCOMPARE(schedule(24, 5), std::string("5e 10h 15e 20h 23h "));
        QCOMPARE(schedule(3, 1), std::string("1e 2h "));
        QCOMPARE(schedule(3, 5), std::string("2h "));
        QCOMPARE(schedule(4, 3), std::string("3h "));
        QCOMPARE(schedule(7, 2), std::string("2e 4h 6h "));
        QCOMPARE(schedule(1, 1), std::string("0h "));
        std::string explicitLayers;
        for (const auto& p : stitchSchedule(8, 2, std::vector<int>{5, 1})) explicitLayers += std::to_string(p.layer) + (p.toHub ? "h " : "e ");
        QCOMPARE(explicitLayers, std::string("1e 5h 7h "));
    }

    // The formulas of stitch.h against a direct evaluation, both directions, three streams.
    void stitchFormulas() {
        at::manual_seed(3);
        const std::int64_t H = 8;
        StitchWeights s{4, true, {}, {}};
        for (int i = 0; i < 2; ++i) s.proj.push_back(at::randn({H, H}));
        for (int j = 0; j < 3; ++j) s.gate.push_back(at::randn({H, H}));
        const auto hub0 = at::randn({2, 5, H});
        const std::vector<at::Tensor> ex0{at::randn({2, 5, H}), at::randn({2, 5, H})};

        auto hub = hub0.clone();
        auto ex = ex0;
        RouterLogits site;
        applyStitch(hub, ex, s, &site);
        auto g = at::stack({at::matmul(hub0, s.gate[0].t()), at::matmul(hub0, s.gate[1].t()), at::matmul(hub0, s.gate[2].t())}, -1).softmax(-1);
        const auto expected = g.select(-1, 0) * hub0 + g.select(-1, 1) * at::matmul(ex0[0], s.proj[0].t()) +
                              g.select(-1, 2) * at::matmul(ex0[1], s.proj[1].t());
        QVERIFY(at::allclose(hub, expected, 1e-5, 1e-6));
        QVERIFY(at::equal(ex[0], ex0[0]) && at::equal(ex[1], ex0[1]));  // expert streams untouched
        QCOMPARE(site.site, std::string("4.stitch"));
        QCOMPARE(site.direction, std::string("to_hub"));
        QCOMPARE(site.weights.sizes(), (at::IntArrayRef{10, 3}));
        QVERIFY(at::allclose(site.weights, g.mean(2).reshape({10, 3})));
        QVERIFY(at::allclose(site.weights.sum(-1), at::ones({10})));

        s.toHub = false;
        hub = hub0.clone();
        ex = ex0;
        applyStitch(hub, ex, s, &site);
        QVERIFY(at::equal(hub, hub0));
        for (int i = 0; i < 2; ++i) {
            const auto gi = at::sigmoid(at::matmul(hub0, s.gate[static_cast<std::size_t>(i) + 1].t()));
            const auto want = (1 - gi) * ex0[static_cast<std::size_t>(i)] + gi * at::matmul(hub0, s.proj[static_cast<std::size_t>(i)].t());
            QVERIFY(at::allclose(ex[static_cast<std::size_t>(i)], want, 1e-5, 1e-6));
            QVERIFY(at::allclose(site.weights.select(1, i + 1), gi.mean(-1).reshape({10})));
        }
        QCOMPARE(site.direction, std::string("to_experts"));
        QCOMPARE(site.weights.select(1, 0).abs().sum().item<double>(), 0.0);
    }

    void namesConfigAndManifest() {
        QTemporaryDir tmp;
        const auto a = perturbed(tmp, "llama", 1), b = perturbed(tmp, "llama", 2), c = perturbed(tmp, "llama", 3);
        const auto out = tmp.filePath("bts").toStdString();
        const auto summary = compose(btsConfig({a, b, c}, 1), {.outDir = out});
        const Checkpoint ck(out), ca(a), cc(c);
        // The hub keeps expert 0's names and values.
        QVERIFY(at::equal(tensorView(ck, "model.layers.1.mlp.up_proj.weight"), tensorView(ca, "model.layers.1.mlp.up_proj.weight")));
        QVERIFY(at::equal(tensorView(ck, "model.norm.weight"), tensorView(ca, "model.norm.weight")));
        // Expert 2 (index 1 among the non-hub experts) keeps its blocks and embedding; not its head or norm.
        QVERIFY(at::equal(tensorView(ck, "model.expert_layers.2.1.self_attn.q_proj.weight"), tensorView(cc, "model.layers.2.self_attn.q_proj.weight")));
        QVERIFY(at::equal(tensorView(ck, "model.expert_embed_tokens.1.weight"), tensorView(cc, "model.embed_tokens.weight")));
        QVERIFY(!ck.contains("model.expert_layers.0.2.mlp.up_proj.weight"));
        for (const auto& n : ck.names()) QVERIFY2(n.find("expert_norm") == std::string::npos && n.find("expert_lm_head") == std::string::npos, n.c_str());
        // Stitches after blocks 1 (hub→experts) and 2 (experts→hub): W_proj = I (N-1 of them), W_gate = 0 (N).
        QVERIFY(at::equal(tensorView(ck, "model.layers.1.stitches.w_proj.1.weight"), at::eye(64)));
        QVERIFY(!ck.contains("model.layers.1.stitches.w_proj.2.weight"));
        QCOMPARE(tensorView(ck, "model.layers.2.stitches.w_gate.2.weight").abs().sum().item<double>(), 0.0);
        QVERIFY(!ck.contains("model.layers.0.stitches.w_gate.0.weight"));
        QCOMPARE(summary.stitches, std::size_t(2 * (2 + 3)));
        QCOMPARE(summary.activeParams, summary.totalParams);
        json cfg, manifest;
        std::ifstream(out + "/config.json") >> cfg;
        std::ifstream(out + "/moe_studio.json") >> manifest;
        QCOMPARE(cfg["moe_method"], "bts");
        QCOMPARE(cfg["num_experts"], 3);
        QCOMPARE(cfg["stitch_freq"], 1);
        QCOMPARE(cfg["base_model_type"], "llama");
        QCOMPARE(manifest["stitches"], json::parse(R"([{"layer":1,"direction":"to_experts"},{"layer":2,"direction":"to_hub"}])"));
    }

    // With identical experts every stream carries the same state and any stitch mix of equal states
    // (W_proj = I) is that state: the dense model's logits.
    void identicalExpertsReproduceTheDenseModel_data() {
        QTest::addColumn<QString>("fixture");
        for (const char* f : {"llama", "gemma2", "qwen3", "mistral_swa"}) QTest::newRow(f) << f;
    }
    void identicalExpertsReproduceTheDenseModel() {
        QFETCH(QString, fixture);
        const auto src = kModels + "/" + fixture.toStdString();
        QTemporaryDir tmp;
        const auto out = tmp.filePath("bts").toStdString();
        compose(btsConfig({src, src, src}, 1), {.outDir = out});
        const auto ids = referenceIds(fixture.toStdString());
        const auto diff = maxDiff(logitsOf(out, ids), logitsOf(src, ids));
        QVERIFY2(diff < 1e-5, std::to_string(diff).c_str());
    }

    // Distinct experts, one final experts→hub stitch with zero gates (weight 1/2 each): with W_proj = 0
    // the hub's state is halved, which the final RMS norm undoes (with a tiny epsilon) — the hub model's logits; with
    // W_proj = 1e4 I the expert's state dominates — the expert model's own logits (Gemma 2: its own
    // √hidden embedding scaling, sliding windows and soft-caps; Llama: its own embedding).
    void eachStreamIsItsOwnModel_data() {
        QTest::addColumn<QString>("fixture");
        for (const char* f : {"llama", "gemma2"}) QTest::newRow(f) << f;
    }
    void eachStreamIsItsOwnModel() {
        QFETCH(QString, fixture);
        QTemporaryDir tmp;
        const auto f = fixture.toStdString();
        const auto hub = perturbed(tmp, f, 1), expert = perturbed(tmp, f, 2);
        // A negligible norm epsilon, so that halving a state does not change its normalised value.
        for (const auto& dir : {hub, expert}) {
            json cfg;
            std::ifstream(dir + "/config.json") >> cfg;
            cfg["rms_norm_eps"] = 1e-12;
            std::ofstream(dir + "/config.json") << cfg.dump();
        }
        // The hub's final norm and head make the logits: give the expert the same ones (and, when the
        // head is the tied embedding, the same embedding) so that its own model is the reference.
        {
            const Checkpoint hubCk(hub);
            const bool tied = !hubCk.contains("lm_head.weight");
            rewriteCheckpoint(expert, [&](const std::string& n, at::Tensor& t) {
                if (n == "model.norm.weight" || n == "lm_head.weight" || (tied && n == "model.embed_tokens.weight")) t = tensorView(hubCk, n).clone();
            });
        }
        const auto out = tmp.filePath("bts").toStdString();
        compose(btsConfig({hub, expert}, 100), {.outDir = out});
        const auto ids = referenceIds(f);
        QVERIFY(maxDiff(logitsOf(hub, ids), logitsOf(expert, ids)) > 1e-2);  // the experts really differ

        rewriteCheckpoint(out, [](const std::string& n, at::Tensor& t) { if (n.find("w_proj") != std::string::npos) t.zero_(); });
        auto diff = maxDiff(logitsOf(out, ids), logitsOf(hub, ids));
        QVERIFY2(diff < 1e-4, std::to_string(diff).c_str());

        rewriteCheckpoint(out, [](const std::string& n, at::Tensor& t) {
            if (n.find("w_proj") != std::string::npos) t = at::eye(t.size(0), t.options()) * 1e4;
        });
        const auto got = logitsOf(out, ids), want = logitsOf(expert, ids);
        diff = maxDiff(got, want) / want.abs().max().item<double>();
        QVERIFY2(diff < 1e-3, std::to_string(diff).c_str());
    }

    void stitchGatesAreRoutingSites() {
        QTemporaryDir tmp;
        const auto a = perturbed(tmp, "qwen3", 1), b = perturbed(tmp, "qwen3", 2);
        const auto out = tmp.filePath("bts").toStdString();
        auto config = btsConfig({a, b}, 1);
        config.experts[0].name = "hub model";
        config.experts[1].name = "code";
        compose(config, {.outDir = out});
        const auto model = Model::load(out);
        const auto ids = referenceIds("qwen3");
        const auto r = model->forward(ids);
        QCOMPARE(r.routers.size(), std::size_t(2));
        QCOMPARE(r.routers[0].site, std::string("1.stitch"));
        QCOMPARE(r.routers[1].site, std::string("2.stitch"));
        const auto trace = captureTrace(*model, ids[0]);
        QCOMPARE(trace.method, std::string("bts"));
        QCOMPARE(trace.experts, (std::vector<std::string>{"hub model", "code"}));
        QCOMPARE(trace.sites[0], (RoutingSite{1, "stitch", "to_experts"}));
        QCOMPARE(trace.sites[1], (RoutingSite{2, "stitch", "to_hub"}));
        // Zero gates: sigmoid 1/2 for the expert (0 for the hub), softmax 1/2 each.
        QCOMPARE(trace.weight(0, 0, 0), 0.0f);
        QCOMPARE(trace.weight(0, 0, 1), 0.5f);
        QCOMPARE(trace.weight(1, 3, 0), 0.5f);
        QCOMPARE(trace.weight(1, 3, 1), 0.5f);
    }

    // MixtureKit does not save stitch weights: they get W_proj = I, W_gate = 0, with a warning.
    void mixtureKitCheckpointWithoutStitchWeights() {
        QTemporaryDir tmp;
        const auto a = perturbed(tmp, "llama", 1), b = perturbed(tmp, "llama", 2);
        const auto out = tmp.filePath("bts").toStdString();
        compose(btsConfig({a, b}, 2), {.outDir = out});
        const auto ids = referenceIds("llama");
        const auto before = logitsOf(out, ids);
        rewriteCheckpoint(out, [](const std::string& n, at::Tensor& t) { if (n.find("stitches") != std::string::npos) t = at::Tensor(); });
        const auto model = Model::load(out);
        QCOMPARE(model->warnings().size(), std::size_t(1));
        QVERIFY(QString::fromStdString(model->warnings()[0]).contains("stitch"));
        QVERIFY(maxDiff(model->forward(ids).logits, before) < 1e-6);
    }

    void badBtsConfigs() {
        QTemporaryDir tmp;
        const auto a = kModels + "/llama";
        auto config = btsConfig({a, a}, 1);
        config.baseModel = a;
        auto problems = checkExperts(config);
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0].key, std::string("base_model"));

        // A GPT-2 expert: its names (transformer.h.N) have no place in the BTS layout.
        const auto g = kModels + "/gpt2";
        problems = checkExperts(btsConfig({g, g}, 1));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(problems[0].message).contains("BTS"));

        // Another vocabulary size: refused, naming the tensor.
        const auto big = tmp.filePath("bigvocab").toStdString();
        std::filesystem::create_directories(big);
        json cfg;
        std::ifstream(a + "/config.json") >> cfg;
        cfg["vocab_size"] = 520;
        std::ofstream(big + "/config.json") << cfg.dump();
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        const Checkpoint ck(a);
        for (const auto& n : ck.names()) {
            auto t = tensorView(ck, n).clone();
            if (n == "model.embed_tokens.weight" || n == "lm_head.weight") t = at::cat({t, at::zeros({8, t.size(1)})});
            tensors.emplace_back(n, t);
        }
        writeTensors(big + "/model.safetensors", tensors);
        problems = checkExperts(btsConfig({a, big}, 1));
        QVERIFY(!problems.empty());
        QVERIFY(QString::fromStdString(problems[0].message).contains("vocabulary"));
        QVERIFY_THROWS_EXCEPTION(Error, compose(btsConfig({a, big}, 1), {.outDir = tmp.filePath("x").toStdString()}));
        QVERIFY(!std::filesystem::exists(tmp.filePath("x").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestComposeBts)
#include "test_compose_bts.moc"
