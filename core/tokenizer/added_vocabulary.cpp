#include "core/tokenizer/added_vocabulary.h"

#include "core/tokenizer/unicode.h"

#include <algorithm>

namespace moe::tok {
namespace {

bool endsWithWord(std::string_view s) {
    if (s.empty()) return false;
    std::size_t b = s.size() - 1;
    while (b > 0 && !isCharBoundary(s, b)) --b;
    std::size_t len = 0;
    return isWordChar(decodeUtf8(s, b, len));
}

bool startsWithWord(std::string_view s) {
    if (s.empty()) return false;
    std::size_t len = 0;
    return isWordChar(decodeUtf8(s, 0, len));
}

// Byte offset where the trailing whitespace of `s` starts.
std::size_t trailingSpaceStart(std::string_view s) {
    std::size_t end = s.size();
    while (end > 0) {
        std::size_t b = end - 1;
        while (b > 0 && !isCharBoundary(s, b)) --b;
        std::size_t len = 0;
        if (!isWhitespace(decodeUtf8(s, b, len))) break;
        end = b;
    }
    return end;
}

// Byte length of the leading whitespace of `s`.
std::size_t leadingSpaceEnd(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t len = 0;
        if (!isWhitespace(decodeUtf8(s, i, len))) break;
        i += len;
    }
    return i;
}

}  // namespace

void AddedVocabulary::Trie::clear() {
    m_edges.clear();
    m_values.assign(1, -1);
    std::fill(std::begin(m_first), std::end(m_first), false);
}

void AddedVocabulary::Trie::insert(std::string_view pattern, std::int32_t id) {
    if (pattern.empty()) return;
    std::int32_t node = 0;
    m_first[static_cast<unsigned char>(pattern[0])] = true;
    for (const char ch : pattern) {
        const std::uint64_t key = static_cast<std::uint64_t>(node) * 256 + static_cast<unsigned char>(ch);
        const auto it = m_edges.find(key);
        if (it != m_edges.end()) {
            node = it->second;
        } else {
            const auto next = static_cast<std::int32_t>(m_values.size());
            m_values.push_back(-1);
            m_edges.emplace(key, next);
            node = next;
        }
    }
    if (m_values[static_cast<std::size_t>(node)] < 0) m_values[static_cast<std::size_t>(node)] = id;
}

