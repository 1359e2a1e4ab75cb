#pragma once
// Safetensors dtypes, independent of LibTorch so that the reader and writer stay light.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace moe {

enum class DType { F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U64, U32, U16, U8, BOOL };

// Bytes per element.
std::size_t dtypeSize(DType dtype);
// The safetensors spelling: "F32", "BF16", ...
std::string_view dtypeName(DType dtype);
// Parses the safetensors spelling; nullopt for an unknown name.
std::optional<DType> parseDType(std::string_view name);

}  // namespace moe
