#include "core/model/memory_check.h"

#include <cstdio>
#include <unistd.h>

namespace moe {

std::uint64_t physicalMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size) : 0;
}

void requireMemory(double bytes, const std::string& what, Error::Context context) {
    const auto physical = static_cast<double>(physicalMemoryBytes());
    if (physical <= 0 || bytes <= physical) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, " needs about %.*f GB, more than this machine's %.0f GB of memory", bytes < 1e10 ? 1 : 0,
                  bytes / 1e9, physical / 1e9);
    throw Error(what + buf, std::move(context));
}

}  // namespace moe
