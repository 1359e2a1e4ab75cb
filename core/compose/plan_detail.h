#pragma once
// Helpers shared by the planners (plan.cpp: Traditional / BTX, plan_bts.cpp: BTS).

#include "core/compose/compose_config.h"
#include "core/io/dtype.h"
#include "core/model/hparams.h"

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

DType outputDType(const ComposeConfig& config, const HParams& hp);  // the config's dtype, else the experts'
const char* dtypeConfigName(DType dtype);                          // as config.json spells it
std::string layerPrefix(const HParams& hp, int layer);             // "model.layers.3."
std::int64_t numel(const std::vector<std::int64_t>& shape);

}  // namespace moe
