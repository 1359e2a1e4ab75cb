#pragma once
// Router-only (Traditional / BTX / native MoE) and stitch-only (BTS) training: next-token cross entropy
// + alpha × the load-balancing loss summed over routers (balance_loss.h), AdamW with linear warm-up and
// cosine decay, global gradient-norm clipping, a held-out loss / perplexity. Everything but the routers
// (or stitch weights) stays frozen: the output checkpoint copies every other tensor byte for byte.
// The optimiser state is saved next to the weights (trainer_state.safetensors), so training the output
// again continues the same run.

#include "core/train/train_options.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace moe {

class Model;

struct TrainProgress {
    int step = 0, steps = 0;      // steps done / total
    double loss = 0, crossEntropy = 0, balance = 0, lr = 0;
    std::optional<double> evalLoss, evalPerplexity;  // on evaluation steps
    double elapsedSeconds = 0;
};

struct TrainRequest {
    std::string modelDir;
    std::vector<std::string> dataFiles;  // text, tokenized with modelDir's tokenizer.json
    std::string outDir;
    bool force = false;
    TrainOptions options;
    int stopAfter = 0;                   // > 0: save after this many steps of the schedule (resume later)
    // Continue the run whose optimiser state modelDir holds (trainer_state.safetensors) when it trained
    // the same weights (same `trainable` scope); false: always start at step 0.
    bool resume = true;
    std::function<void(const TrainProgress&)> onStep;
    std::function<bool()> isCancelled;   // polled between steps; a cancelled run writes nothing
    // Called on the training thread after each step (after onStep) with the model holding the current
    // weights, e.g. to route a sample text with the routers as they are (the Train page). Must not change
    // the model; run it under at::NoGradGuard.
    std::function<void(const Model&)> betweenSteps;
};

struct TrainSummary {
    int startStep = 0, steps = 0;
    double firstLoss = 0, lastLoss = 0;
    double evalLoss = 0, evalPerplexity = 0;
    std::vector<std::string> trained;    // checkpoint names of the trained tensors
    std::vector<std::string> files;
};

TrainSummary trainRouters(const TrainRequest& request);

}  // namespace moe
