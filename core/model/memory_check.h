#pragma once
// Sizes that come from the input (a sequence length, a batch, a vocabulary) can ask for more memory than
// the machine has. LibTorch would then throw std::bad_alloc from deep inside, or the kernel's OOM killer
// would end the process; we refuse such work up front with a message that says what was too big.

#include "core/error.h"

#include <cstdint>
#include <string>

namespace moe {

// Physical memory of this machine in bytes (0 when unknown).
std::uint64_t physicalMemoryBytes();

// Throws moe::Error "<what> needs about X GB, more than this machine's Y GB of memory" when `bytes`
// exceeds the physical memory. `bytes` is a double so that estimates never overflow.
void requireMemory(double bytes, const std::string& what, Error::Context context = {});

}  // namespace moe
