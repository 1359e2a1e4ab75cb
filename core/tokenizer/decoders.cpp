#include "core/tokenizer/decoders.h"

#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/pattern.h"
#include "core/tokenizer/unicode.h"

namespace moe::tok {
namespace {

std::vector<char32_t> chars(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        out.push_back(decodeUtf8(s, i, len));
        i += len;
    }
    return out;
}

class ByteLevelDecoder : public Decoder {
public:
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        std::string bytes;
        for (const std::string& t : tokens) {
            std::string mapped;
            bool ok = true;
            for (const char32_t c : chars(t)) {
                const int b = charToByte(c);
                if (b < 0) {
                    ok = false;
                    break;
                }
                mapped.push_back(static_cast<char>(b));
            }
            bytes += ok ? mapped : t;
        }
        return {utf8Lossy(bytes)};
    }
};

class MetaspaceDecoder : public Decoder {
public:
    MetaspaceDecoder(char32_t replacement, bool prepend) : m_replacement(replacement), m_prepend(prepend) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::string out;
            for (const char32_t c : chars(tokens[i])) {
                if (c != m_replacement) appendUtf8(out, c);
                else if (!(i == 0 && m_prepend)) out.push_back(' ');
            }
            tokens[i] = std::move(out);
        }
        return tokens;
    }

private:
    char32_t m_replacement;
    bool m_prepend;
};

// "<0x41>" -> 0x41 (u8::from_str_radix accepts an optional '+').
int byteToken(const std::string& t) {
    if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return -1;
    auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    if (t[3] == '+') return hex(t[4]);
    const int hi = hex(t[3]), lo = hex(t[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

class ByteFallbackDecoder : public Decoder {
public:
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        std::vector<std::string> out;
        std::string pending;
        auto flush = [&] {
            if (pending.empty()) return;
            if (isValidUtf8(pending)) out.push_back(pending);
            else
                for (std::size_t k = 0; k < pending.size(); ++k) out.emplace_back("\xEF\xBF\xBD");
            pending.clear();
        };
        for (std::string& t : tokens) {
            const int b = byteToken(t);
            if (b >= 0) {
                pending.push_back(static_cast<char>(b));
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        return out;
    }
};

class FuseDecoder : public Decoder {
public:
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        std::string all;
        for (const auto& t : tokens) all += t;
        return {all};
    }
};

class StripDecoder : public Decoder {
public:
    StripDecoder(char32_t content, std::size_t start, std::size_t stop) : m_content(content), m_start(start), m_stop(stop) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (std::string& t : tokens) {
            const auto cs = chars(t);
            std::size_t startCut = 0;
            for (std::size_t i = 0; i < m_start && i < cs.size() && cs[i] == m_content; ++i) startCut = i + 1;
            std::size_t stopCut = cs.size();
            for (std::size_t i = 0; i < m_stop && i < cs.size(); ++i) {
                const std::size_t idx = cs.size() - i - 1;
                if (cs[idx] != m_content) break;
                stopCut = idx;
            }
            std::string out;
            for (std::size_t i = startCut; i < stopCut; ++i) appendUtf8(out, cs[i]);
            t = std::move(out);
        }
        return tokens;
    }

private:
    char32_t m_content;
    std::size_t m_start, m_stop;
};

class ReplaceDecoder : public Decoder {
public:
    ReplaceDecoder(Regex re, std::string content) : m_re(std::move(re)), m_content(std::move(content)) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (std::string& t : tokens) {
            std::string out;
            for (const Match& m : m_re.findMatches(t)) out += m.isMatch ? m_content : t.substr(m.start, m.end - m.start);
            t = std::move(out);
        }
        return tokens;
    }

private:
    Regex m_re;
    std::string m_content;
};

std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t pos = 0;
    for (std::size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) out.append(s, pos, hit - pos).append(to);
    return out.append(s, pos, std::string::npos);
}

std::string cleanup(std::string s) {
    static const std::pair<const char*, const char*> kRules[] = {{" .", "."},       {" ?", "?"},       {" !", "!"},  {" ,", ","},
                                                                 {" ' ", "'"},      {" n't", "n't"},   {" 'm", "'m"}, {" do not", " don't"},
                                                                 {" 's", "'s"},     {" 've", "'ve"},   {" 're", "'re"}};
    for (const auto& [from, to] : kRules) s = replaceAll(std::move(s), from, to);
    return s;
}

