#pragma once
// Runs a composition: validates the config against the expert folders (every problem listed, before any
// byte is written), plans the output, then streams it tensor by tensor into a temporary folder next to
// the destination and renames it into place. Memory stays bounded by a few tensors: experts are read
// through mmap and only the tensor being written is materialised.

#include "core/compose/compose_config.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace moe {

struct ComposeProgress {
    std::size_t tensorsDone = 0, tensorsTotal = 0;
    std::uint64_t bytesDone = 0, bytesTotal = 0;
    std::string current;  // tensor being written
    std::string message;  // a step before the tensors stream (gate_init running prompts); empty while writing
};

struct ComposeOptions {
    std::string outDir;
    bool force = false;                          // replace a non-empty outDir
    bool native = false;                         // --format native (see native_export.h)
    std::uint64_t maxShardBytes = 2ULL << 30;    // 2 GiB shards
    std::function<void(const ComposeProgress&)> onProgress;
    std::function<bool()> isCancelled;           // polled between tensors
};

struct ComposeSummary {
    std::vector<std::string> files;
    std::int64_t totalParams = 0, activeParams = 0;
    std::size_t averaged = 0, expertTensors = 0, routers = 0, stitches = 0;  // stitches: BTS W_proj / W_gate tensors
    std::vector<std::string> padded;
};

ComposeSummary compose(const ComposeConfig& config, const ComposeOptions& options);

}  // namespace moe
