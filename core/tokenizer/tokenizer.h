#pragma once
// A native implementation of Hugging Face `tokenizer.json` files: the same ids, token strings,
// character offsets and decoded text as the `tokenizers` library (0.23) for single sequences.
// Pipeline: added tokens -> normalizer -> pre-tokenizer -> model -> (truncation) -> post-processor ->
// (padding); decode maps ids back through the decoder. Unsupported components are reported with their
// JSON path when the file is loaded, never silently ignored.

#include "core/tokenizer/encoding.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

namespace tok {
struct TokenizerImpl;
}

// Defaults from tokenizer_config.json (fromDir), when present.
struct TokenizerConfig {
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    std::optional<std::string> padToken;
    std::optional<std::string> unkToken;
    std::optional<bool> addBosToken;
    std::optional<bool> addEosToken;
};

class Tokenizer {
public:
    // Loads tokenizer.json (a directory is read with fromDir). Throws moe::Error naming the file and
    // the JSON path of anything malformed or unsupported.
    static Tokenizer fromFile(const std::string& path);
    // Loads DIR/tokenizer.json and, if present, DIR/tokenizer_config.json.
    static Tokenizer fromDir(const std::string& dir);
    // Parses tokenizer.json text; `source` names it in error messages.
    static Tokenizer fromJson(std::string_view json, const std::string& source = "tokenizer.json");

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // Encodes one text. Invalid UTF-8 is replaced by U+FFFD first. Offsets are in characters (code
    // points) of that text.
    Encoding encode(std::string_view text, bool addSpecialTokens) const;
    std::string decode(const std::vector<int>& ids, bool skipSpecialTokens = false) const;

    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    std::optional<std::string> idToToken(std::int32_t id) const;
    // Model vocabulary plus added tokens.
    std::size_t vocabSize() const;
    bool isSpecialToken(std::string_view token) const;

    const TokenizerConfig& config() const;
    std::optional<std::int32_t> bosTokenId() const;
    std::optional<std::int32_t> eosTokenId() const;

private:
    explicit Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl);
    std::unique_ptr<tok::TokenizerImpl> m;
};

}  // namespace moe
