#pragma once
// Routing statistics over a trace, as plain functions with explicit definitions (unit-tested against
// hand-computed traces):
//  - load(s, e): fraction of tokens whose top-k at site s includes expert e (weight > 0);
//  - mean weight(s, e): mean over tokens of w(s, t, e);
//  - token entropy(s): mean over tokens of the entropy (nats) of softmax(logits(s, t, ·));
//  - load CV(s): coefficient of variation (population std / mean) of load(s, ·) across experts;
//  - dead experts: experts selected for at most `deadFraction` of the (site, token) pairs of the
//    selected sites;
//  - collapse: the share of tokens whose dominant expert (Eq. 1 over the selected sites) is the most
//    frequent one; a warning when it exceeds `collapseShare`.

#include "core/routing/aggregation.h"
#include "core/routing/trace.h"

#include <vector>

namespace moe {

struct SiteStats {
    std::vector<double> load;        // E
    std::vector<double> meanWeight;  // E
    double tokenEntropy = 0;
    double loadCv = 0;
};

struct RoutingDiagnostics {
    std::vector<double> overallLoad;  // E: selection frequency over the selected sites
    std::vector<int> deadExperts;
    int topDominantExpert = -1;
    double topDominantShare = 0;      // share of tokens whose dominant expert is topDominantExpert
    bool collapse = false;
    std::vector<std::string> messages;  // human-readable warnings
};

struct DiagnosticsOptions {
    double deadFraction = 0.0;   // "never" by default; e.g. 0.01 for "almost never"
    double collapseShare = 0.8;
};

SiteStats siteStats(const Trace& trace, std::size_t site);
// Per-block load: the mean of load(s, e) over the sites of each block (rows follow `blocks`).
std::vector<std::vector<double>> blockLoad(const Trace& trace, const std::vector<int>& blocks);
RoutingDiagnostics diagnose(const Trace& trace, const std::vector<std::size_t>& sites, const DiagnosticsOptions& options = {});

}  // namespace moe
