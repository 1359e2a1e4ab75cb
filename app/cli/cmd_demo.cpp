// moe demo --out DIR [--seed N] [--scale full|reduced] [--force]

#include "app/cli/commands.h"
#include "core/demo/demo.h"

#include <cstdio>

namespace moe::cli {

int runDemo(const Args& args) {
    ArgReader reader(args);
    const auto out = reader.option("--out"), seed = reader.option("--seed", "1"), scale = reader.option("--scale", "full");
    const bool force = reader.flag("--force");
    reader.requireNoUnknown();
    if (!reader.positionals().empty()) throw UsageError("takes no positional arguments");
    if (out.empty()) throw UsageError("--out is required");
    if (scale != "full" && scale != "reduced") throw UsageError("--scale is full or reduced");
    demo::DemoRequest req;
    req.outDir = out;
    req.force = force;
    req.scale = scale == "full" ? demo::DemoScale::full() : demo::DemoScale::reduced();
    try {
        std::size_t used = 0;
        req.seed = std::stoull(seed, &used);
        if (used != seed.size()) throw std::invalid_argument(seed);
    } catch (const std::exception&) {
        throw UsageError("--seed takes a non-negative integer");
    }
    int lastPhase = 0, lastPercent = -1;
    req.onProgress = [&](const demo::DemoProgress& p) {
        const int percent = static_cast<int>(p.fraction * 100);
        if (p.phase == lastPhase && percent / 10 == lastPercent / 10) return;  // a line per phase and per 10 %
        lastPhase = p.phase;
        lastPercent = percent;
        std::fprintf(stderr, "moe demo: [%d/%d] %s %3d%%  %.0f s\n", p.phase, p.phases, p.label.c_str(), percent, p.elapsedSeconds);
    };
    const auto report = demo::runDemo(req);
    std::printf("demo written to %s in %.0f s (seed %llu, %s scale)\n", out.c_str(), report.seconds,
                static_cast<unsigned long long>(report.seed), report.scale.c_str());
    std::printf("held-out mixed text, tokens routed to their domain's expert (dominant over all routing sites):\n");
    for (const auto& s : report.scores)
        std::printf("  %-8s %5.1f %%  (%lld of %lld tokens)\n", s.domain.c_str(), 100 * s.share(), static_cast<long long>(s.routedToOwnExpert),
                    static_cast<long long>(s.tokens));
    std::printf("open %s/model or %s/trace.safetensors in moe-studio\n", out.c_str(), out.c_str());
    return 0;
}

}  // namespace moe::cli
