// Routing traces, Eq. 1 aggregation with block/projection filters, and statistics, against
// hand-computed values; trace capture on the native MoE fixtures; `moe route` / `moe aggregate`.

#include "core/error.h"
#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/routing/aggregation.h"
#include "core/routing/capture.h"
#include "core/routing/route_text.h"
#include "core/routing/statistics.h"
#include "core/tokenizer/encoding.h"

#include <ATen/ATen.h>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

using namespace moe;

namespace {

const std::string kModels = MOE_TEST_DATA "/models";

// 3 sites (block 0 mlp.gate_proj, block 0 mlp.up_proj, block 1 mlp.gate_proj) x 2 tokens x 3 experts.
Trace handTrace() {
    Trace t;
    t.model = "hand";
    t.method = "btx";
    t.experts = {"arabic", "latin", "code"};
    t.sites = {{0, "mlp.gate_proj"}, {0, "mlp.up_proj"}, {1, "mlp.gate_proj"}};
    t.tokens = {"a", "b"};
    t.text = "ab";
    t.topK = 2;
    t.inputIds = {5, 7};
    t.weights = {0.6f, 0.4f, 0.0f,   0.0f, 0.5f, 0.5f,    // site 0: token a, token b
                 0.2f, 0.0f, 0.8f,   0.0f, 0.5f, 0.5f,    // site 1
                 1.0f, 0.0f, 0.0f,   0.3f, 0.0f, 0.7f};   // site 2
    t.logits.assign(t.weights.size(), 0.0f);
    return t;
}

bool near(double a, double b, double tol = 1e-6) { return std::fabs(a - b) <= tol; }

QByteArray runCli(const QStringList& args, int* code) {
    QProcess p;
    p.start(MOE_CLI_PATH, args);
    p.waitForFinished(120000);
    *code = p.exitCode();
    return p.readAllStandardOutput() + "\n" + p.readAllStandardError();
}

}  // namespace

class TestRouting : public QObject {
    Q_OBJECT

private slots:
    void layerAndProjLists() {
        QCOMPARE(parseLayerList("0,2-5"), (std::set<int>{0, 2, 3, 4, 5}));
        QCOMPARE(parseLayerList(" 7 , 1-1"), (std::set<int>{1, 7}));
        for (const char* bad : {"", "a", "3-1", "-2", "1,,x", "2-"}) {
            bool threw = false;
            try {
                parseLayerList(bad);
            } catch (const Error& e) {
                threw = std::string(e.what()).find("--layers") != std::string::npos;
            }
            QVERIFY2(threw, bad);
        }
        QCOMPARE(parseProjList("gate_proj, mlp.up_proj"), (std::set<std::string>{"gate_proj", "mlp.up_proj"}));
        QVERIFY(projMatches("mlp.gate_proj", "gate_proj"));
        QVERIFY(projMatches("mlp.gate_proj", "mlp.gate_proj"));
        QVERIFY(projMatches("self_attn.q_proj", "q_proj"));
        QVERIFY(!projMatches("mlp.gate_proj", "up_proj"));
        QVERIFY(!projMatches("mlp.gate_proj", "gate"));
    }

    void aggregationMatchesEquationOne() {
        const auto t = handTrace();
        auto a = aggregate(t, selectSites(t, {}));  // all three sites
        QCOMPARE(a.sitesUsed, std::size_t(3));
        QVERIFY(near(a.weight(0, 0), (0.6 + 0.2 + 1.0) / 3));
        QVERIFY(near(a.weight(0, 2), 0.8 / 3));
        QVERIFY(near(a.weight(1, 2), (0.5 + 0.5 + 0.7) / 3));
        QCOMPARE(a.dominant, (std::vector<int>{0, 2}));

        // Block 0 only: token b ties latin/code at 0.5 -> the lower index wins.
        a = aggregate(t, selectSites(t, {.layers = std::set<int>{0}}));
        QCOMPARE(a.sitesUsed, std::size_t(2));
        QVERIFY(near(a.weight(0, 0), 0.4));
        QCOMPARE(a.dominant, (std::vector<int>{0, 1}));

        // up_proj only (matched without its "mlp." prefix): token a -> code.
        a = aggregate(t, selectSites(t, {.projs = std::set<std::string>{"up_proj"}}));
        QCOMPARE(a.sitesUsed, std::size_t(1));
        QCOMPARE(a.dominant, (std::vector<int>{2, 1}));

        a = aggregate(t, selectSites(t, {.layers = std::set<int>{9}}));
        QCOMPARE(a.sitesUsed, std::size_t(0));
        QCOMPARE(a.dominant, (std::vector<int>{-1, -1}));
    }

