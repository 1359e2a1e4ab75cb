#pragma once
// Shared by the composition tests: configs over fixture models, distinct "fine-tuned" experts made by
// perturbing a fixture, and logits comparisons.

#include "core/compose/compose_config.h"

#include <ATen/Tensor.h>
class QTemporaryDir;

#include <functional>
#include <string>
#include <vector>

namespace moe::testing {

inline const std::string kModels = MOE_TEST_DATA "/models";

ComposeConfig makeConfig(ComposeMethod method, std::vector<std::string> experts, int k, std::vector<std::string> routerLayers = {});
// The reference input_ids [B, T] of a fixture model.
at::Tensor referenceIds(const std::string& fixture);
at::Tensor logitsOf(const std::string& dir, const at::Tensor& ids);
double maxDiff(const at::Tensor& a, const at::Tensor& b);
// A copy of `fixture` in `tmp` with every floating tensor scaled by (1 + 0.1 noise): a distinct expert.
std::string perturbed(const QTemporaryDir& tmp, const std::string& fixture, int seed);
// Rewrites the checkpoint of `dir` as one model.safetensors after `edit` changed (name, tensor) pairs;
// pairs edited to an undefined tensor are dropped.
void rewriteCheckpoint(const std::string& dir, const std::function<void(const std::string&, at::Tensor&)>& edit);

}  // namespace moe::testing
