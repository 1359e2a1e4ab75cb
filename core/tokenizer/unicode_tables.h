#pragma once
// Character properties exactly as the reference library sees them (generated tables, see
// tests/data/tokenizers/unicode_tables.mjs and unicode_tables.py, in unicode_tables.cpp, unicode_lowercase_table.cpp and
// regex_property_patches.cpp): its Unicode data predates utf8proc's for categories and
// normalization, and is newer for lowercase mappings.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace moe::tok {

struct CodeRange {
    char32_t first;
    char32_t last;
};

struct LowercasePair {
    char32_t from;
    char32_t to1;
    char32_t to2;  // 0 unless the mapping has two characters
};

bool isOtherCategory(char32_t c);            // Cc | Cf | Co (unicode_categories' is_other)
bool isCombiningMarkOld(char32_t c);         // Mn | Mc | Me, Unicode 9
bool isNonspacingMarkOld(char32_t c);        // Mn (unicode_categories)
bool hasCanonicalDecomposition(char32_t c);  // NFD changes it (Unicode 9)
bool hasCompatDecomposition(char32_t c);     // NFKD changes it (Unicode 9)
const LowercasePair* lowercaseOf(char32_t c);  // nullptr: lowercases to itself
bool isPunctuationChar(char32_t c);          // ASCII punctuation or P* (the Punctuation pre-tokenizer)
bool isNumericChar(char32_t c);              // Rust char::is_numeric (the Digits pre-tokenizer)

// What a regex property of the reference library's engines matches beyond PCRE2 10.42's Unicode 14
// data (`extra`), and what it no longer matches (`removed`). Names: general categories ("L", "Lu",
// "Nd", ...) and "word" for \w (Alphabetic | M | Nd | Pc, on top of \p{L}\p{Nl}\p{M}\p{Nd}\p{Pc}).
struct PropertyPatch {
    const char* name;
    const CodeRange* extra;
    std::size_t extraCount;
    const CodeRange* removed;
    std::size_t removedCount;
};
const PropertyPatch* propertyPatch(std::string_view name);

}  // namespace moe::tok
