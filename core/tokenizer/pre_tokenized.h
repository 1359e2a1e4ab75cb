#pragma once
// PreTokenizedString: the original text cut into splits (each a NormalizedString), some of which are
// already tokens (added tokens); pre-tokenizers split the rest further and the model tokenizes them.

#include "core/tokenizer/encoding.h"
#include "core/tokenizer/normalized_string.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace moe::tok {

struct Token {
    std::int32_t id;
    std::string value;
    Range offsets;  // bytes of the split's normalized string
};

struct Split {
    NormalizedString normalized;
    std::optional<std::vector<Token>> tokens;
};

class PreTokenizedString {
public:
    explicit PreTokenizedString(std::string text);

    // Replaces every split that has no tokens yet by the splits `fn` returns; empty splits are dropped.
    void split(const std::function<std::vector<Split>(std::size_t, NormalizedString&&)>& fn);
    void splitNormalized(const std::function<std::vector<NormalizedString>(NormalizedString&&)>& fn);
    void normalize(const std::function<void(NormalizedString&)>& fn);
    void tokenize(const std::function<std::vector<Token>(const NormalizedString&)>& fn);

    // All tokens, with offsets converted to characters of the original text.
    Encoding intoEncoding(std::int32_t typeId) const;

    const std::vector<Split>& splits() const { return m_splits; }
    const std::string& original() const { return m_original; }

private:
    std::string m_original;
    std::vector<Split> m_splits;
};

}  // namespace moe::tok
