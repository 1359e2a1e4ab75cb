#pragma once
// Whole-file reads of the small files a user points us at (config.json, composition and training
// configs, indexes, tokenizers, text). A FIFO or device would block or never end and a folder reads as
// an I/O error, so only regular files are read, up to a size limit chosen per kind of file; every
// refusal is a moe::Error naming the file.

#include <cstdint>
#include <string>
#include <string_view>

namespace moe {

// Limits for the kinds of files we read whole.
inline constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;         // config.json, configs, indexes
inline constexpr std::uint64_t kMaxTokenizerFileBytes = 1ull << 30;     // tokenizer.json (largest known: ~35 MB)
inline constexpr std::uint64_t kMaxTrainingTextBytes = 1ull << 30;      // one training text file
inline constexpr std::uint64_t kMaxRouteTextBytes = 4ull << 20;         // text routed as one sequence

// The bytes of the regular file `path`. Throws moe::Error: missing, unreadable (with the system's
// reason), a folder, not a regular file, or larger than `maxBytes`.
std::string readFileBytes(const std::string& path, std::uint64_t maxBytes);

// Where `text` stops being valid UTF-8, or npos when it is valid.
std::size_t invalidUtf8Offset(std::string_view text);

// Throws moe::Error naming `where` unless `text` is UTF-8 text without NUL bytes.
void requireText(std::string_view text, const std::string& where);

// readFileBytes + requireText.
std::string readTextFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace moe
