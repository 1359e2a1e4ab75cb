#include "ui/trace_document.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace moe {
namespace {

std::string csvField(const std::string& s)
{
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

bool keyMatches(const std::string& key, const std::string& requested)
{
    if (projMatches(key, requested)) return true;
    const auto colon = key.find(':');
    return colon != std::string::npos && projMatches(key.substr(0, colon), requested);
}

}  // namespace

std::string TraceDocument::projectionKey(const RoutingSite& site)
{
    return site.direction.empty() ? site.proj : site.proj + ":" + site.direction;
}

std::string TraceDocument::projectionLabel(const std::string& key)
{
    if (key == "stitch:to_hub") return "stitch \xE2\x86\x92 hub";
    if (key == "stitch:to_experts") return "stitch \xE2\x86\x92 experts";
    return key;
}

std::vector<std::string> TraceDocument::expertLabels() const
{
    std::vector<std::string> out = m_trace.experts;
    if (m_trace.method == "bts" && !out.empty()) out.front() += " (hub)";
    return out;
}

TraceDocument::TraceDocument(Trace trace, std::string path) : m_trace(std::move(trace)), m_path(std::move(path))
{
    for (const RoutingSite& site : m_trace.sites) {
        if (std::find(m_blocks.begin(), m_blocks.end(), site.layer) == m_blocks.end()) m_blocks.push_back(site.layer);
        const std::string key = projectionKey(site);
        if (std::find(m_projs.begin(), m_projs.end(), key) == m_projs.end()) m_projs.push_back(key);
    }
    std::sort(m_blocks.begin(), m_blocks.end());
    m_siteStats.reserve(m_trace.numSites());
    for (std::size_t s = 0; s < m_trace.numSites(); ++s) m_siteStats.push_back(moe::siteStats(m_trace, s));
    setFilter({m_blocks.begin(), m_blocks.end()}, {m_projs.begin(), m_projs.end()});
}

TraceDocument TraceDocument::open(const std::string& path)
{
    return TraceDocument(readTrace(path), path);
}

void TraceDocument::setFilter(const std::set<int>& blocks, const std::set<std::string>& projs)
{
    m_selBlocks = blocks;
    m_selProjs = projs;
    recompute();
}

void TraceDocument::setFilterText(const std::string& layers, const std::string& projs)
{
    std::set<int> blocks(m_blocks.begin(), m_blocks.end());
    if (!layers.empty()) {
        blocks = parseLayerList(layers);
        for (const int b : blocks)
            if (std::find(m_blocks.begin(), m_blocks.end(), b) == m_blocks.end())
                throw Error("block " + std::to_string(b) + " is not in the trace (" +
                                (m_blocks.empty() ? std::string("it has no routing sites")
                                                  : "blocks " + std::to_string(m_blocks.front()) + "-" + std::to_string(m_blocks.back())) +
                                ")",
                            {.file = m_path, .key = "--layers"});
    }
    std::set<std::string> selected(m_projs.begin(), m_projs.end());
    if (!projs.empty()) {
        selected.clear();
        for (const std::string& requested : parseProjList(projs)) {
            bool found = false;
            for (const std::string& p : m_projs)
                if (keyMatches(p, requested)) {
                    selected.insert(p);
                    found = true;
                }
            if (!found) {
                std::string known;
                for (const std::string& p : m_projs) known += (known.empty() ? "" : ", ") + p;
                throw Error("projection '" + requested + "' is not in the trace (it has " + known + ")",
                            {.file = m_path, .key = "--proj"});
            }
        }
    }
    bool any = false;
    for (const RoutingSite& site : m_trace.sites) any = any || (blocks.count(site.layer) && selected.count(projectionKey(site)));
    if (!any) throw Error("--layers and --proj together select no routing site", {.file = m_path, .key = "--layers"});
    setFilter(blocks, selected);
}

void TraceDocument::recompute()
{
    const std::size_t E = m_trace.numExperts(), T = m_trace.numTokens();
    m_sites.clear();
    for (std::size_t s = 0; s < m_trace.numSites(); ++s)
        if (m_selBlocks.count(m_trace.sites[s].layer) && m_selProjs.count(projectionKey(m_trace.sites[s]))) m_sites.push_back(s);
    m_aggregate = moe::aggregate(m_trace, m_sites);
    m_diagnostics = moe::diagnose(m_trace, m_sites);

    m_dominantShares.assign(E, 0.0);
    for (const int d : m_aggregate.dominant)
        if (d >= 0) m_dominantShares[static_cast<std::size_t>(d)] += 1.0 / static_cast<double>(T);

    BlockSummary summary;
    for (const int b : m_blocks) {
        std::vector<double> load(E, 0.0);
        double entropy = 0, cv = 0;
        int n = 0;
        for (const std::size_t s : m_sites) {
            if (m_trace.sites[s].layer != b) continue;
            const SiteStats& st = m_siteStats[s];
            for (std::size_t e = 0; e < E; ++e) load[e] += st.load[e];
            entropy += st.tokenEntropy;
            cv += st.loadCv;
            ++n;
        }
        if (n == 0) continue;
        for (double& v : load) v /= n;
        summary.blocks.push_back(b);
        summary.load.push_back(std::move(load));
        summary.entropy.push_back(entropy / n);
        summary.loadCv.push_back(cv / n);
    }
    m_blockSummary = std::move(summary);
}

std::string TraceDocument::toCsv() const
{
    std::ostringstream f;
    f << "index,token,dominant";
    for (const auto& e : m_trace.experts) f << "," << csvField(e);
    f << "\n";
    const Aggregate& a = m_aggregate;
    for (std::size_t t = 0; t < a.numTokens; ++t) {
        const int d = a.dominant[t];
        f << t << "," << csvField(m_trace.tokens[t]) << "," << csvField(d >= 0 ? m_trace.experts[static_cast<std::size_t>(d)] : "");
        for (std::size_t e = 0; e < a.numExperts; ++e) f << "," << a.weight(t, e);
        f << "\n";
    }
    return f.str();
}

}  // namespace moe
