// Entries for the binary formats: safetensors headers, the sharded index, routing traces.
#include "fuzz/entries.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors_reader.h"
#include "core/routing/aggregation.h"
#include "core/routing/statistics.h"
#include "core/routing/trace.h"

#include <cstdint>
#include <set>
#include <string>

namespace moe::fuzz {
namespace {

std::string le64(std::uint64_t n) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out;
}

// A valid safetensors file of F32 scalars [1] named `names`.
std::string smallShard(const std::vector<std::string>& names) {
    std::string header = "{";
    for (std::size_t i = 0; i < names.size(); ++i)
        header += (i ? "," : "") + ("\"" + names[i] + "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[") +
                  std::to_string(4 * i) + "," + std::to_string(4 * i + 4) + "]}";
    header += "}";
    return le64(header.size()) + header + std::string(4 * names.size(), '\0');
}

}  // namespace

Outcome safetensorsHeader(std::string_view input) {
    const auto* bytes = reinterpret_cast<const std::byte*>(input.data());
    SafetensorsHeader header;
    try {
        header = parseSafetensorsHeader(bytes, input.size(), "fuzz.safetensors");
    } catch (const Error&) {
        return Outcome::Rejected;
    }
    // What SafetensorsFile::data() and the ATen bridge rely on: every tensor lies inside the file and its
    // byte size is its element count times the dtype size.
    require(header.dataOffset >= 8 && header.dataOffset <= input.size(), "data section starts inside the file");
    for (const auto& t : header.tensors) {
        require(t.begin <= t.end && t.end <= input.size() - header.dataOffset, "tensor inside the data section");
        require(t.numel() * dtypeSize(t.dtype) == t.nbytes(), "byte size = numel x dtype size");
    }
    return Outcome::Accepted;
}

Outcome checkpointIndex(std::string_view input) {
    // The shards stay the same for every input: only the index varies.
    static const bool shards = [] {
        writeScratch("checkpoint/model-00001-of-00002.safetensors", smallShard({"a", "b"}));
        writeScratch("checkpoint/model-00002-of-00002.safetensors", smallShard({"c"}));
        return true;
    }();
    (void)shards;
    writeScratch("checkpoint/model.safetensors.index.json", input);
    try {
        const Checkpoint checkpoint(scratchDir() + "/checkpoint");
        for (const auto& name : checkpoint.names()) {
            const auto& info = checkpoint.info(name);
            require(checkpoint.fileOf(name).find(name) == &info, "a tensor is read from the file that holds it");
        }
        require(checkpoint.totalBytes() <= 12, "no more bytes than the shards hold");
    } catch (const Error&) {
        return Outcome::Rejected;
    }
    return Outcome::Accepted;
}

Outcome trace(std::string_view input) {
    Trace t;
    try {
        t = readTrace(writeScratch("trace/trace.safetensors", input));
    } catch (const Error&) {
        return Outcome::Rejected;
    }
    // What `moe aggregate` and the Analyse page compute from a trace they opened.
    const auto sites = selectSites(t, SiteFilter{});
    const auto agg = aggregate(t, sites);
    require(agg.dominant.size() == t.numTokens(), "one dominant expert per token");
    for (const int d : agg.dominant) require(d >= -1 && d < static_cast<int>(t.numExperts()), "dominant expert in range");
    diagnose(t, sites);
    std::set<int> blocks;
    for (std::size_t s = 0; s < t.numSites(); ++s) {
        siteStats(t, s);
        blocks.insert(t.sites[s].layer);
    }
    blockLoad(t, std::vector<int>(blocks.begin(), blocks.end()));
    return Outcome::Accepted;
}

}  // namespace moe::fuzz
