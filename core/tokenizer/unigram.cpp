#include "core/tokenizer/unigram.h"

#include "core/tokenizer/unicode.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace moe::tok {

namespace {
constexpr double kUnkPenalty = 10.0;
}

Unigram::Unigram(std::vector<std::pair<std::string, double>> pieces, std::optional<std::size_t> unkId, bool byteFallback)
    : m_pieces(std::move(pieces)), m_unk(unkId), m_byteFallback(byteFallback) {
    if (m_unk) {
        if (m_pieces.empty()) throw std::runtime_error("the vocabulary is empty but at least <unk> is needed");
        if (*m_unk >= m_pieces.size()) throw std::runtime_error("unk_id is larger than the vocabulary");
    }
    m_minScore = std::numeric_limits<double>::infinity();
    m_ids.reserve(m_pieces.size());
    std::vector<std::string_view> keys;
    keys.reserve(m_pieces.size());
    for (std::size_t id = 0; id < m_pieces.size(); ++id) {
        m_ids.set(m_pieces[id].first, static_cast<std::int32_t>(id));  // a later duplicate wins, as in the library
        keys.push_back(m_pieces[id].first);
        m_minScore = std::min(m_minScore, m_pieces[id].second);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    m_nodes.emplace_back();
    m_labels.push_back(0);
    build(0, keys, 0, keys.size(), 0);
    for (std::uint32_t k = 0; k < m_nodes[0].count; ++k) m_rootChildren[m_labels[m_nodes[0].first + k]] = m_nodes[0].first + k;
}

// keys[lo, hi) share their first `depth` bytes; their children are laid out contiguously.
void Unigram::build(std::uint32_t node, const std::vector<std::string_view>& keys, std::size_t lo, std::size_t hi, std::size_t depth) {
    if (lo < hi && keys[lo].size() == depth) {
        m_nodes[node].id = *m_ids.find(keys[lo]);
        ++lo;
    }
    std::vector<std::pair<std::size_t, std::size_t>> groups;
    for (std::size_t i = lo; i < hi;) {
        std::size_t j = i + 1;
        while (j < hi && keys[j][depth] == keys[i][depth]) ++j;
        groups.emplace_back(i, j);
        i = j;
    }
    const auto first = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes[node].first = first;
    m_nodes[node].count = static_cast<std::uint32_t>(groups.size());
    m_nodes.resize(m_nodes.size() + groups.size());
    for (const auto& [s, e] : groups) m_labels.push_back(static_cast<unsigned char>(keys[s][depth]));
    for (std::size_t k = 0; k < groups.size(); ++k) build(first + static_cast<std::uint32_t>(k), keys, groups[k].first, groups[k].second, depth + 1);
}

std::uint32_t Unigram::child(std::uint32_t node, unsigned char c) const {
    if (node == 0) return m_rootChildren[c];
    const Node& n = m_nodes[node];
    for (std::uint32_t k = 0; k < n.count; ++k)
        if (m_labels[n.first + k] == c) return n.first + k;
    return 0;
}

std::vector<std::string> Unigram::encode(std::string_view s) const {
    struct Best {
        std::int32_t id = 0;
        double score = 0;
        bool set = false;
        std::size_t start = 0;
    };
    const double unkScore = m_minScore - kUnkPenalty;
    std::vector<Best> best(s.size() + 1);
    for (std::size_t start = 0; start < s.size();) {
        const double base = best[start].score;
        const std::size_t mblen = utf8SeqLen(static_cast<unsigned char>(s[start]));
        bool single = false;
        // Every piece that starts here, shortest first (a tie keeps the earlier candidate).
        std::uint32_t node = 0;
        for (std::size_t end = start; end < s.size();) {
            node = child(node, static_cast<unsigned char>(s[end]));
            if (node == 0) break;
            ++end;
            const std::int32_t id = m_nodes[node].id;
            if (id < 0) continue;
            const double cand = m_pieces[static_cast<std::size_t>(id)].second + base;
            Best& t = best[end];
            if (!t.set || cand > t.score) t = Best{id, cand, true, start};
            if (end - start == mblen) single = true;
        }
        if (!single) {
            Best& t = best[start + mblen];
            const double cand = unkScore + base;
            if (!t.set || cand > t.score) {
                if (!m_unk) throw std::runtime_error("encountered an unknown token but unk_id is missing");
                t = Best{static_cast<std::int32_t>(*m_unk), cand, true, start};
            }
        }
        start += mblen;
    }
    std::vector<std::string> out;
    std::string unk;
    bool haveUnk = false;
    for (std::size_t end = s.size(); end > 0;) {
        const Best& b = best[end];
        const std::string_view piece = s.substr(b.start, end - b.start);
        if (m_unk && static_cast<std::size_t>(b.id) == *m_unk) {
            unk.insert(0, piece);  // fused with neighbouring unknowns
            haveUnk = true;
        } else {
            if (haveUnk) out.push_back(std::move(unk)), unk.clear(), haveUnk = false;
            out.emplace_back(piece);
        }
        end = b.start;
    }
    if (haveUnk) out.push_back(std::move(unk));
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<Token> Unigram::tokenize(std::string_view sequence) const {
    std::vector<Token> tokens;
    if (sequence.empty()) return tokens;
    std::size_t offset = 0;
    for (std::string& piece : encode(sequence)) {
        const std::size_t len = piece.size();
        const Range r{offset, offset + len};
        offset += len;
        if (const auto id = m_ids.find(piece)) {
            tokens.push_back(Token{*id, std::move(piece), r});
            continue;
        }
        if (m_byteFallback) {
            std::vector<Token> bytes;
            for (const char ch : piece) {
                char name[8];
                std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(ch));
                const auto id = m_ids.find(name);
                if (!id) break;
                bytes.push_back(Token{*id, name, r});
            }
            if (bytes.size() == piece.size()) {
                tokens.insert(tokens.end(), bytes.begin(), bytes.end());
                continue;
            }
        }
        if (!m_unk) throw std::runtime_error("encountered an unknown token but unk_id is missing");
        tokens.push_back(Token{static_cast<std::int32_t>(*m_unk), std::move(piece), r});
    }
    return tokens;
}

std::optional<std::int32_t> Unigram::tokenToId(std::string_view token) const { return m_ids.find(token); }

std::optional<std::string> Unigram::idToToken(std::int32_t id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= m_pieces.size()) return std::nullopt;
    return m_pieces[static_cast<std::size_t>(id)].first;
}

}  // namespace moe::tok
