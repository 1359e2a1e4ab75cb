#pragma once
// The second stage of config validation: open every expert folder (headers only, through mmap) and
// check that they can be composed — same architecture and dimensions, the same tensors with the same
// shapes (dim 0 of the embeddings / lm_head may differ: a vocabulary extension, zero-padded as
// MixtureKit does), routable projections that exist, block indices in range. Every problem is listed.

#include "core/compose/compose_config.h"

#include <string>
#include <vector>

namespace moe {

struct ExpertSurvey {
    std::string modelType;          // base architecture (experts[0])
    int numLayers = 0;
    std::vector<std::string> paddedTensors;  // tensors whose dim 0 differs between experts
    std::int64_t paramsPerExpert = 0;
};

std::vector<ConfigProblem> checkExperts(const ComposeConfig& config, ExpertSurvey* survey = nullptr);

}  // namespace moe
