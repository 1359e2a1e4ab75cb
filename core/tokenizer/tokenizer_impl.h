#pragma once
// The parts of a loaded tokenizer (internal to core/tokenizer).

#include "core/tokenizer/added_vocabulary.h"
#include "core/tokenizer/decoders.h"
#include "core/tokenizer/model.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/post_processors.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <optional>

namespace moe::tok {

struct Truncation {
    std::size_t maxLength = 512;
    bool left = false;  // direction
};

struct Padding {
    std::optional<std::size_t> fixed;  // nullopt: BatchLongest
    bool left = false;
    std::optional<std::size_t> multipleOf;
    std::int32_t padId = 0;
    std::int32_t padTypeId = 0;
    std::string padToken = "[PAD]";
};

struct TokenizerImpl {
    std::unique_ptr<Normalizer> normalizer;
    std::unique_ptr<PreTokenizer> preTokenizer;
    std::unique_ptr<Model> model;
    std::unique_ptr<PostProcessor> postProcessor;
    std::unique_ptr<Decoder> decoder;
    AddedVocabulary added;
    std::optional<Truncation> truncation;
    std::optional<Padding> padding;
    TokenizerConfig config;
};

// Builds a tokenizer from tokenizer.json text (throws moe::Error with the JSON path; no file context).
std::unique_ptr<TokenizerImpl> loadTokenizerJson(std::string_view text);

}  // namespace moe::tok
