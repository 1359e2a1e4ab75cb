#pragma once
// UTF-8 and Unicode character helpers for the tokenizer. Character predicates follow the definitions
// the Hugging Face `tokenizers` library uses (Rust's char methods and the unicode_categories crate),
// backed by utf8proc.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace moe::tok {

// Byte length of the UTF-8 sequence that starts with `lead` (1 for continuation/invalid bytes).
inline std::size_t utf8SeqLen(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

inline std::size_t utf8Size(char32_t c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// Decodes the (valid) UTF-8 character at byte `i`; stores its byte length in `len`.
char32_t decodeUtf8(std::string_view s, std::size_t i, std::size_t& len);
void appendUtf8(std::string& out, char32_t c);
std::string toUtf8(char32_t c);

inline bool isCharBoundary(std::string_view s, std::size_t i) {
    return i == 0 || i == s.size() || (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80);
}

std::size_t countChars(std::string_view s);
bool isValidUtf8(std::string_view s);
// Rust's String::from_utf8_lossy: every maximal invalid subpart becomes U+FFFD.
std::string utf8Lossy(std::string_view bytes);

// Character predicates.
bool isWhitespace(char32_t c);        // Unicode White_Space (Rust char::is_whitespace)
bool isNumeric(char32_t c);           // Nd | Nl | No (Rust char::is_numeric)
bool isPunctuation(char32_t c);       // ASCII punctuation or P* (tokenizers' is_punc)
bool isOther(char32_t c);             // Cc | Cf | Co (unicode_categories' is_other)
bool isMarkNonspacing(char32_t c);    // Mn (the library's tables)
bool isCombiningMark(char32_t c);     // Mn | Mc | Me (the library's Unicode 9 tables)
bool isWordChar(char32_t c);          // regex \w: Alphabetic | M | Nd | Pc | Join_Control
int combiningClass(char32_t c);      // canonical combining class in the library's Unicode 9 tables

// Rust char::to_lowercase (may produce more than one character).
void appendLowercase(std::u32string& out, char32_t c);

}  // namespace moe::tok
