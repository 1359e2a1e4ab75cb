#include "core/tokenizer/regex.h"

#include "core/tokenizer/unicode.h"
#include "core/tokenizer/unicode_tables.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace moe::tok {
namespace {

pcre2_code* code(void* p) { return static_cast<pcre2_code*>(p); }

// Oniguruma accepts long general-category names that PCRE2 10.42 does not.
std::string shortPropertyName(const std::string& name) {
    static const std::map<std::string, std::string> kLong = {
        {"letter", "L"}, {"lowercaseletter", "Ll"}, {"uppercaseletter", "Lu"}, {"titlecaseletter", "Lt"},
        {"casedletter", "L&"}, {"modifierletter", "Lm"}, {"otherletter", "Lo"}, {"mark", "M"},
        {"combiningmark", "M"}, {"nonspacingmark", "Mn"}, {"spacingmark", "Mc"}, {"enclosingmark", "Me"},
        {"number", "N"}, {"decimalnumber", "Nd"}, {"digit", "Nd"}, {"letternumber", "Nl"},
        {"othernumber", "No"}, {"punctuation", "P"}, {"punct", "P"}, {"connectorpunctuation", "Pc"},
        {"dashpunctuation", "Pd"}, {"openpunctuation", "Ps"}, {"closepunctuation", "Pe"},
        {"initialpunctuation", "Pi"}, {"finalpunctuation", "Pf"}, {"otherpunctuation", "Po"},
        {"symbol", "S"}, {"mathsymbol", "Sm"}, {"currencysymbol", "Sc"}, {"modifiersymbol", "Sk"},
        {"othersymbol", "So"}, {"separator", "Z"}, {"spaceseparator", "Zs"}, {"lineseparator", "Zl"},
        {"paragraphseparator", "Zp"}, {"other", "C"}, {"control", "Cc"}, {"cntrl", "Cc"}, {"format", "Cf"},
        {"surrogate", "Cs"}, {"privateuse", "Co"}, {"unassigned", "Cn"}, {"space", "White_Space"},
        {"alpha", "Alphabetic"}, {"alnum", "Xan"}};
    std::string key;
    for (const char c : name)
        if (c != '_' && c != ' ' && c != '-') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const auto it = kLong.find(key);
    return it == kLong.end() ? name : it->second;
}

std::string hex(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
    return buf;
}

// Ranges as the inside of a character class.
std::string classItems(const CodeRange* r, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += r[i].first == r[i].last ? hex(r[i].first) : hex(r[i].first) + "-" + hex(r[i].last);
    return out;
}

// A property as the reference's engines define it: `base` (PCRE2 items, Unicode 14) patched with what
// newer Unicode versions add or remove. Inside a class only the additions can be expressed.
std::string patched(const std::string& base, std::string_view patchName, bool negated, bool inClass) {
    const PropertyPatch* p = propertyPatch(patchName);
    const std::string extra = p ? classItems(p->extra, p->extraCount) : std::string();
    const std::string removed = p ? classItems(p->removed, p->removedCount) : std::string();
    if (inClass) {
        if (negated) throw std::runtime_error("a negated property inside a character class is not supported");
        return base + extra;
    }
    if (!negated) return removed.empty() ? "[" + base + extra + "]" : "(?:(?![" + removed + "])[" + base + extra + "])";
    return removed.empty() ? "[^" + base + extra + "]" : "(?:[^" + base + extra + "]|[" + removed + "])";
}

const char* kWordBase = "\\p{L}\\p{Nl}\\p{M}\\p{Nd}\\p{Pc}";

bool isGeneralCategory(const std::string& name) {
    static const char* kNames[] = {"L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps",
                                   "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co"};
    for (const char* n : kNames)
        if (name == n) return true;
    return false;
}

}  // namespace

