#pragma once
// Post-processors of tokenizer.json: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel
// (offset trimming) and Sequence. Only single sequences are encoded; add_special_tokens=false skips the
// special tokens but keeps the other effects (type ids, offset trimming), as the library does.

#include "core/tokenizer/encoding.h"
#include "core/tokenizer/json_util.h"

#include <memory>

namespace moe::tok {

class PostProcessor {
public:
    virtual ~PostProcessor() = default;
    virtual void process(Encoding& enc, bool addSpecialTokens) const = 0;
    // Number of special tokens it adds to a single sequence.
    virtual std::size_t addedTokens() const = 0;
};

std::unique_ptr<PostProcessor> makePostProcessor(const Json& j, const std::string& path);

// ByteLevel offset trimming (shared by ByteLevel and RobertaProcessing).
void trimByteLevelOffsets(Encoding& enc, bool addPrefixSpace);

}  // namespace moe::tok