class WordPieceDecoder : public Decoder {
public:
    WordPieceDecoder(std::string prefix, bool cleanup) : m_prefix(std::move(prefix)), m_cleanup(cleanup) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i != 0) {
                if (tokens[i].compare(0, m_prefix.size(), m_prefix) == 0) tokens[i].erase(0, m_prefix.size());
                else tokens[i] = " " + tokens[i];
            }
            if (m_cleanup) tokens[i] = cleanup(std::move(tokens[i]));
        }
        return tokens;
    }

private:
    std::string m_prefix;
    bool m_cleanup;
};

class BpeDecoder : public Decoder {
public:
    explicit BpeDecoder(std::string suffix) : m_suffix(std::move(suffix)) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (!m_suffix.empty()) tokens[i] = replaceAll(std::move(tokens[i]), m_suffix, i + 1 == tokens.size() ? "" : " ");
        return tokens;
    }

private:
    std::string m_suffix;
};

class CtcDecoder : public Decoder {
public:
    CtcDecoder(std::string pad, std::string delimiter, bool cleanup) : m_pad(std::move(pad)), m_delim(std::move(delimiter)), m_cleanup(cleanup) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0 && tokens[i] == tokens[i - 1]) continue;  // dedup consecutive tokens
            std::string t = m_pad.empty() ? tokens[i] : replaceAll(tokens[i], m_pad, "");
            if (m_cleanup) t = m_delim.empty() ? cleanup(std::move(t)) : replaceAll(cleanup(std::move(t)), m_delim, " ");
            if (!t.empty()) out.push_back(std::move(t));
        }
        return out;
    }

private:
    std::string m_pad, m_delim;
    bool m_cleanup;
};

class SequenceDecoder : public Decoder {
public:
    explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> items) : m_items(std::move(items)) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override {
        for (const auto& d : m_items) tokens = d->decodeChain(std::move(tokens));
        return tokens;
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_items;
};

bool metaspacePrepends(const Json& j, const std::string& path) {
    const auto scheme = jsonOptString(j, "prepend_scheme", path);
    if (scheme) return *scheme != "never";
    return jsonBool(j, "add_prefix_space", path, true);
}

}  // namespace

std::unique_ptr<Decoder> makeDecoder(const Json& j, const std::string& path) {
    const std::string type = jsonType(j, path);
    if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
    if (type == "Metaspace") return std::make_unique<MetaspaceDecoder>(jsonChar(j, "replacement", path), metaspacePrepends(j, path));
    if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse") return std::make_unique<FuseDecoder>();
    if (type == "Strip") {
        const auto start = jsonInt(j, "start", path), stop = jsonInt(j, "stop", path);
        if (start < 0 || stop < 0) jsonError(path, "start and stop must not be negative");
        return std::make_unique<StripDecoder>(jsonChar(j, "content", path), static_cast<std::size_t>(start), static_cast<std::size_t>(stop));
    }
    if (type == "Replace")
        return std::make_unique<ReplaceDecoder>(makePattern(jsonRequire(j, "pattern", path), joinPath(path, "pattern")),
                                                jsonString(j, "content", path));
    if (type == "WordPiece") return std::make_unique<WordPieceDecoder>(jsonString(j, "prefix", path, "##"), jsonBool(j, "cleanup", path, true));
    if (type == "BPEDecoder") return std::make_unique<BpeDecoder>(jsonString(j, "suffix", path, "</w>"));
    if (type == "CTC")
        return std::make_unique<CtcDecoder>(jsonString(j, "pad_token", path, "<pad>"), jsonString(j, "word_delimiter_token", path, "|"),
                                            jsonBool(j, "cleanup", path, true));
    if (type == "Sequence") {
        const Json& items = jsonArray(j, "decoders", path);
        std::vector<std::unique_ptr<Decoder>> out;
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(makeDecoder(items[i], indexPath(joinPath(path, "decoders"), i)));
        return std::make_unique<SequenceDecoder>(std::move(out));
    }
    jsonError(joinPath(path, "type"), "unsupported decoder type '" + type + "'");
}

}  // namespace moe::tok
