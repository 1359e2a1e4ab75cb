#include "core/tokenizer/normalizers.h"

#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/pattern.h"
#include "core/tokenizer/precompiled.h"
#include "core/tokenizer/unicode.h"

#include "core/error.h"

#include <stdexcept>
#include <vector>

namespace moe::tok {
namespace {

class UnicodeNormalizer : public Normalizer {
public:
    explicit UnicodeNormalizer(NormForm form) : m_form(form) {}
    void normalize(NormalizedString& n) const override { n.normalizeUnicode(m_form); }

private:
    NormForm m_form;
};

class Lowercase : public Normalizer {
public:
    void normalize(NormalizedString& n) const override { n.lowercase(); }
};

class Strip : public Normalizer {
public:
    Strip(bool left, bool right) : m_left(left), m_right(right) {}
    void normalize(NormalizedString& n) const override {
        if (m_left && m_right) {
            n.strip(true, true);
        } else {
            if (m_left) n.strip(true, false);
            if (m_right) n.strip(false, true);
        }
    }

private:
    bool m_left, m_right;
};

class StripAccents : public Normalizer {
public:
    void normalize(NormalizedString& n) const override {
        n.filter([](char32_t c) { return !isCombiningMark(c); });
    }
};

class Replace : public Normalizer {
public:
    Replace(Regex re, std::string content) : m_re(std::move(re)), m_content(std::move(content)) {}
    void normalize(NormalizedString& n) const override { n.replace(m_re.findMatches(n.get()), m_content); }

private:
    Regex m_re;
    std::string m_content;
};

class Prepend : public Normalizer {
public:
    explicit Prepend(std::string s) : m_prepend(std::move(s)) {}
    void normalize(NormalizedString& n) const override {
        if (!n.empty()) n.prepend(m_prepend);
    }

private:
    std::string m_prepend;
};

class Nmt : public Normalizer {
public:
    void normalize(NormalizedString& n) const override {
        n.filter([](char32_t c) {
            return !((c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || c == 0x8F || c == 0x9F);
        });
        n.map([](char32_t c) -> char32_t {
            switch (c) {
            case 0x09: case 0x0A: case 0x0C: case 0x0D: case 0x1680: case 0x2028: case 0x2029: case 0x2581: case 0xFEFF:
            case 0xFFFD:
                return U' ';
            default:
                return c >= 0x200B && c <= 0x200F ? U' ' : c;
            }
        });
    }
};

bool isChineseChar(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

class BertNormalizer : public Normalizer {
public:
    BertNormalizer(bool clean, bool chinese, bool stripAccents, bool lowercase)
        : m_clean(clean), m_chinese(chinese), m_stripAccents(stripAccents), m_lowercase(lowercase) {}
    void normalize(NormalizedString& n) const override {
        if (m_clean) {
            n.filter([](char32_t c) {
                const bool control = c != U'\t' && c != U'\n' && c != U'\r' && isOther(c);
                return !(c == 0 || c == 0xFFFD || control);
            });
            n.map([](char32_t c) { return c == U'\t' || c == U'\n' || c == U'\r' || isWhitespace(c) ? U' ' : c; });
        }
        if (m_chinese) {
            std::vector<CharChange> changes;
            const std::string& s = n.get();
            for (std::size_t i = 0; i < s.size();) {
                std::size_t len = 0;
                const char32_t c = decodeUtf8(s, i, len);
                i += len;
                if (isChineseChar(c)) {
                    changes.push_back({U' ', 0});
                    changes.push_back({c, 1});
                    changes.push_back({U' ', 1});
                } else {
                    changes.push_back({c, 0});
                }
            }
            n.transform(changes, 0);
        }
        if (m_stripAccents) {
            n.normalizeUnicode(NormForm::NFD);
            n.filter([](char32_t c) { return !isMarkNonspacing(c); });
        }
        if (m_lowercase) n.lowercase();
    }

private:
    bool m_clean, m_chinese, m_stripAccents, m_lowercase;
};

class ByteLevelNormalizer : public Normalizer {
public:
    void normalize(NormalizedString& n) const override {
        if (!n.empty()) byteLevelTransform(n);
    }
};

class Sequence : public Normalizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> items) : m_items(std::move(items)) {}
    void normalize(NormalizedString& n) const override {
        for (const auto& item : m_items) item->normalize(n);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_items;
};

}  // namespace

std::unique_ptr<Normalizer> makeNormalizer(const Json& j, const std::string& path) {
    const std::string type = jsonType(j, path);
    if (type == "NFC") return std::make_unique<UnicodeNormalizer>(NormForm::NFC);
    if (type == "NFD") return std::make_unique<UnicodeNormalizer>(NormForm::NFD);
    if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(NormForm::NFKC);
    if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(NormForm::NFKD);
    if (type == "Lowercase") return std::make_unique<Lowercase>();
    if (type == "Strip") return std::make_unique<Strip>(jsonBool(j, "strip_left", path), jsonBool(j, "strip_right", path));
    if (type == "StripAccents") return std::make_unique<StripAccents>();
    if (type == "Replace")
        return std::make_unique<Replace>(makePattern(jsonRequire(j, "pattern", path), joinPath(path, "pattern")),
                                         jsonString(j, "content", path));
    if (type == "Prepend") return std::make_unique<Prepend>(jsonString(j, "prepend", path));
    if (type == "Nmt") return std::make_unique<Nmt>();
    if (type == "ByteLevel") return std::make_unique<ByteLevelNormalizer>();
    if (type == "Precompiled") {
        try {
            return std::make_unique<Precompiled>(jsonString(j, "precompiled_charsmap", path));
        } catch (const std::runtime_error& e) {
            if (dynamic_cast<const Error*>(&e)) throw;
            jsonError(joinPath(path, "precompiled_charsmap"), e.what());
        }
    }
    if (type == "BertNormalizer" || type == "Bert") {
        const bool lowercase = jsonBool(j, "lowercase", path, true);
        const auto it = j.find("strip_accents");
        const bool strip = it == j.end() || it->is_null() ? lowercase : jsonBool(j, "strip_accents", path);
        return std::make_unique<BertNormalizer>(jsonBool(j, "clean_text", path, true), jsonBool(j, "handle_chinese_chars", path, true),
                                                strip, lowercase);
    }
    if (type == "Sequence") {
        const Json& items = jsonArray(j, "normalizers", path);
        std::vector<std::unique_ptr<Normalizer>> out;
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(makeNormalizer(items[i], indexPath(joinPath(path, "normalizers"), i)));
        return std::make_unique<Sequence>(std::move(out));
    }
    jsonError(joinPath(path, "type"), "unsupported normalizer type '" + type + "'");
}

}  // namespace moe::tok
