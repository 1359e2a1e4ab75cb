#pragma once
// An open routing trace and the Analyse page's view of it: the site filter (blocks × projections),
// and everything derived from the selected sites — the Eq. 1 aggregate, the diagnostics and the
// per-block load and entropy. Per-site statistics are computed once when the trace is opened, so a
// filter change only re-aggregates. Plain C++ over core/routing; no widgets.

#include "core/routing/aggregation.h"
#include "core/routing/statistics.h"
#include "core/routing/trace.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace moe {

class TraceDocument {
public:
    TraceDocument() = default;
    // Takes a validated trace (readTrace() validates); `path` is only remembered.
    explicit TraceDocument(Trace trace, std::string path = {});
    // Reads and validates the trace; throws moe::Error naming the file.
    static TraceDocument open(const std::string& path);

    const Trace& trace() const { return m_trace; }
    const std::string& path() const { return m_path; }
    // After the trace was saved under a (new) name.
    void setPath(std::string path) { m_path = std::move(path); }
    bool isEmpty() const { return m_trace.experts.empty(); }

    // The distinct blocks and projection keys present, in trace order. A projection key is the site's
    // `proj`, except that BTS stitch sites are told apart by direction ("stitch:to_hub",
    // "stitch:to_experts"): one is a distribution over hub and experts, the other per-expert gates,
    // so each can be selected on its own.
    const std::vector<int>& blocks() const { return m_blocks; }
    const std::vector<std::string>& projections() const { return m_projs; }
    static std::string projectionKey(const RoutingSite& site);
    // How a projection key is shown: "stitch → hub", "stitch → experts", else the key itself.
    static std::string projectionLabel(const std::string& key);
    // Expert display names; in a BTS trace expert 0 is the hub stream: "NAME (hub)".
    std::vector<std::string> expertLabels() const;

    // Selects the sites whose block is in `blocks` and projection in `projs` (exact names as in
    // projections()), and recomputes everything derived. Empty sets select nothing.
    void setFilter(const std::set<int>& blocks, const std::set<std::string>& projs);
    // The same from `moe aggregate`-style text ("0,2-5", "gate_proj,up_proj"; empty: all; "stitch"
    // selects both stitch directions, "stitch:to_hub" one). Throws
    // moe::Error (key --layers / --proj) for malformed text, a block or projection the trace does not
    // have, or a filter that selects no site; the filter is unchanged then.
    void setFilterText(const std::string& layers, const std::string& projs);
    const std::set<int>& selectedBlocks() const { return m_selBlocks; }
    const std::set<std::string>& selectedProjections() const { return m_selProjs; }

    const std::vector<std::size_t>& sites() const { return m_sites; }
    const Aggregate& aggregate() const { return m_aggregate; }
    const RoutingDiagnostics& diagnostics() const { return m_diagnostics; }
    const SiteStats& siteStats(std::size_t site) const { return m_siteStats[site]; }

    // Per selected block (in order), averaged over its selected sites.
    struct BlockSummary {
        std::vector<int> blocks;
        std::vector<std::vector<double>> load;  // [block][expert]
        std::vector<double> entropy;            // mean token entropy (nats)
        std::vector<double> loadCv;
    };
    const BlockSummary& blockSummary() const { return m_blockSummary; }
    // Per expert, the share of tokens it dominates (all zeros when nothing is selected).
    const std::vector<double>& dominantShares() const { return m_dominantShares; }

    // The aggregated table as CSV, in the columns of `moe aggregate --csv`.
    std::string toCsv() const;

private:
    void recompute();

    Trace m_trace;
    std::string m_path;
    std::vector<int> m_blocks;
    std::vector<std::string> m_projs;
    std::vector<SiteStats> m_siteStats;
    std::set<int> m_selBlocks;
    std::set<std::string> m_selProjs;
    std::vector<std::size_t> m_sites;
    Aggregate m_aggregate;
    RoutingDiagnostics m_diagnostics;
    BlockSummary m_blockSummary;
    std::vector<double> m_dominantShares;
};

}  // namespace moe
