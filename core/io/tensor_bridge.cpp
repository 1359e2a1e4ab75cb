#include "core/io/tensor_bridge.h"

#include "core/error.h"

#include <ATen/ATen.h>

namespace moe {

at::ScalarType toScalarType(DType dtype) {
    switch (dtype) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::I64: return at::kLong;
    case DType::I32: return at::kInt;
    case DType::I16: return at::kShort;
    case DType::I8: return at::kChar;
    case DType::U8: return at::kByte;
    case DType::BOOL: return at::kBool;
    default: break;
    }
    throw Error("dtype " + std::string(dtypeName(dtype)) + " cannot be computed with (LibTorch 1.13 lacks it)");
}

DType fromScalarType(at::ScalarType type) {
    switch (type) {
    case at::kDouble: return DType::F64;
    case at::kFloat: return DType::F32;
    case at::kHalf: return DType::F16;
    case at::kBFloat16: return DType::BF16;
    case at::kLong: return DType::I64;
    case at::kInt: return DType::I32;
    case at::kShort: return DType::I16;
    case at::kChar: return DType::I8;
    case at::kByte: return DType::U8;
    case at::kBool: return DType::BOOL;
    default: break;
    }
    throw Error(std::string("tensor type ") + at::toString(type) + " has no safetensors dtype");
}

at::Tensor tensorView(const SafetensorsFile& file, const TensorInfo& info) {
    at::ScalarType type;
    try {
        type = toScalarType(info.dtype);
    } catch (const Error& e) {
        throw Error(e.message(), {.file = file.path(), .tensor = info.name});
    }
    std::byte* ptr = file.data(info);
    const auto options = at::TensorOptions().dtype(type);
    if (info.numel() == 0) return at::empty(info.shape, options);
    const bool aligned = reinterpret_cast<std::uintptr_t>(ptr) % dtypeSize(info.dtype) == 0;
    auto view = at::from_blob(ptr, info.shape, options);
    return aligned ? view : view.clone();
}

at::Tensor tensorView(const Checkpoint& checkpoint, std::string_view name) {
    return tensorView(checkpoint.fileOf(name), checkpoint.info(name));
}

TensorSpec specOf(const std::string& name, const at::Tensor& tensor) {
    return TensorSpec{name, fromScalarType(tensor.scalar_type()),
                      std::vector<std::int64_t>(tensor.sizes().begin(), tensor.sizes().end())};
}

void writeTensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  const std::map<std::string, std::string>& metadata) {
    std::vector<at::Tensor> contiguous;
    std::vector<std::pair<TensorSpec, const void*>> items;
    contiguous.reserve(tensors.size());
    for (const auto& [name, t] : tensors) {
        contiguous.push_back(t.contiguous());
        items.emplace_back(specOf(name, contiguous.back()), contiguous.back().data_ptr());
    }
    writeSafetensorsFile(path, items, metadata);
}

}  // namespace moe
