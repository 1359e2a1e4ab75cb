#pragma once
// The composition config (DESIGN §4): MixtureKit's dictionary, readable as-is, plus our own keys.
// Parsing never stops at the first problem: every problem is collected (key + message) so the CLI and
// the Compose page can list them all before any byte is written.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class ComposeMethod { Traditional, Btx, Bts };
enum class GateInit { Random, Hidden, CheapEmbed };

struct ExpertSpec {
    std::string name;                           // expert_name
    std::string path;                           // model_id: a local folder
    std::vector<std::string> positivePrompts;   // for gate_init hidden / cheap_embed
    std::vector<std::string> negativePrompts;
};

struct ComposeConfig {
    ComposeMethod method = ComposeMethod::Btx;
    std::string modelType;                      // name of the composed model type
    int topK = 0;                               // num_experts_per_tok
    std::vector<ExpertSpec> experts;
    std::string baseModel;                      // optional folder for the shared parameters
    std::vector<std::string> routerLayers;      // e.g. mlp.gate_proj
    // router_layers_index: nullopt = every block ([]), empty = none ([null]), else these blocks.
    std::optional<std::vector<int>> routerLayersIndex;
    double alpha = 0.0;
    int stitchFreq = 0;
    GateInit gateInit = GateInit::Random;
    std::uint64_t seed = 0;
    std::string dtype;                          // "" = the experts' dtype
};

struct ConfigProblem {
    std::string key;      // JSON path, e.g. "experts[1].model_id"
    std::string message;
};

struct ParsedComposeConfig {
    ComposeConfig config;
    std::vector<ConfigProblem> problems;
    bool ok() const { return problems.empty(); }
};

ParsedComposeConfig parseComposeConfig(const nlohmann::json& json);
// Reads a JSON file (or a mergekit-moe .yaml / .yml config, translated by mergekit_yaml.h); a file that
// cannot be parsed is a single problem (key "").
ParsedComposeConfig readComposeConfig(const std::string& path);
nlohmann::json toJson(const ComposeConfig& config);  // the MixtureKit dictionary (+ our keys)

const char* methodName(ComposeMethod method);
const char* gateInitName(GateInit init);

// One line per problem: "key: message".
std::string formatProblems(const std::vector<ConfigProblem>& problems);

}  // namespace moe
