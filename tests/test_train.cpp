// Router / stitch training (issue 8 core): only routers or stitch weights change (every other tensor
// byte for byte the same), the load-balancing term balances, a resumed run equals a straight one, and
// bad requests fail before anything is written.

#include "compose_fixtures.h"

#include "core/compose/composer.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/train/balance_loss.h"
#include "core/train/router_trainer.h"

#include <ATen/ATen.h>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace moe;
using namespace moe::testing;
namespace fs = std::filesystem;

namespace {

// A composed model over two perturbed fixtures, with the byte-level tokenizer that fits vocab 512.
std::string composedModel(const QTemporaryDir& tmp, ComposeMethod method, const std::string& fixture = "qwen3") {
    const auto a = perturbed(tmp, fixture, 1), b = perturbed(tmp, fixture, 2);
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        fs::copy_file(MOE_TEST_DATA "/tokenizers/bytebpe512/" + std::string(f), a + "/" + f);
    auto config = makeConfig(method, {a, b}, 1, {"mlp.gate_proj", "mlp.up_proj"});
    config.stitchFreq = 1;
    const auto out = tmp.filePath(QString("model_%1").arg(int(method))).toStdString();
    compose(config, {.outDir = out});
    return out;
}

std::string corpus(const QTemporaryDir& tmp) {
    const auto path = tmp.filePath("corpus.txt").toStdString();
    std::ofstream out(path);
    for (int i = 0; i < 60; ++i)
        out << "The quick brown fox " << i << " jumps over the lazy dog.\nint main() { return " << i * 7 << "; }\n";
    return path;
}

TrainRequest request(const std::string& model, const std::string& data, const std::string& out, int steps) {
    TrainRequest r;
    r.modelDir = model;
    r.dataFiles = {data};
    r.outDir = out;
    r.options.steps = steps;
    r.options.batchSize = 4;
    r.options.seqLen = 24;
    r.options.lr = 0.05;
    r.options.warmupSteps = 2;
    r.options.evalEvery = 5;
    r.options.evalBatches = 2;
    r.options.seed = 3;
    return r;
}

bool sameBytes(const Checkpoint& a, const Checkpoint& b, const std::string& name) {
    const auto& ia = a.info(name);
    return ia.shape == b.info(name).shape && ia.dtype == b.info(name).dtype && std::memcmp(a.data(name), b.data(name), ia.nbytes()) == 0;
}

// alpha · LB summed over the model's routers on a fixed batch.
double balanceOn(const std::string& dir, const at::Tensor& ids) {
    const auto model = Model::load(dir);
    double total = 0;
    for (const auto& r : model->forward(ids).routers) total += loadBalancingLoss(r.logits, 1, 1.0).item<double>();
    return total;
}

}  // namespace

class TestTrain : public QObject {
    Q_OBJECT

private slots:
    void onlyRoutersChange() {
        QTemporaryDir tmp;
        const auto model = composedModel(tmp, ComposeMethod::Btx);
        const auto out = tmp.filePath("trained").toStdString();
        auto req = request(model, corpus(tmp), out, 12);
        int calls = 0;
        bool sawEval = false;
        req.onStep = [&](const TrainProgress& p) {
            ++calls;
            sawEval = sawEval || (p.evalPerplexity && *p.evalPerplexity > 1);
        };
        const auto summary = trainRouters(req);
        QCOMPARE(calls, 12);
        QVERIFY(sawEval);
        QCOMPARE(summary.trained.size(), std::size_t(3 * 2));  // 3 blocks x 2 routed projections
        const Checkpoint before(model), after(out);
        QCOMPARE(after.names(), before.names());
        int changed = 0;
        for (const auto& name : before.names()) {
            const bool router = name.find(".gate.weight") != std::string::npos;
            if (router) changed += !sameBytes(before, after, name);
            else QVERIFY2(sameBytes(before, after, name), name.c_str());
        }
        QCOMPARE(changed, 6);
        QVERIFY(fs::exists(out + "/tokenizer.json") && fs::exists(out + "/moe_studio.json") && fs::exists(out + "/trainer_state.safetensors"));
        QVERIFY(Model::load(out)->forward(referenceIds("qwen3")).logits.isfinite().all().item<bool>());
    }

    // Routers made peaked (×5: collapsing, yet not so saturated that the softmax has no gradient left),
    // then a large alpha: the routers spread the load.
    void balanceLossGoesDown() {
        QTemporaryDir tmp;
        const auto model = composedModel(tmp, ComposeMethod::Traditional);
        rewriteCheckpoint(model, [](const std::string& n, at::Tensor& t) { if (n.find(".gate.weight") != std::string::npos) t.mul_(5); });
        const auto out = tmp.filePath("balanced").toStdString();
        auto req = request(model, corpus(tmp), out, 30);
        req.options.alpha = 20;
        trainRouters(req);
        const auto ids = referenceIds("qwen3");
        const double before = balanceOn(model, ids), after = balanceOn(out, ids);
        qInfo("balance loss %.3f -> %.3f", before, after);
        QVERIFY2(after < before - 0.2, (std::to_string(before) + " -> " + std::to_string(after)).c_str());
    }

