#include "core/io/read_file.h"

#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace moe {
namespace {

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
    return buf;
}

}  // namespace

std::string readFileBytes(const std::string& path, std::uint64_t maxBytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        throw Error(err == ENOENT ? std::string("no such file") : std::string("cannot open: ") + std::strerror(err), {.file = path});
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        throw Error(folder ? "is a folder, not a file" : "not a regular file", {.file = path});
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > maxBytes) {
        ::close(fd);
        throw Error("file of " + megabytes(size) + " is larger than the " + megabytes(maxBytes) + " this kind of file may have",
                    {.file = path});
    }
    std::string data(size, '\0');
    std::size_t got = 0;
    while (got < data.size()) {  // the file may shrink while we read; it may not grow past maxBytes
        const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(std::string("cannot read: ") + std::strerror(err), {.file = path});
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    data.resize(got);
    return data;
}

std::size_t invalidUtf8Offset(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte (RFC 3629 table)
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;          // no overlong forms
            else if (c == 0xED) hi = 0x9F;     // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;     // nothing past U+10FFFF
        } else {
            return i;
        }
        if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::string_view::npos;
}

void requireText(std::string_view text, const std::string& where) {
    if (const auto bad = invalidUtf8Offset(text); bad != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
        throw Error("not UTF-8 text: invalid byte " + std::string(byte) + " at offset " + std::to_string(bad), {.file = where});
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos)
        throw Error("not a text file: NUL byte at offset " + std::to_string(nul), {.file = where});
}

std::string readTextFile(const std::string& path, std::uint64_t maxBytes) {
    std::string text = readFileBytes(path, maxBytes);
    requireText(text, path);
    return text;
}

}  // namespace moe
