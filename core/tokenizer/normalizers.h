#pragma once
// Normalizers of tokenizer.json: NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Replace,
// Prepend, Nmt, BertNormalizer, ByteLevel, Sequence.

#include "core/tokenizer/json_util.h"
#include "core/tokenizer/normalized_string.h"

#include <memory>

namespace moe::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual void normalize(NormalizedString& n) const = 0;
};

// Builds the normalizer described by `j` (at JSON path `path`); throws moe::Error naming the path of an
// unsupported or malformed component.
std::unique_ptr<Normalizer> makeNormalizer(const Json& j, const std::string& path);

}  // namespace moe::tok
