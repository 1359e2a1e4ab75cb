#include "core/tokenizer/pre_tokenizers.h"

#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/pattern.h"
#include "core/tokenizer/unicode.h"

namespace moe::tok {
namespace {

const Regex& gpt2Regex() {
    static const Regex re("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    return re;
}

class ByteLevel : public PreTokenizer {
public:
    ByteLevel(bool addPrefixSpace, bool useRegex) : m_addPrefixSpace(addPrefixSpace), m_useRegex(useRegex) {}
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([&](NormalizedString&& n) {
            if (m_addPrefixSpace && (n.get().empty() || n.get()[0] != ' ')) n.prepend(" ");
            if (m_useRegex) return n.split(gpt2Regex().findMatches(n.get()), SplitBehavior::Isolated);
            std::vector<NormalizedString> one;
            one.push_back(std::move(n));
            return one;
        });
        p.normalize([](NormalizedString& n) { byteLevelTransform(n); });
    }

private:
    bool m_addPrefixSpace, m_useRegex;
};

class SplitPre : public PreTokenizer {
public:
    SplitPre(Regex re, SplitBehavior behavior, bool invert) : m_re(std::move(re)), m_behavior(behavior), m_invert(invert) {}
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([&](NormalizedString&& n) {
            auto matches = m_re.findMatches(n.get());
            if (m_invert) invertMatches(matches);
            return n.split(matches, m_behavior);
        });
    }

private:
    Regex m_re;
    SplitBehavior m_behavior;
    bool m_invert;
};

enum class PrependScheme { Always, First, Never };

class Metaspace : public PreTokenizer {
public:
    Metaspace(char32_t replacement, PrependScheme scheme, bool split)
        : m_replacement(replacement), m_str(toUtf8(replacement)), m_scheme(scheme), m_split(split) {}
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([&](NormalizedString&& n) {
            n.replace(findCharMatches(n.get(), [](char32_t c) { return c == U' '; }), m_str);
            const bool starts = n.get().compare(0, m_str.size(), m_str) == 0;
            if (m_scheme == PrependScheme::Always && !starts) n.prepend(m_str);
            if (m_scheme == PrependScheme::First && !starts && n.offsetsOriginal().start == 0) n.prepend(m_str);
            if (m_split) {
                const char32_t r = m_replacement;
                return n.split(findCharMatches(n.get(), [r](char32_t c) { return c == r; }), SplitBehavior::MergedWithNext);
            }
            std::vector<NormalizedString> one;
            one.push_back(std::move(n));
            return one;
        });
    }

private:
    char32_t m_replacement;
    std::string m_str;
    PrependScheme m_scheme;
    bool m_split;
};

// Splits every piece on the characters `pred` accepts.
class CharSplit : public PreTokenizer {
public:
    CharSplit(std::function<bool(char32_t)> pred, SplitBehavior behavior) : m_pred(std::move(pred)), m_behavior(behavior) {}
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([&](NormalizedString&& n) { return n.split(findCharMatches(n.get(), m_pred), m_behavior); });
    }

private:
    std::function<bool(char32_t)> m_pred;
    SplitBehavior m_behavior;
};

class Whitespace : public PreTokenizer {
public:
    void preTokenize(PreTokenizedString& p) const override {
        static const Regex re("\\w+|[^\\w\\s]+");
        p.splitNormalized([&](NormalizedString&& n) {
            auto matches = re.findMatches(n.get());
            invertMatches(matches);
            return n.split(matches, SplitBehavior::Removed);
        });
    }
};

class BertPre : public PreTokenizer {
public:
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([](NormalizedString&& n) { return n.split(findCharMatches(n.get(), isWhitespace), SplitBehavior::Removed); });
        p.splitNormalized([](NormalizedString&& n) { return n.split(findCharMatches(n.get(), isPunctuation), SplitBehavior::Isolated); });
    }
};

class FixedLength : public PreTokenizer {
public:
    explicit FixedLength(std::size_t length) : m_length(length) {}
    void preTokenize(PreTokenizedString& p) const override {
        p.splitNormalized([&](NormalizedString&& n) {
            std::vector<NormalizedString> out;
            const std::string& s = n.get();
            std::size_t start = 0, chars = 0;
            for (std::size_t i = 0; i < s.size();) {
                i += utf8SeqLen(static_cast<unsigned char>(s[i]));
                if (++chars == m_length || i >= s.size()) {
                    if (auto piece = n.slice(Range{start, i})) out.push_back(std::move(*piece));
                    start = i;
                    chars = 0;
                }
            }
            return out;
        });
    }

private:
    std::size_t m_length;
};

