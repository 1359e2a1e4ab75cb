// The fast path of reading tokenizer.json: a structural scan finds `model.vocab` (an object) and
// `model.merges` (an array), dedicated loops read them straight into Vocab / MergeList, and
// nlohmann/json parses the rest of the file with those two values blanked out. Anything unexpected
// (escapes in keys, floats, invalid UTF-8, odd nesting) makes it give up, and the SAX reader of
// tokenizer_json_sax.cpp reads the file instead, with full validation and error messages.

#include "core/tokenizer/tokenizer_json_sax.h"
#include "core/tokenizer/unicode.h"

#include <algorithm>
#include <cstring>

namespace moe::tok {
namespace {

// Length of the run of bytes that need no attention in a JSON string (no quote, backslash or control
// character), eight bytes at a time.
std::size_t plainRun(const char* p, std::size_t n) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        std::uint64_t v;
        std::memcpy(&v, p + k, 8);
        const std::uint64_t quote = v ^ (kOnes * '"'), slash = v ^ (kOnes * '\\');
        const std::uint64_t special = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((v - kOnes * 0x20) & ~v);
        if (special & kHigh) break;
    }
    while (k < n && p[k] != '"' && p[k] != '\\' && static_cast<unsigned char>(p[k]) >= 0x20) ++k;
    return k;
}

