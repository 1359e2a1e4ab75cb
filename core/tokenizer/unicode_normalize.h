#pragma once
// Unicode normalization forms as `tokenizers` applies them: every output character carries a "change"
// (0: replaces one input character, +1: inserted, -n: replaces one and removes n more), which is how
// NormalizedString keeps its alignments. The sequence reproduces the decomposition / recomposition
// iterators of the unicode-normalization-alignments crate, with utf8proc as the character database.

#include <cstdint>
#include <string_view>
#include <vector>

namespace moe::tok {

struct CharChange {
    char32_t c;
    std::int64_t change;
};

enum class NormForm { NFD, NFKD, NFC, NFKC };

// Fills `out` with the transformation of `s`. Returns false (and leaves `out` empty) when the text is
// unchanged by the normalization, so the caller can skip the transformation altogether.
bool unicodeNormalize(std::string_view s, NormForm form, std::vector<CharChange>& out);

}  // namespace moe::tok
