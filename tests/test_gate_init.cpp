// gate_init hidden / cheap_embed (issue 5): router rows are mergekit-moe's vectors, recomputed here from
// the runtime and the embedding matrix by mergekit's formula (last-token hidden state entering block L,
// averaged over prompts, minus the negative prompts' average, L2-normalised; cheap_embed: normalised
// summed embeddings), for Traditional, BTX and the native format; validation lists what is missing; a
// composed model routes the last token of expert i's prompt to expert i.
// The tokenizer is tests/data/tokenizers/bytebpe512: a byte-level BPE (GPT-2 byte mapping, 256 byte
// tokens, 160 merges learned on a few English sentences, <s> = 416 and </s> = 417, a template that adds
// <s>) sized for the fixtures' 512-token vocabulary.

#include "compose_fixtures.h"

#include "core/compose/composer.h"
#include "core/compose/expert_check.h"
#include "core/compose/gate_init.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace moe;
using moe::testing::maxDiff;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kModels = moe::testing::kModels;
const std::string kTokenizer = MOE_TEST_DATA "/tokenizers/bytebpe512";

void addTokenizer(const std::string& dir) {
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        fs::copy_file(kTokenizer + "/" + f, dir + "/" + f, fs::copy_options::overwrite_existing);
}

// A distinct expert (compose_fixtures.h) with the byte-level tokenizer that fits vocab 512.
std::string perturbed(const QTemporaryDir& tmp, const std::string& fixture, int seed, bool tokenizer = true) {
    const auto dir = moe::testing::perturbed(tmp, fixture, seed);
    if (tokenizer) addTokenizer(dir);
    return dir;
}

// Three experts with distinct prompts; experts 0 and 2 have negative prompts.
ComposeConfig makeConfig(ComposeMethod method, const std::vector<std::string>& dirs, GateInit init) {
    ComposeConfig c;
    c.method = method;
    c.modelType = "composed";
    c.topK = 1;
    c.gateInit = init;
    c.seed = 3;
    const std::vector<std::vector<std::string>> pos{{"Write a Python function that returns the sum", "def main(): print(\"hello\")"},
                                                    {"Solve the equation for x and explain each step"},
                                                    {"Once upon a time there was a princess", "The cat sat on the mat"}};
    const std::vector<std::vector<std::string>> neg{{"Translate this sentence into French"}, {}, {"Prove that the square root of two"}};
    for (std::size_t i = 0; i < dirs.size(); ++i) c.experts.push_back({"expert" + std::to_string(i), dirs[i], pos[i % 3], neg[i % 3]});
    if (method == ComposeMethod::Btx) c.routerLayers = {"mlp.gate_proj", "mlp.up_proj", "self_attn.q_proj"};
    return c;
}

// Prompt ids through the tokenizer's own template (<s> added), which mergekit's "bos text + prompt,
// no special tokens" must equal.
at::Tensor idsOf(const Tokenizer& tok, const std::string& prompt) {
    const auto enc = tok.encode(prompt, true);
    return at::tensor(std::vector<std::int64_t>(enc.ids.begin(), enc.ids.end()), at::kLong).unsqueeze(0);
}

at::Tensor unit(const at::Tensor& v) { return v / v.norm(2, -1, true).clamp_min(1e-8); }

// mergekit's hidden vectors for one expert from the model in `dir`: [L, H].
at::Tensor expectedHidden(const Model& model, const Tokenizer& tok, const ExpertSpec& e) {
    const auto mean = [&](const std::vector<std::string>& prompts) {
        at::Tensor sum;
        for (const auto& p : prompts) {
            const auto hs = model.forward(idsOf(tok, p)).hiddenStates;
            std::vector<at::Tensor> rows;
            for (std::size_t L = 0; L + 1 < hs.size(); ++L) rows.push_back(hs[L][0][-1]);
            const auto s = at::stack(rows);
            sum = sum.defined() ? sum + s : s;
        }
        return sum / static_cast<double>(prompts.size());
    };
    auto v = mean(e.positivePrompts);
    if (!e.negativePrompts.empty()) v = v - mean(e.negativePrompts);
    return unit(v);
}

// mergekit's cheap_embed vector for one expert: [H].
at::Tensor expectedCheap(const at::Tensor& embed, const Tokenizer& tok, const ExpertSpec& e) {
    const auto summed = [&](const std::vector<std::string>& prompts) {
        auto s = at::zeros({embed.size(1)});
        for (const auto& p : prompts) s += embed.index_select(0, idsOf(tok, p)[0]).sum(0);
        return unit(s);
    };
    auto v = summed(e.positivePrompts);
    if (!e.negativePrompts.empty()) v = v - summed(e.negativePrompts);
    return unit(v);
}

