#pragma once
// Bridges the LibTorch-free I/O layer and ATen: zero-copy tensors over mapped safetensors data, and
// conversions between our DType and at::ScalarType.

#include "core/io/checkpoint.h"
#include "core/io/safetensors_writer.h"

#include <ATen/Tensor.h>

namespace moe {

at::ScalarType toScalarType(DType dtype);  // throws moe::Error for dtypes ATen 1.13 lacks (F8, U16..U64)
DType fromScalarType(at::ScalarType type);

// A tensor over the mapped bytes (no copy when the data is aligned for its dtype; a copy otherwise).
// The checkpoint must outlive the tensor.
at::Tensor tensorView(const Checkpoint& checkpoint, std::string_view name);
at::Tensor tensorView(const SafetensorsFile& file, const TensorInfo& info);

// The spec of a contiguous tensor under `name` (for SafetensorsWriter).
TensorSpec specOf(const std::string& name, const at::Tensor& tensor);

// Writes named tensors to one safetensors file atomically (they are made contiguous first).
void writeTensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  const std::map<std::string, std::string>& metadata = {});

}  // namespace moe
