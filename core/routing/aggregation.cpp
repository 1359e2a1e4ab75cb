#include "core/routing/aggregation.h"

#include "core/error.h"

#include <charconv>
#include <cstring>

namespace moe {

namespace {

int parseIndex(std::string_view s, const std::string& whole) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 0)
        throw Error("'" + whole + "' is not a list of block indices and ranges like 0,2-5", {.key = "--layers"});
    return v;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

template <typename F>
void forEachItem(const std::string& text, F&& f) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto item = trim(std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) f(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

std::string stripPrefix(const std::string& p) {
    for (const char* prefix : {"mlp.", "self_attn."})
        if (p.rfind(prefix, 0) == 0) return p.substr(std::strlen(prefix));
    return p;
}

}  // namespace

std::set<int> parseLayerList(const std::string& text) {
    std::set<int> out;
    forEachItem(text, [&](std::string_view item) {
        const auto dash = item.find('-');
        if (dash == std::string_view::npos) {
            out.insert(parseIndex(item, text));
            return;
        }
        const int lo = parseIndex(trim(item.substr(0, dash)), text), hi = parseIndex(trim(item.substr(dash + 1)), text);
        if (hi < lo) throw Error("range '" + std::string(item) + "' runs backwards", {.key = "--layers"});
        for (int i = lo; i <= hi; ++i) out.insert(i);
    });
    if (out.empty()) throw Error("no block selected", {.key = "--layers"});
    return out;
}

std::set<std::string> parseProjList(const std::string& text) {
    std::set<std::string> out;
    forEachItem(text, [&](std::string_view item) { out.insert(std::string(item)); });
    if (out.empty()) throw Error("no projection selected", {.key = "--proj"});
    return out;
}

bool projMatches(const std::string& siteProj, const std::string& requested) {
    return siteProj == requested || stripPrefix(siteProj) == stripPrefix(requested);
}

std::vector<std::size_t> selectSites(const Trace& trace, const SiteFilter& filter) {
    std::vector<std::size_t> out;
    for (std::size_t s = 0; s < trace.sites.size(); ++s) {
        const auto& site = trace.sites[s];
        if (filter.layers && !filter.layers->count(site.layer)) continue;
        if (filter.projs) {
            bool match = false;
            for (const auto& p : *filter.projs) match = match || projMatches(site.proj, p);
            if (!match) continue;
        }
        out.push_back(s);
    }
    return out;
}

Aggregate aggregate(const Trace& trace, const std::vector<std::size_t>& sites) {
    Aggregate a;
    a.numTokens = trace.numTokens();
    a.numExperts = trace.numExperts();
    a.sitesUsed = sites.size();
    const auto T = a.numTokens, E = a.numExperts;
    a.weights.assign(T * E, 0.0f);
    a.dominant.assign(T, -1);
    if (sites.empty()) return a;
    // Sum site slabs (contiguous [T, E] blocks) in order, then scale: a streaming pass the compiler vectorises.
    for (const auto s : sites) {
        const float* slab = trace.weights.data() + s * T * E;
        for (std::size_t i = 0; i < T * E; ++i) a.weights[i] += slab[i];
    }
    const float inv = 1.0f / static_cast<float>(sites.size());
    for (auto& w : a.weights) w *= inv;
    for (std::size_t t = 0; t < T; ++t) {
        const float* row = a.weights.data() + t * E;
        std::size_t best = 0;
        for (std::size_t e = 1; e < E; ++e)
            if (row[e] > row[best]) best = e;
        a.dominant[t] = static_cast<int>(best);
    }
    return a;
}

}  // namespace moe
