#pragma once
// The Precompiled normalizer (SentencePiece's precompiled_charsmap, base64 in tokenizer.json).

#include "core/tokenizer/normalizers.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moe::tok {

class Precompiled : public Normalizer {
public:
    // Throws std::runtime_error when the charsmap cannot be decoded.
    explicit Precompiled(const std::string& base64Charsmap);
    void normalize(NormalizedString& n) const override;
    std::optional<std::string_view> transform(std::string_view chunk) const;

private:
    std::vector<std::uint32_t> m_array;  // the double-array trie
    std::string m_normalized;            // NUL-terminated replacements
};

}  // namespace moe::tok
