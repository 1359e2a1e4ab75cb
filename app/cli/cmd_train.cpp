// moe train CONFIG.json --model DIR --data FILE --out DIR [--steps N] [--alpha A] [--stop-after K] [--force]

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/io/json_file.h"
#include "core/io/read_file.h"
#include "core/train/router_trainer.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace moe::cli {

int runTrain(const Args& args) {
    ArgReader reader(args);
    const auto model = reader.option("--model"), data = reader.option("--data"), out = reader.option("--out");
    const auto steps = reader.option("--steps"), alpha = reader.option("--alpha"), stopAfter = reader.option("--stop-after");
    const bool force = reader.flag("--force");
    reader.requireNoUnknown();
    const auto pos = reader.positionals();
    if (pos.size() != 1) throw UsageError("expects exactly one config file");
    if (model.empty() || data.empty() || out.empty()) throw UsageError("--model, --data and --out are required");

    nlohmann::json config = readJsonFile(pos[0], kMaxJsonFileBytes);
    TrainRequest req;
    // The whole argument must be the number: "--steps 1e9" is not 1 step.
    const auto integer = [](const std::string& name, const std::string& text, long long max) {
        long long v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > max)
            throw UsageError(name + " takes an integer in [0, " + std::to_string(max) + "], got '" + text + "'");
        return v;
    };
    if (config.is_object()) {  // anything else is reported by parseTrainOptions
        if (!steps.empty()) config["steps"] = integer("--steps", steps, 10'000'000);
        if (!alpha.empty()) {
            char* end = nullptr;
            const double a = std::strtod(alpha.c_str(), &end);
            if (end != alpha.c_str() + alpha.size() || !std::isfinite(a)) throw UsageError("--alpha takes a number, got '" + alpha + "'");
            config["alpha"] = a;
        }
    }
    if (!stopAfter.empty()) req.stopAfter = static_cast<int>(integer("--stop-after", stopAfter, 10'000'000));
    std::vector<std::string> problems;
    req.options = parseTrainOptions(config, problems);
    if (!problems.empty()) {
        for (const auto& p : problems) std::fprintf(stderr, "moe train: %s: %s\n", pos[0].c_str(), p.c_str());
        return 2;
    }
    req.modelDir = model;
    req.dataFiles = {data};
    req.outDir = out;
    req.force = force;
    req.onStep = [](const TrainProgress& p) {
        std::fprintf(stderr, "moe train: step %d/%d  loss %.4f  ce %.4f  balance %.4f  lr %.2e", p.step, p.steps, p.loss,
                     p.crossEntropy, p.balance, p.lr);
        if (p.evalLoss) std::fprintf(stderr, "  held-out loss %.4f  ppl %.2f", *p.evalLoss, *p.evalPerplexity);
        std::fprintf(stderr, "  %.1f s\n", p.elapsedSeconds);
    };
    const auto summary = trainRouters(req);
    std::fprintf(stderr, "moe train: wrote %s: %zu trained tensors, steps %d..%d, loss %.4f -> %.4f, held-out ppl %.2f\n", out.c_str(),
                 summary.trained.size(), summary.startStep, summary.steps, summary.firstLoss, summary.lastLoss, summary.evalPerplexity);
    return 0;
}

}  // namespace moe::cli
