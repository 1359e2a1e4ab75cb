#include "core/tokenizer/byte_level.h"

#include "core/tokenizer/unicode.h"

#include <array>

namespace moe::tok {
namespace {

struct Tables {
    std::array<char32_t, 256> toChar{};
    std::array<int, 512> toByte{};
    Tables() {
        toByte.fill(-1);
        auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); };
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const char32_t c = printable(b) ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + n++);
            toChar[static_cast<std::size_t>(b)] = c;
            toByte[c] = b;
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

char32_t byteToChar(std::uint8_t b) { return tables().toChar[b]; }

int charToByte(char32_t c) { return c < 512 ? tables().toByte[c] : -1; }

void byteLevelTransform(NormalizedString& n) {
    static const auto* encoded = [] {
        auto* e = new std::string[256];
        for (int b = 0; b < 256; ++b) e[b] = toUtf8(byteToChar(static_cast<std::uint8_t>(b)));
        return e;
    }();
    n.mapBytes(*reinterpret_cast<const std::string(*)[256]>(encoded));
}

}  // namespace moe::tok
