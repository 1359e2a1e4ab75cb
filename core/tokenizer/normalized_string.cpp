#include "core/tokenizer/normalized_string.h"

#include "core/tokenizer/unicode.h"

#include <algorithm>

namespace moe::tok {

NormalizedString::NormalizedString(std::string text) : m_originalLen(text.size()), m_normalized(std::move(text)) {
    m_align.resize(m_normalized.size());
    for (std::size_t i = 0; i < m_normalized.size();) {
        const std::size_t len = utf8SeqLen(static_cast<unsigned char>(m_normalized[i]));
        const Align a{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + len)};
        for (std::size_t k = 0; k < len && i + k < m_align.size(); ++k) m_align[i + k] = a;
        i += len;
    }
}

std::optional<Range> NormalizedString::normalizedToOriginal(Range r) const {
    if (r.start == r.end) return r;  // the library returns empty ranges unchanged
    if (r.start > r.end || r.end > m_align.size()) return std::nullopt;
    return Range{m_align[r.start].start, m_align[r.end - 1].end};
}

std::optional<Range> NormalizedString::originalToNormalized(Range r) const {
    if (r.start == r.end) return r;
    if (r.start > r.end) return std::nullopt;
    std::optional<std::size_t> start, end;
    for (std::size_t i = 0; i < m_align.size(); ++i) {
        const Align& a = m_align[i];
        if (r.end < a.end) break;
        if (!start && r.start <= a.start && a.start != a.end) start = i;
        end = i + 1;
    }
    if (start && end) return Range{*start, *end};
    if (end) return Range{*end, *end};
    return std::nullopt;
}

std::optional<NormalizedString> NormalizedString::slice(Range r) const {
    if (r.start > r.end || r.end > m_normalized.size() || !isCharBoundary(m_normalized, r.start) ||
        !isCharBoundary(m_normalized, r.end))
        return std::nullopt;
    const auto orig = normalizedToOriginal(r);
    if (!orig) return std::nullopt;
    NormalizedString out;
    if (orig->start <= orig->end && orig->end <= m_originalLen) out.m_originalLen = orig->end - orig->start;
    out.m_normalized = m_normalized.substr(r.start, r.end - r.start);
    out.m_align.assign(m_align.begin() + static_cast<std::ptrdiff_t>(r.start), m_align.begin() + static_cast<std::ptrdiff_t>(r.end));
    const auto shift = static_cast<std::uint32_t>(orig->start);
    for (Align& a : out.m_align) {
        a.start -= shift;
        a.end -= shift;
    }
    out.m_shift = m_shift + orig->start;
    return out;
}

void NormalizedString::transformRange(Range n, const std::vector<CharChange>& dest, std::size_t initialOffset) {
    const std::string_view region(m_normalized.data() + n.start, n.end - n.start);
    std::size_t cursor = 0;
    auto nextCharSize = [&]() -> std::size_t {
        if (cursor >= region.size()) return 0;
        const std::size_t len = utf8SeqLen(static_cast<unsigned char>(region[cursor]));
        cursor += len;
        return len;
    };
    std::size_t offset = n.start;
    for (std::size_t k = 0; k < initialOffset; ++k) offset += nextCharSize();

    std::string text;
    std::vector<Align> align;
    text.reserve(region.size());
    align.reserve(region.size());
    for (const CharChange& d : dest) {
        Align a{0, 0};
        if (d.change > 0) {
            if (offset >= 1 && offset - 1 < m_align.size()) a = m_align[offset - 1];
        } else if (offset < m_align.size()) {
            a = m_align[offset];
        } else if (!m_align.empty()) {
            a = m_align.back();
        }
        if (d.change <= 0) offset += nextCharSize();
        for (std::int64_t k = 0; k < -d.change; ++k) offset += nextCharSize();
        const std::size_t size = utf8Size(d.c);
        align.insert(align.end(), size, a);
        appendUtf8(text, d.c);
    }
    m_align.erase(m_align.begin() + static_cast<std::ptrdiff_t>(n.start), m_align.begin() + static_cast<std::ptrdiff_t>(n.end));
    m_align.insert(m_align.begin() + static_cast<std::ptrdiff_t>(n.start), align.begin(), align.end());
    m_normalized.replace(n.start, n.end - n.start, text);
}

void NormalizedString::transform(const std::vector<CharChange>& dest, std::size_t initialOffset) {
    const auto n = originalToNormalized(Range{0, m_originalLen});
    if (!n || n->end > m_normalized.size() || n->start > n->end) return;
    transformRange(*n, dest, initialOffset);
}

