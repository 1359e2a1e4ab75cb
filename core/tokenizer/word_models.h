#pragma once
// WordPiece (greedy longest-match-first with a continuing-subword prefix) and WordLevel (whole-word
// lookup) models.

#include "core/tokenizer/model.h"

namespace moe::tok {

class WordPiece : public Model {
public:
    WordPiece(Vocab vocab, std::string unkToken, std::string prefix, std::size_t maxInputCharsPerWord);
    std::vector<Token> tokenize(std::string_view sequence) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::optional<std::string> idToToken(std::int32_t id) const override;
    std::size_t vocabSize() const override { return m_vocab.size(); }

private:
    Token unknown(std::size_t len) const;

    Vocab m_vocab;
    ReverseVocab m_reverse;
    std::string m_unk;
    std::string m_prefix;
    std::size_t m_maxChars;
};

class WordLevel : public Model {
public:
    WordLevel(Vocab vocab, std::string unkToken);
    std::vector<Token> tokenize(std::string_view sequence) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::optional<std::string> idToToken(std::int32_t id) const override;
    std::size_t vocabSize() const override { return m_vocab.size(); }

private:
    Vocab m_vocab;
    ReverseVocab m_reverse;
    std::string m_unk;
};

}  // namespace moe::tok
