#pragma once
// The demo's success measure: route mixed held-out text (lines of the three domains interleaved) and
// count, per domain, the tokens whose dominant expert (paper Eq. 1 over every routing site) is that
// domain's expert. A token belongs to the line holding its last byte, so a "\n    " token that starts an
// indented code line counts for that line.

#include "core/demo/demo.h"
#include "core/demo/demo_corpus.h"

#include <vector>

namespace moe {
class Model;
class Tokenizer;
}  // namespace moe

namespace moe::demo {

// Routes `lines` in documents of about `tokensPerDocument` tokens; expert d must be domain d.
std::vector<DomainScore> scoreRouting(const Model& model, const Tokenizer& tokenizer, const std::vector<MixedLine>& lines,
                                      int tokensPerDocument);

}  // namespace moe::demo
