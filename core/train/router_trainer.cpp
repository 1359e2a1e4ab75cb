#include "core/train/router_trainer.h"

#include "core/error.h"
#include "core/io/atomic_dir.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors_reader.h"
#include "core/io/safetensors_writer.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/balance_loss.h"
#include "core/train/text_data.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace moe {
namespace {

constexpr const char* kStateFile = "trainer_state.safetensors";

struct AdamState {
    std::vector<at::Tensor> m, v;
};

double learningRate(const TrainOptions& o, int step) {
    if (step < o.warmupSteps) return o.lr * (step + 1) / (o.warmupSteps + 1);
    const double progress = o.steps > o.warmupSteps ? double(step - o.warmupSteps) / (o.steps - o.warmupSteps) : 1.0;
    return o.lr * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * std::min(1.0, progress))));
}

// AdamW (decoupled weight decay), betas (0.9, 0.999), eps 1e-8; `t` counts from 1.
void adamwStep(std::vector<TrainableParameter>& params, AdamState& s, double lr, double weightDecay, int t) {
    at::NoGradGuard noGrad;
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto& p = params[i].tensor;
        if (!p.grad().defined()) continue;
        const auto g = p.grad();
        s.m[i].mul_(b1).add_(g, 1 - b1);
        s.v[i].mul_(b2).addcmul_(g, g, 1 - b2);
        const auto mHat = s.m[i] / (1 - std::pow(b1, t));
        const auto vHat = s.v[i] / (1 - std::pow(b2, t));
        if (weightDecay > 0) p.mul_(1 - lr * weightDecay);
        p.sub_(mHat / (vHat.sqrt() + eps) * lr);
        p.mutable_grad().zero_();
    }
}

void clipGradients(const std::vector<TrainableParameter>& params, double maxNorm) {
    if (maxNorm <= 0) return;
    at::NoGradGuard noGrad;
    double total = 0;
    for (const auto& p : params)
        if (p.tensor.grad().defined()) total += p.tensor.grad().pow(2).sum().item<double>();
    const double norm = std::sqrt(total);
    if (norm > maxNorm)
        for (const auto& p : params)
            if (p.tensor.grad().defined()) p.tensor.mutable_grad().mul_(maxNorm / (norm + 1e-6));
}

struct Losses {
    at::Tensor total;
    double crossEntropy = 0, balance = 0;
};

Losses lossOf(const Model& model, const at::Tensor& windows, double alpha, bool grad) {
    const auto inputs = windows.narrow(1, 0, windows.size(1) - 1), targets = windows.narrow(1, 1, windows.size(1) - 1);
    const auto r = model.forward(inputs, {.hiddenStates = false, .routerLogits = alpha > 0, .grad = grad});
    const auto V = r.logits.size(-1);
    Losses l;
    const auto ce = at::cross_entropy_loss(r.logits.reshape({-1, V}), targets.reshape({-1}));
    l.total = ce;
    l.crossEntropy = ce.item<double>();
    const auto k = std::max<std::int64_t>(1, model.hparams().topK);
    for (const auto& router : r.routers) {
        if (router.proj == "stitch") continue;  // BTS stitch gates are not top-k routers
        const auto lb = loadBalancingLoss(router.logits, std::min<std::int64_t>(k, router.logits.size(1)), alpha);
        l.balance += lb.item<double>();
        l.total = l.total + lb;
    }
    return l;
}

double evaluate(const Model& model, const at::Tensor& windows, int batch) {
    double sum = 0;
    std::int64_t n = 0;
    for (std::int64_t i = 0; i < windows.size(0); i += batch) {
        const auto chunk = windows.narrow(0, i, std::min<std::int64_t>(batch, windows.size(0) - i));
        sum += lossOf(model, chunk, 0, false).crossEntropy * static_cast<double>(chunk.size(0));
        n += chunk.size(0);
    }
    return sum / static_cast<double>(n);
}

const char* scopeName(TrainScope scope) { return scope == TrainScope::Routers ? "routers" : scope == TrainScope::All ? "all" : "mlp"; }

// Resumes the optimiser state saved by an earlier run on `dir` that trained the same scope of weights,
// if any; returns the step reached. The state of another scope (a dense model trained fully, then its
// MLPs) is another run: it starts from step 0.
int loadState(const std::string& dir, TrainScope scope, std::vector<TrainableParameter>& params, AdamState& s) {
    const auto path = fs::path(dir) / kStateFile;
    if (!fs::exists(path)) return 0;
    const SafetensorsFile f(path.string());
    const auto& meta = f.metadata();
    const auto saved = meta.find("trainable");
    if ((saved == meta.end() ? "routers" : saved->second) != scopeName(scope)) return 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto* m = f.find("m." + params[i].name);
        const auto* v = f.find("v." + params[i].name);
        if (!m || !v) throw Error("optimiser state for '" + params[i].name + "' is missing", {.file = path.string()});
        s.m[i] = tensorView(f, *m).clone().view_as(params[i].tensor);
        s.v[i] = tensorView(f, *v).clone().view_as(params[i].tensor);
    }
    const auto it = meta.find("step");
    return it == meta.end() ? 0 : std::stoi(it->second);
}

