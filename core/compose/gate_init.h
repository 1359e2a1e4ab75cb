#pragma once
// Router initialisation from prompts: gate_init `hidden` and `cheap_embed`, mergekit-moe's heuristics
// (mergekit/moe/router.py) with its semantics:
// - One model is run: base_model when the config names one (mergekit always runs its base_model),
//   otherwise experts[0], the template. Its folder's tokenizer.json tokenizes the prompts.
// - A prompt is tokenized as mergekit's call does: the tokenizer's bos_token text (tokenizer_config.json,
//   else special_tokens_map.json; none: nothing) prepended to the prompt, encoded without special tokens.
// - hidden: per prompt, the hidden state entering block L (hiddenStates[L], 0 = embedding output) at the
//   prompt's last token; averaged over the expert's positive prompts, minus the same average over its
//   negative prompts, then L2-normalised per block. mergekit pads a batch on the left and masks the pads,
//   which for its rotary-position architectures equals running each prompt alone, as we do.
// - cheap_embed: the sum of the token embeddings of every token of every prompt, L2-normalised; with
//   negative prompts, normalised(positive) - normalised(negative), normalised again; the same vector
//   for every block.
// - Traditional routers [E, hidden] take expert e's block-L vector as row e. BTX routers over a
//   projection reading the hidden size (q/k/v/gate/up_proj) take the same rows; o_proj and down_proj do
//   not read the residual stream and are refused by config validation (parseComposeConfig).
// The model runs in bfloat16 when its checkpoint is bfloat16 (mergekit always runs bfloat16), float32
// otherwise. No scaling follows the normalisation, as in mergekit.

#include "core/compose/compose_config.h"
#include "core/compose/plan.h"

#include <ATen/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace moe {

class Tokenizer;

// The folder whose model and tokenizer the prompts run through.
std::string gateInitModelDir(const ComposeConfig& config);
const char* gateInitModelKey(const ComposeConfig& config);  // "base_model" or "experts[0].model_id"

// bos_token as transformers reads it for `dir`: tokenizer_config.json, else special_tokens_map.json; "" if none.
std::string gateInitBosText(const Tokenizer& tokenizer, const std::string& dir);
// Token ids of one prompt as mergekit tokenizes it (bosText + prompt, no special tokens added).
std::vector<std::int64_t> gateInitPromptIds(const Tokenizer& tokenizer, const std::string& bosText, const std::string& prompt);

// Problems of a gate_init config that the folders decide (a tokenizer.json where the prompts run), one per
// missing item, as the other checks list them; the config-only rules live in parseComposeConfig.
std::vector<ConfigProblem> gateInitProblems(const ComposeConfig& config);

// For gate_init hidden / cheap_embed: every Router tensor of `tensors`, float32 [E, in], by output name
// (same site, same values, whatever the output format). Empty for random. The model is released before
// returning. onMessage reports each step (running the prompts can take a while). Throws moe::Error for a
// prompt without tokens, token ids outside the model's vocabulary or a router whose input is not the
// hidden size.
std::map<std::string, at::Tensor> computeGateInit(const ComposeConfig& config, const std::vector<PlannedTensor>& tensors,
                                                  const std::function<void(const std::string&)>& onMessage = {});

}  // namespace moe
