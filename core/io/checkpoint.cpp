#include "core/io/checkpoint.h"

#include "core/error.h"
#include "core/io/atomic_dir.h"
#include "core/io/json_file.h"
#include "core/io/read_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace moe {
namespace {

bool isPickleName(const fs::path& p) {
    const auto ext = p.extension().string();
    return ext == ".bin" || ext == ".pt" || ext == ".pth" || ext == ".ckpt" || ext == ".pkl" ||
           p.filename() == "pytorch_model.bin.index.json";
}

}  // namespace

void refusePickleCheckpoint(const std::string& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.is_regular_file(ec) && isPickleName(e.path()))
            throw Error("PyTorch pickle checkpoint: MoE Studio reads safetensors only and never unpickles "
                        "(convert it to safetensors first)",
                        {.file = e.path().string()});
    }
}

Checkpoint::Checkpoint(const std::string& dir) : m_dir(dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw Error("no such folder", {.file = dir});
    if (!fs::is_directory(dir, ec)) throw Error("not a folder", {.file = dir});

    const fs::path root(dir);
    if (fs::exists(root / kIncompleteMarker, ec))
        throw Error("incomplete output of an interrupted moe build or moe train, not a model (the next run into the same "
                    "destination removes it)",
                    {.file = dir});
    if (fs::exists(root / "model.safetensors.index.json", ec)) {
        openIndex((root / "model.safetensors.index.json").string());
    } else if (fs::exists(root / "model.safetensors", ec)) {
        addFile((root / "model.safetensors").string());
    } else {
        std::vector<std::string> found;
        for (const auto& e : fs::directory_iterator(root, ec))
            if (e.is_regular_file(ec) && e.path().extension() == ".safetensors") found.push_back(e.path().string());
        std::sort(found.begin(), found.end());
        if (found.empty()) {
            refusePickleCheckpoint(dir);
            throw Error("no model.safetensors (nor any *.safetensors) in the folder", {.file = dir});
        }
        for (const auto& f : found) addFile(f);
    }
}

void Checkpoint::addFile(const std::string& path) {
    auto file = std::make_unique<SafetensorsFile>(path);
    for (const auto& t : file->tensors()) {
        if (m_entries.count(t.name))
            throw Error("tensor appears in two files (also in " + m_entries.at(t.name).file->path() + ")",
                        {.file = path, .tensor = t.name});
        m_entries.emplace(t.name, Entry{file.get(), &t});
    }
    m_files.push_back(std::move(file));
}

void Checkpoint::openIndex(const std::string& indexPath) {
    nlohmann::json index = readJsonFile(indexPath, kMaxJsonFileBytes);
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error("no 'weight_map' object", {.file = indexPath, .key = "weight_map"});

    std::set<std::string> shards;
    for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
        if (!it.value().is_string())
            throw Error("shard name is not a string", {.file = indexPath, .tensor = it.key()});
        const auto shard = it.value().get<std::string>();
        // A shard name must be a plain file name inside the folder: no paths that escape it.
        if (shard.empty() || shard.find_first_of(std::string("/\\\0", 3)) != std::string::npos || shard == "." ||
            shard == "..")
            throw Error("shard name '" + shard + "' is not a file name", {.file = indexPath, .tensor = it.key()});
        shards.insert(shard);
    }
    const fs::path root(m_dir);
    for (const auto& shard : shards) {
        const auto p = root / shard;
        std::error_code ec;  // the throwing overload would escape as std::filesystem_error (e.g. a too-long name)
        if (!fs::exists(p, ec)) throw Error("shard listed in the index is missing", {.file = p.string()});
        addFile(p.string());
    }
    for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
        const auto found = m_entries.find(it.key());
        const auto shard = it.value().get<std::string>();
        if (found == m_entries.end() || fs::path(found->second.file->path()).filename() != shard)
            throw Error("tensor listed in the index is not in its shard " + shard,
                        {.file = indexPath, .tensor = it.key()});
    }
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    out.reserve(m_entries.size());
    for (const auto& [name, _] : m_entries) out.push_back(name);
    return out;
}

const TensorInfo* Checkpoint::find(std::string_view name) const {
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? nullptr : it->second.info;
}

const Checkpoint::Entry& Checkpoint::entry(std::string_view name) const {
    const auto it = m_entries.find(name);
    if (it == m_entries.end()) throw Error("tensor not found in the checkpoint", {.file = m_dir, .tensor = std::string(name)});
    return it->second;
}

const TensorInfo& Checkpoint::info(std::string_view name) const { return *entry(name).info; }
std::byte* Checkpoint::data(std::string_view name) const {
    const auto& e = entry(name);
    return e.file->data(*e.info);
}
void Checkpoint::release(std::string_view name) const {
    const auto& e = entry(name);
    e.file->release(*e.info);
}

const SafetensorsFile& Checkpoint::fileOf(std::string_view name) const { return *entry(name).file; }

std::uint64_t Checkpoint::totalBytes() const {
    std::uint64_t total = 0;
    for (const auto& [_, e] : m_entries) total += e.info->nbytes();
    return total;
}

}  // namespace moe
