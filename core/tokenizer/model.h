#pragma once
// The tokenization model (BPE, WordPiece, WordLevel): turns one pre-token into tokens; and Vocab, the
// token -> id table they share (strings in one arena, open addressing: loading a 262k-entry vocabulary
// takes a few milliseconds).

#include "core/tokenizer/big_buffer.h"
#include "core/tokenizer/pre_tokenized.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace moe::tok {

class Vocab {
public:
    void reserve(std::size_t n);
    // Inserts, or overwrites the id of an existing token (as a later duplicate JSON key does).
    void set(std::string_view token, std::int32_t id);
    std::optional<std::int32_t> find(std::string_view token) const;
    // Looks up many tokens at once, overlapping their memory accesses (out[i] = -1 when missing).
    void findMany(const std::string_view* tokens, std::size_t n, std::int32_t* out) const;
    bool contains(std::string_view token) const { return find(token).has_value(); }
    std::size_t size() const { return m_count; }
    template <class F>
    void forEach(F&& f) const {
        for (const Slot& s : m_slots)
            if (s.len != kEmpty) f(std::string_view(m_arena.data() + s.offset, s.len), s.id);
    }

private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint32_t offset = 0;
        std::uint32_t len = kEmpty;
        std::int32_t id = 0;
        std::uint32_t hash = 0;
    };
    std::size_t slotOf(std::string_view token, std::uint32_t hash) const;
    void grow();

    std::string m_arena;
    BigBuffer<Slot> m_slots;
    std::size_t m_count = 0;
};

class Model {
public:
    virtual ~Model() = default;
    // Tokens of one pre-token; offsets are bytes of `sequence`.
    virtual std::vector<Token> tokenize(std::string_view sequence) const = 0;
    virtual std::optional<std::int32_t> tokenToId(std::string_view token) const = 0;
    virtual std::optional<std::string> idToToken(std::int32_t id) const = 0;
    virtual std::size_t vocabSize() const = 0;
};

// id -> token string of a vocabulary (views into the Vocab, which must outlive it and not change).
class ReverseVocab {
public:
    void build(const Vocab& vocab);
    std::optional<std::string_view> find(std::int32_t id) const;

private:
    std::vector<std::string_view> m_dense;
    std::vector<bool> m_present;
    std::unordered_map<std::int32_t, std::string_view> m_sparse;
};

}  // namespace moe::tok
