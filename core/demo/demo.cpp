#include "core/demo/demo.h"

#include "core/compose/compose_config.h"
#include "core/compose/composer.h"
#include "core/demo/demo_corpus.h"
#include "core/demo/demo_eval.h"
#include "core/error.h"
#include "core/io/atomic_dir.h"
#include "core/model/model.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/router_trainer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

namespace fs = std::filesystem;

namespace moe::demo {
namespace {

constexpr double kHeldOut = 0.1;  // of each corpus's blocks
// Bumped whenever the demo's data or training change, so that the GUI rebuilds a cached demo made by an
// earlier recipe of the same version (2: the texts mixed in blocks of lines, not line by line).
constexpr int kRecipe = 2;

class Pipeline {
public:
    Pipeline(const DemoRequest& req, const fs::path& dir) : m_req(req), m_dir(dir), m_t0(std::chrono::steady_clock::now()) {}

    DemoReport run() {
        DemoReport report;
        report.version = MOE_VERSION;
        report.recipe = kRecipe;
        report.scale = m_req.scale.name;
        report.seed = m_req.seed;
        const auto& sc = m_req.scale;

        phase("Preparing the corpora and the common initialisation");
        std::vector<std::vector<std::string>> train(kDomains), heldOut(kDomains);
        fs::create_directories(m_dir / "data");
        for (int d = 0; d < kDomains; ++d) {
            auto split = splitDomain(d, kHeldOut, sc.blockLines);
            writeText(m_dir / "data" / (std::string(kDomainNames[d]) + ".train.txt"), joinLines(split.train));
            writeText(m_dir / "data" / (std::string(kDomainNames[d]) + ".heldout.txt"), joinLines(split.heldOut));
            train[static_cast<std::size_t>(d)] = std::move(split.train);
            heldOut[static_cast<std::size_t>(d)] = std::move(split.heldOut);
        }
        std::vector<std::string> mixedTrain;
        for (auto& l : mixBlocks(train, m_req.seed)) mixedTrain.push_back(std::move(l.text));
        writeText(m_dir / "data" / "mixed.train.txt", joinLines(mixedTrain));
        const auto mixedHeldOut = mixBlocks(heldOut, m_req.seed + 1);
        writeTokenizer(m_dir);
        writeInitialModel(m_dir / "init", sc.shape, m_req.seed);

        // Branch-Train-MiX: a seed model trained on everything, then one branch per domain. A branch
        // starts from the seed with the initial (untrained) MLPs and trains only its MLP on its domain:
        // the attention, norms and embeddings BTX averages are the seed's own in every expert, and each
        // expert's MLP knows its domain alone, so the next-token loss tells the routers which one fits.
        phase("Training the common seed model on mixed text");
        auto seedOptions = trainOptions(sc.seedSteps, sc.expertLr, 0.0);
        seedOptions.scope = TrainScope::All;
        report.seedHeldOutLoss = train_(m_dir / "init", {m_dir / "data" / "mixed.train.txt"}, m_dir / "seed", seedOptions).evalLoss;
        writeBranchStart(m_dir / "seed", m_dir / "init", m_dir / "branch");
        for (int d = 0; d < kDomains; ++d) {
            phase(std::string("Training the ") + kDomainNames[d] + " expert");
            auto options = trainOptions(sc.expertSteps, sc.expertLr, 0.0);
            options.scope = TrainScope::Mlp;
            const auto s = train_(m_dir / "branch", {m_dir / "data" / (std::string(kDomainNames[d]) + ".train.txt")},
                                  m_dir / "experts" / kDomainNames[d], options);
            report.expertHeldOutLoss.push_back(s.evalLoss);
        }

        phase("Composing the experts (BTX)");
        const auto config = composeConfig();
        writeText(m_dir / "compose.json", config.dump(2) + "\n");
        auto parsed = parseComposeConfig(config);
        if (!parsed.ok()) throw Error("the demo's composition config is wrong: " + formatProblems(parsed.problems));
        for (auto& e : parsed.config.experts) e.path = (m_dir / e.path).string();
        compose(parsed.config, {.outDir = (m_dir / "composed").string(),
                                .onProgress = [&](const ComposeProgress& p) {
                                    report_(p.tensorsTotal ? double(p.tensorsDone) / double(p.tensorsTotal) : 0);
                                },
                                .isCancelled = m_req.isCancelled});
        writeTokenizer(m_dir / "composed");

        phase("Training the routers on mixed text");
        const auto r = train_(m_dir / "composed", {m_dir / "data" / "mixed.train.txt"}, m_dir / "model",
                              trainOptions(sc.routerSteps, sc.routerLr, sc.alpha));
        report.routerFirstLoss = r.firstLoss;
        report.routerLastLoss = r.lastLoss;
        report.routerHeldOutLoss = r.evalLoss;

        phase("Routing the held-out mixed text");
        const auto model = Model::load((m_dir / "model").string(), at::kFloat);
        const auto tokenizer = Tokenizer::fromDir((m_dir / "model").string());
        report.scores = scoreRouting(*model, tokenizer, mixedHeldOut, sc.seqLen);
        const auto sample = sampleText(mixedHeldOut);
        writeText(m_dir / "sample.txt", sample);
        {
            at::NoGradGuard noGrad;
            writeTrace((m_dir / "trace.safetensors").string(), routeText(*model, tokenizer, sample, "model"));
        }
        report.seconds = elapsed();
        return report;
    }

private:
    void phase(std::string label) {
        ++m_phase;
        m_label = std::move(label);
        report_(0);
    }
    void report_(double fraction) {
        if (m_req.isCancelled && m_req.isCancelled()) throw Error("cancelled");
        if (m_req.onProgress) m_req.onProgress({m_phase, kPhases, m_label, fraction, elapsed()});
    }
    double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count(); }

