#include "core/compose/compose_config.h"

#include "core/compose/mergekit_yaml.h"
#include "core/error.h"
#include "core/io/json_file.h"
#include "core/io/read_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace moe {

using nlohmann::json;

namespace {

const std::set<std::string> kTopKeys{"moe_method", "model_type",  "num_experts_per_tok", "experts", "base_model",
                                     "router_layers", "router_layers_index", "alpha", "stitch_freq", "gate_init",
                                     "seed", "dtype"};
const std::set<std::string> kExpertKeys{"expert_name", "model_id", "positive_prompts", "negative_prompts"};
const std::set<std::string> kRoutable{"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "self_attn.q_proj",
                                      "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"};

class Collector {
public:
    std::vector<ConfigProblem> problems;
    void add(std::string key, std::string message) { problems.push_back({std::move(key), std::move(message)}); }

    std::optional<std::string> string(const json& obj, const std::string& key, const std::string& path, bool required) {
        if (!obj.contains(key) || obj[key].is_null()) {
            if (required) add(path, "missing");
            return std::nullopt;
        }
        if (!obj[key].is_string() || obj[key].get<std::string>().empty()) {
            add(path, "must be a non-empty string");
            return std::nullopt;
        }
        return obj[key].get<std::string>();
    }

    std::optional<std::int64_t> integer(const json& obj, const std::string& key, std::int64_t min, std::int64_t max) {
        if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
        const auto& v = obj[key];
        if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) ||
            v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
            add(key, "must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + v.dump());
            return std::nullopt;
        }
        return v.get<std::int64_t>();
    }

    std::vector<std::string> strings(const json& v, const std::string& path) {
        std::vector<std::string> out;
        if (!v.is_array()) {
            add(path, "must be a list of strings");
            return out;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) add(path + "[" + std::to_string(i) + "]", "must be a string");
            else out.push_back(v[i].get<std::string>());
        }
        return out;
    }
};

void parseExperts(const json& j, Collector& c, ComposeConfig& cfg) {
    if (!j.contains("experts")) return c.add("experts", "missing");
    const auto& list = j["experts"];
    if (!list.is_array()) return c.add("experts", "must be a list of {\"expert_name\", \"model_id\"}");
    if (list.size() < 2 || list.size() > 16) c.add("experts", "needs 2 to 16 experts, got " + std::to_string(list.size()));
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto path = "experts[" + std::to_string(i) + "]";
        const auto& e = list[i];
        if (!e.is_object()) {
            c.add(path, "must be an object with expert_name and model_id");
            continue;
        }
        for (auto it = e.begin(); it != e.end(); ++it)
            if (!kExpertKeys.count(it.key())) c.add(path + "." + it.key(), "unknown key");
        ExpertSpec spec;
        spec.name = c.string(e, "expert_name", path + ".expert_name", true).value_or("");
        spec.path = c.string(e, "model_id", path + ".model_id", true).value_or("");
        if (!spec.name.empty() && !names.insert(spec.name).second)
            c.add(path + ".expert_name", "duplicate expert name '" + spec.name + "'");
        if (e.contains("positive_prompts")) spec.positivePrompts = c.strings(e["positive_prompts"], path + ".positive_prompts");
        if (e.contains("negative_prompts")) spec.negativePrompts = c.strings(e["negative_prompts"], path + ".negative_prompts");
        cfg.experts.push_back(std::move(spec));
    }
}

void parseRouterLayers(const json& j, Collector& c, ComposeConfig& cfg) {
    if (j.contains("router_layers") && !j["router_layers"].is_null()) {
        cfg.routerLayers = c.strings(j["router_layers"], "router_layers");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < cfg.routerLayers.size(); ++i) {
            const auto& name = cfg.routerLayers[i];
            const auto path = "router_layers[" + std::to_string(i) + "]";
            if (!seen.insert(name).second) c.add(path, "duplicate '" + name + "'");
            else if (!kRoutable.count(name))
                c.add(path, "'" + name + "' is not a routable projection (mlp.gate_proj, mlp.up_proj, mlp.down_proj, self_attn.q/k/v/o_proj)");
            else if (cfg.method == ComposeMethod::Traditional && name.rfind("mlp.", 0) != 0)
                c.add(path, "Traditional routes the whole MLP; attention projections need BTX");
        }
    }
    const bool listed = j.contains("router_layers") && j["router_layers"].is_array() && !j["router_layers"].empty();
    const bool btx = j.contains("moe_method") && j["moe_method"] == "btx";
    if (btx && !listed) c.add("router_layers", "BTX needs at least one projection to route");

    if (!j.contains("router_layers_index")) return;  // default: every block
    const auto& idx = j["router_layers_index"];
    if (!idx.is_array()) return c.add("router_layers_index", "must be a list of block indices ([] = all, [null] = none)");
    if (idx.empty()) return;
    if (idx.size() == 1 && idx[0].is_null()) {
        cfg.routerLayersIndex = std::vector<int>{};
        return;
    }
    std::vector<int> blocks;
    for (std::size_t i = 0; i < idx.size(); ++i) {
        if (!idx[i].is_number_integer() || idx[i].get<std::int64_t>() < 0 || idx[i].get<std::int64_t>() > 100000)
            c.add("router_layers_index[" + std::to_string(i) + "]", "must be a block index, got " + idx[i].dump());
        else if (std::find(blocks.begin(), blocks.end(), idx[i].get<int>()) != blocks.end())
            c.add("router_layers_index[" + std::to_string(i) + "]", "duplicate block " + idx[i].dump());
        else
            blocks.push_back(idx[i].get<int>());
    }
    std::sort(blocks.begin(), blocks.end());
    cfg.routerLayersIndex = blocks;
}

}  // namespace

