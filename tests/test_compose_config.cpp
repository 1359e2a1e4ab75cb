// Composition config (DESIGN §4): MixtureKit dictionaries parse as-is; every problem is listed at once;
// expert folders are checked for architecture, tensor names and shapes before anything is written.

#include "core/compose/compose_config.h"
#include "core/compose/expert_check.h"
#include "core/compose/mergekit_yaml.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <fstream>

using namespace moe;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kModels = MOE_TEST_DATA "/models";

json paperConfig() {  // Fig. 2 of the MixtureKit paper
    return json::parse(R"({
      "moe_method": "btx", "stitch_freq": 5, "model_type": "new_model_type", "num_experts_per_tok": 2,
      "experts": [{"expert_name": "base_expert", "model_id": "a"}, {"expert_name": "expert_1", "model_id": "b"},
                  {"expert_name": "expert_2", "model_id": "c"}],
      "router_layers": ["mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"], "alpha": 0, "router_layers_index": []})");
}

bool hasProblem(const std::vector<ConfigProblem>& ps, const std::string& key, const std::string& fragment) {
    for (const auto& p : ps)
        if (p.key == key && p.message.find(fragment) != std::string::npos) return true;
    return false;
}

// A copy of a fixture with one tensor replaced (name -> tensor), or removed when the tensor is undefined.
std::string variant(const QTemporaryDir& tmp, const std::string& name, const std::string& fixture,
                    const std::string& tensor, const at::Tensor& replacement) {
    const auto dir = tmp.filePath(QString::fromStdString(name)).toStdString();
    fs::create_directories(dir);
    fs::copy_file(kModels + "/" + fixture + "/config.json", dir + "/config.json");
    const Checkpoint ck(kModels + "/" + fixture);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& n : ck.names()) {
        if (n != tensor) tensors.emplace_back(n, tensorView(ck, n));
        else if (replacement.defined()) tensors.emplace_back(n, replacement);
    }
    writeTensors(dir + "/model.safetensors", tensors);
    return dir;
}

ComposeConfig withExperts(std::vector<std::string> paths) {
    auto parsed = parseComposeConfig(paperConfig());
    parsed.config.experts.clear();
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::string name = "e";
        name += std::to_string(i);
        parsed.config.experts.push_back({name, paths[i], {}, {}});
    }
    return parsed.config;
}

}  // namespace

class TestComposeConfig : public QObject {
    Q_OBJECT

private slots:
    void paperExampleParses() {
        const auto parsed = parseComposeConfig(paperConfig());
        QVERIFY2(parsed.ok(), formatProblems(parsed.problems).c_str());
        const auto& c = parsed.config;
        QCOMPARE(c.method, ComposeMethod::Btx);
        QCOMPARE(c.topK, 2);
        QCOMPARE(c.experts.size(), std::size_t(3));
        QCOMPARE(c.experts[1].name, std::string("expert_1"));
        QVERIFY(!c.routerLayersIndex);  // [] = every block
        QCOMPARE(c.stitchFreq, 5);
        // Round trip through our writer.
        const auto again = parseComposeConfig(toJson(c));
        QVERIFY(again.ok());
        QCOMPARE(toJson(again.config), toJson(c));
    }

    void routerLayersIndexForms() {
        auto j = paperConfig();
        j["router_layers_index"] = json::array({nullptr});
        QVERIFY(parseComposeConfig(j).config.routerLayersIndex->empty());  // [null] = none
        j["router_layers_index"] = {2, 0};
        QCOMPARE(*parseComposeConfig(j).config.routerLayersIndex, (std::vector<int>{0, 2}));
    }

