#include "core/io/atomic_dir.h"

#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace moe {
namespace {

std::string sysError(const std::string& what, int err) { return what + ": " + std::strerror(err); }

// "/a/b/" and "/a/./b" name the folder b: its parent and name must be real for the sibling and rename.
fs::path normalised(const fs::path& dest) {
    fs::path p = dest.lexically_normal();
    if (p.has_relative_path() && p.filename().empty()) p = p.parent_path();  // trailing separator
    const auto name = p.filename().string();
    if (name.empty() || name == "." || name == "..")
        throw Error("not a folder that can be created or replaced: give the path of a new folder", {.file = dest.string()});
    return p;
}

// Refuses to replace the current folder or one above it: the exchange would pull it from under us.
void refuseAncestorOfCwd(const fs::path& dest) {
    std::error_code ec;
    const auto target = fs::weakly_canonical(dest, ec);
    const auto cwd = fs::current_path(ec);
    if (ec || target.empty()) return;
    auto rel = cwd.lexically_relative(target);
    if (!rel.empty() && *rel.begin() != "..")
        throw Error("refusing to replace the current folder or a folder above it", {.file = dest.string()});
}

std::string tmpPrefix(const fs::path& dest) { return "." + dest.filename().string() + ".tmp-"; }

// True when `name` is PREFIX followed by a process id (and ".old" for the previous folder set aside
// where the file system cannot exchange two folders).
bool isTmpName(std::string name, const std::string& prefix) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".old") == 0) name.resize(name.size() - 4);
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
    return name.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
}

void writeMarker(const fs::path& dir) {
    std::ofstream(dir / kIncompleteMarker) << "An interrupted moe build / moe train left this folder; it is not a model.\n";
}

// renameat2 with `flags`; false (errno set) when it failed. EINVAL / ENOSYS: the file system lacks it.
bool rename2(const fs::path& from, const fs::path& to, unsigned flags) {
    return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0;
}

}  // namespace

int AtomicDir::removeLeftovers(const fs::path& dest) {
    const auto parent = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
    const auto prefix = tmpPrefix(dest);
    std::error_code ec;
    int removed = 0;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const auto name = entry.path().filename().string();
        if (!isTmpName(name, prefix) || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
        // A live run holds an exclusive lock on its temporary folder; the kernel drops it when the run dies.
        const int fd = ::open(entry.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            std::error_code rm;
            fs::remove_all(entry.path(), rm);
            removed += !rm;
        }
        ::close(fd);
    }
    return removed;
}

AtomicDir::AtomicDir(fs::path dest, bool force) : m_dest(normalised(dest)) {
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(m_dest, ec));
    if (exists && !(fs::is_directory(m_dest, ec) && fs::is_empty(m_dest, ec)) && !force)
        throw Error("output folder exists and is not empty (use --force to replace it)", {.file = m_dest.string()});
    if (exists) refuseAncestorOfCwd(m_dest);
    const auto parent = m_dest.has_parent_path() ? m_dest.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) fs::create_directories(parent, ec);
    if (!fs::is_directory(parent, ec))
        throw Error("cannot create the folder that holds the output" + (ec ? ": " + ec.message() : std::string()), {.file = parent.string()});
    removeLeftovers(m_dest);

    m_tmp = parent / (tmpPrefix(m_dest) + std::to_string(::getpid()));
    fs::remove_all(m_tmp, ec);
    if (!fs::create_directory(m_tmp, ec) || ec) throw Error("cannot create a folder: " + ec.message(), {.file = m_tmp.string()});
    m_lockFd = ::open(m_tmp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_lockFd < 0 || ::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        fs::remove_all(m_tmp, ec);
        if (m_lockFd >= 0) ::close(m_lockFd);
        throw Error(sysError("cannot lock the temporary folder", err), {.file = m_tmp.string()});
    }
    writeMarker(m_tmp);
}

AtomicDir::~AtomicDir() {
    std::error_code ec;
    if (!m_committed) fs::remove_all(m_tmp, ec);
    if (m_lockFd >= 0) ::close(m_lockFd);
}

void AtomicDir::commit() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove(m_tmp / kIncompleteMarker, ec);  // complete from here on
    if (!fs::exists(fs::symlink_status(m_dest, ec))) {
        // NOREPLACE: a folder another run created there meanwhile is not overwritten.
        if (!rename2(m_tmp, m_dest, RENAME_NOREPLACE)) {
            int err = errno;
            if ((err == EINVAL || err == ENOSYS) && std::rename(m_tmp.c_str(), m_dest.c_str()) == 0) err = 0;
            if (err == EEXIST) throw Error("the output folder appeared while this run was writing; nothing was replaced", {.file = m_dest.string()});
            if (err) throw Error(sysError("cannot move the finished folder into place", err), {.file = m_dest.string()});
        }
    } else if (rename2(m_tmp, m_dest, RENAME_EXCHANGE)) {
        // The destination holds the new folder; the previous one, now at m_tmp, is marked and removed.
        writeMarker(m_tmp);
        fs::remove_all(m_tmp, ec);
    } else {
        const int err = errno;
        if (err != EINVAL && err != ENOSYS) throw Error(sysError("cannot replace the folder", err), {.file = m_dest.string()});
        // No atomic exchange on this file system: the destination is missing for a moment.
        const fs::path old = m_tmp.string() + ".old";
        fs::remove_all(old, ec);
        if (std::rename(m_dest.c_str(), old.c_str()) != 0) throw Error(sysError("cannot replace the folder", errno), {.file = m_dest.string()});
        if (std::rename(m_tmp.c_str(), m_dest.c_str()) != 0) {
            const int moveErr = errno;
            std::rename(old.c_str(), m_dest.c_str());
            throw Error(sysError("cannot move the finished folder into place", moveErr), {.file = m_dest.string()});
        }
        fs::remove_all(old, ec);
    }
    const auto parent = m_dest.has_parent_path() ? m_dest.parent_path() : fs::path(".");
    if (const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);  // the rename survives a power loss too
        ::close(fd);
    }
    m_committed = true;
}

}  // namespace moe