std::string translateOnigPattern(std::string_view p) {
    std::string out;
    bool inClass = false;
    for (std::size_t i = 0; i < p.size();) {
        const char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            const char d = p[i + 1];
            i += 2;
            switch (d) {
            case 's': out += "\\p{White_Space}"; break;
            case 'S': out += "\\P{White_Space}"; break;
            case 'h': out += "\\p{ASCII_Hex_Digit}"; break;
            case 'H': out += "\\P{ASCII_Hex_Digit}"; break;
            case 'v': out += "\\x{0B}"; break;
            case 'w': out += patched(kWordBase, "word", false, inClass); break;
            case 'W': out += patched(kWordBase, "word", true, inClass); break;
            case 'd': out += patched("\\p{Nd}", "Nd", false, inClass); break;
            case 'D': out += patched("\\p{Nd}", "Nd", true, inClass); break;
            case 'u': {
                std::size_t k = 0;
                while (k < 4 && i + k < p.size() && std::isxdigit(static_cast<unsigned char>(p[i + k]))) ++k;
                if (k != 4) throw std::runtime_error("invalid \\u escape");
                out += "\\x{" + std::string(p.substr(i, 4)) + "}";
                i += 4;
                break;
            }
            case 'p':
            case 'P': {
                if (i < p.size() && p[i] == '{') {
                    const std::size_t close = p.find('}', i);
                    if (close == std::string_view::npos) throw std::runtime_error("unterminated \\p{...}");
                    std::string name(p.substr(i + 1, close - i - 1));
                    bool negated = d == 'P';
                    if (!name.empty() && name[0] == '^') negated = !negated, name.erase(0, 1);
                    name = shortPropertyName(name);
                    i = close + 1;
                    if (isGeneralCategory(name)) {
                        out += patched("\\p{" + name + "}", name, negated, inClass);
                    } else {
                        out += negated ? "\\P{" : "\\p{";
                        out += name + "}";
                    }
                } else {
                    out += '\\';
                    out += d;  // \pL: a one-letter property
                }
                break;
            }
            case 'y': case 'Y': case 'O':
                throw std::runtime_error(std::string("\\") + d + " is not supported");
            default:
                out += '\\';
                out += d;
                // Copy the rest of a multi-byte escaped character.
                for (std::size_t k = 1; k < utf8SeqLen(static_cast<unsigned char>(d)) && i < p.size(); ++k) out += p[i++];
            }
            continue;
        }
        if (inClass) {
            if (c == '[') {
                if (i + 1 < p.size() && p[i + 1] == ':') {
                    const std::size_t close = p.find(":]", i + 2);
                    if (close == std::string_view::npos) throw std::runtime_error("unterminated POSIX bracket");
                    out += p.substr(i, close + 2 - i);
                    i = close + 2;
                    continue;
                }
                throw std::runtime_error("nested character classes are not supported");
            }
            if (c == '&' && i + 1 < p.size() && p[i + 1] == '&')
                throw std::runtime_error("character class intersection (&&) is not supported");
            if (c == ']') inClass = false;
            out += c;
            ++i;
            continue;
        }
        if (c == '[') {
            inClass = true;
            out += c;
            ++i;
            if (i < p.size() && p[i] == '^') out += p[i++];
            // A ']' right after '[' or '[^' is a literal.
            if (i < p.size() && p[i] == ']') out += p[i++];
            continue;
        }
        if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
            if (i + 2 < p.size() && p[i + 2] == '~') throw std::runtime_error("absent groups (?~...) are not supported");
            // Option groups: Ruby's (?m) is dot-all, PCRE2's (?s).
            std::size_t k = i + 2;
            std::string opts;
            while (k < p.size() && (p[k] == 'i' || p[k] == 'm' || p[k] == 'x' || p[k] == '-')) opts += p[k++];
            if (!opts.empty() && k < p.size() && (p[k] == ':' || p[k] == ')')) {
                for (char& o : opts)
                    if (o == 'm') o = 's';
                out += "(?" + opts;
                i = k;
                continue;
            }
        }
        if (c == '{' && i + 1 < p.size() && p[i + 1] == ',') {  // {,n} means {0,n}
            std::size_t k = i + 2;
            while (k < p.size() && std::isdigit(static_cast<unsigned char>(p[k]))) ++k;
            if (k > i + 2 && k < p.size() && p[k] == '}') {
                out += "{0";
                ++i;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

void Regex::compile(const std::string& pcrePattern, bool literal) {
    pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
    pcre2_set_newline(ctx, PCRE2_NEWLINE_LF);
    int err = 0;
    PCRE2_SIZE errOffset = 0;
    const uint32_t opts = PCRE2_UTF | (literal ? PCRE2_LITERAL : PCRE2_UCP | PCRE2_MULTILINE);
    pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pcrePattern.data()), pcrePattern.size(), opts, &err,
                                   &errOffset, ctx);
    pcre2_compile_context_free(ctx);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        throw std::runtime_error("invalid regex '" + m_source + "': " + reinterpret_cast<const char*>(msg) + " at offset " +
                                 std::to_string(errOffset));
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  // falls back to the interpreter where JIT is unavailable
    m_code = re;
}