bool hasProblem(const std::vector<ConfigProblem>& ps, const std::string& key, const std::string& text) {
    for (const auto& p : ps)
        if (p.key == key && p.message.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

class TestGateInit : public QObject {
    Q_OBJECT

private slots:
    void tokenizerFixtureFitsAndPromptsGetOneBos() {
        const auto tok = Tokenizer::fromDir(kTokenizer);
        QVERIFY(tok.vocabSize() <= 512);
        QCOMPARE(gateInitBosText(tok, kTokenizer), std::string("<s>"));
        const std::string prompt = "The cat sat on the mat";
        const auto ids = gateInitPromptIds(tok, "<s>", prompt);
        const auto viaTemplate = tok.encode(prompt, true).ids;
        QCOMPARE(ids, std::vector<std::int64_t>(viaTemplate.begin(), viaTemplate.end()));
        QCOMPARE(ids.front(), std::int64_t(*tok.bosTokenId()));
        QCOMPARE(std::count(ids.begin(), ids.end(), ids.front()), std::ptrdiff_t(1));
        QVERIFY(ids.size() < prompt.size());  // merges apply
        QCOMPARE(tok.decode({viaTemplate.begin() + 1, viaTemplate.end()}), prompt);
    }

    void hiddenRowsAreMergekitVectors_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("withBase");
        QTest::addColumn<bool>("native");
        QTest::newRow("traditional") << int(ComposeMethod::Traditional) << false << false;
        QTest::newRow("traditional, base_model runs") << int(ComposeMethod::Traditional) << true << false;
        QTest::newRow("traditional native") << int(ComposeMethod::Traditional) << false << true;
        QTest::newRow("btx") << int(ComposeMethod::Btx) << false << false;
    }
    void hiddenRowsAreMergekitVectors() {
        QFETCH(int, method);
        QFETCH(bool, withBase);
        QFETCH(bool, native);
        QTemporaryDir tmp;
        const std::vector<std::string> dirs{perturbed(tmp, "llama", 1), perturbed(tmp, "llama", 2), perturbed(tmp, "llama", 3)};
        auto config = makeConfig(static_cast<ComposeMethod>(method), dirs, GateInit::Hidden);
        if (withBase) config.baseModel = perturbed(tmp, "llama", 4);
        if (config.method == ComposeMethod::Btx) config.routerLayersIndex = std::vector<int>{0, 2};
        const auto out = tmp.filePath("moe").toStdString();
        std::vector<std::string> messages;
        compose(config, {.outDir = out, .native = native, .onProgress = [&](const ComposeProgress& p) {
                             if (!p.message.empty()) messages.push_back(p.message);
                         }});
        QVERIFY(messages.size() >= 3);  // loading + one line per expert: a long run is not silent

        const auto runDir = withBase ? config.baseModel : dirs[0];
        const auto model = Model::load(runDir);
        const auto tok = Tokenizer::fromDir(runDir);
        std::vector<at::Tensor> expected;
        for (const auto& e : config.experts) expected.push_back(expectedHidden(*model, tok, e));
        if (withBase) {  // the base model ran, not the template
            const auto fromTemplate = expectedHidden(*Model::load(dirs[0]), tok, config.experts[0]);
            QVERIFY(maxDiff(fromTemplate, expected[0]) > 1e-3);
        }

        const Checkpoint ck(out);
        std::vector<std::pair<std::string, int>> routers;  // name, block
        for (int L = 0; L < 3; ++L) {
            const auto prefix = "model.layers." + std::to_string(L) + ".";
            if (config.method == ComposeMethod::Traditional)
                routers.emplace_back(prefix + (native ? "block_sparse_moe.gate.weight" : "gate.weight"), L);
            else if (L != 1)
                for (const auto& p : config.routerLayers) routers.emplace_back(prefix + p + ".gate.weight", L);
        }
        for (const auto& [name, L] : routers) {
            QVERIFY2(ck.contains(name), name.c_str());
            const auto w = tensorView(ck, name);
            QCOMPARE(w.sizes().vec(), (std::vector<std::int64_t>{3, 64}));
            for (int e = 0; e < 3; ++e) {
                const auto d = maxDiff(w[e], expected[static_cast<std::size_t>(e)][L]);
                QVERIFY2(d < 1e-5, (name + " expert " + std::to_string(e) + ": " + std::to_string(d)).c_str());
            }
            QVERIFY(std::abs(w[0].norm().item<double>() - 1) < 1e-5);
        }
        const auto manifest = json::parse(std::ifstream(out + "/moe_studio.json"));
        QCOMPARE(manifest["gate_init"].get<std::string>(), std::string("hidden"));
        QCOMPARE(manifest["gate_init_model"].get<std::string>(), runDir);
    }

    void cheapEmbedRowsAreNormalisedEmbeddingSums() {
        QTemporaryDir tmp;
        const std::vector<std::string> dirs{perturbed(tmp, "qwen3", 1), perturbed(tmp, "qwen3", 2), perturbed(tmp, "qwen3", 3)};
        const auto config = makeConfig(ComposeMethod::Traditional, dirs, GateInit::CheapEmbed);
        const auto out = tmp.filePath("moe").toStdString();
        compose(config, {.outDir = out});
        const Checkpoint template0(dirs[0]);
        const auto embed = tensorView(template0, "model.embed_tokens.weight");
        const auto tok = Tokenizer::fromDir(dirs[0]);
        const Checkpoint ck(out);
        for (int L = 0; L < 3; ++L) {
            const auto w = tensorView(ck, "model.layers." + std::to_string(L) + ".gate.weight");
            for (int e = 0; e < 3; ++e)
                QVERIFY(maxDiff(w[e], expectedCheap(embed, tok, config.experts[static_cast<std::size_t>(e)])) < 1e-6);
        }
        // Negative prompts change the row (the formula's subtraction is exercised).
        auto noNeg = config.experts[0];
        noNeg.negativePrompts.clear();
        QVERIFY(maxDiff(tensorView(ck, "model.layers.0.gate.weight")[0], expectedCheap(embed, tok, noNeg)) > 1e-3);
        QCOMPARE(json::parse(std::ifstream(out + "/moe_studio.json"))["gate_init"].get<std::string>(), std::string("cheap_embed"));
    }

    void validationListsWhatIsMissing() {
        QTemporaryDir tmp;
        const auto a = perturbed(tmp, "llama", 1, false), b = perturbed(tmp, "llama", 2, false);
        auto config = makeConfig(ComposeMethod::Traditional, {a, b}, GateInit::Hidden);
        auto problems = checkExperts(config);
        QVERIFY(hasProblem(problems, "experts[0].model_id", "tokenizer.json"));
        QCOMPARE(problems.size(), std::size_t(1));  // only the folder that runs needs one
        config.baseModel = b;
        addTokenizer(a);
        problems = checkExperts(config);
        QVERIFY(hasProblem(problems, "base_model", "tokenizer.json"));
        QVERIFY(!hasProblem(problems, "experts[0].model_id", "tokenizer.json"));
        // compose refuses before writing anything
        const auto out = tmp.filePath("moe").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, compose(config, {.outDir = out}));
        QVERIFY(!fs::exists(out));

        json j = {{"moe_method", "btx"},
                  {"model_type", "x"},
                  {"num_experts_per_tok", 1},
                  {"gate_init", "cheap_embed"},
                  {"router_layers", {"mlp.gate_proj", "mlp.down_proj", "self_attn.o_proj"}},
                  {"experts", {{{"expert_name", "a"}, {"model_id", a}, {"positive_prompts", {"x"}}},
                               {{"expert_name", "b"}, {"model_id", b}},
                               {{"expert_name", "c"}, {"model_id", b}, {"negative_prompts", {"y"}}}}}};
        auto ps = parseComposeConfig(j).problems;
        QVERIFY(hasProblem(ps, "experts[1].positive_prompts", "needs prompts"));
        QVERIFY(hasProblem(ps, "experts[2].positive_prompts", "needs prompts"));
        QVERIFY(hasProblem(ps, "router_layers[1]", "mlp.down_proj reads the MLP's intermediate activations"));
        QVERIFY(hasProblem(ps, "router_layers[2]", "self_attn.o_proj reads the attention output"));
        QCOMPARE(ps.size(), std::size_t(4));
        j["gate_init"] = "random";
        QVERIFY(parseComposeConfig(j).ok());  // random needs neither prompts nor a tokenizer
        j["gate_init"] = "hidden";
        j["router_layers"] = {"mlp.gate_proj"};
        for (auto& e : j["experts"]) {
            e["positive_prompts"] = {"same"};
            e.erase("negative_prompts");
        }
        QVERIFY(hasProblem(parseComposeConfig(j).problems, "experts", "same positive and negative prompts"));
        j["experts"][2]["negative_prompts"] = {"other"};
        QVERIFY(parseComposeConfig(j).ok());
        j["moe_method"] = "bts";
        j["stitch_freq"] = 1;
        QVERIFY(hasProblem(parseComposeConfig(j).problems, "gate_init", "BTS"));
    }

    // The point of the heuristic: a prompt's last token goes to the expert whose prompt it is. Holds by
    // Cauchy-Schwarz for the model that ran; the composed model differs from it (averaged shared weights,
    // the experts' MLPs), so this checks the vectors survive that at every block.
    void composedModelRoutesEachPromptToItsExpert() {
        QTemporaryDir tmp;
        const std::vector<std::string> dirs{perturbed(tmp, "llama", 1), perturbed(tmp, "llama", 2), perturbed(tmp, "llama", 3)};
        auto config = makeConfig(ComposeMethod::Traditional, dirs, GateInit::Hidden);
        for (auto& e : config.experts) e.negativePrompts.clear();
        const auto out = tmp.filePath("moe").toStdString();
        compose(config, {.outDir = out});
        addTokenizer(out);
        const auto model = Model::load(out);
        const auto tok = Tokenizer::fromDir(out);
        int hits = 0, total = 0;
        for (std::size_t e = 0; e < config.experts.size(); ++e)
            for (const auto& p : config.experts[e].positivePrompts) {
                const auto res = model->forward(idsOf(tok, p));
                for (const auto& r : res.routers) {
                    hits += r.logits[-1].argmax().item<std::int64_t>() == static_cast<std::int64_t>(e);
                    ++total;
                }
            }
        QCOMPARE(total, 5 * 3);
        QVERIFY2(hits == total, (std::to_string(hits) + "/" + std::to_string(total)).c_str());
    }
};

QTEST_GUILESS_MAIN(TestGateInit)
#include "test_gate_init.moc"
