#include "core/tokenizer/word_models.h"

#include "core/tokenizer/unicode.h"

#include <stdexcept>

namespace moe::tok {

WordPiece::WordPiece(Vocab vocab, std::string unkToken, std::string prefix, std::size_t maxInputCharsPerWord)
    : m_vocab(std::move(vocab)), m_unk(std::move(unkToken)), m_prefix(std::move(prefix)), m_maxChars(maxInputCharsPerWord) {
    m_reverse.build(m_vocab);
}

Token WordPiece::unknown(std::size_t len) const {
    const auto id = m_vocab.find(m_unk);
    if (!id) throw std::runtime_error("WordPiece unk token '" + m_unk + "' is not in the vocabulary");
    return Token{*id, m_unk, Range{0, len}};
}

std::vector<Token> WordPiece::tokenize(std::string_view seq) const {
    if (countChars(seq) > m_maxChars) return {unknown(seq.size())};
    std::vector<Token> out;
    std::string candidate;
    for (std::size_t start = 0; start < seq.size();) {
        std::size_t end = seq.size();
        bool found = false;
        while (start < end) {
            candidate.clear();
            if (start > 0) candidate += m_prefix;
            candidate.append(seq.substr(start, end - start));
            if (const auto id = m_vocab.find(candidate)) {
                out.push_back(Token{*id, candidate, Range{start, end}});
                found = true;
                break;
            }
            std::size_t b = end - 1;  // step back one character
            while (b > start && !isCharBoundary(seq, b)) --b;
            end = b;
        }
        if (!found) return {unknown(seq.size())};
        start = end;
    }
    return out;
}

std::optional<std::int32_t> WordPiece::tokenToId(std::string_view token) const { return m_vocab.find(token); }

std::optional<std::string> WordPiece::idToToken(std::int32_t id) const {
    const auto s = m_reverse.find(id);
    if (!s) return std::nullopt;
    return std::string(*s);
}

WordLevel::WordLevel(Vocab vocab, std::string unkToken) : m_vocab(std::move(vocab)), m_unk(std::move(unkToken)) {
    m_reverse.build(m_vocab);
}

std::vector<Token> WordLevel::tokenize(std::string_view seq) const {
    if (const auto id = m_vocab.find(seq)) return {Token{*id, std::string(seq), Range{0, seq.size()}}};
    if (const auto id = m_vocab.find(m_unk)) return {Token{*id, m_unk, Range{0, seq.size()}}};
    throw std::runtime_error("WordLevel unk token '" + m_unk + "' is not in the vocabulary");
}

std::optional<std::int32_t> WordLevel::tokenToId(std::string_view token) const { return m_vocab.find(token); }

std::optional<std::string> WordLevel::idToToken(std::int32_t id) const {
    const auto s = m_reverse.find(id);
    if (!s) return std::nullopt;
    return std::string(*s);
}

}  // namespace moe::tok
