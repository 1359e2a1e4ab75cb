#include "core/tokenizer/pre_tokenized.h"

namespace moe::tok {

PreTokenizedString::PreTokenizedString(std::string text) : m_original(text) {
    m_splits.push_back(Split{NormalizedString(std::move(text)), std::nullopt});
}

void PreTokenizedString::split(const std::function<std::vector<Split>(std::size_t, NormalizedString&&)>& fn) {
    std::vector<Split> out;
    out.reserve(m_splits.size());
    for (std::size_t i = 0; i < m_splits.size(); ++i) {
        Split& s = m_splits[i];
        if (s.tokens) {
            out.push_back(std::move(s));
            continue;
        }
        for (Split& piece : fn(i, std::move(s.normalized)))
            if (!piece.normalized.empty()) out.push_back(std::move(piece));
    }
    m_splits = std::move(out);
}

void PreTokenizedString::splitNormalized(const std::function<std::vector<NormalizedString>(NormalizedString&&)>& fn) {
    split([&](std::size_t, NormalizedString&& n) {
        std::vector<Split> pieces;
        for (NormalizedString& p : fn(std::move(n))) pieces.push_back(Split{std::move(p), std::nullopt});
        return pieces;
    });
}

void PreTokenizedString::normalize(const std::function<void(NormalizedString&)>& fn) {
    for (Split& s : m_splits)
        if (!s.tokens) fn(s.normalized);
}

void PreTokenizedString::tokenize(const std::function<std::vector<Token>(const NormalizedString&)>& fn) {
    for (Split& s : m_splits)
        if (!s.tokens) s.tokens = fn(s.normalized);
}

Encoding PreTokenizedString::intoEncoding(std::int32_t typeId) const {
    Encoding enc;
    if (m_splits.empty()) return enc;
    // Byte -> character index of the original text (every byte of a character maps to that character).
    std::vector<std::uint32_t> charOf(m_original.size());
    std::uint32_t ci = 0;
    for (std::size_t b = 0; b < m_original.size(); ++b) {
        if (b > 0 && (static_cast<unsigned char>(m_original[b]) & 0xC0) != 0x80) ++ci;
        charOf[b] = ci;
    }
    auto convert = [&](Range r) -> std::pair<std::int64_t, std::int64_t> {
        const std::size_t n = charOf.size();
        if (r.start < n && r.end < n) return {charOf[r.start], charOf[r.end]};
        if (r.start < n) {
            const std::int64_t last = r.end >= 1 && r.end - 1 < n ? charOf[r.end - 1] : charOf[r.start] + 1;
            return {charOf[r.start], last + 1};
        }
        return {static_cast<std::int64_t>(r.start), static_cast<std::int64_t>(r.end)};
    };
    for (const Split& s : m_splits) {
        if (!s.tokens) continue;
        const Range base = s.normalized.offsetsOriginal();
        for (const Token& t : *s.tokens) {
            Range r = t.offsets;
            if (const auto o = s.normalized.normalizedToOriginal(t.offsets)) r = Range{base.start + o->start, base.start + o->end};
            enc.push(t.id, t.value, convert(r), typeId, false);
        }
    }
    return enc;
}

}  // namespace moe::tok
