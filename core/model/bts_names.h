#pragma once
// Tensor names of a BTS checkpoint (MixtureKit's layout): the hub keeps the base names; expert i ≥ 1
// (index i-1 below) keeps its blocks under model.expert_layers.{L}.{i-1}. and its embedding as
// model.expert_embed_tokens.{i-1}.weight; stitch layers live in the hub's blocks.

#include <string>

namespace moe {

struct TensorNames;

// Empty when the architecture's names do not follow the model.layers / embed_tokens scheme BTS needs.
std::string btsExpertLayerPrefix(const TensorNames& names, int layer, int expert);
std::string btsExpertEmbedName(const TensorNames& names, int expert);
bool btsSupported(const TensorNames& names);

// "model.layers.{L}.stitches.w_proj.{i}.weight" (kind "w_proj" or "w_gate").
std::string btsStitchName(const TensorNames& names, int layer, const char* kind, int index);

}  // namespace moe
