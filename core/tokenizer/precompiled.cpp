// The Precompiled normalizer: SentencePiece's `precompiled_charsmap` (a Darts double-array trie of
// rewrite rules followed by their NUL-terminated replacements), applied per extended grapheme cluster
// the way `tokenizers` (spm_precompiled) applies it.

#include "core/tokenizer/precompiled.h"

#include "core/tokenizer/unicode.h"

#include <utf8proc.h>

#include <cstring>
#include <stdexcept>

namespace moe::tok {
namespace {

std::vector<unsigned char> base64Decode(const std::string& s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (s.size() % 4 != 0) throw std::runtime_error("precompiled_charsmap: invalid base64 length");
    std::vector<unsigned char> out;
    out.reserve(s.size() / 4 * 3);
    for (std::size_t i = 0; i < s.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            if (s[i + k] == '=' && i + 4 == s.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else if (pad > 0 || (v[k] = value(s[i + k])) < 0) {
                throw std::runtime_error("precompiled_charsmap: invalid base64");
            }
        }
        const std::uint32_t n = (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
                                (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
        out.push_back(static_cast<unsigned char>(n >> 16));
        if (pad < 2) out.push_back(static_cast<unsigned char>((n >> 8) & 0xFF));
        if (pad < 1) out.push_back(static_cast<unsigned char>(n & 0xFF));
    }
    return out;
}

}  // namespace

Precompiled::Precompiled(const std::string& base64) {
    const std::vector<unsigned char> blob = base64Decode(base64);
    if (blob.size() < 4) throw std::runtime_error("precompiled_charsmap: too short");
    std::uint32_t trieSize = 0;
    std::memcpy(&trieSize, blob.data(), 4);  // little-endian
    const std::size_t units = trieSize / 4;
    if (4 + units * 4 > blob.size()) throw std::runtime_error("precompiled_charsmap: truncated trie");
    m_array.resize(units);
    for (std::size_t i = 0; i < units; ++i) {
        const unsigned char* p = blob.data() + 4 + i * 4;
        m_array[i] = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                     (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
    }
    m_normalized.assign(reinterpret_cast<const char*>(blob.data()) + 4 + units * 4, blob.size() - 4 - units * 4);
    if (!isValidUtf8(m_normalized)) throw std::runtime_error("precompiled_charsmap: replacements are not valid UTF-8");
}

// The replacement of the shortest rule that is a prefix of `chunk` (Darts common-prefix search).
std::optional<std::string_view> Precompiled::transform(std::string_view chunk) const {
    auto unit = [&](std::size_t pos) -> std::optional<std::uint64_t> {
        if (pos >= m_array.size()) return std::nullopt;
        return m_array[pos];
    };
    auto offset = [](std::uint64_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); };
    auto label = [](std::uint64_t u) { return u & ((1ULL << 31) | 0xFF); };
    auto hasLeaf = [](std::uint64_t u) { return ((u >> 8) & 1) == 1; };
    auto value = [](std::uint64_t u) { return u & ((1ULL << 31) - 1); };
    std::size_t pos = 0;
    auto u = unit(pos);
    if (!u) return std::nullopt;
    pos ^= offset(*u);
    for (const char ch : chunk) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) break;
        pos ^= c;
        u = unit(pos);
        if (!u || label(*u) != c) return std::nullopt;
        pos ^= offset(*u);
        if (hasLeaf(*u)) {
            const auto leaf = unit(pos);
            if (!leaf) return std::nullopt;
            const std::size_t start = value(*leaf);
            if (start > m_normalized.size()) return std::nullopt;
            const std::size_t end = m_normalized.find('\0', start);
            return std::string_view(m_normalized).substr(start, (end == std::string::npos ? m_normalized.size() : end) - start);
        }
    }
    return std::nullopt;
}

namespace {

// Appends `replacement` for `original` with the change bookkeeping of the library.
void replace(std::vector<CharChange>& out, std::string_view original, std::string_view replacement) {
    const auto oldCount = static_cast<std::int64_t>(countChars(original));
    const auto newCount = static_cast<std::int64_t>(countChars(replacement));
    for (std::size_t i = 0; i < replacement.size();) {
        std::size_t len = 0;
        out.push_back({decodeUtf8(replacement, i, len), 0});
        i += len;
    }
    const std::int64_t diff = newCount - oldCount;
    if (diff > 0) {
        for (std::int64_t k = 0; k < diff && k < static_cast<std::int64_t>(out.size()); ++k) out[out.size() - 1 - static_cast<std::size_t>(k)].change = 1;
    } else if (diff < 0 && !out.empty()) {
        out.back().change += diff;
    }
}

}  // namespace

void Precompiled::normalize(NormalizedString& n) const {
    const std::string& s = n.get();
    std::vector<CharChange> changes;
    changes.reserve(s.size());
    bool modified = false;
    // Extended grapheme cluster boundaries (the break state runs across the whole string).
    std::vector<std::size_t> bounds{0};
    std::int32_t state = 0;
    std::size_t len = 0;
    if (!s.empty()) {
        char32_t prev = decodeUtf8(s, 0, len);
        for (std::size_t i = len; i < s.size(); i += len) {
            const char32_t c = decodeUtf8(s, i, len);
            if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(prev), static_cast<utf8proc_int32_t>(c), &state)) bounds.push_back(i);
            prev = c;
        }
        bounds.push_back(s.size());
    }
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
        const std::string_view grapheme(s.data() + bounds[b], bounds[b + 1] - bounds[b]);
        if (grapheme.size() < 6) {
            if (const auto norm = transform(grapheme)) {
                modified = true;
                replace(changes, grapheme, *norm);
                continue;
            }
        }
        for (std::size_t i = 0; i < grapheme.size();) {
            const char32_t c = decodeUtf8(grapheme, i, len);
            const std::string_view part = grapheme.substr(i, len);
            i += len;
            if (const auto norm = transform(part)) {
                modified = true;
                replace(changes, part, *norm);
            } else {
                changes.push_back({c, 0});
            }
        }
    }
    if (modified) n.transform(changes, 0);
}

}  // namespace moe::tok
