#include "core/io/atomic_dir.h"

#include "core/error.h"

#include <unistd.h>

namespace fs = std::filesystem;

namespace moe {

AtomicDir::AtomicDir(fs::path dest, bool force) : m_dest(std::move(dest)) {
    std::error_code ec;
    if (fs::exists(m_dest, ec) && !(fs::is_directory(m_dest, ec) && fs::is_empty(m_dest, ec)) && !force)
        throw Error("output folder exists and is not empty (use --force to replace it)", {.file = m_dest.string()});
    const auto parent = m_dest.has_parent_path() ? m_dest.parent_path() : fs::path(".");
    m_tmp = parent / ("." + m_dest.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(m_tmp, ec);
    if (!fs::create_directories(m_tmp, ec) || ec) throw Error("cannot create a folder: " + ec.message(), {.file = m_tmp.string()});
}

AtomicDir::~AtomicDir() {
    std::error_code ec;
    if (!m_committed) fs::remove_all(m_tmp, ec);
}

void AtomicDir::commit() {
    std::error_code ec;
    if (fs::exists(m_dest, ec)) {
        const auto old = m_tmp.parent_path() / ("." + m_dest.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::rename(m_dest, old);
        fs::rename(m_tmp, m_dest);
        fs::remove_all(old, ec);
    } else {
        fs::rename(m_tmp, m_dest);
    }
    m_committed = true;
}

}  // namespace moe
