#pragma once
// Unigram language-model tokenization (SentencePiece's, as `tokenizers` implements it): the best
// segmentation by summed piece scores (Viterbi over a trie of the pieces), unknown characters scored
// min_score - 10 and fused, optional byte fallback for them.

#include "core/tokenizer/model.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace moe::tok {

class Unigram : public Model {
public:
    // Throws std::runtime_error when unk_id is out of range.
    Unigram(std::vector<std::pair<std::string, double>> pieces, std::optional<std::size_t> unkId, bool byteFallback);

    std::vector<Token> tokenize(std::string_view sequence) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::optional<std::string> idToToken(std::int32_t id) const override;
    std::size_t vocabSize() const override { return m_pieces.size(); }

private:
    struct Node {
        std::int32_t id = -1;  // piece id when a piece ends here
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };
    void build(std::uint32_t node, const std::vector<std::string_view>& keys, std::size_t lo, std::size_t hi, std::size_t depth);
    std::uint32_t child(std::uint32_t node, unsigned char c) const;  // 0: none
    std::vector<std::string> encode(std::string_view s) const;

    std::vector<std::pair<std::string, double>> m_pieces;
    Vocab m_ids;
    std::vector<Node> m_nodes;
    std::vector<unsigned char> m_labels;
    std::uint32_t m_rootChildren[256] = {};
    double m_minScore = 0;
    std::optional<std::size_t> m_unk;
    bool m_byteFallback;
};

}  // namespace moe::tok