const char* methodName(ComposeMethod m) {
    return m == ComposeMethod::Traditional ? "traditional" : m == ComposeMethod::Btx ? "btx" : "bts";
}
const char* gateInitName(GateInit g) { return g == GateInit::Random ? "random" : g == GateInit::Hidden ? "hidden" : "cheap_embed"; }

ParsedComposeConfig parseComposeConfig(const json& j) {
    ParsedComposeConfig out;
    Collector c;
    auto& cfg = out.config;
    if (!j.is_object()) {
        out.problems.push_back({"", "the config must be a JSON object"});
        return out;
    }
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!kTopKeys.count(it.key())) c.add(it.key(), "unknown key");

    if (const auto m = c.string(j, "moe_method", "moe_method", true)) {
        if (*m == "traditional") cfg.method = ComposeMethod::Traditional;
        else if (*m == "btx") cfg.method = ComposeMethod::Btx;
        else if (*m == "bts") cfg.method = ComposeMethod::Bts;
        else c.add("moe_method", "must be traditional, btx or bts, got '" + *m + "'");
    }
    if (const auto t = c.string(j, "model_type", "model_type", true)) {
        cfg.modelType = *t;
        if (!std::all_of(t->begin(), t->end(), [](char ch) { return std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'; }))
            c.add("model_type", "must be lowercase letters, digits and '_' (it names Python modules), got '" + *t + "'");
    }
    parseExperts(j, c, cfg);
    const auto numExperts = static_cast<std::int64_t>(cfg.experts.size());
    if (const auto k = c.integer(j, "num_experts_per_tok", 1, 16)) {
        cfg.topK = static_cast<int>(*k);
        if (numExperts >= 2 && *k > numExperts)
            c.add("num_experts_per_tok", "top-k " + std::to_string(*k) + " exceeds the " + std::to_string(numExperts) + " experts");
    } else if (!j.contains("num_experts_per_tok") && cfg.method != ComposeMethod::Bts) {
        c.add("num_experts_per_tok", "missing");
    }
    cfg.baseModel = c.string(j, "base_model", "base_model", false).value_or("");
    parseRouterLayers(j, c, cfg);
    if (j.contains("alpha") && !j["alpha"].is_null()) {
        if (!j["alpha"].is_number() || !std::isfinite(j["alpha"].get<double>()) || j["alpha"].get<double>() < 0)
            c.add("alpha", "must be a non-negative number, got " + j["alpha"].dump());
        else
            cfg.alpha = j["alpha"].get<double>();
    }
    if (const auto f = c.integer(j, "stitch_freq", 1, 100000)) cfg.stitchFreq = static_cast<int>(*f);
    else if (cfg.method == ComposeMethod::Bts && !j.contains("stitch_freq")) c.add("stitch_freq", "BTS needs stitch_freq");
    if (const auto g = c.string(j, "gate_init", "gate_init", false)) {
        if (*g == "random") cfg.gateInit = GateInit::Random;
        else if (*g == "hidden") cfg.gateInit = GateInit::Hidden;
        else if (*g == "cheap_embed") cfg.gateInit = GateInit::CheapEmbed;
        else c.add("gate_init", "must be random, hidden or cheap_embed, got '" + *g + "'");
    }
    if (cfg.gateInit != GateInit::Random)
        for (std::size_t i = 0; i < cfg.experts.size(); ++i)
            if (cfg.experts[i].positivePrompts.empty())
                c.add("experts[" + std::to_string(i) + "].positive_prompts", std::string("gate_init ") + gateInitName(cfg.gateInit) + " needs prompts for every expert");
    if (cfg.gateInit != GateInit::Random) {
        const auto mode = std::string("gate_init ") + gateInitName(cfg.gateInit);
        if (cfg.method == ComposeMethod::Bts) c.add("gate_init", mode + " sets routers; BTS has stitch layers, not routers");
        // The prompts give hidden-size vectors: projections that read something else get no honest row.
        if (cfg.method == ComposeMethod::Btx)
            for (std::size_t i = 0; i < cfg.routerLayers.size(); ++i)
                if (cfg.routerLayers[i] == "mlp.down_proj" || cfg.routerLayers[i] == "self_attn.o_proj")
                    c.add("router_layers[" + std::to_string(i) + "]",
                          mode + " sets routers from hidden-size vectors, but " + cfg.routerLayers[i] + " reads " +
                              (cfg.routerLayers[i] == "mlp.down_proj" ? "the MLP's intermediate activations" : "the attention output") +
                              ": leave it out or use gate_init random");
        // As mergekit: identical prompts everywhere would give every expert the same router row.
        const auto prompts = [](const ExpertSpec& e) { return std::pair(e.positivePrompts, e.negativePrompts); };
        const bool allPrompted = std::all_of(cfg.experts.begin(), cfg.experts.end(), [](const ExpertSpec& e) { return !e.positivePrompts.empty(); });
        if (allPrompted && cfg.experts.size() >= 2 &&
            std::all_of(cfg.experts.begin(), cfg.experts.end(), [&](const ExpertSpec& e) { return prompts(e) == prompts(cfg.experts[0]); }))
            c.add("experts", mode + ": every expert has the same positive and negative prompts, so the routers could not tell them apart");
    }
    if (const auto s = c.integer(j, "seed", 0, INT64_MAX)) cfg.seed = static_cast<std::uint64_t>(*s);
    if (const auto d = c.string(j, "dtype", "dtype", false)) {
        if (*d != "float32" && *d != "bfloat16" && *d != "float16") c.add("dtype", "must be float32, bfloat16 or float16, got '" + *d + "'");
        else cfg.dtype = *d;
    }
    out.problems = std::move(c.problems);
    return out;
}

ParsedComposeConfig readComposeConfig(const std::string& path) {
    // Problems are reported after the config's path (moe build prints "CONFIG: key: message"): these name no key.
    std::string text;
    try {
        text = readFileBytes(path, kMaxJsonFileBytes);
    } catch (const Error& e) {
        return {{}, {{"", e.message()}}};
    }
    if (isYamlPath(path)) {  // a mergekit-moe config
        std::vector<ConfigProblem> problems;
        const auto converted = mergekitYamlToConfig(text, problems);
        if (!problems.empty()) return {{}, std::move(problems)};
        return parseComposeConfig(converted);
    }
    try {
        return parseComposeConfig(parseJson(text, path));
    } catch (const Error& e) {
        return {{}, {{"", e.message()}}};
    }
}

json toJson(const ComposeConfig& cfg) {
    json experts = json::array();
    for (const auto& e : cfg.experts) {
        json x = {{"expert_name", e.name}, {"model_id", e.path}};
        if (!e.positivePrompts.empty()) x["positive_prompts"] = e.positivePrompts;
        if (!e.negativePrompts.empty()) x["negative_prompts"] = e.negativePrompts;
        experts.push_back(x);
    }
    json j = {{"moe_method", methodName(cfg.method)}, {"model_type", cfg.modelType}, {"num_experts_per_tok", cfg.topK},
              {"experts", experts}, {"router_layers", cfg.routerLayers}, {"alpha", cfg.alpha}};
    if (!cfg.routerLayersIndex) j["router_layers_index"] = json::array();
    else if (cfg.routerLayersIndex->empty()) j["router_layers_index"] = json::array({nullptr});
    else j["router_layers_index"] = *cfg.routerLayersIndex;
    if (cfg.stitchFreq > 0) j["stitch_freq"] = cfg.stitchFreq;
    if (!cfg.baseModel.empty()) j["base_model"] = cfg.baseModel;
    if (cfg.gateInit != GateInit::Random) j["gate_init"] = gateInitName(cfg.gateInit);
    if (cfg.seed) j["seed"] = cfg.seed;
    if (!cfg.dtype.empty()) j["dtype"] = cfg.dtype;
    return j;
}

std::string formatProblems(const std::vector<ConfigProblem>& problems) {
    std::string out;
    for (const auto& p : problems) out += (p.key.empty() ? "" : p.key + ": ") + p.message + "\n";
    return out;
}

}  // namespace moe
