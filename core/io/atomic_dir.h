#pragma once
// A model folder written atomically: everything goes into a hidden temporary sibling of the destination
// (`.NAME.tmp-PID`), which commit() swaps into place with one rename — an exchange when a previous
// folder is replaced (`force`), so the destination always holds either the previous folder or the new,
// complete one, whenever the process dies. Destroyed without commit() — an error, a cancel, an
// exception — the temporary folder is removed. A run killed outright (SIGKILL, power loss) leaves its
// temporary folder behind: it holds a marker file that makes Checkpoint refuse it, and it is locked
// (flock) while its run lives, so the next AtomicDir for the same destination removes it.

#include <filesystem>
#include <string>

namespace moe {

// The marker in a temporary output folder; a folder holding it is never loaded as a model.
inline constexpr const char* kIncompleteMarker = ".moe-incomplete";

class AtomicDir {
public:
    // Throws moe::Error when `dest` exists, is not an empty folder and `force` is false, or when
    // `dest` cannot be replaced (a file system root, the current folder or one above it).
    AtomicDir(std::filesystem::path dest, bool force);
    ~AtomicDir();
    AtomicDir(const AtomicDir&) = delete;
    AtomicDir& operator=(const AtomicDir&) = delete;

    const std::filesystem::path& path() const { return m_tmp; }  // write here
    const std::filesystem::path& destination() const { return m_dest; }
    void commit();

    // Removes the leftovers (`.NAME.tmp-*` holding the marker, not locked by a live run) of interrupted
    // runs into `dest`; returns how many were removed. The constructor calls it.
    static int removeLeftovers(const std::filesystem::path& dest);

private:
    std::filesystem::path m_dest, m_tmp;
    int m_lockFd = -1;
    bool m_committed = false;
};

}  // namespace moe