void NormalizedString::mapBytes(const std::string (&encode)[256]) {
    const auto n = originalToNormalized(Range{0, m_originalLen});
    if (!n || n->start != 0 || n->end != m_normalized.size()) {  // unusual alignments: the general path
        std::vector<CharChange> changes;
        for (std::size_t i = 0; i < m_normalized.size();) {
            const std::size_t len = utf8SeqLen(static_cast<unsigned char>(m_normalized[i]));
            for (std::size_t k = 0; k < len && i + k < m_normalized.size(); ++k) {
                std::size_t clen = 0;
                const std::string& e = encode[static_cast<unsigned char>(m_normalized[i + k])];
                changes.push_back({decodeUtf8(e, 0, clen), k > 0 ? 1 : 0});
            }
            i += len;
        }
        transform(changes, 0);
        return;
    }
    std::string text;
    std::vector<Align> align;
    text.reserve(m_normalized.size() * 2);
    align.reserve(m_normalized.size() * 2);
    for (std::size_t i = 0; i < m_normalized.size();) {
        std::size_t len = utf8SeqLen(static_cast<unsigned char>(m_normalized[i]));
        if (i + len > m_normalized.size()) len = m_normalized.size() - i;
        for (std::size_t k = 0; k < len; ++k) {
            const std::string& e = encode[static_cast<unsigned char>(m_normalized[i + k])];
            // The first byte replaces the character (its alignment); the others are insertions and
            // inherit the alignment of the character's last byte.
            const Align a = k == 0 ? m_align[i] : m_align[i + len - 1];
            text += e;
            align.insert(align.end(), e.size(), a);
        }
        i += len;
    }
    m_normalized = std::move(text);
    m_align = std::move(align);
}

void NormalizedString::normalizeUnicode(NormForm form) {
    std::vector<CharChange> changes;
    if (unicodeNormalize(m_normalized, form, changes)) transform(changes, 0);
}

void NormalizedString::filter(const std::function<bool(char32_t)>& keep) {
    std::int64_t removed = 0;
    std::size_t removedStart = 0;
    std::vector<CharChange> changes;
    changes.reserve(m_normalized.size());
    std::optional<char32_t> last;
    for (std::size_t i = 0; i < m_normalized.size();) {
        std::size_t len = 0;
        const char32_t c = decodeUtf8(m_normalized, i, len);
        i += len;
        if (keep(c)) {
            if (last) changes.push_back({*last, -removed});
            else removedStart = static_cast<std::size_t>(removed);
            last = c;
            removed = 0;
        } else {
            ++removed;
        }
    }
    if (last) changes.push_back({*last, -removed});
    transform(changes, removedStart);
}

void NormalizedString::map(const std::function<char32_t(char32_t)>& f) {
    std::vector<CharChange> changes;
    changes.reserve(m_normalized.size());
    for (std::size_t i = 0; i < m_normalized.size();) {
        std::size_t len = 0;
        changes.push_back({f(decodeUtf8(m_normalized, i, len)), 0});
        i += len;
    }
    transform(changes, 0);
}

void NormalizedString::lowercase() {
    std::vector<CharChange> changes;
    changes.reserve(m_normalized.size());
    std::u32string lower;
    for (std::size_t i = 0; i < m_normalized.size();) {
        std::size_t len = 0;
        const char32_t c = decodeUtf8(m_normalized, i, len);
        i += len;
        lower.clear();
        appendLowercase(lower, c);
        for (std::size_t k = 0; k < lower.size(); ++k) changes.push_back({lower[k], k > 0 ? 1 : 0});
    }
    transform(changes, 0);
}

void NormalizedString::prepend(std::string_view s) {
    if (m_normalized.empty()) return;
    std::size_t firstLen = 0;
    const char32_t first = decodeUtf8(m_normalized, 0, firstLen);
    std::vector<CharChange> changes;
    bool firstChar = true;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        changes.push_back({decodeUtf8(s, i, len), firstChar ? 0 : 1});
        firstChar = false;
        i += len;
    }
    changes.push_back({first, 1});
    transformRange(Range{0, firstLen}, changes, 0);
}

