#include "core/io/safetensors_writer.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <limits>
#include <set>
#include <unistd.h>
#include <unordered_map>

namespace fs = std::filesystem;

namespace moe {
namespace {

std::string sysError(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string tempPathFor(const fs::path& dir, const std::string& finalName) {
    return (dir / ("." + finalName + ".tmp-" + std::to_string(::getpid()))).string();
}

// Writes all of [bytes, bytes + size) at `offset`, retrying short writes and interruptions.
bool pwriteAll(int fd, const void* bytes, std::uint64_t size, std::uint64_t offset) {
    const char* p = static_cast<const char*>(bytes);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::uint64_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

// The byte size of a spec, or nullopt when a dimension is negative or the product overflows.
std::optional<std::uint64_t> checkedBytes(const TensorSpec& spec) {
    std::uint64_t n = dtypeSize(spec.dtype);
    for (const auto d : spec.shape) {
        if (d < 0) return std::nullopt;
        const auto u = static_cast<std::uint64_t>(d);
        if (n != 0 && u > std::numeric_limits<std::uint64_t>::max() / n) return std::nullopt;
        n *= u;
    }
    return n;
}

// Validates names and shapes; returns each tensor's byte size.
std::vector<std::uint64_t> validateSpecs(const std::vector<TensorSpec>& specs, const std::string& where) {
    std::vector<std::uint64_t> sizes;
    std::set<std::string_view> seen;
    for (const auto& spec : specs) {
        if (spec.name.empty()) throw Error("a tensor has an empty name", {.file = where});
        if (spec.name == "__metadata__") throw Error("reserved tensor name", {.file = where, .tensor = spec.name});
        if (!seen.insert(spec.name).second) throw Error("tensor declared twice", {.file = where, .tensor = spec.name});
        const auto n = checkedBytes(spec);
        if (!n) throw Error("shape has a negative dimension or overflows", {.file = where, .tensor = spec.name});
        sizes.push_back(*n);
    }
    return sizes;
}

// The planned files of one write: shards, their temporary files, each tensor's slot.
struct PlannedFiles {
    struct Shard {
        std::string finalName, tmpPath;
        int fd = -1;
        bool renamed = false;
    };
    struct Slot {  // where a tensor goes: its shard, its absolute offset in that file, its size
        std::size_t shard = 0;
        std::uint64_t offset = 0, nbytes = 0;
        bool written = false;
    };

    fs::path dir;
    std::vector<TensorSpec> specs;
    std::vector<Shard> shards;
    std::vector<Slot> slots;
    std::unordered_map<std::string, std::size_t> byName;
    std::string indexName;   // empty: no index
    std::string staleIndex;  // an index of an earlier sharded write to remove on commit
    std::string indexTmp;
    bool committed = false;
    std::uint64_t total = 0, written = 0;

    // `groups[i]` lists the indices (into specs) of the tensors of shard `names[i]`.
    PlannedFiles(fs::path directory, std::vector<TensorSpec> tensorSpecs,
                 const std::map<std::string, std::string>& metadata,
                 const std::vector<std::vector<std::size_t>>& groups, const std::vector<std::string>& names)
        : dir(std::move(directory)), specs(std::move(tensorSpecs)), slots(specs.size()) {
        validateSpecs(specs, names.size() == 1 ? (dir / names[0]).string() : dir.string());
        for (std::size_t i = 0; i < specs.size(); ++i) {
            byName.emplace(specs[i].name, i);
            total += specs[i].nbytes();
        }
        try {
            for (std::size_t s = 0; s < groups.size(); ++s) plan(s, groups[s], names[s], metadata);
        } catch (...) {
            cleanup();
            throw;
        }
    }
    ~PlannedFiles() { cleanup(); }

    // Lays out one shard (header, then its tensors in declared order) and creates its temporary file.
    void plan(std::size_t s, const std::vector<std::size_t>& group, const std::string& name,
              const std::map<std::string, std::string>& metadata) {
        const std::string finalPath = (dir / name).string();
        auto& shard = shards.emplace_back(Shard{name, tempPathFor(dir, name)});
        nlohmann::ordered_json header = nlohmann::ordered_json::object();
        if (!metadata.empty()) header["__metadata__"] = metadata;
        std::uint64_t offset = 0;
        for (const auto i : group) {
            const auto n = specs[i].nbytes();
            slots[i] = {s, offset, n};
            header[specs[i].name] = {{"dtype", std::string(dtypeName(specs[i].dtype))},
                                     {"shape", specs[i].shape},
                                     {"data_offsets", {offset, offset + n}}};
            offset += n;
        }
        std::string text;
        try {
            text = header.dump();
        } catch (const nlohmann::json::exception& e) {  // a name or metadata value that is not UTF-8
            throw Error(std::string("cannot encode the header: ") + e.what(), {.file = finalPath});
        }
        text.append((8 - text.size() % 8) % 8, ' ');  // data starts at a multiple of 8, as upstream does
        const std::uint64_t dataOffset = 8 + text.size();
        for (const auto i : group) slots[i].offset += dataOffset;

        shard.fd = ::open(shard.tmpPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (shard.fd < 0) throw Error(sysError("cannot create " + shard.tmpPath), {.file = finalPath});
        unsigned char length[8];
        for (int b = 0; b < 8; ++b) length[b] = static_cast<unsigned char>(text.size() >> (8 * b));
        if (!pwriteAll(shard.fd, length, 8, 0) || !pwriteAll(shard.fd, text.data(), text.size(), 8) ||
            ::ftruncate(shard.fd, static_cast<off_t>(dataOffset + offset)) != 0)
            throw Error(sysError("cannot write the header"), {.file = finalPath});
    }

    void cleanup() {
        for (auto& shard : shards) {
            if (shard.fd >= 0) ::close(shard.fd);
            shard.fd = -1;
            if (!committed) ::unlink(shard.renamed ? (dir / shard.finalName).c_str() : shard.tmpPath.c_str());
        }
        if (!indexTmp.empty()) ::unlink(indexTmp.c_str());
        indexTmp.clear();
    }

    void write(const std::string& name, const void* bytes, std::uint64_t size) {
        const auto it = byName.find(name);
        if (it == byName.end())
            throw Error("tensor was not declared to the writer", {.file = dir.string(), .tensor = name});
        auto& slot = slots[it->second];
        const std::string path = (dir / shards[slot.shard].finalName).string();
        if (committed) throw Error("write after commit", {.file = path, .tensor = name});
        if (slot.written) throw Error("tensor written twice", {.file = path, .tensor = name});
        if (size != slot.nbytes)
            throw Error("got " + std::to_string(size) + " bytes, declared " + std::to_string(slot.nbytes),
                        {.file = path, .tensor = name});
        if (size > 0 && bytes == nullptr) throw Error("no data", {.file = path, .tensor = name});
        if (!pwriteAll(shards[slot.shard].fd, bytes, size, slot.offset))
            throw Error(sysError("cannot write"), {.file = path, .tensor = name});
        slot.written = true;
        written += size;
    }

    std::vector<std::string> commit() {
        if (committed) throw Error("the writer was already committed", {.file = dir.string()});
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (!slots[i].written)
                throw Error("tensor was declared but never written",
                            {.file = (dir / shards[slots[i].shard].finalName).string(), .tensor = specs[i].name});
        std::vector<std::string> out;
        for (auto& shard : shards) {  // flush every shard before the first becomes visible
            const std::string finalPath = (dir / shard.finalName).string();
            const bool synced = ::fsync(shard.fd) == 0;
            const bool closed = ::close(shard.fd) == 0;
            shard.fd = -1;
            if (!synced || !closed) throw Error(sysError("cannot flush"), {.file = finalPath});
        }
        for (auto& shard : shards) {
            const std::string finalPath = (dir / shard.finalName).string();
            if (std::rename(shard.tmpPath.c_str(), finalPath.c_str()) != 0)
                throw Error(sysError("cannot rename " + shard.tmpPath), {.file = finalPath});
            shard.renamed = true;
            out.push_back(shard.finalName);
        }
        if (!staleIndex.empty()) ::unlink((dir / staleIndex).c_str());  // would shadow the new single file
        if (!indexName.empty()) {
            writeIndex();
            out.push_back(indexName);
        }
        if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {  // the renames
            ::fsync(fd);
            ::close(fd);
        }
        committed = true;
        return out;
    }

    void writeIndex() {
        nlohmann::json index;
        index["metadata"]["total_size"] = total;
        index["weight_map"] = nlohmann::json::object();
        for (std::size_t i = 0; i < specs.size(); ++i)
            index["weight_map"][specs[i].name] = shards[slots[i].shard].finalName;
        const std::string text = index.dump(2) + "\n";
        const std::string finalPath = (dir / indexName).string();
        indexTmp = tempPathFor(dir, indexName);
        const int fd = ::open(indexTmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) throw Error(sysError("cannot create " + indexTmp), {.file = finalPath});
        const bool ok = pwriteAll(fd, text.data(), text.size(), 0) && ::fsync(fd) == 0;
        if (::close(fd) != 0 || !ok) throw Error(sysError("cannot write"), {.file = finalPath});
        if (std::rename(indexTmp.c_str(), finalPath.c_str()) != 0)
            throw Error(sysError("cannot rename " + indexTmp), {.file = finalPath});
        indexTmp.clear();
    }
};

std::string shardName(const std::string& base, std::size_t i, std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "-%05zu-of-%05zu", i + 1, n);
    return base + buf + ".safetensors";
}

}  // namespace

std::uint64_t TensorSpec::nbytes() const { return checkedBytes(*this).value_or(0); }

struct SafetensorsWriter::Impl : PlannedFiles {
    using PlannedFiles::PlannedFiles;
};

SafetensorsWriter::SafetensorsWriter(std::string dir, std::vector<TensorSpec> specs, SafetensorsWriterOptions options) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error("output folder does not exist", {.file = dir});
    if (options.baseName.empty() || options.baseName.find('/') != std::string::npos)
        throw Error("invalid base name '" + options.baseName + "'", {.file = dir});
    const auto sizes = validateSpecs(specs, dir);  // before planning, which needs valid sizes

    // Greedy in declared order: a new shard when the tensor would push the current one past the limit.
    std::vector<std::vector<std::size_t>> groups(1);
    std::uint64_t current = 0;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (options.maxShardBytes > 0 && !groups.back().empty() && current + sizes[i] > options.maxShardBytes) {
            groups.emplace_back();
            current = 0;
        }
        groups.back().push_back(i);
        current += sizes[i];
    }
    std::vector<std::string> names;
    for (std::size_t s = 0; s < groups.size(); ++s)
        names.push_back(groups.size() == 1 ? options.baseName + ".safetensors"
                                           : shardName(options.baseName, s, groups.size()));