    void siteStatistics() {
        auto t = handTrace();
        t.logits[0] = std::log(3.0f);  // site 0, token a: softmax(ln3, 0, 0) = (0.6, 0.2, 0.2)
        const auto st = siteStats(t, 0);
        QVERIFY(near(st.load[0], 0.5));
        QVERIFY(near(st.load[1], 1.0));
        QVERIFY(near(st.load[2], 0.5));
        QVERIFY(near(st.meanWeight[1], 0.45));
        const double hA = -(0.6 * std::log(0.6) + 2 * 0.2 * std::log(0.2)), hB = std::log(3.0);
        QVERIFY(near(st.tokenEntropy, (hA + hB) / 2, 1e-5));
        // loads (0.5, 1, 0.5): mean 2/3, population std sqrt(1/18)
        QVERIFY(near(st.loadCv, std::sqrt(1.0 / 18.0) / (2.0 / 3.0), 1e-9));
        const auto blocks = blockLoad(t, {0, 1});
        QVERIFY(near(blocks[0][2], (0.5 + 1.0) / 2));
        QVERIFY(near(blocks[1][1], 0.0));
    }

    void deadExpertsAndCollapse() {
        auto t = handTrace();
        auto d = diagnose(t, selectSites(t, {.layers = std::set<int>{1}}));
        QCOMPARE(d.deadExperts, (std::vector<int>{1}));  // latin never selected at block 1
        QVERIFY(!d.collapse);
        QCOMPARE(d.topDominantShare, 0.5);
        // Make every token prefer "arabic" everywhere: collapse.
        for (std::size_t i = 0; i < t.weights.size(); i += 3) {
            t.weights[i] = 0.9f;
            t.weights[i + 1] = 0.1f;
            t.weights[i + 2] = 0.0f;
        }
        d = diagnose(t, selectSites(t, {}));
        QVERIFY(d.collapse);
        QCOMPARE(d.topDominantExpert, 0);
        QCOMPARE(d.deadExperts, (std::vector<int>{2}));
        QCOMPARE(d.messages.size(), std::size_t(2));
    }

    void traceRoundTrip() {
        QTemporaryDir dir;
        const auto path = dir.filePath("t.safetensors").toStdString();
        const auto t = handTrace();
        writeTrace(path, t);
        const auto r = readTrace(path);
        QCOMPARE(r.experts, t.experts);
        QVERIFY(r.sites == t.sites);
        QCOMPARE(r.tokens, t.tokens);
        QCOMPARE(r.weights, t.weights);
        QCOMPARE(r.inputIds, t.inputIds);
        QCOMPARE(r.topK, 2);
        QCOMPARE(r.text, t.text);
        // A model checkpoint is not a trace.
        bool threw = false;
        try {
            readTrace(kModels + "/llama/model.safetensors");
        } catch (const Error& e) {
            threw = std::string(e.what()).find("not a MoE Studio routing trace") != std::string::npos;
        }
        QVERIFY(threw);
    }

