#pragma once
// A Hugging Face checkpoint folder: one model.safetensors, or shards listed by
// model.safetensors.index.json, or (as some tools write them) several *.safetensors files.
// Pickle checkpoints (.bin/.pt/.pth/.ckpt) are refused with a clear error and never opened.

#include "core/io/safetensors_reader.h"

#include <memory>
#include <string>
#include <vector>

namespace moe {

class Checkpoint {
public:
    // Opens every weight file in `dir`; throws moe::Error naming the folder or file.
    explicit Checkpoint(const std::string& dir);

    const std::string& dir() const { return m_dir; }
    std::vector<std::string> names() const;  // sorted
    bool contains(std::string_view name) const { return find(name) != nullptr; }
    const TensorInfo* find(std::string_view name) const;
    const TensorInfo& info(std::string_view name) const;  // throws: "tensor not found in DIR"
    std::byte* data(std::string_view name) const;
    void release(std::string_view name) const;  // see SafetensorsFile::release
    const SafetensorsFile& fileOf(std::string_view name) const;
    const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return m_files; }
    std::uint64_t totalBytes() const;

private:
    struct Entry {
        const SafetensorsFile* file;
        const TensorInfo* info;
    };
    void addFile(const std::string& path);
    void openIndex(const std::string& indexPath);
    const Entry& entry(std::string_view name) const;

    std::string m_dir;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, Entry, std::less<>> m_entries;
};

// Throws a clear error if `dir` holds a pickle checkpoint and no safetensors.
void refusePickleCheckpoint(const std::string& dir);

}  // namespace moe