    void everyProblemIsListed() {
        auto j = paperConfig();
        j["colour"] = "blue";
        j["num_experts_per_tok"] = 5;
        j["experts"][2]["expert_name"] = "expert_1";
        j["experts"][0]["model_path"] = "x";
        j.erase("model_type");
        j["router_layers"] = {"mlp.gate_proj", "mlp.fc9"};
        j["router_layers_index"] = {0, 0, -1};
        j["alpha"] = -1;
        j["gate_init"] = "hidden";
        const auto ps = parseComposeConfig(j).problems;
        QVERIFY(hasProblem(ps, "colour", "unknown key"));
        QVERIFY(hasProblem(ps, "num_experts_per_tok", "exceeds the 3 experts"));
        QVERIFY(hasProblem(ps, "experts[2].expert_name", "duplicate"));
        QVERIFY(hasProblem(ps, "experts[0].model_path", "unknown key"));
        QVERIFY(hasProblem(ps, "model_type", "missing"));
        QVERIFY(hasProblem(ps, "router_layers[1]", "not a routable projection"));
        QVERIFY(hasProblem(ps, "router_layers_index[1]", "duplicate"));
        QVERIFY(hasProblem(ps, "router_layers_index[2]", "block index"));
        QVERIFY(hasProblem(ps, "alpha", "non-negative"));
        QVERIFY(hasProblem(ps, "experts[0].positive_prompts", "needs prompts"));
        QCOMPARE(ps.size(), std::size_t(12));  // + prompts for experts 1 and 2
    }

    void methodSpecificRules() {
        auto j = paperConfig();
        j["moe_method"] = "traditional";
        j["router_layers"] = {"self_attn.q_proj"};
        QVERIFY(hasProblem(parseComposeConfig(j).problems, "router_layers[0]", "Traditional routes the whole MLP"));
        j = paperConfig();
        j.erase("router_layers");
        QVERIFY(hasProblem(parseComposeConfig(j).problems, "router_layers", "BTX needs"));
        j = paperConfig();
        j["moe_method"] = "bts";
        j.erase("stitch_freq");
        j.erase("num_experts_per_tok");
        QVERIFY(hasProblem(parseComposeConfig(j).problems, "stitch_freq", "BTS needs"));
        QVERIFY(!hasProblem(parseComposeConfig(j).problems, "num_experts_per_tok", ""));
        QVERIFY(hasProblem(parseComposeConfig(json::array()).problems, "", "JSON object"));
    }

    void compatibleExpertsPass() {
        ExpertSurvey survey;
        const auto ps = checkExperts(withExperts({kModels + "/llama", kModels + "/llama"}), &survey);
        QVERIFY2(ps.empty(), formatProblems(ps).c_str());
        QCOMPARE(survey.modelType, std::string("llama"));
        QCOMPARE(survey.numLayers, 3);
        QVERIFY(survey.paddedTensors.empty());
    }

    void incompatibleExpertsAreNamed() {
        QTemporaryDir tmp;
        const auto misshapen = variant(tmp, "misshapen", "llama", "model.layers.1.mlp.up_proj.weight", at::zeros({127, 64}));
        const auto missing = variant(tmp, "missing", "llama", "model.layers.2.self_attn.k_proj.weight", at::Tensor());
        const auto bigVocab = variant(tmp, "vocab", "llama", "model.embed_tokens.weight", at::zeros({600, 64}));
        auto config = withExperts({kModels + "/llama", misshapen, missing, kModels + "/qwen2", bigVocab, tmp.filePath("nope").toStdString()});
        config.routerLayersIndex = std::vector<int>{1, 7};
        ExpertSurvey survey;
        const auto ps = checkExperts(config, &survey);
        QVERIFY(hasProblem(ps, "experts[1].model_id", "'model.layers.1.mlp.up_proj.weight' has shape [127, 64], experts[0] has [128, 64]"));
        QVERIFY(hasProblem(ps, "experts[2].model_id", "'model.layers.2.self_attn.k_proj.weight' is missing"));
        QVERIFY(hasProblem(ps, "experts[3].model_id", "architecture 'qwen2' differs"));
        QVERIFY(hasProblem(ps, "experts[5].model_id", "no such folder"));
        QVERIFY(hasProblem(ps, "router_layers_index", "block 7 out of range"));
        QCOMPARE(survey.paddedTensors, (std::vector<std::string>{"model.embed_tokens.weight"}));
    }

