#include "core/tokenizer/model.h"

#include <algorithm>
#include <cstring>

namespace moe::tok {
namespace {

std::uint32_t hashBytes(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    while (n >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

void Vocab::reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (cap <= m_slots.size()) return;
    BigBuffer<Slot> old = std::move(m_slots);
    m_slots.assign(cap, Slot{});
    for (const Slot& s : old)
        if (s.len != kEmpty) m_slots[slotOf(std::string_view(m_arena.data() + s.offset, s.len), s.hash)] = s;
}

void Vocab::grow() { reserve(std::max<std::size_t>(16, m_slots.size())); }

std::size_t Vocab::slotOf(std::string_view token, std::uint32_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& s = m_slots[i];
        if (s.len == kEmpty) return i;
        if (s.hash == hash && s.len == token.size() && std::memcmp(m_arena.data() + s.offset, token.data(), token.size()) == 0) return i;
    }
}

void Vocab::set(std::string_view token, std::int32_t id) {
    if ((m_count + 1) * 2 > m_slots.size()) grow();
    const std::uint32_t hash = hashBytes(token);
    Slot& s = m_slots[slotOf(token, hash)];
    if (s.len == kEmpty) {
        s.offset = static_cast<std::uint32_t>(m_arena.size());
        s.len = static_cast<std::uint32_t>(token.size());
        s.hash = hash;
        m_arena.append(token);
        ++m_count;
    }
    s.id = id;
}

std::optional<std::int32_t> Vocab::find(std::string_view token) const {
    if (m_slots.empty()) return std::nullopt;
    const Slot& s = m_slots[slotOf(token, hashBytes(token))];
    if (s.len == kEmpty) return std::nullopt;
    return s.id;
}

void Vocab::findMany(const std::string_view* tokens, std::size_t n, std::int32_t* out) const {
    if (m_slots.empty()) {
        std::fill(out, out + n, -1);
        return;
    }
    const std::size_t mask = m_slots.size() - 1;
    std::vector<std::uint32_t> hashes(n);
    for (std::size_t i = 0; i < n; ++i) {
        hashes[i] = hashBytes(tokens[i]);
        __builtin_prefetch(&m_slots[hashes[i] & mask]);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Slot& s = m_slots[hashes[i] & mask];
        if (s.len != kEmpty) __builtin_prefetch(m_arena.data() + s.offset);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Slot& s = m_slots[slotOf(tokens[i], hashes[i])];
        out[i] = s.len == kEmpty ? -1 : s.id;
    }
}

void ReverseVocab::build(const Vocab& vocab) {
    std::int64_t maxId = -1;
    vocab.forEach([&](std::string_view, std::int32_t id) { maxId = std::max<std::int64_t>(maxId, id); });
    if (maxId >= 0 && maxId < static_cast<std::int64_t>(vocab.size()) * 4 + 1024) {
        m_dense.resize(static_cast<std::size_t>(maxId) + 1);
        m_present.resize(static_cast<std::size_t>(maxId) + 1);
    }
    vocab.forEach([&](std::string_view token, std::int32_t id) {
        if (id >= 0 && static_cast<std::size_t>(id) < m_dense.size()) {
            m_dense[static_cast<std::size_t>(id)] = token;
            m_present[static_cast<std::size_t>(id)] = true;
        } else {
            m_sparse[id] = token;
        }
    });
}

std::optional<std::string_view> ReverseVocab::find(std::int32_t id) const {
    if (id >= 0 && static_cast<std::size_t>(id) < m_dense.size()) {
        if (!m_present[static_cast<std::size_t>(id)]) return std::nullopt;
        return m_dense[static_cast<std::size_t>(id)];
    }
    const auto it = m_sparse.find(id);
    if (it == m_sparse.end()) return std::nullopt;
    return it->second;
}

}  // namespace moe::tok
