#pragma once
// Added tokens (special or not) of tokenizer.json. Tokens with normalized=false are found in the raw
// text first (leftmost-longest), the rest of the text is normalized, then tokens with normalized=true are
// found in the normalized pieces; lstrip / rstrip / single_word apply as in the library.

#include "core/tokenizer/model.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/pre_tokenized.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace moe::tok {

struct AddedToken {
    std::string content;
    bool singleWord = false;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = true;
    bool special = false;
    bool operator==(const AddedToken&) const = default;
};

class AddedVocabulary {
public:
    // Registers tokens like `add_tokens`: the id is the model's (or an earlier added token's) id of the
    // content, otherwise the next free id after the model vocabulary.
    void addTokens(const std::vector<AddedToken>& tokens, const Model& model, const Normalizer* normalizer);

    std::optional<std::int32_t> tokenToId(std::string_view token, const Model& model) const;
    // The content of an added token id (its normalized form when it has one), as decode uses it.
    std::optional<std::string> idToToken(std::int32_t id) const;
    const AddedToken* find(std::int32_t id) const;
    bool isSpecialToken(std::string_view token) const { return m_special.count(std::string(token)) != 0; }
    std::size_t size() const { return m_byContent.size(); }

    PreTokenizedString extractAndNormalize(const Normalizer* normalizer, std::string text) const;

private:
    class Trie {
    public:
        void clear();
        void insert(std::string_view pattern, std::int32_t id);
        bool empty() const { return m_values.size() <= 1; }
        // Non-overlapping leftmost-longest matches: (start, end, id).
        std::vector<std::tuple<std::size_t, std::size_t, std::int32_t>> findAll(std::string_view text) const;

    private:
        std::unordered_map<std::uint64_t, std::int32_t> m_edges;  // node * 256 + byte -> node
        std::vector<std::int32_t> m_values{-1};                     // node -> id or -1
        bool m_first[256] = {};
    };

    void refreshTries();
    std::vector<Split> splitWithTokens(NormalizedString&& sentence, const Trie& trie) const;

    std::unordered_map<std::string, std::int32_t> m_byContent;
    std::unordered_map<std::int32_t, AddedToken> m_byId;
    std::unordered_set<std::string> m_special;
    std::unordered_map<std::int32_t, std::string> m_normalizedCache;
    Trie m_rawTrie;
    Trie m_normalizedTrie;
};

}  // namespace moe::tok
