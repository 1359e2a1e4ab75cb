#pragma once
// Byte-pair encoding (tokenizers' BPE model): merges ranked by their position in the merges list,
// applied lowest rank first with a priority queue; byte fallback (<0xXX> tokens), unknown-token fusing,
// continuing-subword prefix / end-of-word suffix, ignore_merges. A cache remembers short words.

#include "core/tokenizer/model.h"

#include <array>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace moe::tok {

struct BpeOptions {
    std::optional<std::string> unkToken;
    std::optional<std::string> continuingSubwordPrefix;
    std::optional<std::string> endOfWordSuffix;
    bool fuseUnk = false;
    bool byteFallback = false;
    bool ignoreMerges = false;
};

// The merges list of tokenizer.json ("a b" or [a, b]), stored compactly in one arena.
class MergeList {
public:
    void reserve(std::size_t n, std::size_t bytes = 0) {
        m_items.reserve(n);
        m_arena.reserve(bytes);
    }
    void add(std::string_view a, std::string_view b);
    std::size_t size() const { return m_items.size(); }
    std::pair<std::string_view, std::string_view> operator[](std::size_t i) const;

private:
    std::string m_arena;
    std::vector<std::array<std::uint32_t, 3>> m_items;  // offset, length of a, length of b
};

// Open-addressing map (first id, second id) -> (rank, merged id).
class MergeMap {
public:
    void reserve(std::size_t n);
    void insert(std::int32_t a, std::int32_t b, std::uint32_t rank, std::int32_t merged);
    void prefetch(std::int32_t a, std::int32_t b) const;
    // Returns false when the pair does not merge.
    bool find(std::int32_t a, std::int32_t b, std::uint32_t& rank, std::int32_t& merged) const;

private:
    struct Slot {
        std::uint64_t key = ~0ULL;
        std::uint32_t rank = 0;
        std::int32_t merged = 0;
    };
    BigBuffer<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_count = 0;
};

class Bpe : public Model {
public:
    // Throws std::runtime_error when a merge refers to a token missing from the vocabulary.
    Bpe(Vocab vocab, const MergeList& merges, BpeOptions options);
    ~Bpe() override;

    std::vector<Token> tokenize(std::string_view sequence) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::optional<std::string> idToToken(std::int32_t id) const override;
    std::size_t vocabSize() const override { return m_vocab.size(); }

private:
    struct Symbol {
        std::int32_t id;
        std::int32_t prev;
        std::int32_t next;
        std::uint32_t len;
    };
    using Word = std::vector<std::pair<std::int32_t, std::uint32_t>>;  // (id, byte length)

    Word mergeWord(std::string_view word) const;
    void mergeAll(std::vector<Symbol>& symbols) const;
    std::vector<Token> toTokens(const Word& word) const;

    Vocab m_vocab;
    ReverseVocab m_reverse;
    MergeMap m_merges;
    BpeOptions m_options;
    std::int32_t m_byteIds[256];
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

}  // namespace moe::tok
