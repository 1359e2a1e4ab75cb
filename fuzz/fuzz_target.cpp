// One libFuzzer target: MOE_FUZZ_ENTRY names the entry (fuzz/entries.h) it feeds.
#include "fuzz/entries.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto& target = moe::fuzz::entry(MOE_FUZZ_ENTRY);
    target.run(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