void writeCheckpoint(const fs::path& dir, const Checkpoint& source, const std::vector<TrainableParameter>& params, const HParams& hp) {
    std::map<std::string, const TrainableParameter*> trained;
    for (const auto& p : params) trained[p.name] = &p;
    const auto fallback = parseDType(hp.dtype == "bfloat16" ? "BF16" : hp.dtype == "float16" ? "F16" : "F32").value_or(DType::F32);
    std::vector<TensorSpec> specs;
    for (const auto& name : source.names()) specs.push_back({name, source.info(name).dtype, source.info(name).shape});
    for (const auto& p : params)
        if (!source.contains(p.name)) specs.push_back({p.name, fallback, p.tensor.sizes().vec()});  // e.g. MixtureKit's unsaved routers
    SafetensorsWriter writer(dir.string(), specs, {.maxShardBytes = 2ULL << 30, .metadata = {{"format", "pt"}}});
    for (const auto& spec : specs) {
        if (const auto it = trained.find(spec.name); it != trained.end()) {
            const auto t = it->second->tensor.detach().to(toScalarType(spec.dtype)).contiguous();
            writer.write(spec.name, t.data_ptr(), spec.nbytes());
        } else {
            writer.write(spec.name, source.data(spec.name), spec.nbytes());  // frozen: the same bytes
        }
    }
    writer.commit();
}

void writeState(const fs::path& dir, TrainScope scope, const std::vector<TrainableParameter>& params, const AdamState& s, int step) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (std::size_t i = 0; i < params.size(); ++i) {
        tensors.emplace_back("m." + params[i].name, s.m[i]);
        tensors.emplace_back("v." + params[i].name, s.v[i]);
    }
    writeTensors((dir / kStateFile).string(), tensors, {{"step", std::to_string(step)}, {"trainable", scopeName(scope)}});
}

}  // namespace

TrainSummary trainRouters(const TrainRequest& req) {
    const auto& o = req.options;
    const auto tokenizerPath = fs::path(req.modelDir) / "tokenizer.json";
    if (!fs::exists(tokenizerPath)) throw Error("no tokenizer.json in the model folder (training tokenizes the text with it)", {.file = req.modelDir});
    if (req.dataFiles.empty()) throw Error("no training text given");
    AtomicDir out(req.outDir, req.force);  // checked before the long work starts

    const auto tokenizer = Tokenizer::fromDir(req.modelDir);
    const auto data = tokenizeFiles(tokenizer, req.dataFiles, o.evalFraction, o.seqLen);
    auto model = Model::load(req.modelDir, at::kFloat);
    auto params = o.scope == TrainScope::Routers ? model->makeRoutersTrainable() : model->makeAllTrainable(o.scope == TrainScope::Mlp);
    AdamState state;
    for (const auto& p : params) {
        state.m.push_back(at::zeros_like(p.tensor));
        state.v.push_back(at::zeros_like(p.tensor));
    }
    TrainSummary summary;
    summary.startStep = req.resume ? loadState(req.modelDir, o.scope, params, state) : 0;
    for (const auto& p : params) summary.trained.push_back(p.name);
    const auto evalWindows = consecutiveWindows(data.heldOut, o.seqLen, o.evalBatches * o.batchSize);

    const int last = req.stopAfter > 0 ? std::min(req.stopAfter, o.steps) : o.steps;
    const auto t0 = std::chrono::steady_clock::now();
    for (int step = summary.startStep; step < last; ++step) {
        if (req.isCancelled && req.isCancelled()) throw Error("cancelled");
        const auto batch = sampleBatch(data.train, o.batchSize, o.seqLen, o.seed, step);
        auto losses = lossOf(*model, batch, o.alpha, true);
        losses.total.backward();
        clipGradients(params, o.clipNorm);
        const double lr = learningRate(o, step);
        adamwStep(params, state, lr, o.weightDecay, step + 1);

        TrainProgress p{step + 1, o.steps, losses.total.item<double>(), losses.crossEntropy, losses.balance, lr, {}, {}, 0};
        if ((step + 1) % o.evalEvery == 0 || step + 1 == last) {
            p.evalLoss = evaluate(*model, evalWindows, o.batchSize);
            p.evalPerplexity = std::exp(*p.evalLoss);
            summary.evalLoss = *p.evalLoss;
            summary.evalPerplexity = *p.evalPerplexity;
        }
        p.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (step == summary.startStep) summary.firstLoss = p.loss;
        summary.lastLoss = p.loss;
        if (req.onStep) req.onStep(p);
        if (req.betweenSteps) req.betweenSteps(*model);
    }
    summary.steps = std::max(last, summary.startStep);

    const Checkpoint source(req.modelDir);
    writeCheckpoint(out.path(), source, params, model->hparams());
    writeState(out.path(), o.scope, params, state, summary.steps);
    for (const auto& entry : fs::directory_iterator(req.modelDir)) {
        const auto name = entry.path().filename().string();
        const bool weights = name.find(".safetensors") != std::string::npos;  // shards, index, optimiser state
        if (entry.is_regular_file() && !weights) fs::copy_file(entry.path(), out.path() / name);
    }
    for (const auto& entry : fs::directory_iterator(out.path())) summary.files.push_back(entry.path().filename().string());
    out.commit();
    return summary;
}

}  // namespace moe
