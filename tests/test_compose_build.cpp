// Composition end to end (issue 5 acceptance, Traditional and BTX): identical experts reproduce the
// dense model whatever the routers and k; BTX with k = E and zero routers equals the dense model whose
// weights are the expert average; names, config keys and the manifest are as DESIGN §5 says; the
// output appears atomically and bad configs write nothing.

#include "compose_fixtures.h"

#include "core/compose/composer.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
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
namespace fs = std::filesystem;

class TestComposeBuild : public QObject {
    Q_OBJECT

private slots:
    void identicalExpertsReproduceTheDenseModel_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("k");
        for (const char* f : {"llama", "qwen3", "gemma2", "mistral_swa"}) {
            QTest::newRow((std::string(f) + " traditional k1").c_str()) << f << int(ComposeMethod::Traditional) << 1;
            QTest::newRow((std::string(f) + " btx k2").c_str()) << f << int(ComposeMethod::Btx) << 2;
            QTest::newRow((std::string(f) + " btx k3").c_str()) << f << int(ComposeMethod::Btx) << 3;
        }
    }
    void identicalExpertsReproduceTheDenseModel() {
        QFETCH(QString, fixture);
        QFETCH(int, method);
        QFETCH(int, k);
        const auto src = kModels + "/" + fixture.toStdString();
        QTemporaryDir tmp;
        const auto out = tmp.filePath("moe").toStdString();
        const auto config = makeConfig(static_cast<ComposeMethod>(method), {src, src, src}, k,
                                       {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "self_attn.q_proj", "self_attn.o_proj"});
        compose(config, {.outDir = out});
        const auto ids = referenceIds(fixture.toStdString());
        QVERIFY(maxDiff(logitsOf(out, ids), logitsOf(src, ids)) < 1e-5);
    }

    // k = E with zero routers: every expert gets 1/E, and a linear layer's output mean is the output of
    // the mean weights — the dense model built from the averaged weights.
    void btxZeroRoutersEqualTheAverageModel() {
        QTemporaryDir tmp;
        const auto a = perturbed(tmp, "llama", 1), b = perturbed(tmp, "llama", 2);
        const auto out = tmp.filePath("btx").toStdString(), avg = tmp.filePath("avg").toStdString();
        compose(makeConfig(ComposeMethod::Btx, {a, b}, 2, {"mlp.gate_proj", "mlp.down_proj", "self_attn.v_proj"}), {.outDir = out});
        // Zero every router in place (the files are ours), and build the dense average model.
        const Checkpoint composed(out);
        std::vector<std::pair<std::string, at::Tensor>> zeroed, dense;
        const Checkpoint ca(a), cb(b);
        for (const auto& n : composed.names()) {
            auto t = tensorView(composed, n).clone();
            if (n.find(".gate.weight") != std::string::npos) t.zero_();
            zeroed.emplace_back(n, t);
        }
        for (const auto& n : ca.names()) dense.emplace_back(n, (tensorView(ca, n) + tensorView(cb, n)) / 2);
        fs::remove(out + "/model.safetensors");
        writeTensors(out + "/model.safetensors", zeroed);
        fs::create_directories(avg);
        fs::copy_file(a + "/config.json", avg + "/config.json");
        writeTensors(avg + "/model.safetensors", dense);
        const auto ids = referenceIds("llama");
        const auto diff = maxDiff(logitsOf(out, ids), logitsOf(avg, ids));
        QVERIFY2(diff < 1e-5, std::to_string(diff).c_str());
        QVERIFY(maxDiff(logitsOf(out, ids), logitsOf(a, ids)) > 1e-3);  // and the experts really differ
    }

    void namesConfigAndManifest() {
        QTemporaryDir tmp;
        const auto src = kModels + "/llama";
        const auto out = tmp.filePath("t").toStdString();
        auto config = makeConfig(ComposeMethod::Traditional, {src, src}, 1);
        config.routerLayersIndex = std::vector<int>{0, 2};
        const auto summary = compose(config, {.outDir = out});
        const Checkpoint ck(out);
        QVERIFY(ck.contains("model.layers.0.gate.weight"));
        QCOMPARE(ck.info("model.layers.0.gate.weight").shape, (std::vector<std::int64_t>{2, 64}));
        QVERIFY(ck.contains("model.layers.2.mlp.down_proj.experts.expert_1.weight"));
        QVERIFY(!ck.contains("model.layers.0.mlp.up_proj.weight"));
        QVERIFY(ck.contains("model.layers.1.mlp.up_proj.weight"));  // block 1 stays dense (averaged)
        QVERIFY(!ck.contains("model.layers.1.gate.weight"));
        json c, m;
        std::ifstream(out + "/config.json") >> c;
        std::ifstream(out + "/moe_studio.json") >> m;
        QCOMPARE(c["model_type"], "composed");
        QCOMPARE(c["base_model_type"], "llama");
        QCOMPARE(c["moe_method"], "traditional");
        QCOMPARE(c["num_experts"], 2);
        QCOMPARE(c["num_experts_per_tok"], 1);
        QCOMPARE(c["router_layers_index"], json({0, 2}));
        QCOMPARE(m["parameters"]["total"].get<std::int64_t>(), summary.totalParams);
        QVERIFY(summary.activeParams < summary.totalParams);
        QCOMPARE(m["config"]["experts"][1]["model_id"], src);

        // Router sites in forward output and in a trace.
        const auto model = Model::load(out);
        const auto r = model->forward(referenceIds("llama"));
        QCOMPARE(r.routers.size(), std::size_t(2));
        QCOMPARE(r.routers[1].site, std::string("2"));
        const auto trace = captureTrace(*model, referenceIds("llama")[0]);
        QCOMPARE(trace.method, std::string("traditional"));
        QCOMPARE(trace.sites[1].layer, 2);
    }

    void btxSitesAreNamedLayerDotProj() {
        QTemporaryDir tmp;
        const auto src = kModels + "/qwen3";
        const auto out = tmp.filePath("b").toStdString();
        compose(makeConfig(ComposeMethod::Btx, {src, src}, 1, {"mlp.up_proj", "self_attn.k_proj"}), {.outDir = out});
        const auto r = Model::load(out)->forward(referenceIds("qwen3"));
        QCOMPARE(r.routers.size(), std::size_t(6));  // 3 blocks x 2 projections, in forward order
        QCOMPARE(r.routers[0].site, std::string("0.self_attn.k_proj"));
        QCOMPARE(r.routers[1].site, std::string("0.mlp.up_proj"));
        QCOMPARE(r.routers[0].weights.sum(-1).mean().item<double>(), 1.0);
    }

    // --format native (mixtral / qwen3_moe) gives the same logits as the mixturekit format in our runtime.
    void nativeExportMatchesMixtureKitFormat_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("nativeType");
        QTest::newRow("llama") << "llama" << "mixtral";
        QTest::newRow("mistral") << "mistral_swa" << "mixtral";
        QTest::newRow("qwen3") << "qwen3" << "qwen3_moe";
    }
    void nativeExportMatchesMixtureKitFormat() {
        QFETCH(QString, fixture);
        QFETCH(QString, nativeType);
        QTemporaryDir tmp;
        const auto f = fixture.toStdString();
        auto config = makeConfig(ComposeMethod::Traditional, {perturbed(tmp, f, 1), perturbed(tmp, f, 2), perturbed(tmp, f, 3)}, 2);
        config.routerLayersIndex = std::vector<int>{0, 2};  // block 1 stays dense
        const auto mk = tmp.filePath("mk").toStdString(), native = tmp.filePath("native").toStdString();
        compose(config, {.outDir = mk});
        compose(config, {.outDir = native, .native = true});
        json c;
        std::ifstream(native + "/config.json") >> c;
        QCOMPARE(c["model_type"].get<std::string>(), nativeType.toStdString());
        QVERIFY(!c.contains("base_model_type"));
        const auto model = Model::load(native);
        QCOMPARE(model->hparams().modelType, nativeType.toStdString());
        QVERIFY(!model->hparams().composed);
        const auto ids = referenceIds(f);
        const auto diff = maxDiff(model->forward(ids).logits, logitsOf(mk, ids));
        QVERIFY2(diff < 1e-5, std::to_string(diff).c_str());
    }

    void refusesToOverwriteAndWritesNothingOnBadInput() {
        QTemporaryDir tmp;
        const auto src = kModels + "/llama";
        const auto out = tmp.filePath("o").toStdString();
        fs::create_directories(out);
        std::ofstream(out + "/keep.txt") << "x";
        const auto config = makeConfig(ComposeMethod::Traditional, {src, src}, 1);
        bool threw = false;
        try {
            compose(config, {.outDir = out});
        } catch (const Error& e) {
            threw = std::string(e.what()).find("--force") != std::string::npos;
        }
        QVERIFY(threw);
        compose(config, {.outDir = out, .force = true});
        QVERIFY(!fs::exists(out + "/keep.txt"));
        QVERIFY(fs::exists(out + "/config.json"));

        const auto bad = tmp.filePath("bad").toStdString();
        auto wrong = makeConfig(ComposeMethod::Traditional, {src, kModels + "/qwen2"}, 1);
        threw = false;
        try {
            compose(wrong, {.outDir = bad});
        } catch (const Error& e) {
            threw = std::string(e.what()).find("architecture 'qwen2' differs") != std::string::npos;
        }
        QVERIFY(threw);
        QVERIFY(!fs::exists(bad));
        // A cancelled build leaves no output and no temporary folder.
        threw = false;
        try {
            compose(config, {.outDir = bad, .isCancelled = [] { return true; }});
        } catch (const Error&) {
            threw = true;
        }
        QVERIFY(threw);
        QCOMPARE(std::distance(fs::directory_iterator(tmp.path().toStdString()), fs::directory_iterator()), 1);
    }
};

QTEST_APPLESS_MAIN(TestComposeBuild)
#include "test_compose_build.moc"