    TrainOptions trainOptions(int steps, double lr, double alpha) const {
        TrainOptions o;
        o.steps = steps;
        o.batchSize = m_req.scale.batch;
        o.seqLen = m_req.scale.seqLen;
        o.lr = lr;
        o.warmupSteps = std::max(1, steps / 10);
        o.alpha = alpha;
        o.seed = m_req.seed;
        o.evalFraction = 0.05;
        o.evalEvery = steps;  // once, at the end
        o.evalBatches = 4;
        return o;
    }

    TrainSummary train_(const fs::path& model, const std::vector<fs::path>& data, const fs::path& out, const TrainOptions& o) {
        TrainRequest req;
        req.modelDir = model.string();
        for (const auto& f : data) req.dataFiles.push_back(f.string());
        req.outDir = out.string();
        req.options = o;
        req.resume = false;  // seed/ holds the seed run's optimiser state: a branch is a new run
        req.onStep = [&](const TrainProgress& p) { report_(double(p.step) / double(p.steps)); };
        req.isCancelled = m_req.isCancelled;
        return trainRouters(req);
    }

    nlohmann::json composeConfig() const {
        nlohmann::json experts = nlohmann::json::array();
        for (const char* d : kDomainNames) experts.push_back({{"expert_name", d}, {"model_id", std::string("experts/") + d}});
        return {{"moe_method", "btx"}, {"model_type", "llamabtx"}, {"num_experts_per_tok", 2}, {"experts", experts},
                {"router_layers", {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}}, {"router_layers_index", nlohmann::json::array()},
                {"alpha", m_req.scale.alpha}, {"seed", m_req.seed}};
    }

    // The first held-out block of each domain, in their mixed order: a short text with every domain.
    static std::string sampleText(const std::vector<MixedBlock>& blocks) {
        std::string text;
        std::vector<bool> taken(kDomains, false);
        for (const auto& b : blocks) {
            if (taken[static_cast<std::size_t>(b.domain)]) continue;
            taken[static_cast<std::size_t>(b.domain)] = true;
            text += b.text;
            text += '\n';
        }
        return text;
    }

    static constexpr int kPhases = 3 + kDomains + 2;
    const DemoRequest& m_req;
    fs::path m_dir;
    std::chrono::steady_clock::time_point m_t0;
    int m_phase = 0;
    std::string m_label;
};

nlohmann::json toJson(const DemoReport& r) {
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& s : r.scores)
        scores.push_back({{"domain", s.domain}, {"tokens", s.tokens}, {"routed_to_own_expert", s.routedToOwnExpert}, {"share", s.share()}});
    return {{"version", r.version}, {"recipe", r.recipe}, {"scale", r.scale}, {"seed", r.seed}, {"seed_heldout_loss", r.seedHeldOutLoss}, {"expert_heldout_loss", r.expertHeldOutLoss},
            {"router_loss_first", r.routerFirstLoss}, {"router_loss_last", r.routerLastLoss}, {"router_heldout_loss", r.routerHeldOutLoss},
            {"routing", scores}, {"seconds", r.seconds}};
}

}  // namespace

DemoScale DemoScale::full() { return {}; }

DemoScale DemoScale::reduced() {
    DemoScale s;
    s.name = "reduced";
    s.shape.hidden = 64;
    s.shape.intermediate = 128;
    s.seedSteps = 150;
    s.expertSteps = 100;
    s.routerSteps = 200;
    s.batch = 8;
    s.seqLen = 96;
    return s;
}

DemoScale DemoScale::tiny() {
    auto s = reduced();
    s.name = "tiny";
    s.shape.hidden = 32;
    s.shape.intermediate = 64;
    s.shape.layers = 2;
    s.seedSteps = 4;
    s.expertSteps = 3;
    s.routerSteps = 2;
    s.batch = 2;
    s.seqLen = 32;
    return s;
}

DemoReport runDemo(const DemoRequest& req) {
    AtomicDir out(req.outDir, req.force);
    auto report = Pipeline(req, out.path()).run();
    writeText(out.path() / "demo.json", toJson(report).dump(2) + "\n");
    out.commit();
    return report;
}

DemoReport readDemoReport(const std::string& dir) {
    DemoReport r;
    std::ifstream in(fs::path(dir) / "demo.json");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return r;
    r.version = j.value("version", "");
    r.recipe = j.value("recipe", 0);
    r.scale = j.value("scale", "");
    r.seed = j.value("seed", std::uint64_t{0});
    r.seconds = j.value("seconds", 0.0);
    if (j.contains("routing") && j["routing"].is_array())
        for (const auto& s : j["routing"])
            if (s.is_object()) r.scores.push_back({s.value("domain", ""), s.value("tokens", std::int64_t{0}), s.value("routed_to_own_expert", std::int64_t{0})});
    return r;
}

bool isDemoCurrent(const std::string& dir, std::uint64_t seed, const std::string& scale) {
    const auto r = readDemoReport(dir);
    return r.version == MOE_VERSION && r.recipe == kRecipe && r.seed == seed && r.scale == scale && fs::exists(fs::path(dir) / "model" / "config.json") &&
           fs::exists(fs::path(dir) / "trace.safetensors");
}

}  // namespace moe::demo
