// Entries for the JSON / YAML configs: config.json -> HParams, composition configs, mergekit-moe YAML.
#include "fuzz/entries.h"

#include "core/compose/compose_config.h"
#include "core/compose/mergekit_yaml.h"
#include "core/error.h"
#include "core/model/hparams.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace moe::fuzz {
namespace {

using nlohmann::json;

// JSON text as the file readers parse it; a syntax error is their moe::Error / problem.
std::optional<json> parseJson(std::string_view input) {
    try {
        return json::parse(input.begin(), input.end());
    } catch (const json::exception&) {  // parse_error, and out_of_range for numbers like 1e400
        return std::nullopt;
    }
}

// A parsed composition config as the composer records it (moe_studio.json) and the Compose page shows it.
Outcome checkCompose(const ParsedComposeConfig& parsed) {
    if (!parsed.ok()) {
        require(!formatProblems(parsed.problems).empty(), "problems are listed");
        return Outcome::Rejected;
    }
    const auto& c = parsed.config;
    require(c.experts.size() >= 2 && c.experts.size() <= 16, "2 to 16 experts");
    require(c.method == ComposeMethod::Bts || (c.topK >= 1 && static_cast<std::size_t>(c.topK) <= c.experts.size()),
            "top-k within the experts");
    (void)toJson(c).dump(2);
    return Outcome::Accepted;
}

}  // namespace

Outcome hparams(std::string_view input) {
    const auto config = parseJson(input);
    if (!config) return Outcome::Rejected;
    HParams hp;
    try {
        hp = parseHParams(*config, "config.json");
    } catch (const Error&) {
        return Outcome::Rejected;
    }
    // What the weights loader and the runtime index without checking again.
    const auto layers = static_cast<std::size_t>(hp.numLayers);
    require(hp.arch != nullptr, "an architecture row");
    require(hp.numLayers >= 1 && hp.hidden >= 1 && hp.vocabSize >= 1 && hp.headDim >= 1, "positive dimensions");
    require(hp.numHeads >= 1 && hp.numKvHeads >= 1 && hp.numHeads % hp.numKvHeads == 0, "heads grouped evenly");
    require(hp.layerSliding.size() == layers && hp.layerIsMoe.size() == layers, "one flag per layer");
    require(hp.numExperts == 0 ? hp.topK == 0 : hp.topK >= 1 && hp.topK <= hp.numExperts, "top-k within the experts");
    if (hp.composed) {
        require(hp.composed->blockRouted.size() == layers, "one routing flag per layer");
        for (const auto& s : hp.composed->stitches)
            require(s.layer >= 0 && static_cast<std::size_t>(s.layer) < layers, "stitch inside the model");
    }
    return Outcome::Accepted;
}

Outcome composeConfig(std::string_view input) {
    const auto config = parseJson(input);
    if (!config) return Outcome::Rejected;
    return checkCompose(parseComposeConfig(*config));
}

Outcome mergekitYaml(std::string_view input) {
    std::vector<ConfigProblem> problems;
    const json converted = mergekitYamlToConfig(std::string(input), problems);
    if (!problems.empty()) return Outcome::Rejected;
    // The Compose page opens the translated config through its JSON text.
    (void)converted.dump();
    return checkCompose(parseComposeConfig(converted));
}

}  // namespace moe::fuzz