    // A 12-step schedule stopped after 6 steps, then resumed (optimiser state and step count) == 12 straight.
    void resumeEqualsStraightRun() {
        QTemporaryDir tmp;
        const auto model = composedModel(tmp, ComposeMethod::Btx);
        const auto data = corpus(tmp);
        const auto half = tmp.filePath("half").toStdString(), resumed = tmp.filePath("resumed").toStdString(),
                   straight = tmp.filePath("straight").toStdString();
        auto first = request(model, data, half, 12);
        first.stopAfter = 6;
        QCOMPARE(trainRouters(first).steps, 6);
        const auto summary = trainRouters(request(half, data, resumed, 12));
        QCOMPARE(summary.startStep, 6);
        trainRouters(request(model, data, straight, 12));
        const Checkpoint a(resumed), b(straight);
        for (const auto& name : a.names())
            QVERIFY2(at::allclose(tensorView(a, name), tensorView(b, name), 1e-5, 1e-6), name.c_str());
    }

    void btsTrainsTheStitches() {
        QTemporaryDir tmp;
        const auto model = composedModel(tmp, ComposeMethod::Bts, "llama");
        const auto out = tmp.filePath("stitched").toStdString();
        const auto summary = trainRouters(request(model, corpus(tmp), out, 4));
        QCOMPARE(summary.trained.size(), std::size_t(2 * 3));  // 2 stitches x (1 w_proj + 2 w_gate)
        const Checkpoint before(model), after(out);
        for (const auto& name : before.names())
            if (name.find("stitches") == std::string::npos) QVERIFY2(sameBytes(before, after, name), name.c_str());
        QVERIFY(!sameBytes(before, after, "model.layers.2.stitches.w_gate.1.weight"));
    }

    void badRequests() {
        QTemporaryDir tmp;
        const auto data = corpus(tmp);
        // A dense model has nothing to train; a model without tokenizer cannot read text.
        const auto dense = tmp.filePath("dense").toStdString();
        fs::copy(kModels + "/qwen3", dense);
        fs::copy_file(MOE_TEST_DATA "/tokenizers/bytebpe512/tokenizer.json", dense + "/tokenizer.json");
        QVERIFY_THROWS_EXCEPTION(Error, trainRouters(request(dense, data, tmp.filePath("x").toStdString(), 2)));
        QVERIFY_THROWS_EXCEPTION(Error, trainRouters(request(kModels + "/qwen3_moe", data, tmp.filePath("x").toStdString(), 2)));
        QVERIFY(!fs::exists(tmp.filePath("x").toStdString()));
        // Cancelled: nothing written.
        const auto model = composedModel(tmp, ComposeMethod::Btx);
        auto req = request(model, data, tmp.filePath("cancelled").toStdString(), 50);
        int steps = 0;
        req.onStep = [&](const TrainProgress&) { ++steps; };
        req.isCancelled = [&] { return steps >= 2; };
        QVERIFY_THROWS_EXCEPTION(Error, trainRouters(req));
        QVERIFY(!fs::exists(tmp.filePath("cancelled").toStdString()));
        for (const auto& e : fs::directory_iterator(tmp.path().toStdString()))
            QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().c_str());
        // Too little text for the held-out split.
        const auto tiny = tmp.filePath("tiny.txt").toStdString();
        std::ofstream(tiny) << "hi";
        QVERIFY_THROWS_EXCEPTION(Error, trainRouters(request(model, tiny, tmp.filePath("y").toStdString(), 2)));
    }

    void cli() {
        QTemporaryDir tmp;
        const auto model = composedModel(tmp, ComposeMethod::Btx);
        const auto config = tmp.filePath("train.json");
        std::ofstream(config.toStdString()) << R"({"batch_size": 2, "seq_len": 16, "eval_every": 2, "alpha": 0.1, "moe_method": "btx"})";
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(MOE_CLI_PATH, {"train", config, "--model", QString::fromStdString(model), "--data", QString::fromStdString(corpus(tmp)),
                               "--out", tmp.filePath("out"), "--steps", "3"});
        QVERIFY(p.waitForFinished(120000));
        const auto out = p.readAll();
        QVERIFY2(p.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("step 3/3") && out.contains("held-out"), out.constData());
        std::ofstream(config.toStdString()) << R"({"batch_size": -1, "colour": 3})";
        p.start(MOE_CLI_PATH, {"train", config, "--model", QString::fromStdString(model), "--data", "x", "--out", tmp.filePath("out2")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const auto err = p.readAll();
        QVERIFY2(err.contains("batch_size") && err.contains("colour: unknown key"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "test_train.moc"
