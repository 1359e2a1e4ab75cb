#pragma once
// Regular expressions of tokenizer.json files. `tokenizers` compiles them with Oniguruma (its default
// syntax); we compile them with PCRE2 (UTF, Unicode properties, JIT) after translating the few
// constructs whose meaning differs (\s, \h, \w, \v, (?m), {,n}, long property names). Constructs with
// no PCRE2 equivalent (class intersection, absent groups, nested classes) are refused.

#include "core/tokenizer/normalized_string.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace moe::tok {

class Regex {
public:
    // Throws std::runtime_error with a message when the pattern is unsupported or invalid.
    explicit Regex(std::string_view onigPattern);
    static Regex literal(std::string_view text);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    // Matches (start, end) in byte offsets, iterated like the onig crate's find_iter.
    std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view text) const;
    // The text cut into matches and the pieces between them (tokenizers' Pattern::find_matches).
    std::vector<Match> findMatches(std::string_view text) const;
    const std::string& pattern() const { return m_source; }

private:
    Regex() = default;
    void compile(const std::string& pcrePattern, bool literal);

    std::string m_source;
    void* m_code = nullptr;  // pcre2_code_8*
};

// Translates an Oniguruma pattern to PCRE2 syntax (exposed for tests).
std::string translateOnigPattern(std::string_view pattern);

// Pattern::find_matches for a character predicate.
std::vector<Match> findCharMatches(std::string_view text, const std::function<bool(char32_t)>& pred);
// Flips every piece (tokenizers' Invert pattern).
void invertMatches(std::vector<Match>& matches);

}  // namespace moe::tok