    void fusedProjectionsCannotBeRouted() {
        const auto ps = checkExperts(withExperts({kModels + "/phi3", kModels + "/phi3"}));
        QVERIFY(hasProblem(ps, "router_layers[0]", "fused"));
        const auto moe = checkExperts(withExperts({kModels + "/mixtral", kModels + "/mixtral"}));
        QVERIFY(hasProblem(moe, "experts[0].model_id", "dense models"));
    }

    // A mergekit-moe YAML (its README's example shape) becomes the equivalent Traditional config.
    void mergekitYaml() {
        const std::string yaml = R"(base_model: /models/base
gate_mode: cheap_embed
dtype: bfloat16
experts_per_token: 1
experts:
  - source_model: /models/coder
    positive_prompts:
      - "Write a function"
    negative_prompts: ["Tell a story"]
  - source_model: /models/writer/
    positive_prompts: ["Once upon a time"]
  - source_model: /other/coder
    positive_prompts: ["Fix this bug"]
)";
        std::vector<ConfigProblem> problems;
        const auto j = mergekitYamlToConfig(yaml, problems);
        QVERIFY2(problems.empty(), formatProblems(problems).c_str());
        const auto parsed = parseComposeConfig(j);
        QVERIFY2(parsed.ok(), formatProblems(parsed.problems).c_str());
        const auto& c = parsed.config;
        QCOMPARE(c.method, ComposeMethod::Traditional);
        QCOMPARE(c.baseModel, std::string("/models/base"));
        QCOMPARE(c.gateInit, GateInit::CheapEmbed);
        QCOMPARE(c.dtype, std::string("bfloat16"));
        QCOMPARE(c.topK, 1);
        QCOMPARE(c.experts.size(), std::size_t(3));
        QCOMPARE(c.experts[0].name, std::string("coder"));
        QCOMPARE(c.experts[1].name, std::string("writer"));
        QCOMPARE(c.experts[2].name, std::string("coder_2"));  // names stay unique
        QCOMPARE(c.experts[0].negativePrompts, std::vector<std::string>{"Tell a story"});
        QVERIFY(!c.routerLayersIndex);  // every block, as mergekit does

        // mergekit's defaults: hidden gates, two experts per token.
        problems.clear();
        const auto d = parseComposeConfig(mergekitYamlToConfig("base_model: b\nexperts:\n  - source_model: a\n    positive_prompts: [x]\n"
                                                              "  - source_model: c\n    positive_prompts: [y]\n", problems));
        QVERIFY(problems.empty());
        QCOMPARE(d.config.gateInit, GateInit::Hidden);
        QCOMPARE(d.config.topK, 2);

        // What has no equivalent is listed, each with its key.
        problems.clear();
        mergekitYamlToConfig("experts:\n  - source_model: a+lora\n    noise_scale: 0.1\ngate_mode: uniform_random\nshared_experts: []\ncolour: red\n",
                             problems);
        std::set<std::string> keys;
        for (const auto& p : problems) keys.insert(p.key);
        QCOMPARE(keys, (std::set<std::string>{"base_model", "experts[0].source_model", "experts[0].noise_scale", "gate_mode",
                                              "shared_experts", "colour"}));
        problems.clear();
        mergekitYamlToConfig("experts: [unclosed", problems);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(problems[0].message.find("YAML") != std::string::npos);

        // readComposeConfig (moe build) takes .yaml files.
        QTemporaryDir tmp;
        const auto path = tmp.filePath("moe.yaml").toStdString();
        std::ofstream(path) << yaml;
        const auto fromFile = readComposeConfig(path);
        QVERIFY2(fromFile.ok(), formatProblems(fromFile.problems).c_str());
        QCOMPARE(fromFile.config.experts.size(), std::size_t(3));
    }
};

QTEST_APPLESS_MAIN(TestComposeConfig)
#include "test_compose_config.moc"