std::vector<std::tuple<std::size_t, std::size_t, std::int32_t>> AddedVocabulary::Trie::findAll(std::string_view text) const {
    std::vector<std::tuple<std::size_t, std::size_t, std::int32_t>> out;
    for (std::size_t pos = 0; pos < text.size();) {
        if (!m_first[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        std::int32_t node = 0, best = -1;
        std::size_t bestEnd = 0;
        for (std::size_t j = pos; j < text.size(); ++j) {
            const auto it = m_edges.find(static_cast<std::uint64_t>(node) * 256 + static_cast<unsigned char>(text[j]));
            if (it == m_edges.end()) break;
            node = it->second;
            if (m_values[static_cast<std::size_t>(node)] >= 0) {
                best = m_values[static_cast<std::size_t>(node)];
                bestEnd = j + 1;
            }
        }
        if (best >= 0) {
            out.emplace_back(pos, bestEnd, best);
            pos = bestEnd;
        } else {
            ++pos;
        }
    }
    return out;
}

void AddedVocabulary::addTokens(const std::vector<AddedToken>& tokens, const Model& model, const Normalizer* normalizer) {
    const auto vocabSize = static_cast<std::int64_t>(model.vocabSize());
    std::int64_t nextId = vocabSize;
    if (!m_byId.empty()) {
        std::int64_t maxId = 0;
        for (const auto& [id, tok] : m_byId) maxId = std::max<std::int64_t>(maxId, id);
        nextId = maxId >= vocabSize || vocabSize == 0 ? maxId + 1 : vocabSize;
    }
    for (const AddedToken& token : tokens) {
        if (token.content.empty()) continue;
        if (const auto it = m_byContent.find(token.content); it != m_byContent.end()) {
            const auto same = m_byId.find(it->second);
            if (same != m_byId.end() && same->second == token) continue;
        }
        std::int32_t id;
        if (const auto known = tokenToId(token.content, model)) id = *known;
        else id = static_cast<std::int32_t>(nextId++);
        if (token.normalized && normalizer) {
            NormalizedString n(token.content);
            normalizer->normalize(n);
            if (n.get() != token.content) m_normalizedCache[id] = n.get();
        }
        m_byContent[token.content] = id;
        if (token.special) m_special.insert(token.content);
        m_byId[id] = token;
    }
    refreshTries();
}

void AddedVocabulary::refreshTries() {
    m_rawTrie.clear();
    m_normalizedTrie.clear();
    std::vector<std::int32_t> ids;
    for (const auto& [id, tok] : m_byId) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (const std::int32_t id : ids) {
        const AddedToken& tok = m_byId.at(id);
        if (tok.normalized) {
            const auto cached = m_normalizedCache.find(id);
            m_normalizedTrie.insert(cached != m_normalizedCache.end() ? cached->second : tok.content, id);
        } else {
            m_rawTrie.insert(tok.content, id);
        }
    }
}

std::optional<std::int32_t> AddedVocabulary::tokenToId(std::string_view token, const Model& model) const {
    if (const auto it = m_byContent.find(std::string(token)); it != m_byContent.end()) return it->second;
    return model.tokenToId(token);
}

std::optional<std::string> AddedVocabulary::idToToken(std::int32_t id) const {
    const auto it = m_byId.find(id);
    if (it == m_byId.end()) return std::nullopt;
    const auto cached = m_normalizedCache.find(id);
    return cached != m_normalizedCache.end() ? cached->second : it->second.content;
}

const AddedToken* AddedVocabulary::find(std::int32_t id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &it->second;
}

std::vector<Split> AddedVocabulary::splitWithTokens(NormalizedString&& sentence, const Trie& trie) const {
    const std::string& s = sentence.get();
    struct Piece {
        std::size_t start, end;
        std::int32_t id;  // -1: plain text
    };
    std::vector<Piece> pieces;
    if (s.empty()) {
        pieces.push_back({0, 0, -1});
    } else if (trie.empty()) {
        pieces.push_back({0, s.size(), -1});
    } else {
        std::size_t startOffset = 0;
        for (auto [start, stop, id] : trie.findAll(s)) {
            const AddedToken& tok = m_byId.at(id);
            if (tok.singleWord) {
                const bool startSpace = start == 0 || !endsWithWord(std::string_view(s).substr(0, start));
                const bool stopSpace = stop == s.size() || !startsWithWord(std::string_view(s).substr(stop));
                if (!startSpace || !stopSpace) continue;
            }
            if (tok.lstrip) start = std::max(trailingSpaceStart(std::string_view(s).substr(0, start)), startOffset);
            if (tok.rstrip) stop += leadingSpaceEnd(std::string_view(s).substr(stop));
            if (startOffset < start) pieces.push_back({startOffset, start, -1});
            pieces.push_back({start, stop, id});
            startOffset = stop;
        }
        if (startOffset != s.size()) pieces.push_back({startOffset, s.size(), -1});
    }
    std::vector<Split> out;
    out.reserve(pieces.size());
    for (const Piece& p : pieces) {
        auto slice = sentence.slice(Range{p.start, p.end});
        if (!slice) continue;
        if (p.id >= 0) {
            std::string value = slice->get();
            const std::size_t len = value.size();
            out.push_back(Split{std::move(*slice), std::vector<Token>{Token{p.id, std::move(value), Range{0, len}}}});
        } else {
            out.push_back(Split{std::move(*slice), std::nullopt});
        }
    }
    return out;
}

PreTokenizedString AddedVocabulary::extractAndNormalize(const Normalizer* normalizer, std::string text) const {
    PreTokenizedString p(std::move(text));
    p.split([&](std::size_t, NormalizedString&& s) { return splitWithTokens(std::move(s), m_rawTrie); });
    p.split([&](std::size_t, NormalizedString&& s) {
        if (normalizer) normalizer->normalize(s);
        return splitWithTokens(std::move(s), m_normalizedTrie);
    });
    return p;
}

}  // namespace moe::tok
