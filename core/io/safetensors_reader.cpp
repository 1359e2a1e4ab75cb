#include "core/io/safetensors_reader.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sys/mman.h>
#include <unistd.h>
#include <cstring>
#include <limits>

namespace moe {

std::uint64_t TensorInfo::numel() const {
    std::uint64_t n = 1;
    for (auto d : shape) n *= static_cast<std::uint64_t>(d);
    return n;
}

namespace {

using nlohmann::json;

std::uint64_t readLength(const std::byte* bytes) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<std::uint8_t>(bytes[i]);
    return n;
}

// Multiplies with overflow detection; returns false on overflow.
bool mulChecked(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return false;
    out = a * b;
    return true;
}

TensorInfo parseTensor(const std::string& name, const json& entry, const std::string& path) {
    const Error::Context ctx{.file = path, .tensor = name};
    if (!entry.is_object()) throw Error("header entry is not an object", ctx);
    for (const char* key : {"dtype", "shape", "data_offsets"})
        if (!entry.contains(key)) throw Error(std::string("header entry lacks '") + key + "'", ctx);

    TensorInfo info;
    info.name = name;
    const auto& dt = entry["dtype"];
    if (!dt.is_string()) throw Error("dtype is not a string", ctx);
    const auto dtype = parseDType(dt.get<std::string>());
    if (!dtype) throw Error("unknown dtype '" + dt.get<std::string>() + "'", ctx);
    info.dtype = *dtype;

    const auto& shape = entry["shape"];
    if (!shape.is_array()) throw Error("shape is not a list", ctx);
    std::uint64_t numel = 1;
    for (const auto& d : shape) {
        if (!d.is_number_unsigned()) throw Error("shape holds a value that is not a non-negative integer", ctx);
        const auto v = d.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || !mulChecked(numel, v, numel))
            throw Error("shape overflows", ctx);
        info.shape.push_back(static_cast<std::int64_t>(v));
    }

    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        throw Error("data_offsets is not a pair of non-negative integers", ctx);
    info.begin = offsets[0].get<std::uint64_t>();
    info.end = offsets[1].get<std::uint64_t>();
    if (info.end < info.begin) throw Error("data_offsets end before they begin", ctx);

    std::uint64_t nbytes = 0;
    if (!mulChecked(numel, dtypeSize(info.dtype), nbytes)) throw Error("shape overflows", ctx);
    if (nbytes != info.end - info.begin)
        throw Error("byte size " + std::to_string(info.end - info.begin) + " does not match dtype " +
                        std::string(dtypeName(info.dtype)) + " x shape (" + std::to_string(nbytes) + " bytes)",
                    ctx);
    return info;
}

}  // namespace

SafetensorsHeader parseSafetensorsHeader(const std::byte* bytes, std::uint64_t size, const std::string& path) {
    if (size < 8) throw Error("not a safetensors file: shorter than its 8-byte header length", {.file = path});
    const std::uint64_t n = readLength(bytes);
    if (n > kMaxSafetensorsHeader)
        throw Error("header length " + std::to_string(n) + " exceeds the 100 MB limit", {.file = path});
    if (n > size - 8)
        throw Error("header length " + std::to_string(n) + " runs past the end of the file (" +
                        std::to_string(size) + " bytes): truncated or not a safetensors file",
                    {.file = path});
    const char* text = reinterpret_cast<const char*>(bytes + 8);
    if (n == 0 || text[0] != '{') throw Error("header does not start with '{'", {.file = path});

    json header;
    try {
        header = json::parse(text, text + n);
    } catch (const json::exception& e) {
        throw Error(std::string("header is not valid JSON: ") + e.what(), {.file = path});
    }
    if (!header.is_object()) throw Error("header is not a JSON object", {.file = path});

    SafetensorsHeader out;
    out.dataOffset = 8 + n;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (!it.value().is_object()) throw Error("__metadata__ is not an object", {.file = path});
            for (auto m = it.value().begin(); m != it.value().end(); ++m) {
                if (!m.value().is_string())
                    throw Error("__metadata__ value is not a string", {.file = path, .key = m.key()});
                out.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        out.tensors.push_back(parseTensor(it.key(), it.value(), path));
    }

    // Offsets must tile the data section exactly: sorted, contiguous, no gaps, no overlap.
    std::sort(out.tensors.begin(), out.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t expected = 0;
    for (const auto& t : out.tensors) {
        if (t.begin != expected)
            throw Error(t.begin < expected ? "data overlaps the previous tensor" : "gap before the tensor's data",
                        {.file = path, .tensor = t.name});
        expected = t.end;
    }
    const std::uint64_t dataSize = size - out.dataOffset;
    if (expected != dataSize) {
        const std::string what = expected > dataSize ? "tensor data runs past the end of the file (truncated?)"
                                                     : "trailing bytes after the last tensor";
        throw Error(what + ": header covers " + std::to_string(expected) + " bytes, file has " +
                        std::to_string(dataSize),
                    {.file = path, .tensor = out.tensors.empty() ? std::string() : out.tensors.back().name});
    }
    return out;
}

SafetensorsFile::SafetensorsFile(const std::string& path)
    : m_file(path), m_header(parseSafetensorsHeader(m_file.data(), m_file.size(), path)) {
    for (std::size_t i = 0; i < m_header.tensors.size(); ++i) m_index.emplace(m_header.tensors[i].name, i);
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_header.tensors[it->second];
}

const TensorInfo& SafetensorsFile::at(std::string_view name) const {
    if (const auto* info = find(name)) return *info;
    throw Error("tensor not found", {.file = path(), .tensor = std::string(name)});
}

std::byte* SafetensorsFile::data(const TensorInfo& info) const {
    return const_cast<std::byte*>(m_file.data()) + m_header.dataOffset + info.begin;
}

void SafetensorsFile::release(const TensorInfo& info) const {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<std::uintptr_t>(data(info));
    const auto end = begin + info.nbytes();
    const auto first = (begin + page - 1) / page * page;  // only whole pages inside the tensor
    const auto last = end / page * page;
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

}  // namespace moe
