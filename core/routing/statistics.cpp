#include "core/routing/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {

SiteStats siteStats(const Trace& trace, std::size_t site) {
    const auto T = trace.numTokens(), E = trace.numExperts();
    SiteStats st;
    st.load.assign(E, 0.0);
    st.meanWeight.assign(E, 0.0);
    std::vector<double> p(E);
    for (std::size_t t = 0; t < T; ++t) {
        const float* w = trace.weights.data() + (site * T + t) * E;
        const float* z = trace.logits.data() + (site * T + t) * E;
        for (std::size_t e = 0; e < E; ++e) {
            st.load[e] += w[e] > 0 ? 1.0 : 0.0;
            st.meanWeight[e] += w[e];
        }
        // Entropy of softmax(z), computed stably.
        const double zmax = *std::max_element(z, z + E);
        double sum = 0;
        for (std::size_t e = 0; e < E; ++e) sum += (p[e] = std::exp(static_cast<double>(z[e]) - zmax));
        double h = 0;
        for (std::size_t e = 0; e < E; ++e) {
            const double q = p[e] / sum;
            if (q > 0) h -= q * std::log(q);
        }
        st.tokenEntropy += h;
    }
    if (T > 0) {
        for (std::size_t e = 0; e < E; ++e) {
            st.load[e] /= static_cast<double>(T);
            st.meanWeight[e] /= static_cast<double>(T);
        }
        st.tokenEntropy /= static_cast<double>(T);
    }
    const double mean = std::accumulate(st.load.begin(), st.load.end(), 0.0) / static_cast<double>(E);
    double var = 0;
    for (const auto l : st.load) var += (l - mean) * (l - mean);
    st.loadCv = mean > 0 ? std::sqrt(var / static_cast<double>(E)) / mean : 0.0;
    return st;
}

std::vector<std::vector<double>> blockLoad(const Trace& trace, const std::vector<int>& blocks) {
    const auto E = trace.numExperts();
    std::vector<std::vector<double>> out;
    for (const int b : blocks) {
        std::vector<double> row(E, 0.0);
        int n = 0;
        for (std::size_t s = 0; s < trace.numSites(); ++s) {
            if (trace.sites[s].layer != b) continue;
            const auto st = siteStats(trace, s);
            for (std::size_t e = 0; e < E; ++e) row[e] += st.load[e];
            ++n;
        }
        if (n > 0)
            for (auto& v : row) v /= n;
        out.push_back(std::move(row));
    }
    return out;
}

RoutingDiagnostics diagnose(const Trace& trace, const std::vector<std::size_t>& sites, const DiagnosticsOptions& options) {
    const auto T = trace.numTokens(), E = trace.numExperts();
    RoutingDiagnostics d;
    d.overallLoad.assign(E, 0.0);
    if (sites.empty() || T == 0) return d;
    for (const auto s : sites)
        for (std::size_t t = 0; t < T; ++t)
            for (std::size_t e = 0; e < E; ++e) d.overallLoad[e] += trace.weight(s, t, e) > 0 ? 1.0 : 0.0;
    for (auto& l : d.overallLoad) l /= static_cast<double>(sites.size() * T);
    for (std::size_t e = 0; e < E; ++e)
        if (d.overallLoad[e] <= options.deadFraction) {
            d.deadExperts.push_back(static_cast<int>(e));
            d.messages.push_back("expert '" + trace.experts[e] + "' is dead: selected for " +
                                 std::to_string(d.overallLoad[e] * 100.0).substr(0, 5) + "% of tokens");
        }
    const auto agg = aggregate(trace, sites);
    std::vector<std::size_t> counts(E, 0);
    for (const auto dom : agg.dominant) ++counts[static_cast<std::size_t>(dom)];
    const auto top = std::max_element(counts.begin(), counts.end()) - counts.begin();
    d.topDominantExpert = static_cast<int>(top);
    d.topDominantShare = static_cast<double>(counts[static_cast<std::size_t>(top)]) / static_cast<double>(T);
    d.collapse = E > 1 && d.topDominantShare > options.collapseShare;
    if (d.collapse)
        d.messages.push_back("routing collapse: expert '" + trace.experts[static_cast<std::size_t>(top)] + "' is dominant for " +
                             std::to_string(static_cast<int>(std::round(d.topDominantShare * 100))) + "% of tokens");
    return d;
}

}  // namespace moe
