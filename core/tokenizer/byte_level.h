#pragma once
// The GPT-2 byte-to-unicode table shared by the ByteLevel normalizer, pre-tokenizer and decoder.

#include "core/tokenizer/normalized_string.h"

#include <cstdint>

namespace moe::tok {

char32_t byteToChar(std::uint8_t b);
// The byte a ByteLevel character stands for, or -1.
int charToByte(char32_t c);
// Replaces every byte of the normalized string by its ByteLevel character (alignments follow).
void byteLevelTransform(NormalizedString& n);

}  // namespace moe::tok
