#pragma once
// Options of router / stitch training (`moe train CONFIG.json …`, the Train page). The config file may
// be a training config, a MixtureKit composition config (its `alpha` is used, its composition keys are
// ignored), or both in one.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

struct TrainOptions {
    int steps = 200;
    int batchSize = 8;
    int seqLen = 128;
    double lr = 1e-3;
    int warmupSteps = 20;        // linear warm-up, then cosine decay to 10 % of lr
    double weightDecay = 0.0;
    double clipNorm = 1.0;       // global gradient-norm clipping (0: off)
    double alpha = 0.01;         // load-balancing coefficient
    std::uint64_t seed = 0;
    double evalFraction = 0.1;   // the tail of the token stream held out
    int evalEvery = 50;          // steps between held-out evaluations (and the last step)
    int evalBatches = 8;
};

// Reads the keys it knows; `problems` gets one line per bad value or unknown key.
TrainOptions parseTrainOptions(const nlohmann::json& config, std::vector<std::string>& problems);

}  // namespace moe
