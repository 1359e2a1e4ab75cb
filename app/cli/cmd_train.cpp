// moe train CONFIG.json --model DIR --data FILE --out DIR [--steps N] [--alpha A] [--stop-after K] [--force]

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/train/router_trainer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

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

    std::ifstream in(pos[0]);
    if (!in) throw Error("cannot read the file", {.file = pos[0]});
    auto config = nlohmann::json::parse(in, nullptr, false);
    TrainRequest req;
    if (config.is_discarded()) throw Error("not valid JSON", {.file = pos[0]});
    try {
        if (!steps.empty()) config["steps"] = std::stoll(steps);
        if (!alpha.empty()) config["alpha"] = std::stod(alpha);
        if (!stopAfter.empty()) req.stopAfter = std::stoi(stopAfter);
    } catch (const std::exception&) {
        throw UsageError("--steps and --stop-after take integers and --alpha a number");
    }
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
