#include "core/tokenizer/bpe.h"

#include "core/tokenizer/unicode.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <queue>
#include <stdexcept>

namespace moe::tok {

namespace {

std::uint64_t pairKey(std::int32_t a, std::int32_t b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
}

constexpr std::size_t kCacheCapacity = 10000;
constexpr std::size_t kCacheMaxLength = 256;

}  // namespace

void MergeMap::reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    m_slots.assign(cap, Slot{});
    m_mask = cap - 1;
    m_count = 0;
}

void MergeMap::insert(std::int32_t a, std::int32_t b, std::uint32_t rank, std::int32_t merged) {
    if ((m_count + 1) * 2 > m_slots.size()) {
        BigBuffer<Slot> old = std::move(m_slots);
        reserve(std::max<std::size_t>(m_count + 1, old.size()));
        for (const Slot& s : old)
            if (s.key != ~0ULL) insert(static_cast<std::int32_t>(s.key >> 32), static_cast<std::int32_t>(s.key & 0xFFFFFFFFu), s.rank, s.merged);
    }
    const std::uint64_t key = pairKey(a, b);
    for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
        Slot& s = m_slots[i];
        if (s.key == key) {  // a later duplicate overwrites, as collecting into a HashMap does
            s.rank = rank;
            s.merged = merged;
            return;
        }
        if (s.key == ~0ULL) {
            s = Slot{key, rank, merged};
            ++m_count;
            return;
        }
    }
}

void MergeMap::prefetch(std::int32_t a, std::int32_t b) const {
    if (!m_slots.empty()) __builtin_prefetch(&m_slots[mix(pairKey(a, b)) & m_mask]);
}

bool MergeMap::find(std::int32_t a, std::int32_t b, std::uint32_t& rank, std::int32_t& merged) const {
    if (m_slots.empty()) return false;
    const std::uint64_t key = pairKey(a, b);
    for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
        const Slot& s = m_slots[i];
        if (s.key == key) {
            rank = s.rank;
            merged = s.merged;
            return true;
        }
        if (s.key == ~0ULL) return false;
    }
}

void MergeList::add(std::string_view a, std::string_view b) {
    m_items.push_back({static_cast<std::uint32_t>(m_arena.size()), static_cast<std::uint32_t>(a.size()), static_cast<std::uint32_t>(b.size())});
    m_arena.append(a).append(b);
}

std::pair<std::string_view, std::string_view> MergeList::operator[](std::size_t i) const {
    const auto& [offset, la, lb] = m_items[i];
    const std::string_view all(m_arena.data() + offset, la + lb);
    return {all.substr(0, la), all.substr(la)};
}

