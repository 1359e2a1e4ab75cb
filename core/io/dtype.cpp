#include "core/io/dtype.h"

#include <array>
#include <utility>

namespace moe {
namespace {

struct DTypeRow {
    DType dtype;
    std::string_view name;
    std::size_t size;
};

constexpr std::array<DTypeRow, 15> kDTypes{{
    {DType::F64, "F64", 8},       {DType::F32, "F32", 4},         {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},     {DType::F8_E4M3, "F8_E4M3", 1}, {DType::F8_E5M2, "F8_E5M2", 1},
    {DType::I64, "I64", 8},       {DType::I32, "I32", 4},         {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},         {DType::U64, "U64", 8},         {DType::U32, "U32", 4},
    {DType::U16, "U16", 2},       {DType::U8, "U8", 1},           {DType::BOOL, "BOOL", 1},
}};

const DTypeRow& row(DType dtype) {
    for (const auto& r : kDTypes)
        if (r.dtype == dtype) return r;
    return kDTypes[0];  // unreachable: every enumerator has a row
}

}  // namespace

std::size_t dtypeSize(DType dtype) { return row(dtype).size; }
std::string_view dtypeName(DType dtype) { return row(dtype).name; }

std::optional<DType> parseDType(std::string_view name) {
    for (const auto& r : kDTypes)
        if (r.name == name) return r.dtype;
    return std::nullopt;
}

}  // namespace moe
