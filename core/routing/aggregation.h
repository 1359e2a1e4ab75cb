#pragma once
// Paper Eq. 1: the per-token expert weight averaged over the selected routing sites,
//   w̄(t, e) = mean over selected sites s of w(s, t, e),
// and the dominant expert argmax_e w̄(t, e) (ties go to the lowest index). Sites are selected by block
// set and projection set; an empty selection of either means "all".

#include "core/routing/trace.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace moe {

struct SiteFilter {
    std::optional<std::set<int>> layers;          // nullopt: every block
    std::optional<std::set<std::string>> projs;   // nullopt: every projection; names with or without "mlp."/"self_attn."
};

// "0,2-5" -> {0,2,3,4,5}; throws moe::Error (key "--layers") for malformed text.
std::set<int> parseLayerList(const std::string& text);
// "gate_proj,mlp.up_proj" -> {"gate_proj", "mlp.up_proj"}.
std::set<std::string> parseProjList(const std::string& text);

// Whether `proj` (as stored in a site, e.g. "mlp.gate_proj") matches a requested name ("gate_proj").
bool projMatches(const std::string& siteProj, const std::string& requested);

// Indices of the sites that pass the filter, in trace order.
std::vector<std::size_t> selectSites(const Trace& trace, const SiteFilter& filter);

struct Aggregate {
    std::size_t numTokens = 0, numExperts = 0;
    std::vector<float> weights;  // T*E, row-major; all zeros when no site is selected
    std::vector<int> dominant;   // T; -1 when no site is selected
    std::size_t sitesUsed = 0;
    float weight(std::size_t t, std::size_t e) const { return weights[t * numExperts + e]; }
};

Aggregate aggregate(const Trace& trace, const std::vector<std::size_t>& sites);

}  // namespace moe
