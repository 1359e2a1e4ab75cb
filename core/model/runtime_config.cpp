#include "core/model/runtime_config.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <malloc.h>
#include <mutex>
#include <thread>

namespace moe {

void configureRuntime() {
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // the largest value glibc accepts on 64-bit
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
        if (!std::getenv("OMP_NUM_THREADS")) {
            const auto cores = static_cast<int>(std::thread::hardware_concurrency());
            if (cores > 0) at::set_num_threads(cores);
        }
    });
}

}  // namespace moe
