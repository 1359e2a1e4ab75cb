#pragma once
// Fast reading of tokenizer.json: one SAX pass builds a JSON tree of everything except the two large
// parts of the model, `model.vocab` (when it is an object) and `model.merges`, which are read straight
// into their final containers. Loading the 33 MB Gemma 3 tokenizer.json this way avoids building a
// tree of ~800k nodes.

#include "core/tokenizer/json_util.h"
#include "core/tokenizer/bpe.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moe::tok {

struct TokenizerJsonParts {
    Json root;                                // model.vocab / model.merges removed when captured
    std::optional<Vocab> vocab;               // model.vocab as {token: id}
    std::optional<MergeList> merges;          // model.merges
};

// Throws moe::Error on malformed JSON (with the byte offset) or malformed vocab / merges entries.
// Tries parseTokenizerJsonFast first.
TokenizerJsonParts parseTokenizerJson(std::string_view text);
// The fast path (tokenizer_json_fast.cpp); nullopt when the file needs the validating reader.
std::optional<TokenizerJsonParts> parseTokenizerJsonFast(std::string_view text);

}  // namespace moe::tok