struct Scanner {
    std::string_view s;
    std::size_t i = 0;

    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
    }
    bool eat(char c) {
        ws();
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
    bool peek(char c) {
        ws();
        return i < s.size() && s[i] == c;
    }

    // Reads a string at i (after '"'); decodes escapes into `out`. False on anything invalid.
    bool string(std::string& out) {
        if (!eat('"')) return false;
        out.clear();
        while (i < s.size()) {
            const char* p = s.data() + i;
            const std::size_t n = s.size() - i;
            std::size_t k = plainRun(p, n);
            out.append(p, k);
            i += k;
            if (i >= s.size()) return false;
            const char c = s[i++];
            if (c == '"') return true;
            if (c != '\\' || i >= s.size()) return false;  // control character or truncated escape
            const char e = s[i++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t lo = 0;
                    if (i + 2 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return false;
                    i += 2;
                    if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }
    bool hex4(std::uint32_t& v) {
        if (i + 4 > s.size()) return false;
        for (int k = 0; k < 4; ++k) {
            const char c = s[i++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else return false;
        }
        return true;
    }
    // A non-negative integer that fits in int32.
    bool id(std::int32_t& v) {
        ws();
        const std::size_t start = i;
        std::int64_t x = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 10) x = x * 10 + (s[i++] - '0');
        if (i == start || (s[start] == '0' && i - start > 1) || x > INT32_MAX) return false;
        if (i < s.size() && (s[i] == '.' || s[i] == 'e' || s[i] == 'E' || (s[i] >= '0' && s[i] <= '9'))) return false;
        v = static_cast<std::int32_t>(x);
        return true;
    }
    bool skipString() {
        ++i;
        while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
        if (i >= s.size()) return false;
        ++i;
        return true;
    }
    // Skips any JSON value structurally (strings honour escapes); validation is left to nlohmann.
    bool skipValue() {
        ws();
        if (i >= s.size()) return false;
        if (s[i] == '"') return skipString();
        if (s[i] == '{' || s[i] == '[') {
            int depth = 0;
            while (i < s.size()) {
                const char c = s[i];
                if (c == '"') {
                    if (!skipString()) return false;
                    continue;
                }
                if (c == '{' || c == '[') {
                    ++depth;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        ++i;
                        return true;
                    }
                }
                ++i;
            }
            return false;
        }
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t') ++i;
        return true;
    }
};

bool readVocab(Scanner& sc, Vocab& vocab) {
    if (!sc.eat('{')) return false;
    // An entry takes at least 6 bytes ("a":1,): small files need no 1 MB table (nor the time to fill it).
    vocab.reserve(std::min<std::size_t>(1 << 15, (sc.s.size() - sc.i) / 6));
    std::string key;
    if (sc.eat('}')) return true;
    do {
        std::int32_t id = 0;
        if (!sc.string(key) || !sc.eat(':') || !sc.id(id)) return false;
        vocab.set(key, id);
    } while (sc.eat(','));
    return sc.eat('}');
}

bool readMerges(Scanner& sc, MergeList& merges) {
    if (!sc.eat('[')) return false;
    // Generous reservations cost only address space: untouched pages are never faulted in.
    merges.reserve((sc.s.size() - sc.i) / 8, (sc.s.size() - sc.i) / 2);
    std::string a, b;
    if (sc.eat(']')) return true;
    do {
        if (sc.peek('[')) {
            ++sc.i;
            if (!sc.string(a) || !sc.eat(',') || !sc.string(b) || !sc.eat(']')) return false;
            merges.add(a, b);
        } else {
            if (!sc.string(a)) return false;
            if (a.rfind("#version", 0) == 0) continue;
            const std::size_t sp = a.find(' ');
            if (sp == std::string::npos || a.find(' ', sp + 1) != std::string::npos) return false;
            merges.add(std::string_view(a).substr(0, sp), std::string_view(a).substr(sp + 1));
        }
    } while (sc.eat(','));
    return sc.eat(']');
}

// Walks the members of the object at sc.i, calling f(key) with sc.i at the value; f must consume it.
template <class F>
bool members(Scanner& sc, F&& f) {
    if (!sc.eat('{')) return false;
    if (sc.eat('}')) return true;
    std::string key;
    do {
        if (!sc.string(key) || !sc.eat(':')) return false;
        if (!f(key)) return false;
    } while (sc.eat(','));
    return sc.eat('}');
}

}  // namespace

std::optional<TokenizerJsonParts> parseTokenizerJsonFast(std::string_view text) {
    Scanner sc{text};
    std::size_t vocabBegin = 0, vocabEnd = 0, mergesBegin = 0, mergesEnd = 0;
    Vocab vocab;
    MergeList merges;
    bool haveVocab = false, haveMerges = false;
    const bool ok = members(sc, [&](const std::string& key) {
        if (key != "model" || !sc.peek('{')) return sc.skipValue();
        return members(sc, [&](const std::string& field) {
            sc.ws();
            if (field == "vocab" && sc.peek('{') && !haveVocab) {
                vocabBegin = sc.i;
                if (!readVocab(sc, vocab)) return false;
                vocabEnd = sc.i;
                return haveVocab = true;
            }
            if (field == "merges" && sc.peek('[') && !haveMerges) {
                mergesBegin = sc.i;
                if (!readMerges(sc, merges)) return false;
                mergesEnd = sc.i;
                return haveMerges = true;
            }
            return sc.skipValue();
        });
    });
    if (!ok || (!haveVocab && !haveMerges)) return std::nullopt;
    // nlohmann validates the UTF-8 of the rest; the two values read here are checked now.
    if (!isValidUtf8(text.substr(vocabBegin, vocabEnd - vocabBegin)) || !isValidUtf8(text.substr(mergesBegin, mergesEnd - mergesBegin)))
        return std::nullopt;
    // The rest of the file, with the two values blanked out, goes to nlohmann/json.
    std::string rest;
    rest.reserve(text.size() - (vocabEnd - vocabBegin) - (mergesEnd - mergesBegin) + 4);
    struct Cut {
        std::size_t begin, end;
        const char* with;
    };
    Cut cuts[2] = {{vocabBegin, vocabEnd, "{}"}, {mergesBegin, mergesEnd, "[]"}};
    if (cuts[0].begin > cuts[1].begin) std::swap(cuts[0], cuts[1]);
    std::size_t pos = 0;
    for (const Cut& c : cuts) {
        if (c.end == 0) continue;
        rest.append(text.substr(pos, c.begin - pos)).append(c.with);
        pos = c.end;
    }
    rest.append(text.substr(pos));
    TokenizerJsonParts parts;
    try {
        parts.root = Json::parse(rest);
    } catch (const Json::exception&) {
        return std::nullopt;
    }
    if (!parts.root.is_object() || !parts.root.contains("model") || !parts.root["model"].is_object()) return std::nullopt;
    // The blanked values stay in the tree as {} / [] (they still tell the model type apart).
    if (haveVocab) parts.vocab = std::move(vocab);
    if (haveMerges) parts.merges = std::move(merges);
    return parts;
}

}  // namespace moe::tok