class Sequence : public PreTokenizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<PreTokenizer>> items) : m_items(std::move(items)) {}
    void preTokenize(PreTokenizedString& p) const override {
        for (const auto& item : m_items) item->preTokenize(p);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_items;
};

PrependScheme parseScheme(const Json& j, const std::string& path) {
    const auto addPrefix = j.find("add_prefix_space");
    const bool legacyFalse = addPrefix != j.end() && addPrefix->is_boolean() && !addPrefix->get<bool>();
    if (!j.contains("prepend_scheme") || j["prepend_scheme"].is_null()) return legacyFalse ? PrependScheme::Never : PrependScheme::Always;
    const std::string s = jsonString(j, "prepend_scheme", path);
    PrependScheme scheme;
    if (s == "always") scheme = PrependScheme::Always;
    else if (s == "first") scheme = PrependScheme::First;
    else if (s == "never") scheme = PrependScheme::Never;
    else jsonError(joinPath(path, "prepend_scheme"), "unknown prepend_scheme '" + s + "'");
    if (legacyFalse && scheme != PrependScheme::Never)
        jsonError(joinPath(path, "add_prefix_space"), "add_prefix_space does not match declared prepend_scheme");
    return scheme;
}

}  // namespace

SplitBehavior parseSplitBehavior(const Json& j, const std::string& path) {
    const std::string s = jsonString(j, "behavior", path);
    if (s == "Removed") return SplitBehavior::Removed;
    if (s == "Isolated") return SplitBehavior::Isolated;
    if (s == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (s == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (s == "Contiguous") return SplitBehavior::Contiguous;
    jsonError(joinPath(path, "behavior"), "unknown split behavior '" + s + "'");
}

std::unique_ptr<PreTokenizer> makePreTokenizer(const Json& j, const std::string& path) {
    const std::string type = jsonType(j, path);
    if (type == "ByteLevel") return std::make_unique<ByteLevel>(jsonBool(j, "add_prefix_space", path, true), jsonBool(j, "use_regex", path, true));
    if (type == "Split")
        return std::make_unique<SplitPre>(makePattern(jsonRequire(j, "pattern", path), joinPath(path, "pattern")),
                                          parseSplitBehavior(j, path), jsonBool(j, "invert", path, false));
    if (type == "Metaspace")
        return std::make_unique<Metaspace>(jsonChar(j, "replacement", path), parseScheme(j, path), jsonBool(j, "split", path, true));
    if (type == "Digits")
        return std::make_unique<CharSplit>(isNumeric, jsonBool(j, "individual_digits", path, false) ? SplitBehavior::Isolated
                                                                                                     : SplitBehavior::Contiguous);
    if (type == "Punctuation")
        return std::make_unique<CharSplit>(isPunctuation, j.contains("behavior") ? parseSplitBehavior(j, path) : SplitBehavior::Isolated);
    if (type == "Whitespace") return std::make_unique<Whitespace>();
    if (type == "WhitespaceSplit") return std::make_unique<CharSplit>(isWhitespace, SplitBehavior::Removed);
    if (type == "BertPreTokenizer") return std::make_unique<BertPre>();
    if (type == "CharDelimiterSplit" || type == "Delimiter") {
        const char32_t d = jsonChar(j, "delimiter", path);
        return std::make_unique<CharSplit>([d](char32_t c) { return c == d; }, SplitBehavior::Removed);
    }
    if (type == "FixedLength") {
        const auto len = jsonInt(j, "length", path, 5);
        if (len <= 0) jsonError(joinPath(path, "length"), "length must be positive");
        return std::make_unique<FixedLength>(static_cast<std::size_t>(len));
    }
    if (type == "Sequence") {
        const Json& items = jsonArray(j, "pretokenizers", path);
        std::vector<std::unique_ptr<PreTokenizer>> out;
        for (std::size_t i = 0; i < items.size(); ++i)
            out.push_back(makePreTokenizer(items[i], indexPath(joinPath(path, "pretokenizers"), i)));
        return std::make_unique<Sequence>(std::move(out));
    }
    jsonError(joinPath(path, "type"), "unsupported pre-tokenizer type '" + type + "'");
}

}  // namespace moe::tok
