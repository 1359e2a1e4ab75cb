#pragma once
// Safetensors reader: maps the file and validates its header the way the reference implementation does
// (bounded header length, valid JSON object, known dtypes, offsets contiguous from 0 to the end of the
// data section, byte size = dtype size x shape product). Every violation is a moe::Error naming the file
// and the tensor; no byte outside the file is ever read.

#include "core/io/dtype.h"
#include "core/io/mapped_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // offsets relative to the start of the data section
    std::uint64_t end = 0;

    std::uint64_t numel() const;
    std::uint64_t nbytes() const { return end - begin; }
};

struct SafetensorsHeader {
    std::vector<TensorInfo> tensors;             // sorted by offset
    std::map<std::string, std::string> metadata;  // "__metadata__"
    std::uint64_t dataOffset = 0;                 // 8 + header length
};

// The reference implementation's limit on the JSON header (100 MB).
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100'000'000;

// Parses and validates the header of a safetensors file held in [bytes, bytes + size).
// `path` is only used in error messages.
SafetensorsHeader parseSafetensorsHeader(const std::byte* bytes, std::uint64_t size, const std::string& path);

class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::string& path);  // maps and validates; throws moe::Error

    const std::string& path() const { return m_file.path(); }
    const std::map<std::string, std::string>& metadata() const { return m_header.metadata; }
    const std::vector<TensorInfo>& tensors() const { return m_header.tensors; }

    const TensorInfo* find(std::string_view name) const;
    const TensorInfo& at(std::string_view name) const;  // throws naming file and tensor
    // The tensor's bytes inside the mapping (copy-on-write: writable without touching the file).
    std::byte* data(const TensorInfo& info) const;
    // Drops the tensor's pages from this process's memory (they are re-read from the file if touched
    // again): streaming readers call it once a tensor is consumed, so RSS stays bounded.
    void release(const TensorInfo& info) const;

private:
    MappedFile m_file;
    SafetensorsHeader m_header;
    std::map<std::string, std::size_t, std::less<>> m_index;
};

}  // namespace moe
