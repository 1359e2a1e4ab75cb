#pragma once
// Runs a model on one token sequence and records every routing site into a Trace.

#include "core/routing/trace.h"

#include <ATen/Tensor.h>

namespace moe {

class Model;

// ids: [T] or [1, T]. `tokens` are display strings (one per id; generated from the ids when empty).
Trace captureTrace(const Model& model, const at::Tensor& ids, std::vector<std::string> tokens = {},
                   const std::string& text = {}, const std::string& modelName = {});

}  // namespace moe
