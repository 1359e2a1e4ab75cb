#pragma once
// Process-wide settings that the LibTorch CPU runtime needs to run at full speed; applied once, the
// first time a model is loaded (or explicitly, e.g. by benchmarks).
//  - Threads: this Debian LibTorch sizes its OpenMP pool from OMP_NUM_THREADS and otherwise may start
//    with a single thread; we use every core unless the user set OMP_NUM_THREADS.
//  - Allocator: glibc serves blocks above 128 KiB with fresh mmap()s and returns them on free, so every
//    activation tensor of a forward pass is page-faulted and zeroed by the kernel again. Raising the
//    mmap and trim thresholds keeps freed activations in the heap for reuse (measured: 2.6x faster fp32
//    forward on the 100M benchmark model).

namespace moe {

void configureRuntime();

}  // namespace moe
