// moe build CONFIG.json --out DIR [--format mixturekit|native] [--force]

#include "app/cli/commands.h"
#include "core/compose/composer.h"
#include "core/compose/expert_check.h"
#include "core/error.h"

#include <chrono>
#include <cstdio>

namespace moe::cli {

int runBuild(const Args& args) {
    ArgReader reader(args);
    const auto out = reader.option("--out");
    const auto format = reader.option("--format", "mixturekit");
    const bool force = reader.flag("--force");
    reader.requireNoUnknown();
    const auto pos = reader.positionals();
    if (pos.size() != 1) throw UsageError("expects exactly one config file");
    if (out.empty()) throw UsageError("--out is required");
    if (format != "mixturekit" && format != "native") throw UsageError("--format must be mixturekit or native");

    const auto parsed = readComposeConfig(pos[0]);
    // One line per problem, each naming the file and the key: the config's own, then its experts'
    // (folders, architectures, shapes), all before anything is written.
    const auto problems = parsed.ok() ? checkExperts(parsed.config) : parsed.problems;
    if (!problems.empty()) {
        for (const auto& p : problems)
            std::fprintf(stderr, "moe build: %s: %s%s\n", pos[0].c_str(), p.key.empty() ? "" : (p.key + ": ").c_str(), p.message.c_str());
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    ComposeOptions options;
    options.outDir = out;
    options.force = force;
    options.native = format == "native";
    auto lastPrint = start;
    options.onProgress = [&](const ComposeProgress& p) {
        if (!p.message.empty()) {  // a step before the tensors stream, e.g. gate_init running prompts
            std::fprintf(stderr, "moe build: %s\n", p.message.c_str());
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (p.tensorsDone != p.tensorsTotal && now - lastPrint < std::chrono::milliseconds(200)) return;  // ~5 lines a second
        lastPrint = now;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double eta = p.bytesDone ? elapsed * static_cast<double>(p.bytesTotal - p.bytesDone) / static_cast<double>(p.bytesDone) : 0;
        std::fprintf(stderr, "\rmoe build: %zu/%zu tensors, %.1f/%.1f MB, ETA %.0f s   ", p.tensorsDone, p.tensorsTotal,
                     static_cast<double>(p.bytesDone) / 1e6, static_cast<double>(p.bytesTotal) / 1e6, eta);
    };
    const auto summary = compose(parsed.config, options);
    std::fprintf(stderr, "\nmoe build: wrote %s: %zu files, %lld parameters (%lld active), %zu averaged, %zu expert tensors, %zu routers, %zu stitch tensors\n",
                 out.c_str(), summary.files.size(), static_cast<long long>(summary.totalParams),
                 static_cast<long long>(summary.activeParams), summary.averaged, summary.expertTensors, summary.routers, summary.stitches);
    for (const auto& p : summary.padded) std::fprintf(stderr, "moe build: %s zero-padded along dim 0 (vocabularies differ)\n", p.c_str());
    return 0;
}

}  // namespace moe::cli
