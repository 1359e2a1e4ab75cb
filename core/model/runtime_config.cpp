#include "core/model/runtime_config.h"

#include <malloc.h>
#include <mutex>

namespace moe {

void configureRuntime() {
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // the largest value glibc accepts on 64-bit
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    });
}

}  // namespace moe
