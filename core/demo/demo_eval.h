#pragma once
// The demo's success measure: route mixed held-out text (blocks of the three domains interleaved) and
// count, per domain, the tokens whose dominant expert (paper Eq. 1 over every routing site) is that
// domain's expert. A token belongs to the block holding its last byte, so a "\n    " token that starts an
// indented code block counts for that block.

#include "core/demo/demo.h"
#include "core/demo/demo_corpus.h"

#include <vector>

namespace moe {
class Model;
class Tokenizer;
}  // namespace moe

namespace moe::demo {

// Routes the blocks, joined, in sliding windows of `tokensPerDocument` tokens, each token scored once with
// at least half a window of context; expert d must be domain d.
std::vector<DomainScore> scoreRouting(const Model& model, const Tokenizer& tokenizer, const std::vector<MixedBlock>& blocks,
                                      int tokensPerDocument);

}  // namespace moe::demo
