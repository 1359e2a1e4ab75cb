#pragma once
// Pre-tokenizers of tokenizer.json: ByteLevel, Split, Metaspace, Digits, Punctuation, Whitespace,
// WhitespaceSplit, BertPreTokenizer, CharDelimiterSplit, FixedLength, Sequence.

#include "core/tokenizer/json_util.h"
#include "core/tokenizer/pre_tokenized.h"

#include <memory>

namespace moe::tok {

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void preTokenize(PreTokenizedString& p) const = 0;
};

std::unique_ptr<PreTokenizer> makePreTokenizer(const Json& j, const std::string& path);
SplitBehavior parseSplitBehavior(const Json& j, const std::string& path);

}  // namespace moe::tok
