#pragma once
// Training text as one token stream: every file is tokenized with the model's tokenizer (without
// special tokens; the tokenizer's BOS, when it has one, starts each file), the tail of every file is held
// out (so that the held-out part covers every file, e.g. every domain of a mixed corpus), and training
// batches are windows drawn at seeded random positions.

#include <ATen/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

class Tokenizer;

struct TokenStream {
    std::vector<std::int64_t> train, heldOut;
};

// Throws moe::Error naming the file for unreadable input, or when the held-out part is shorter than one
// window of seqLen + 1 tokens.
TokenStream tokenizeFiles(const Tokenizer& tokenizer, const std::vector<std::string>& files, double evalFraction, int seqLen);

// [batch, seqLen + 1] windows of `tokens` starting at random positions drawn from `generatorState`.
at::Tensor sampleBatch(const std::vector<std::int64_t>& tokens, int batch, int seqLen, std::uint64_t seed, std::int64_t step);
// Consecutive non-overlapping windows [n, seqLen + 1] of `tokens`, at most `maxWindows`.
at::Tensor consecutiveWindows(const std::vector<std::int64_t>& tokens, int seqLen, int maxWindows);

}  // namespace moe
