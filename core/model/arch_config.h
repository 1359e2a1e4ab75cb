#pragma once
// Architecture-specific config reading, called after the generic keys are read (see ArchSpec::readConfig).

#include "core/model/hparams.h"

#include <nlohmann/json_fwd.hpp>

namespace moe {

void readGemmaConfig(const nlohmann::json& config, const std::string& path, HParams& hp);
void readGpt2Config(const nlohmann::json& config, const std::string& path, HParams& hp);
void readMoeConfig(const nlohmann::json& config, const std::string& path, HParams& hp);

}  // namespace moe
