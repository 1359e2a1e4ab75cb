#include "core/compose/mergekit_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace moe {
namespace {

std::vector<std::string> stringList(const YAML::Node& n, const std::string& key, std::vector<ConfigProblem>& problems) {
    std::vector<std::string> out;
    if (!n) return out;
    if (!n.IsSequence()) {
        problems.push_back({key, "must be a list of strings"});
        return out;
    }
    for (const auto& item : n) {
        if (!item.IsScalar()) {
            problems.push_back({key, "must be a list of strings"});
            return {};
        }
        out.push_back(item.as<std::string>());
    }
    return out;
}

// An expert's display name: its folder's name, made unique.
std::string expertName(const std::string& source, std::set<std::string>& used) {
    auto name = std::filesystem::path(source).filename().string();
    if (name.empty()) name = std::filesystem::path(source).parent_path().filename().string();
    if (name.empty()) name = "expert";
    auto unique = name;
    for (int i = 2; used.count(unique); ++i) unique = name + "_" + std::to_string(i);
    used.insert(unique);
    return unique;
}

}  // namespace

bool isYamlPath(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    return ext == ".yaml" || ext == ".yml";
}

nlohmann::json mergekitYamlToConfig(const std::string& text, std::vector<ConfigProblem>& problems) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        problems.push_back({"", std::string("not valid YAML: ") + e.what()});
        return {};
    }
    if (!root.IsMap()) {
        problems.push_back({"", "a mergekit-moe config is a YAML mapping"});
        return {};
    }
    static const std::set<std::string> kKnown{"base_model", "experts", "gate_mode", "dtype", "experts_per_token", "shared_experts",
                                              "architecture"};
    for (const auto& kv : root) {
        if (!kv.first.IsScalar()) {  // `? [a, b]`: as<std::string>() would throw outside the try below
            problems.push_back({"", "a key that is not a plain name"});
            continue;
        }
        const auto key = kv.first.as<std::string>();
        if (!kKnown.count(key)) problems.push_back({key, "unknown mergekit-moe key"});
    }
    nlohmann::json j = {{"moe_method", "traditional"}, {"model_type", "mergekit_moe"}, {"router_layers_index", nlohmann::json::array()}};
    try {
        if (root["base_model"] && root["base_model"].IsScalar()) j["base_model"] = root["base_model"].as<std::string>();
        else problems.push_back({"base_model", "missing (mergekit-moe takes the shared weights from it)"});
        j["num_experts_per_tok"] = root["experts_per_token"] ? root["experts_per_token"].as<int>() : 2;  // mergekit's default
        const auto gate = root["gate_mode"] ? root["gate_mode"].as<std::string>() : std::string("hidden");  // mergekit's default
        if (gate == "hidden" || gate == "cheap_embed" || gate == "random") j["gate_init"] = gate;
        else problems.push_back({"gate_mode", "'" + gate + "' has no equivalent here (hidden, cheap_embed or random)"});
        if (root["dtype"]) j["dtype"] = root["dtype"].as<std::string>();
        if (root["shared_experts"]) problems.push_back({"shared_experts", "shared experts (Qwen2-MoE output) are not supported"});
        if (root["architecture"]) {
            const auto arch = root["architecture"].as<std::string>();
            if (arch != "mixtral") problems.push_back({"architecture", "'" + arch + "': compose, then choose --format native for mixtral / qwen3_moe"});
        }
        nlohmann::json experts = nlohmann::json::array();
        std::set<std::string> used;
        const auto list = root["experts"];
        if (!list || !list.IsSequence() || list.size() == 0) problems.push_back({"experts", "missing or empty"});
        for (std::size_t i = 0; list && list.IsSequence() && i < list.size(); ++i) {
            const auto e = list[i];
            const auto key = "experts[" + std::to_string(i) + "]";
            if (!e.IsMap() || !e["source_model"] || !e["source_model"].IsScalar()) {
                problems.push_back({key + ".source_model", "missing"});
                continue;
            }
            const auto source = e["source_model"].as<std::string>();
            if (source.find('+') != std::string::npos) problems.push_back({key + ".source_model", "LoRA references (model+lora) are not supported"});
            for (const char* unsupported : {"noise_scale", "residual_scale"})
                if (e[unsupported]) problems.push_back({key + "." + unsupported, "not supported"});
            nlohmann::json x = {{"expert_name", expertName(source, used)}, {"model_id", source}};
            if (auto p = stringList(e["positive_prompts"], key + ".positive_prompts", problems); !p.empty()) x["positive_prompts"] = p;
            if (auto n = stringList(e["negative_prompts"], key + ".negative_prompts", problems); !n.empty()) x["negative_prompts"] = n;
            experts.push_back(std::move(x));
        }
        j["experts"] = std::move(experts);
    } catch (const YAML::Exception& e) {
        problems.push_back({"", std::string("unexpected value: ") + e.what()});
    }
    // yaml-cpp passes the bytes of plain scalars through unchecked: invalid UTF-8 would make the Compose page
    // and moe_studio.json throw (nlohmann type_error) when they write the config out.
    try {
        (void)j.dump();
    } catch (const nlohmann::json::type_error&) {
        problems.push_back({"", "not valid UTF-8 text"});
    }
    return j;
}

}  // namespace moe