    // Capture on native MoE models: logits equal transformers' router logits; weights are the top-k
    // softmax probabilities, renormalised for Mixtral/Qwen3-MoE and not for Qwen2-MoE.
    void captureNativeMoe_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("renormalised");
        QTest::newRow("mixtral") << "mixtral" << true;
        QTest::newRow("qwen3_moe_fused") << "qwen3_moe_fused" << true;
        QTest::newRow("qwen2_moe") << "qwen2_moe" << false;
    }
    void captureNativeMoe() {
        QFETCH(QString, fixture);
        QFETCH(bool, renormalised);
        const auto dir = kModels + "/" + fixture.toStdString();
        const SafetensorsFile ref(dir + "/reference.safetensors");
        const auto ids = tensorView(ref, ref.at("input_ids"))[0];
        const auto model = Model::load(dir);
        const auto t = captureTrace(*model, ids);
        const auto T = static_cast<std::size_t>(ids.size(0));
        QCOMPARE(t.numSites(), std::size_t(3));
        QCOMPARE(t.numExperts(), std::size_t(4));
        QCOMPARE(t.numTokens(), T);
        for (std::size_t s = 0; s < 3; ++s) {
            const auto refLogits = tensorView(ref, ref.at("router_logits." + std::to_string(s))).narrow(0, 0, static_cast<std::int64_t>(T));
            const auto ours = at::from_blob(const_cast<float*>(t.logits.data()) + s * T * 4, {static_cast<std::int64_t>(T), 4});
            QVERIFY((ours - refLogits).abs().max().item<float>() < 1e-4f);
            const auto probs = refLogits.softmax(-1);
            for (std::size_t i = 0; i < T; ++i) {
                int selected = 0;
                double sum = 0, topSum = 0;
                for (std::size_t e = 0; e < 4; ++e) {
                    const float w = t.weight(s, i, e);
                    if (w > 0) {
                        ++selected;
                        topSum += probs[static_cast<std::int64_t>(i)][static_cast<std::int64_t>(e)].item<double>();
                    }
                    sum += w;
                }
                QCOMPARE(selected, 2);
                QVERIFY(near(sum, renormalised ? 1.0 : topSum, 1e-5));
            }
        }
    }

    // Display strings: the covered characters (code points, not bytes), with the whitespace that
    // trim_offsets leaves out given to the next token; specials by token string; later byte pieces empty.
    void tokenDisplayStrings_() {
        Encoding enc;
        const std::string text = "h\xC3\xA9 \xE2\x82\xAC!";  // "hé €!"
        enc.push(1, "<s>", {0, 0}, 0, true);
        enc.push(10, "h\xC3\xA9", {0, 2}, 0, false);
        enc.push(11, "<0xE2>", {3, 4}, 0, false);  // " " trimmed; "€" as three byte pieces
        enc.push(12, "<0x82>", {3, 4}, 0, false);
        enc.push(13, "<0xAC>", {3, 4}, 0, false);
        enc.push(14, "!", {4, 5}, 0, false);
        const auto shown = moe::tokenDisplayStrings(enc, text);
        QCOMPARE(shown, (std::vector<std::string>{"<s>", "h\xC3\xA9", " \xE2\x82\xAC", "", "", "!"}));
    }

    // moe route --text: the model folder's tokenizer, display strings that rebuild the text.
    void cliRouteText() {
        QTemporaryDir dir;
        const auto model = dir.filePath("model").toStdString();
        std::filesystem::copy(kModels + "/qwen3_moe", model);
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            std::filesystem::copy_file(MOE_TEST_DATA "/tokenizers/bytebpe512/" + std::string(f), model + "/" + f);
        const auto trace = dir.filePath("t.safetensors"), textFile = dir.filePath("in.txt");
        const std::string text = "Hello world,\n  caf\xC3\xA9 42";
        int code = 0;
        auto out = runCli({"route", "--model", QString::fromStdString(model), "--text", QString::fromStdString(text), "--out", trace}, &code);
        QVERIFY2(code == 0, out.constData());
        const auto t = readTrace(trace.toStdString());
        QCOMPARE(t.text, text);
        QCOMPARE(t.tokens.front(), std::string("<s>"));  // add_bos_token
        std::string joined;
        for (std::size_t i = 1; i < t.tokens.size(); ++i) joined += t.tokens[i];
        QCOMPARE(joined, text);
        QVERIFY(t.numTokens() > 5);
        QFile f(textFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.c_str());
        f.close();
        out = runCli({"route", "--model", QString::fromStdString(model), "--text-file", textFile, "--out", trace}, &code);
        QVERIFY2(code == 0, out.constData());
        QCOMPARE(readTrace(trace.toStdString()).inputIds, t.inputIds);
        // No tokenizer in the folder: one clear line.
        out = runCli({"route", "--model", QString::fromStdString(kModels + "/qwen3_moe"), "--text", "hi", "--out", trace}, &code);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains("tokenizer.json"), out.constData());
    }

    void cliRouteAndAggregate() {
        QTemporaryDir dir;
        const auto in = dir.filePath("in.safetensors"), trace = dir.filePath("trace.safetensors"), csv = dir.filePath("w.csv");
        writeTensors(in.toStdString(), {{"input_ids", at::arange(0, 12, at::kLong) * 7}});
        int code = 0;
        auto out = runCli({"route", "--model", QString::fromStdString(kModels + "/qwen3_moe"), "--input", in, "--out", trace}, &code);
        QVERIFY2(code == 0, out.constData());
        out = runCli({"aggregate", trace, "--layers", "0-1", "--json", "--csv", csv}, &code);
        QVERIFY2(code == 0, out.constData());
        const auto j = nlohmann::json::parse(out.left(out.indexOf('\n')).toStdString());
        QCOMPARE(j["tokens"].size(), std::size_t(12));
        QCOMPARE(j["experts"].size(), std::size_t(4));
        QCOMPARE(j["weights"][0].size(), std::size_t(4));
        const auto t = readTrace(trace.toStdString());
        const auto a = aggregate(t, selectSites(t, {.layers = std::set<int>{0, 1}}));
        for (std::size_t i = 0; i < 12; ++i) QCOMPARE(j["dominant"][i].get<int>(), a.dominant[i]);
        QVERIFY(QFile::exists(csv));
        // Bad input: a dense model has no routers; a filter that selects nothing.
        out = runCli({"route", "--model", QString::fromStdString(kModels + "/llama"), "--input", in, "--out", trace}, &code);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains("dense model"), out.constData());
        out = runCli({"aggregate", trace, "--layers", "40"}, &code);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains("no routing site"), out.constData());
    }
};

QTEST_APPLESS_MAIN(TestRouting)
#include "test_routing.moc"
