#include "core/train/train_options.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

namespace moe {
namespace {

template <typename T>
void read(const nlohmann::json& c, const char* key, T& value, double min, double max, std::vector<std::string>& problems) {
    if (!c.contains(key) || c[key].is_null()) return;
    const auto& v = c[key];
    const bool integral = std::is_integral_v<T>;
    if (!v.is_number() || (integral && !v.is_number_integer()) || !std::isfinite(v.get<double>()) || v.get<double>() < min ||
        v.get<double>() > max) {
        const auto bound = [](double b) {  // 1 and 10000000, not 1.0 and 10000000.0
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.15g", b);
            return std::string(buf);
        };
        std::string message = key;
        message += integral ? ": must be an integer in [" : ": must be a number in [";
        message += bound(min);
        message += ", ";
        message += bound(max);
        message += "], got ";
        message += v.dump();
        problems.push_back(std::move(message));
        return;
    }
    value = v.get<T>();
}

}  // namespace

TrainOptions parseTrainOptions(const nlohmann::json& c, std::vector<std::string>& problems) {
    TrainOptions o;
    if (!c.is_object()) {
        problems.emplace_back("the training config must be a JSON object");
        return o;
    }
    static const std::set<std::string_view> kTrain{"steps", "batch_size", "seq_len", "lr", "warmup_steps", "weight_decay", "clip_norm",
                                              "alpha", "seed", "eval_fraction", "eval_every", "eval_batches", "trainable"};
    static const std::set<std::string_view> kComposition{"moe_method", "model_type", "num_experts_per_tok", "experts", "base_model",
                                                    "router_layers", "router_layers_index", "stitch_freq", "gate_init", "dtype"};
    for (auto it = c.begin(); it != c.end(); ++it)
        if (!kTrain.count(it.key()) && !kComposition.count(it.key())) problems.push_back(std::string(it.key()).append(": unknown key"));
    if (c.contains("trainable")) {
        const auto& v = c["trainable"];
        if (v == "routers") o.scope = TrainScope::Routers;
        else if (v == "all") o.scope = TrainScope::All;
        else if (v == "mlp") o.scope = TrainScope::Mlp;
        else problems.push_back("trainable: must be \"routers\", \"all\" or \"mlp\", got " + v.dump());
    }
    read(c, "steps", o.steps, 1, 1e7, problems);
    read(c, "batch_size", o.batchSize, 1, 4096, problems);
    read(c, "seq_len", o.seqLen, 2, 1 << 20, problems);
    read(c, "lr", o.lr, 0, 10, problems);
    read(c, "warmup_steps", o.warmupSteps, 0, 1e7, problems);
    read(c, "weight_decay", o.weightDecay, 0, 10, problems);
    read(c, "clip_norm", o.clipNorm, 0, 1e9, problems);
    read(c, "alpha", o.alpha, 0, 1e6, problems);
    read(c, "seed", o.seed, 0, 9.2e18, problems);
    read(c, "eval_fraction", o.evalFraction, 0.001, 0.9, problems);
    read(c, "eval_every", o.evalEvery, 1, 1e7, problems);
    read(c, "eval_batches", o.evalBatches, 1, 1e6, problems);
    return o;
}

}  // namespace moe
