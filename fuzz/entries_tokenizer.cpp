// The tokenizer entry: tokenizer.json loading, then encoding and decoding.
#include "fuzz/entries.h"

#include "core/error.h"
#include "core/tokenizer/tokenizer.h"

#include <algorithm>
#include <array>

namespace moe::fuzz {
namespace {

// Texts encoded when the input holds no text of its own: scripts, whitespace, special-token lookalikes,
// invalid UTF-8, and nothing at all.
constexpr std::array<std::string_view, 7> kTexts{
    "Hello world! It's 2024; café naïve — ﬁne.",
    "  leading spaces\tand\ttabs\r\n\nnew lines   ",
    "Ünïcödé 日本語 한국어 مرحبا بالعالم 🤖🎉 ẞ İ ǅ",
    "<s>[INST] special </s><|endoftext|><|im_start|>user<unk><pad>",
    "int main(void) { return 0x7f; }  // 1234567",
    "bad \xff\xfe utf-8 \xc3 \xe2\x82 end",
    "",
};

void encodeAndDecode(const Tokenizer& tokenizer, std::string_view text) {
    for (const bool special : {false, true}) {
        const Encoding enc = tokenizer.encode(text, special);
        const auto n = enc.ids.size();
        require(enc.tokens.size() == n && enc.offsets.size() == n && enc.typeIds.size() == n &&
                    enc.specialTokensMask.size() == n,
                "one token, offset, type id and mask per id");
        // Offsets count characters of the text, and a character takes at least one byte.
        for (const auto& [begin, end] : enc.offsets)
            require(0 <= begin && begin <= end && static_cast<std::size_t>(end) <= text.size(), "offsets inside the text");
        (void)tokenizer.decode(std::vector<int>(enc.ids.begin(), enc.ids.end()), special);
    }
}

}  // namespace

Outcome tokenizer(std::string_view input) {
    const auto nul = input.find('\0');
    try {
        const Tokenizer tokenizer = Tokenizer::fromJson(input.substr(0, nul));
        if (nul != std::string_view::npos) {
            encodeAndDecode(tokenizer, input.substr(nul + 1));
        } else {
            for (const auto text : kTexts) encodeAndDecode(tokenizer, text);
        }
        // Ids past the vocabulary are skipped, as `tokenizers` skips them.
        const auto past = static_cast<int>(std::min<std::size_t>(tokenizer.vocabSize(), 1u << 30));
        (void)tokenizer.decode({0, 1, past, past + 1}, false);
    } catch (const Error&) {
        return Outcome::Rejected;
    }
    return Outcome::Accepted;
}

}  // namespace moe::fuzz
