#include "core/tokenizer/post_processors.h"

#include "core/tokenizer/unicode.h"

#include <algorithm>
#include <map>

namespace moe::tok {

void trimByteLevelOffsets(Encoding& enc, bool addPrefixSpace) {
    auto isSpace = [](char32_t c) { return c == 0x120 || isWhitespace(c); };  // 'Ġ' is the ByteLevel space
    for (std::size_t i = 0; i < enc.size(); ++i) {
        std::vector<char32_t> chars;
        const std::string& t = enc.tokens[i];
        for (std::size_t b = 0; b < t.size();) {
            std::size_t len = 0;
            chars.push_back(decodeUtf8(t, b, len));
            b += len;
        }
        std::int64_t leading = 0, trailing = 0;
        while (leading < static_cast<std::int64_t>(chars.size()) && isSpace(chars[static_cast<std::size_t>(leading)])) ++leading;
        while (trailing < static_cast<std::int64_t>(chars.size()) && isSpace(chars[chars.size() - 1 - static_cast<std::size_t>(trailing)]))
            ++trailing;
        auto& [start, end] = enc.offsets[i];
        if (leading > 0) {
            const bool first = i == 0 || start == 0;
            if (first && addPrefixSpace && leading == 1) leading = 0;
            start = std::min(start + leading, end);
        }
        if (trailing > 0 && end >= trailing) end = std::max(end - trailing, start);
    }
}

namespace {

struct SpecialTokens {
    std::vector<std::int32_t> ids;
    std::vector<std::string> tokens;
};

void pushSpecial(Encoding& out, const SpecialTokens& s, std::int32_t typeId) {
    for (std::size_t k = 0; k < s.ids.size(); ++k) out.push(s.ids[k], s.tokens[k], {0, 0}, typeId, true);
}

class ByteLevelPost : public PostProcessor {
public:
    ByteLevelPost(bool trim, bool addPrefixSpace) : m_trim(trim), m_addPrefixSpace(addPrefixSpace) {}
    void process(Encoding& enc, bool) const override {
        if (m_trim) trimByteLevelOffsets(enc, m_addPrefixSpace);
    }
    std::size_t addedTokens() const override { return 0; }

private:
    bool m_trim, m_addPrefixSpace;
};

// BertProcessing and RobertaProcessing: [cls] A [sep].
class ClsSepPost : public PostProcessor {
public:
    ClsSepPost(SpecialTokens cls, SpecialTokens sep, bool roberta, bool trim, bool addPrefixSpace)
        : m_cls(std::move(cls)), m_sep(std::move(sep)), m_roberta(roberta), m_trim(trim), m_addPrefixSpace(addPrefixSpace) {}
    void process(Encoding& enc, bool addSpecialTokens) const override {
        if (m_roberta) {
            if (m_trim) trimByteLevelOffsets(enc, m_addPrefixSpace);
            std::fill(enc.typeIds.begin(), enc.typeIds.end(), 0);
        }
        if (!addSpecialTokens) return;
        Encoding out;
        pushSpecial(out, m_cls, 0);
        out.append(std::move(enc));
        pushSpecial(out, m_sep, 0);
        enc = std::move(out);
    }
    std::size_t addedTokens() const override { return 2; }

private:
    SpecialTokens m_cls, m_sep;
    bool m_roberta, m_trim, m_addPrefixSpace;
};

class TemplatePost : public PostProcessor {
public:
    struct Piece {
        bool sequence;  // $A, else a special token
        std::string id;
        std::int32_t typeId;
    };
    TemplatePost(std::vector<Piece> single, std::map<std::string, SpecialTokens> special)
        : m_single(std::move(single)), m_special(std::move(special)) {}
    void process(Encoding& enc, bool addSpecialTokens) const override {
        Encoding out;
        for (const Piece& p : m_single) {
            if (p.sequence) {
                Encoding copy = enc;
                std::fill(copy.typeIds.begin(), copy.typeIds.end(), p.typeId);
                out.append(std::move(copy));
            } else if (addSpecialTokens) {
                pushSpecial(out, m_special.at(p.id), p.typeId);
            }
        }
        enc = std::move(out);
    }
    std::size_t addedTokens() const override {
        std::size_t n = 0;
        for (const Piece& p : m_single)
            if (!p.sequence) n += m_special.at(p.id).ids.size();
        return n;
    }

private:
    std::vector<Piece> m_single;
    std::map<std::string, SpecialTokens> m_special;
};

class SequencePost : public PostProcessor {
public:
    explicit SequencePost(std::vector<std::unique_ptr<PostProcessor>> items) : m_items(std::move(items)) {}
    void process(Encoding& enc, bool addSpecialTokens) const override {
        for (const auto& item : m_items) item->process(enc, addSpecialTokens);
    }
    std::size_t addedTokens() const override {
        std::size_t n = 0;
        for (const auto& item : m_items) n += item->addedTokens();
        return n;
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> m_items;
};

// ["[CLS]", 101] as BertProcessing / RobertaProcessing store cls and sep.
SpecialTokens tokenPair(const Json& j, const char* key, const std::string& path) {
    const Json& v = jsonRequire(j, key, path);
    if (!v.is_array() || v.size() != 2 || !v[0].is_string() || !v[1].is_number_integer())
        jsonError(joinPath(path, key), "expected [token, id]");
    return SpecialTokens{{v[1].get<std::int32_t>()}, {v[0].get<std::string>()}};
}

TemplatePost::Piece parsePiece(const Json& p, const std::string& path) {
    if (p.is_string()) {  // "$A", "$B:1", "[CLS]", "[SEP]:1"
        std::string s = p.get<std::string>();
        std::int32_t typeId = 0;
        if (const auto colon = s.find(':'); colon != std::string::npos) {
            // std::stoi would throw std::invalid_argument / std::out_of_range, which are not moe::Error.
            const std::string digits = s.substr(colon + 1);
            if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
                jsonError(path, "'" + s + "': expected a type id after ':'");
            typeId = std::stoi(digits);
            s.resize(colon);
        }
        if (!s.empty() && s[0] == '$') {
            if (s == "$B" || s == "$b") jsonError(path, "pair templates are not supported in a single-sequence template");
            return {true, "A", typeId};
        }
        return {false, s, typeId};
    }
    if (!p.is_object() || p.size() != 1) jsonError(path, "expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
    const auto it = p.begin();
    const std::string kind = it.key();
    const std::string inner = joinPath(path, kind);
    const std::string id = jsonString(it.value(), "id", inner);
    const auto typeId = static_cast<std::int32_t>(jsonInt(it.value(), "type_id", inner, 0));
    if (kind == "Sequence") {
        if (id != "A") jsonError(joinPath(inner, "id"), "sequence '" + id + "' in a single-sequence template");
        return {true, id, typeId};
    }
    if (kind == "SpecialToken") return {false, id, typeId};
    jsonError(path, "unknown template piece '" + kind + "'");
}

std::unique_ptr<PostProcessor> makeTemplate(const Json& j, const std::string& path) {
    std::map<std::string, SpecialTokens> special;
    if (const auto it = j.find("special_tokens"); it != j.end() && it->is_object()) {
        for (const auto& [name, v] : it->items()) {
            const std::string p = joinPath(joinPath(path, "special_tokens"), name);
            SpecialTokens s;
            for (const auto& id : jsonArray(v, "ids", p)) {
                if (!id.is_number_integer()) jsonError(joinPath(p, "ids"), "expected integer ids");
                s.ids.push_back(id.get<std::int32_t>());
            }
            for (const auto& t : jsonArray(v, "tokens", p)) {
                if (!t.is_string()) jsonError(joinPath(p, "tokens"), "expected strings");
                s.tokens.push_back(t.get<std::string>());
            }
            if (s.ids.size() != s.tokens.size()) jsonError(p, "ids and tokens differ in length");
            special[jsonString(v, "id", p, name)] = std::move(s);
        }
    }
    const Json& single = jsonRequire(j, "single", path);
    std::vector<TemplatePost::Piece> pieces;
    if (single.is_string()) {
        const std::string s = single.get<std::string>();
        std::size_t start = 0;
        while (start <= s.size()) {
            const std::size_t sp = std::min(s.find(' ', start), s.size());
            pieces.push_back(parsePiece(Json(s.substr(start, sp - start)), joinPath(path, "single")));
            start = sp + 1;
        }
    } else if (single.is_array()) {
        for (std::size_t i = 0; i < single.size(); ++i) pieces.push_back(parsePiece(single[i], indexPath(joinPath(path, "single"), i)));
    } else {
        jsonError(joinPath(path, "single"), "expected a template");
    }
    for (const auto& p : pieces)
        if (!p.sequence && !special.count(p.id)) jsonError(joinPath(path, "special_tokens"), "missing special token '" + p.id + "'");
    return std::make_unique<TemplatePost>(std::move(pieces), std::move(special));
}

}  // namespace

std::unique_ptr<PostProcessor> makePostProcessor(const Json& j, const std::string& path) {
    const std::string type = jsonType(j, path);
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelPost>(jsonBool(j, "trim_offsets", path, true), jsonBool(j, "add_prefix_space", path, true));
    if (type == "BertProcessing")
        return std::make_unique<ClsSepPost>(tokenPair(j, "cls", path), tokenPair(j, "sep", path), false, false, false);
    if (type == "RobertaProcessing")
        return std::make_unique<ClsSepPost>(tokenPair(j, "cls", path), tokenPair(j, "sep", path), true,
                                            jsonBool(j, "trim_offsets", path, true), jsonBool(j, "add_prefix_space", path, true));
    if (type == "TemplateProcessing") return makeTemplate(j, path);
    if (type == "Sequence") {
        const Json& items = jsonArray(j, "processors", path);
        std::vector<std::unique_ptr<PostProcessor>> out;
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(makePostProcessor(items[i], indexPath(joinPath(path, "processors"), i)));
        return std::make_unique<SequencePost>(std::move(out));
    }
    jsonError(joinPath(path, "type"), "unsupported post-processor type '" + type + "'");
}

}  // namespace moe::tok
