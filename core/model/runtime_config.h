#pragma once
// Process-wide settings that the LibTorch CPU runtime needs to run at full speed; applied once, the
// first time a model is loaded (or explicitly, e.g. by benchmarks).
//  - Threads are left as LibTorch sets them: fp32 GEMMs run on OpenBLAS's own thread pool, and adding
//    OpenMP threads on top oversubscribes the cores (measured on 2 cores: fp32 forward 4.4 s with 2 OpenMP
//    threads vs 1.6 s with 1). Users can still set OMP_NUM_THREADS.
//  - Allocator: glibc serves blocks above 128 KiB with fresh mmap()s and returns them on free, so every
//    activation tensor of a forward pass is page-faulted and zeroed by the kernel again. Raising the
//    mmap and trim thresholds keeps freed activations in the heap for reuse (measured: 2.6x faster fp32
//    forward on the 100M benchmark model).

namespace moe {

void configureRuntime();

}  // namespace moe
