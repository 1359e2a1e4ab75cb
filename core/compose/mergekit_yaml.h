#pragma once
// mergekit-moe's YAML config (base_model, gate_mode, dtype, experts_per_token, experts with
// source_model / positive_prompts / negative_prompts) as the MixtureKit dictionary we compose from:
// a Traditional composition (mergekit-moe builds Mixtral-style MoEs of whole MLPs) whose shared weights
// come from base_model, with the same router initialisation. What has no equivalent (noise_scale,
// residual_scale, shared_experts, LoRA references, the uniform_random gate mode) is reported, not dropped
// silently.

#include "core/compose/compose_config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace moe {

// `problems` gets one entry per key it cannot translate; the JSON is still as complete as possible.
nlohmann::json mergekitYamlToConfig(const std::string& yamlText, std::vector<ConfigProblem>& problems);

bool isYamlPath(const std::string& path);  // .yaml / .yml

}  // namespace moe
