#pragma once
// Options of router / stitch training (`moe train CONFIG.json …`, the Train page). The config file may
// be a training config, a MixtureKit composition config (its `alpha` is used, its composition keys are
// ignored), or both in one.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

// Which weights training updates: the routers (Traditional / BTX / native MoE) or stitch layers (BTS), or
// every weight of a dense model, or only its MLP projections (the built-in demo trains its seed model
// and its tiny experts this way).
enum class TrainScope { Routers, All, Mlp };

struct TrainOptions {
    TrainScope scope = TrainScope::Routers;  // "trainable": "routers" | "all" | "mlp"
    int steps = 200;
    int batchSize = 8;
    int seqLen = 128;
    double lr = 1e-3;
    int warmupSteps = 20;        // linear warm-up, then cosine decay to 10 % of lr
    double weightDecay = 0.0;
    double clipNorm = 1.0;       // global gradient-norm clipping (0: off)
    double alpha = 0.01;         // load-balancing coefficient
    std::uint64_t seed = 0;
    double evalFraction = 0.1;   // the tail of every file's tokens held out
    int evalEvery = 50;          // steps between held-out evaluations (and the last step)
    int evalBatches = 8;
};

// Reads the keys it knows; `problems` gets one line per bad value or unknown key.
TrainOptions parseTrainOptions(const nlohmann::json& config, std::vector<std::string>& problems);

}  // namespace moe
