// Re-aggregation speed when the user changes a filter in the Analyse page: 4,096 tokens x 36 blocks x
// 3 projections x 8 experts (goal: < 16 ms, one frame). Reference, measured in the same run: copying the
// selected sites' bytes once with memcpy (the memory traffic any aggregation must do).

#include "core/routing/aggregation.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>

namespace {

double medianMs(const std::function<void()>& fn, int reps = 21) {
    std::vector<double> times;
    fn();
    for (int i = 0; i < reps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main() {
    constexpr int kBlocks = 36, kTokens = 4096, kExperts = 8;
    const char* projs[] = {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
    moe::Trace trace;
    for (int e = 0; e < kExperts; ++e) trace.experts.push_back("expert " + std::to_string(e));
    for (int b = 0; b < kBlocks; ++b)
        for (const char* p : projs) trace.sites.push_back({b, p});
    trace.inputIds.assign(kTokens, 0);
    trace.tokens.assign(kTokens, "t");
    trace.topK = 2;
    std::mt19937 rng(0);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    trace.weights.resize(trace.sites.size() * kTokens * kExperts);
    for (auto& w : trace.weights) w = u(rng);
    trace.logits = trace.weights;

    moe::SiteFilter all;
    moe::SiteFilter some{.layers = moe::parseLayerList("0-17"), .projs = moe::parseProjList("gate_proj,up_proj")};
    volatile float sink = 0;
    for (const auto* f : {&all, &some}) {
        const auto sites = moe::selectSites(trace, *f);
        const double ours = medianMs([&] { sink = sink + moe::aggregate(trace, moe::selectSites(trace, *f)).weights[0]; });
        std::vector<float> buffer(kTokens * kExperts);
        const double ref = medianMs([&] {
            for (const auto site : sites)
                std::memcpy(buffer.data(), trace.weights.data() + site * kTokens * kExperts, buffer.size() * sizeof(float));
            sink = sink + buffer[0];
        });
        std::printf("%3zu sites x %d tokens x %d experts: aggregate %.2f ms (goal < 16) | memcpy %.2f ms | ratio %.2f\n",
                    sites.size(), kTokens, kExperts, ours, ref, ref / ours);
    }
    return 0;
}
