#pragma once
// NormalizedString: a piece of the input text together with its normalized form and, for every byte of
// the normalized form, the byte range of the original text it comes from. Offsets of tokens are mapped
// back to the original text through these alignments, exactly as `tokenizers` does (including its
// corner cases: inserted characters inherit the alignment of the previous character, empty ranges map
// to themselves).

#include "core/tokenizer/unicode_normalize.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moe::tok {

struct Range {
    std::size_t start = 0;
    std::size_t end = 0;
    bool operator==(const Range&) const = default;
};

// A piece of a string found by a pattern: either a match or the text between two matches.
struct Match {
    std::size_t start;
    std::size_t end;
    bool isMatch;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

class NormalizedString {
public:
    NormalizedString() = default;
    explicit NormalizedString(std::string text);

    const std::string& get() const { return m_normalized; }
    // Length in bytes of the original text this piece comes from (its text is not kept).
    std::size_t originalSize() const { return m_originalLen; }
    std::size_t size() const { return m_normalized.size(); }
    bool empty() const { return m_normalized.empty(); }
    // Byte range of this piece in the whole original text.
    Range offsetsOriginal() const { return {m_shift, m_shift + m_originalLen}; }

    // Maps a byte range of the normalized string to the original string (and back).
    std::optional<Range> normalizedToOriginal(Range r) const;
    std::optional<Range> originalToNormalized(Range r) const;

    // The sub-string for a normalized byte range (nullopt when not on character boundaries).
    std::optional<NormalizedString> slice(Range normalizedRange) const;

    // Replaces the characters of a normalized byte range by `dest` (see CharChange).
    void transformRange(Range normalizedRange, const std::vector<CharChange>& dest, std::size_t initialOffset);
    // The same over the whole string (addressed as the original range, as the library does).
    void transform(const std::vector<CharChange>& dest, std::size_t initialOffset);

    void normalizeUnicode(NormForm form);
    // Replaces every byte by `encode[byte]` (one character), as transform() would with the first byte
    // of each character replacing it and the others inserted (the ByteLevel mapping).
    void mapBytes(const std::string (&encode)[256]);
    void filter(const std::function<bool(char32_t)>& keep);
    void map(const std::function<char32_t(char32_t)>& f);
    void lowercase();
    void prepend(std::string_view s);
    void append(std::string_view s);
    void strip(bool left, bool right);
    // Replaces every match (found on get()) by `content`.
    void replace(const std::vector<Match>& matches, std::string_view content);
    // Splits along the matches (found on get()) according to `behavior`.
    std::vector<NormalizedString> split(const std::vector<Match>& matches, SplitBehavior behavior) const;

private:
    struct Align {
        std::uint32_t start;
        std::uint32_t end;
    };

    std::size_t m_originalLen = 0;  // bytes of the original piece
    std::string m_normalized;
    std::vector<Align> m_align;     // one per byte of m_normalized: a byte range of the original piece
    std::size_t m_shift = 0;        // where the original piece starts in the whole text
};

}  // namespace moe::tok