namespace {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace

struct Bpe::Cache {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, Word, StringHash, std::equal_to<>> words;
};

Bpe::Bpe(Vocab vocab, const MergeList& merges, BpeOptions options)
    : m_vocab(std::move(vocab)), m_options(std::move(options)), m_cache(std::make_unique<Cache>()) {
    m_reverse.build(m_vocab);
    const std::size_t prefixLen = m_options.continuingSubwordPrefix ? m_options.continuingSubwordPrefix->size() : 0;
    m_merges.reserve(merges.size());
    // Batches of merges: their (random) vocabulary and merge-table accesses overlap.
    constexpr std::size_t kBatch = 64;
    std::string joined;
    std::vector<std::size_t> joinedEnd(kBatch);
    std::vector<std::string_view> keys(3 * kBatch);
    std::vector<std::int32_t> ids(3 * kBatch);
    for (std::size_t base = 0; base < merges.size(); base += kBatch) {
        const std::size_t n = std::min(kBatch, merges.size() - base);
        joined.clear();
        for (std::size_t k = 0; k < n; ++k) {
            const auto [a, b] = merges[base + k];
            joined.append(a).append(b.substr(std::min(prefixLen, b.size())));
            joinedEnd[k] = joined.size();
        }
        for (std::size_t k = 0; k < n; ++k) {
            const auto [a, b] = merges[base + k];
            keys[3 * k] = a;
            keys[3 * k + 1] = b;
            const std::size_t start = k ? joinedEnd[k - 1] : 0;
            keys[3 * k + 2] = std::string_view(joined).substr(start, joinedEnd[k] - start);
        }
        m_vocab.findMany(keys.data(), 3 * n, ids.data());
        for (std::size_t k = 0; k < n; ++k) {
            for (int j = 0; j < 3; ++j)
                if (ids[3 * k + j] < 0)
                    throw std::runtime_error(std::string(j == 2 ? "merged token '" : "merge token '") + std::string(keys[3 * k + j]) +
                                             "' is not in the vocabulary");
            m_merges.prefetch(ids[3 * k], ids[3 * k + 1]);
        }
        for (std::size_t k = 0; k < n; ++k)
            m_merges.insert(ids[3 * k], ids[3 * k + 1], static_cast<std::uint32_t>(base + k), ids[3 * k + 2]);
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        m_byteIds[b] = m_vocab.find(std::string_view(name)).value_or(-1);
    }
}

Bpe::~Bpe() = default;

std::optional<std::int32_t> Bpe::tokenToId(std::string_view token) const { return m_vocab.find(token); }

std::optional<std::string> Bpe::idToToken(std::int32_t id) const {
    const auto s = m_reverse.find(id);
    if (!s) return std::nullopt;
    return std::string(*s);
}

Bpe::Word Bpe::mergeWord(std::string_view w) const {
    std::vector<Symbol> symbols;
    symbols.reserve(w.size());
    auto add = [&](std::int32_t id, std::uint32_t len) {
        const auto n = static_cast<std::int32_t>(symbols.size());
        if (n > 0) symbols.back().next = n;
        symbols.push_back(Symbol{id, n - 1, -1, len});
    };
    bool haveUnk = false;
    std::int32_t unkId = 0;
    std::uint32_t unkLen = 0;
    const bool affixes = m_options.continuingSubwordPrefix || m_options.endOfWordSuffix;
    std::string buffer;
    for (std::size_t i = 0; i < w.size();) {
        const std::size_t len = utf8SeqLen(static_cast<unsigned char>(w[i]));
        const bool first = i == 0, last = i + len >= w.size();
        std::string_view s = w.substr(i, len);
        if (affixes) {
            buffer.clear();
            if (!first && m_options.continuingSubwordPrefix) buffer += *m_options.continuingSubwordPrefix;
            buffer.append(s);
            if (last && m_options.endOfWordSuffix) buffer += *m_options.endOfWordSuffix;
            s = buffer;
        }
        i += len;
        if (const auto id = m_vocab.find(s)) {
            if (haveUnk) {
                add(unkId, unkLen);
                haveUnk = false;
            }
            add(*id, static_cast<std::uint32_t>(len));
            continue;
        }
        if (m_options.byteFallback) {
            bool all = true;
            for (const char ch : s) all = all && m_byteIds[static_cast<unsigned char>(ch)] >= 0;
            if (all) {
                for (const char ch : s) add(m_byteIds[static_cast<unsigned char>(ch)], 1);
                continue;
            }
        }
        if (m_options.unkToken) {
            const auto u = m_vocab.find(*m_options.unkToken);
            if (!u) throw std::runtime_error("unk token '" + *m_options.unkToken + "' is not in the vocabulary");
            if (haveUnk && m_options.fuseUnk) {
                unkLen += static_cast<std::uint32_t>(len);
            } else {
                if (haveUnk) add(unkId, unkLen);
                haveUnk = true;
                unkId = *u;
                unkLen = static_cast<std::uint32_t>(len);
            }
        }
    }
    if (haveUnk) add(unkId, unkLen);
    mergeAll(symbols);
    Word word;
    word.reserve(symbols.size());
    for (const Symbol& s : symbols)
        if (s.len != 0) word.emplace_back(s.id, s.len);
    return word;
}

void Bpe::mergeAll(std::vector<Symbol>& sym) const {
    struct Item {
        std::uint32_t rank;
        std::uint32_t pos;
        std::int32_t merged;
        bool operator>(const Item& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    std::uint32_t rank = 0;
    std::int32_t merged = 0;
    for (std::size_t i = 0; i + 1 < sym.size(); ++i)
        if (m_merges.find(sym[i].id, sym[i + 1].id, rank, merged)) queue.push(Item{rank, static_cast<std::uint32_t>(i), merged});
    const auto n = static_cast<std::int32_t>(sym.size());
    while (!queue.empty()) {
        const Item top = queue.top();
        queue.pop();
        Symbol& cur = sym[top.pos];
        if (cur.len == 0 || cur.next == -1) continue;
        const std::int32_t nextPos = cur.next;
        const Symbol right = sym[static_cast<std::size_t>(nextPos)];
        if (!m_merges.find(cur.id, right.id, rank, merged) || merged != top.merged) continue;  // stale entry
        cur.id = top.merged;
        cur.len += right.len;
        cur.next = right.next;
        sym[static_cast<std::size_t>(nextPos)].len = 0;
        if (right.next > -1 && right.next < n) sym[static_cast<std::size_t>(right.next)].prev = static_cast<std::int32_t>(top.pos);
        if (cur.prev >= 0 && m_merges.find(sym[static_cast<std::size_t>(cur.prev)].id, cur.id, rank, merged))
            queue.push(Item{rank, static_cast<std::uint32_t>(cur.prev), merged});
        if (cur.next >= 0 && cur.next < n && m_merges.find(cur.id, sym[static_cast<std::size_t>(cur.next)].id, rank, merged))
            queue.push(Item{rank, top.pos, merged});
    }
}

std::vector<Token> Bpe::toTokens(const Word& word) const {
    std::vector<Token> out;
    out.reserve(word.size());
    std::size_t pos = 0;
    for (const auto& [id, len] : word) {
        const auto value = m_reverse.find(id);
        out.push_back(Token{id, value ? std::string(*value) : std::string(), Range{pos, pos + len}});
        pos += len;
    }
    return out;
}

std::vector<Token> Bpe::tokenize(std::string_view sequence) const {
    if (sequence.empty()) return {};
    if (m_options.ignoreMerges)
        if (const auto id = m_vocab.find(sequence)) return {Token{*id, std::string(sequence), Range{0, sequence.size()}}};
    if (sequence.size() < kCacheMaxLength) {
        std::shared_lock lock(m_cache->mutex);
        if (const auto it = m_cache->words.find(sequence); it != m_cache->words.end()) return toTokens(it->second);
    }
    Word word = mergeWord(sequence);
    std::vector<Token> tokens = toTokens(word);
    if (sequence.size() < kCacheMaxLength) {
        std::unique_lock lock(m_cache->mutex);
        if (m_cache->words.size() < kCacheCapacity) m_cache->words.emplace(std::string(sequence), std::move(word));
    }
    return tokens;
}

}  // namespace moe::tok
