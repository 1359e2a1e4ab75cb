#pragma once
// Streaming safetensors writer. All tensors are declared up front (name, dtype, shape), so every header
// and offset is known before the first byte of data; then each tensor's bytes are written once, in any
// order, with only that tensor in memory. Tensors are split into shards of at most `maxShardBytes`
// (a tensor larger than the limit gets a shard of its own) and an index file is written when there is
// more than one shard. Files are written under temporary names and renamed on commit(); a writer that is
// destroyed without commit() removes them, so a crash never leaves a file that looks complete.

#include "core/io/dtype.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace moe {

struct TensorSpec {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;

    std::uint64_t nbytes() const;
};

struct SafetensorsWriterOptions {
    std::uint64_t maxShardBytes = 0;              // 0: one file, no index
    std::string baseName = "model";               // model.safetensors / model-00001-of-00003.safetensors
    std::map<std::string, std::string> metadata;  // written as __metadata__ in every shard
};

class SafetensorsWriter {
public:
    // Plans shards and offsets, creates the temporary files in `dir` (which must exist).
    // Throws moe::Error for duplicate or empty names.
    SafetensorsWriter(std::string dir, std::vector<TensorSpec> specs, SafetensorsWriterOptions options = {});
    ~SafetensorsWriter();  // removes the temporary files unless commit() succeeded
    SafetensorsWriter(const SafetensorsWriter&) = delete;
    SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

    // Writes the bytes of a declared tensor; `size` must equal its declared byte size; each tensor once.
    void write(const std::string& name, const void* bytes, std::uint64_t size);
    // Checks every tensor was written, flushes, renames to the final names and writes the index (if
    // sharded). Returns the final file names (shards, then the index).
    std::vector<std::string> commit();

    std::uint64_t totalBytes() const;
    std::uint64_t bytesWritten() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Writes one complete safetensors file atomically (temp + rename). `tensors` pairs a spec with its bytes.
void writeSafetensorsFile(const std::string& path, const std::vector<std::pair<TensorSpec, const void*>>& tensors,
                          const std::map<std::string, std::string>& metadata = {});

}  // namespace moe
