// moe aggregate TRACE [--layers 0,2-5] [--proj gate_proj,up_proj] [--csv OUT.csv] [--json]

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/routing/aggregation.h"
#include "core/routing/statistics.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace moe::cli {
namespace {

std::string csvField(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void writeCsv(const std::string& path, const Trace& trace, const Aggregate& a) {
    const auto tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream f(tmp);
        if (!f) throw Error("cannot write", {.file = path});
        f << "index,token,dominant";
        for (const auto& e : trace.experts) f << "," << csvField(e);
        f << "\n";
        for (std::size_t t = 0; t < a.numTokens; ++t) {
            f << t << "," << csvField(trace.tokens[t]) << "," << csvField(trace.experts[static_cast<std::size_t>(std::max(a.dominant[t], 0))]);
            for (std::size_t e = 0; e < a.numExperts; ++e) f << "," << a.weight(t, e);
            f << "\n";
        }
        if (!f.flush()) throw Error("cannot write", {.file = path});
    }
    std::filesystem::rename(tmp, path);
}

}  // namespace

int runAggregate(const Args& args) {
    ArgReader reader(args);
    const auto layers = reader.option("--layers");
    const auto projs = reader.option("--proj");
    const auto csv = reader.option("--csv");
    const bool asJson = reader.flag("--json");
    reader.requireNoUnknown();
    const auto pos = reader.positionals();
    if (pos.size() != 1) throw UsageError("expects exactly one trace file");

    const auto trace = readTrace(pos[0]);
    SiteFilter filter;
    if (!layers.empty()) filter.layers = parseLayerList(layers);
    if (!projs.empty()) filter.projs = parseProjList(projs);
    const auto sites = selectSites(trace, filter);
    if (sites.empty()) throw Error("no routing site matches --layers/--proj", {.file = pos[0]});
    const auto agg = aggregate(trace, sites);
    if (!csv.empty()) writeCsv(csv, trace, agg);

    if (asJson) {
        nlohmann::json weights = nlohmann::json::array();
        for (std::size_t t = 0; t < agg.numTokens; ++t)
            weights.push_back(std::vector<float>(agg.weights.begin() + static_cast<long>(t * agg.numExperts),
                                                 agg.weights.begin() + static_cast<long>((t + 1) * agg.numExperts)));
        const nlohmann::json j = {{"tokens", trace.tokens}, {"experts", trace.experts}, {"weights", weights}, {"dominant", agg.dominant}};
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::printf("%zu tokens, %zu experts, %zu of %zu sites selected\n", agg.numTokens, agg.numExperts, sites.size(), trace.numSites());
    for (std::size_t t = 0; t < agg.numTokens; ++t) {
        std::printf("%5zu  %-16s  %-12s", t, trace.tokens[t].c_str(), trace.experts[static_cast<std::size_t>(agg.dominant[t])].c_str());
        for (std::size_t e = 0; e < agg.numExperts; ++e) std::printf(" %.3f", agg.weight(t, e));
        std::printf("\n");
    }
    for (const auto& m : diagnose(trace, sites).messages) std::printf("warning: %s\n", m.c_str());
    return 0;
}

}  // namespace moe::cli
