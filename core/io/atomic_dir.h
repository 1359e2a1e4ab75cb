#pragma once
// A model folder written atomically: everything goes into a hidden temporary sibling of the destination,
// which commit() swaps into place (the previous folder, with `force`, is removed only once the new one is
// complete). Destroyed without commit() — an error, a cancel, an exception — the temporary folder is
// removed, so a failed run leaves the previous output or nothing.

#include <filesystem>

namespace moe {

class AtomicDir {
public:
    // Throws moe::Error when `dest` exists, is not an empty folder and `force` is false.
    AtomicDir(std::filesystem::path dest, bool force);
    ~AtomicDir();
    AtomicDir(const AtomicDir&) = delete;
    AtomicDir& operator=(const AtomicDir&) = delete;

    const std::filesystem::path& path() const { return m_tmp; }  // write here
    void commit();

private:
    std::filesystem::path m_dest, m_tmp;
    bool m_committed = false;
};

}  // namespace moe
