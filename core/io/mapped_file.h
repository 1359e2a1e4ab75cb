#pragma once
// A read-only view of a whole file through mmap. Pages are mapped copy-on-write, so a tensor that wraps
// them may be modified in memory without touching the file on disk.

#include <cstddef>
#include <cstdint>
#include <string>

namespace moe {

class MappedFile {
public:
    explicit MappedFile(const std::string& path);  // throws moe::Error naming the file
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return m_path; }
    const std::byte* data() const { return m_data; }
    std::uint64_t size() const { return m_size; }

private:
    std::string m_path;
    std::byte* m_data = nullptr;
    std::uint64_t m_size = 0;
};

}  // namespace moe
