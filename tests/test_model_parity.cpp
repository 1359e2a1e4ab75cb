// The acceptance test of the runtime: for every fixture model made by transformers 5.17, our forward
// pass reproduces its logits, hidden states and router logits — in fp32 within 1e-4 abs / 1e-3 rel, in
// bf16 within a relative-norm bound — also when the same weights come as shards in another order with a
// legacy config.json.

#include "model_variants.h"

#include "core/error.h"
#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"

#include <ATen/ATen.h>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace moe;

namespace {

const QString kModels = QStringLiteral(MOE_TEST_DATA "/models");

struct Reference {
    std::unique_ptr<SafetensorsFile> file;
    at::Tensor get(const std::string& name) const { return tensorView(*file, file->at(name)).clone(); }
    bool has(const std::string& name) const { return file->find(name) != nullptr; }
};

Reference loadReference(const QString& model) {
    return Reference{std::make_unique<SafetensorsFile>((kModels + "/" + model + "/reference.safetensors").toStdString())};
}

// allclose: |a - b| <= atol + rtol * |b| everywhere; the message names the worst element.
void expectClose(const at::Tensor& ours, const at::Tensor& ref, double atol, double rtol, const std::string& what) {
    QVERIFY2(ours.sizes() == ref.sizes(), (what + ": shape differs").c_str());
    const auto diff = (ours - ref).abs();
    const auto excess = diff - (atol + rtol * ref.abs());
    const double worst = excess.max().item<double>();
    const double maxDiff = diff.max().item<double>();
    if (qEnvironmentVariableIsSet("MOE_TEST_VERBOSE")) qInfo("%s: max |diff| %.3g", what.c_str(), maxDiff);
    QVERIFY2(worst <= 0, (what + ": max |diff| " + std::to_string(maxDiff)).c_str());
}

// bf16: ||ours - ref|| / ||ref|| (a per-tensor relative error; see the note in bf16Parity).
void expectRelNorm(const at::Tensor& ours, const at::Tensor& ref, double bound, const std::string& what) {
    const double rel = ((ours - ref).norm() / ref.norm().clamp_min(1e-12)).item<double>();
    if (qEnvironmentVariableIsSet("MOE_TEST_VERBOSE")) qInfo("%s: relative error %.3g", what.c_str(), rel);
    QVERIFY2(rel <= bound, (what + ": relative error " + std::to_string(rel)).c_str());
}

void compareAll(const ForwardResult& r, const Reference& ref, const Model& model, bool bf16) {
    const auto check = [&](const at::Tensor& ours, const std::string& name) {
        if (bf16) expectRelNorm(ours, ref.get(name), 3e-2, name);
        else expectClose(ours, ref.get(name), 1e-4, 1e-3, name);
    };
    check(r.logits, "logits");
    const auto L = model.hparams().numLayers;
    QCOMPARE(static_cast<std::int64_t>(r.hiddenStates.size()), L + 1);
    for (std::int64_t i = 0; i <= L; ++i) check(r.hiddenStates[static_cast<std::size_t>(i)], "hidden_states." + std::to_string(i));
    std::size_t refRouters = 0;
    while (ref.has("router_logits." + std::to_string(refRouters))) ++refRouters;
    QCOMPARE(r.routers.size(), refRouters);
    for (const auto& router : r.routers) check(router.logits, "router_logits." + router.site);
}

void runParity(const QString& dir, const QString& fixture, at::ScalarType dtype) {
    const auto ref = loadReference(fixture);
    std::unique_ptr<Model> model;
    try {
        model = Model::load(dir.toStdString(), dtype);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    const auto result = model->forward(ref.get("input_ids"));
    compareAll(result, ref, *model, dtype == at::kBFloat16);
}

}  // namespace

class TestModelParity : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(QDir(kModels).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 17); }

    void fp32_data() { fixtures(); }
    void fp32() {
        QFETCH(QString, fixture);
        runParity(kModels + "/" + fixture, fixture, at::kFloat);
    }

    // bf16 rounds every intermediate to 8 significant bits (unit roundoff 2^-8 ~ 3.9e-3); over a few
    // layers of matmuls and norms the error stays a small multiple of that, so we bound the relative
    // error of each whole tensor by 3e-2 (~8 units of roundoff) instead of elementwise tolerances,
    // which are meaningless for values near zero.
    void bf16_data() { fixtures(); }
    void bf16() {
        QFETCH(QString, fixture);
        runParity(kModels + "/" + fixture, fixture, at::kBFloat16);
    }

    // The same weights as several shards declared in another order, with a legacy config.json.
    void shardedLegacy_data() { fixtures(); }
    void shardedLegacy() {
        QFETCH(QString, fixture);
        QTemporaryDir tmp;
        const auto src = (kModels + "/" + fixture).toStdString();
        nlohmann::json config;
        std::ifstream(src + "/config.json") >> config;
        const auto legacy = test::toLegacyConfig(config);
        QVERIFY(!legacy.contains("rope_parameters"));
        QVERIFY(!legacy.contains("dtype"));
        test::writeShardedVariant(src, tmp.path().toStdString(), legacy, 96 * 1024);
        QVERIFY(std::filesystem::exists(tmp.path().toStdString() + "/model.safetensors.index.json"));
        runParity(tmp.path(), fixture, at::kFloat);
    }

    void rejectsOutOfVocabularyIds() {
        const auto model = Model::load((kModels + "/llama").toStdString());
        auto ids = at::zeros({1, 4}, at::kLong);
        ids[0][2] = model->hparams().vocabSize;
        bool threw = false;
        try {
            model->forward(ids);
        } catch (const moe::Error& e) {
            threw = std::string(e.what()).find("outside the vocabulary") != std::string::npos;
        }
        QVERIFY(threw);
    }

private:
    static void fixtures() {
        QTest::addColumn<QString>("fixture");
        for (const auto& name : QDir(kModels).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(name.toUtf8().constData()) << name;
    }
};

QTEST_APPLESS_MAIN(TestModelParity)
#include "test_model_parity.moc"
