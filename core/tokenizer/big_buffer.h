#pragma once
// A fixed-size array for large lookup tables, backed by transparent huge pages where the system
// offers them: loading a tokenizer probes tables of tens of megabytes at random, and 4 KiB pages make
// that TLB-bound.

#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace moe::tok {

template <class T>
class BigBuffer {
public:
    BigBuffer() = default;
    BigBuffer(std::size_t n, const T& fill) { assign(n, fill); }
    ~BigBuffer() { std::free(m_data); }
    BigBuffer(BigBuffer&& o) noexcept : m_data(std::exchange(o.m_data, nullptr)), m_size(std::exchange(o.m_size, 0)) {}
    BigBuffer& operator=(BigBuffer&& o) noexcept {
        std::swap(m_data, o.m_data);
        std::swap(m_size, o.m_size);
        return *this;
    }
    BigBuffer(const BigBuffer&) = delete;
    BigBuffer& operator=(const BigBuffer&) = delete;

    void assign(std::size_t n, const T& fill) {
        std::free(m_data);
        m_data = nullptr;
        m_size = n;
        if (n == 0) return;
        constexpr std::size_t kHuge = 2u << 20;
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= kHuge) {
            m_data = static_cast<T*>(std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge));
            if (m_data) ::madvise(m_data, (bytes + kHuge - 1) / kHuge * kHuge, MADV_HUGEPAGE);
        } else {
            m_data = static_cast<T*>(std::malloc(bytes));
        }
        if (!m_data) throw std::bad_alloc();
        for (std::size_t i = 0; i < n; ++i) new (m_data + i) T(fill);
    }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T& operator[](std::size_t i) { return m_data[i]; }
    const T& operator[](std::size_t i) const { return m_data[i]; }
    T* begin() { return m_data; }
    T* end() { return m_data + m_size; }
    const T* begin() const { return m_data; }
    const T* end() const { return m_data + m_size; }

private:
    T* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace moe::tok