    m_impl = std::make_unique<Impl>(fs::path(dir), std::move(specs), options.metadata, groups, names);
    (groups.size() > 1 ? m_impl->indexName : m_impl->staleIndex) = options.baseName + ".safetensors.index.json";
}

SafetensorsWriter::~SafetensorsWriter() = default;

void SafetensorsWriter::write(const std::string& name, const void* bytes, std::uint64_t size) {
    m_impl->write(name, bytes, size);
}

std::vector<std::string> SafetensorsWriter::commit() { return m_impl->commit(); }
std::uint64_t SafetensorsWriter::totalBytes() const { return m_impl->total; }
std::uint64_t SafetensorsWriter::bytesWritten() const { return m_impl->written; }

void writeSafetensorsFile(const std::string& path, const std::vector<std::pair<TensorSpec, const void*>>& tensors,
                          const std::map<std::string, std::string>& metadata) {
    const fs::path target(path);
    if (target.filename().empty()) throw Error("not a file path", {.file = path});
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error("output folder does not exist", {.file = path});

    std::vector<TensorSpec> specs;
    std::vector<std::size_t> all;
    for (const auto& item : tensors) {
        all.push_back(specs.size());
        specs.push_back(item.first);
    }
    PlannedFiles impl(dir, std::move(specs), metadata, {all}, {target.filename().string()});
    for (std::size_t i = 0; i < tensors.size(); ++i)
        impl.write(impl.specs[i].name, tensors[i].second, impl.slots[i].nbytes);
    impl.commit();
}

}  // namespace moe