void NormalizedString::append(std::string_view s) {
    std::vector<CharChange> changes;
    Range r{0, m_normalized.size()};
    if (!m_normalized.empty()) {
        std::size_t b = m_normalized.size() - 1;
        while (b > 0 && !isCharBoundary(m_normalized, b)) --b;
        std::size_t len = 0;
        changes.push_back({decodeUtf8(m_normalized, b, len), 0});
        r.start = b;
    }
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        changes.push_back({decodeUtf8(s, i, len), 1});
        i += len;
    }
    transformRange(r, changes, 0);
}

void NormalizedString::strip(bool left, bool right) {
    std::vector<char32_t> chars;
    for (std::size_t i = 0; i < m_normalized.size();) {
        std::size_t len = 0;
        chars.push_back(decodeUtf8(m_normalized, i, len));
        i += len;
    }
    std::size_t leading = 0, trailing = 0;
    if (left)
        while (leading < chars.size() && isWhitespace(chars[leading])) ++leading;
    if (right)
        while (trailing < chars.size() && isWhitespace(chars[chars.size() - 1 - trailing])) ++trailing;
    if (leading == 0 && trailing == 0) return;
    std::vector<CharChange> changes;
    const std::size_t count = chars.size();
    // The library compares the character index with the *byte* length here; keep that behaviour.
    const auto marker = static_cast<std::int64_t>(m_normalized.size()) - static_cast<std::int64_t>(trailing) - 1;
    for (std::size_t i = 0; i < count; ++i) {
        if (i < leading || i >= count - trailing) continue;
        if (static_cast<std::int64_t>(i) == marker) changes.push_back({chars[i], -static_cast<std::int64_t>(trailing)});
        else changes.push_back({chars[i], 0});
    }
    transform(changes, leading);
}

void NormalizedString::replace(const std::vector<Match>& matches, std::string_view content) {
    std::string text;
    std::vector<Align> align;
    text.reserve(m_normalized.size());
    align.reserve(m_align.size());
    std::size_t lastEnd = 0;
    for (const Match& m : matches) {
        if (!m.isMatch) continue;
        text.append(m_normalized, lastEnd, m.start - lastEnd);
        align.insert(align.end(), m_align.begin() + static_cast<std::ptrdiff_t>(lastEnd), m_align.begin() + static_cast<std::ptrdiff_t>(m.start));
        // Every inserted character inherits the alignment of the last byte of the match.
        const Align a = m.end >= 1 && m.end - 1 < m_align.size() ? m_align[m.end - 1] : Align{0, 0};
        text.append(content);
        align.insert(align.end(), content.size(), a);
        lastEnd = m.end;
    }
    text.append(m_normalized, lastEnd, std::string::npos);
    align.insert(align.end(), m_align.begin() + static_cast<std::ptrdiff_t>(lastEnd), m_align.end());
    m_normalized = std::move(text);
    m_align = std::move(align);
}

std::vector<NormalizedString> NormalizedString::split(const std::vector<Match>& matches, SplitBehavior behavior) const {
    struct Piece {
        std::size_t start, end;
        bool remove;
    };
    std::vector<Piece> pieces;
    pieces.reserve(matches.size());
    bool previousMatch = false;
    switch (behavior) {
    case SplitBehavior::Isolated:
        for (const Match& m : matches) pieces.push_back({m.start, m.end, false});
        break;
    case SplitBehavior::Removed:
        for (const Match& m : matches) pieces.push_back({m.start, m.end, m.isMatch});
        break;
    case SplitBehavior::Contiguous:
        for (const Match& m : matches) {
            if (m.isMatch == previousMatch && !pieces.empty()) pieces.back().end = m.end;
            else pieces.push_back({m.start, m.end, false});
            previousMatch = m.isMatch;
        }
        break;
    case SplitBehavior::MergedWithPrevious:
        for (const Match& m : matches) {
            if (m.isMatch && !previousMatch && !pieces.empty()) pieces.back().end = m.end;
            else pieces.push_back({m.start, m.end, false});
            previousMatch = m.isMatch;
        }
        break;
    case SplitBehavior::MergedWithNext:
        for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
            if (it->isMatch && !previousMatch && !pieces.empty()) pieces.back().start = it->start;
            else pieces.push_back({it->start, it->end, false});
            previousMatch = it->isMatch;
        }
        std::reverse(pieces.begin(), pieces.end());
        break;
    }
    std::vector<NormalizedString> out;
    out.reserve(pieces.size());
    for (const Piece& p : pieces) {
        if (p.remove) continue;
        if (auto s = slice(Range{p.start, p.end})) out.push_back(std::move(*s));
    }
    return out;
}

}  // namespace moe::tok
