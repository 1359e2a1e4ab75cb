#pragma once
// The built-in demo (`moe demo --out DIR`, the GUI's first start), Branch-Train-MiX in miniature with
// the real trainer and composer: a tiny Llama seed model trained on mixed text from a random
// initialisation, one expert per domain (Arabic-script, English, C++) branched from it with only its MLP
// trained on its domain, the experts composed with BTX, its routers trained on mixed text, then a mixed
// held-out sample routed into a trace. DIR ends up with data/, init/, seed/, experts/<domain>/,
// compose.json, composed/ (routers untrained), model/ (routers trained; what Analyse opens),
// tokenizer.json, sample.txt, trace.safetensors and demo.json (settings, losses and the share of each
// domain's held-out tokens routed to that domain's expert). The same seed and scale give the same files.
// The folder appears atomically, like every output.

#include "core/demo/demo_model.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace moe::demo {

struct DemoScale {
    std::string name = "full";
    ModelShape shape;
    int seedSteps = 300, expertSteps = 200, routerSteps = 300;
    int batch = 16, seqLen = 128;
    int blockLines = 12;  // the mixed texts interleave blocks of this many consecutive lines of a domain
    double expertLr = 3e-3, routerLr = 2e-2, alpha = 0.01;
    static DemoScale full();
    static DemoScale reduced();  // a smaller model and fewer steps: the test suite's scale
    static DemoScale tiny();     // seconds: for tests of the plumbing (determinism, cancel, the GUI), not of routing
};

struct DemoProgress {
    int phase = 0, phases = 0;  // 1-based phase of `phases`
    std::string label;          // "Training the arabic expert", …
    double fraction = 0;        // within the phase
    double elapsedSeconds = 0;  // since the demo started
};

struct DemoRequest {
    std::string outDir;
    bool force = false;
    std::uint64_t seed = 1;
    DemoScale scale = DemoScale::full();
    std::function<void(const DemoProgress&)> onProgress;
    std::function<bool()> isCancelled;  // a cancelled demo leaves nothing
};

struct DomainScore {
    std::string domain;
    std::int64_t tokens = 0, routedToOwnExpert = 0;
    double share() const { return tokens ? double(routedToOwnExpert) / double(tokens) : 0.0; }
};

struct DemoReport {
    std::string version, scale;
    int recipe = 0;  // the demo's own version: data and training recipe
    std::uint64_t seed = 0;
    double seedHeldOutLoss = 0;
    std::vector<double> expertHeldOutLoss;  // per domain, after expert training
    double routerFirstLoss = 0, routerLastLoss = 0, routerHeldOutLoss = 0;
    std::vector<DomainScore> scores;        // per domain, on the mixed held-out text
    double seconds = 0;
};

DemoReport runDemo(const DemoRequest& request);

// demo.json of a finished demo folder, or nullopt-like empty version when absent or unreadable.
DemoReport readDemoReport(const std::string& dir);
// Whether `dir` holds a finished demo of this build with this seed and scale (the GUI's cache check).
bool isDemoCurrent(const std::string& dir, std::uint64_t seed, const std::string& scale);

}  // namespace moe::demo