Regex::Regex(std::string_view onigPattern) : m_source(onigPattern) { compile(translateOnigPattern(onigPattern), false); }

Regex Regex::literal(std::string_view text) {
    Regex r;
    r.m_source = std::string(text);
    r.compile(r.m_source, true);
    return r;
}

Regex::~Regex() {
    if (m_code) pcre2_code_free(code(m_code));
}

Regex::Regex(Regex&& o) noexcept : m_source(std::move(o.m_source)), m_code(o.m_code) { o.m_code = nullptr; }

Regex& Regex::operator=(Regex&& o) noexcept {
    if (this != &o) {
        if (m_code) pcre2_code_free(code(m_code));
        m_source = std::move(o.m_source);
        m_code = o.m_code;
        o.m_code = nullptr;
    }
    return *this;
}

namespace {

struct MatchState {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    pcre2_match_context* ctx = pcre2_match_context_create(nullptr);
    pcre2_jit_stack* stack = pcre2_jit_stack_create(64 * 1024, 8 * 1024 * 1024, nullptr);
    MatchState() { pcre2_jit_stack_assign(ctx, nullptr, stack); }
    ~MatchState() {
        pcre2_jit_stack_free(stack);
        pcre2_match_context_free(ctx);
        pcre2_match_data_free(data);
    }
};

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> Regex::findAll(std::string_view text) const {
    thread_local MatchState st;
    std::vector<std::pair<std::size_t, std::size_t>> out;
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t lastEnd = 0;
    bool haveLast = false;
    std::size_t lastMatchEnd = 0;
    while (lastEnd <= text.size()) {
        int rc = pcre2_match(code(m_code), subject, text.size(), lastEnd, PCRE2_NO_UTF_CHECK, st.data, st.ctx);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code(m_code), subject, text.size(), lastEnd, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, st.data, st.ctx);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(rc, msg, sizeof msg);
            throw std::runtime_error("regex '" + m_source + "' failed: " + reinterpret_cast<const char*>(msg));
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(st.data);
        const std::size_t s = ov[0], e = ov[1];
        if (s == e && haveLast && lastMatchEnd == e) {
            // An empty match right after the previous match: skip one character (onig's find_iter).
            lastEnd += lastEnd < text.size() ? utf8SeqLen(static_cast<unsigned char>(text[lastEnd])) : 1;
            continue;
        }
        lastEnd = e;
        lastMatchEnd = e;
        haveLast = true;
        out.emplace_back(s, e);
    }
    return out;
}

std::vector<Match> Regex::findMatches(std::string_view text) const {
    if (text.empty()) return {Match{0, 0, false}};
    std::vector<Match> out;
    std::size_t prev = 0;
    for (const auto& [s, e] : findAll(text)) {
        if (prev != s) out.push_back({prev, s, false});
        out.push_back({s, e, true});
        prev = e;
    }
    if (prev != text.size()) out.push_back({prev, text.size(), false});
    return out;
}

std::vector<Match> findCharMatches(std::string_view text, const std::function<bool(char32_t)>& pred) {
    if (text.empty()) return {Match{0, 0, false}};
    std::vector<Match> out;
    std::size_t lastOffset = 0, lastSeen = 0;
    for (std::size_t b = 0; b < text.size();) {
        std::size_t len = 0;
        const char32_t c = decodeUtf8(text, b, len);
        lastSeen = b + len;
        if (pred(c)) {
            if (lastOffset < b) out.push_back({lastOffset, b, false});
            out.push_back({b, b + len, true});
            lastOffset = b + len;
        }
        b += len;
    }
    if (lastSeen > lastOffset) out.push_back({lastOffset, lastSeen, false});
    return out;
}

void invertMatches(std::vector<Match>& matches) {
    for (Match& m : matches) m.isMatch = !m.isMatch;
}

}  // namespace moe::tok
