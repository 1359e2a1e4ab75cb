#include "core/tokenizer/unicode_normalize.h"

#include "core/tokenizer/unicode.h"
#include "core/tokenizer/unicode_tables.h"

#include <utf8proc.h>

#include <algorithm>
#include <optional>

namespace moe::tok {
namespace {

struct Item {
    int ccc;
    char32_t c;
    std::int64_t change;
};

// Full canonical or compatibility decomposition of one character (utf8proc recurses like the crate).
void decomposeChar(char32_t c, bool compat, std::vector<Item>& out) {
    if (c < 0xC0) {  // nothing below U+00C0 decomposes canonically; compat forms start at U+00A0
        if (!compat || c < 0xA0) {
            out.push_back({0, c, 0});
            return;
        }
    }
    // Only what the library's (Unicode 9) tables decompose.
    if (!(compat ? hasCompatDecomposition(c) : hasCanonicalDecomposition(c))) {
        out.push_back({combiningClass(c), c, 0});
        return;
    }
    utf8proc_int32_t buf[32];
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const auto opts = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | (compat ? UTF8PROC_COMPAT : 0));
    const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buf, 32, opts, &boundclass);
    if (n <= 0 || n > 32) {
        out.push_back({combiningClass(c), c, 0});
        return;
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
        const auto d = static_cast<char32_t>(buf[i]);
        out.push_back({combiningClass(d), d, i == 0 ? 0 : 1});
    }
}

// Canonical ordering: every block that starts at a starter is stably sorted by combining class (the
// starter, class 0, stays first).
void canonicalOrder(std::vector<Item>& items) {
    std::size_t blockStart = 0;
    for (std::size_t i = 1; i <= items.size(); ++i) {
        if (i == items.size() || items[i].ccc == 0) {
            if (i - blockStart > 1)
                std::stable_sort(items.begin() + static_cast<std::ptrdiff_t>(blockStart), items.begin() + static_cast<std::ptrdiff_t>(i),
                                 [](const Item& a, const Item& b) { return a.ccc < b.ccc; });
            blockStart = i;
        }
    }
}

// Primary composite of (a, b), if any.
std::optional<char32_t> compose(char32_t a, char32_t b) {
    utf8proc_int32_t buf[2] = {static_cast<utf8proc_int32_t>(a), static_cast<utf8proc_int32_t>(b)};
    const auto opts = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (utf8proc_normalize_utf32(buf, 2, opts) == 1 && hasCanonicalDecomposition(static_cast<char32_t>(buf[0])))
        return static_cast<char32_t>(buf[0]);
    return std::nullopt;
}

// The recomposition state machine of the crate (which differs from textbook NFC in when blocked marks
// are flushed, so it is reproduced step by step).
void recompose(const std::vector<Item>& in, std::vector<CharChange>& out) {
    std::optional<CharChange> composee;
    std::optional<int> lastCcc;
    std::vector<CharChange> buffer;
    for (const Item& it : in) {
        const CharChange ch{it.c, it.change};
        const int cls = it.ccc;
        if (!composee) {
            if (cls != 0) {
                out.push_back(ch);
                continue;
            }
            composee = ch;
            continue;
        }
        const CharChange k = *composee;
        if (!lastCcc) {
            if (auto r = compose(k.c, ch.c)) {
                composee = CharChange{*r, k.change + ch.change - 1};
                continue;
            }
            if (cls == 0) {
                composee = ch;
                out.push_back(k);
                continue;
            }
            buffer.push_back(ch);
            lastCcc = cls;
            continue;
        }
        if (*lastCcc >= cls) {
            if (cls == 0) {
                composee = ch;
                lastCcc.reset();
                out.push_back(k);
                out.insert(out.end(), buffer.begin(), buffer.end());
                buffer.clear();
                continue;
            }
            buffer.push_back(ch);
            lastCcc = cls;
            continue;
        }
        if (auto r = compose(k.c, ch.c)) {
            composee = CharChange{*r, k.change + ch.change - 1};
            continue;
        }
        buffer.push_back(ch);
        lastCcc = cls;
    }
    if (composee) out.push_back(*composee);
    out.insert(out.end(), buffer.begin(), buffer.end());
}

}  // namespace

bool unicodeNormalize(std::string_view s, NormForm form, std::vector<CharChange>& out) {
    out.clear();
    const bool compose = form == NormForm::NFC || form == NormForm::NFKC;
    const bool compat = form == NormForm::NFKD || form == NormForm::NFKC;
    // Fast paths: ASCII is invariant; below U+0300 NFC is the identity too (no marks, no compositions).
    bool ascii = true, belowMarks = true;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = decodeUtf8(s, i, len);
        if (c >= 0x80) ascii = false;
        if (c >= 0x300) {
            belowMarks = false;
            break;
        }
        i += len;
    }
    if (ascii || (form == NormForm::NFC && belowMarks)) return false;

    std::vector<Item> items;
    items.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = decodeUtf8(s, i, len);
        decomposeChar(c, compat, items);
        i += len;
    }
    canonicalOrder(items);
    if (compose) {
        recompose(items, out);
    } else {
        out.reserve(items.size());
        for (const Item& it : items) out.push_back({it.c, it.change});
    }
    return true;
}

}  // namespace moe::tok
