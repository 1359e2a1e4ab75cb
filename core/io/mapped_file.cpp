#include "core/io/mapped_file.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace moe {

MappedFile::MappedFile(const std::string& path) : m_path(path) {
    // O_NONBLOCK: opening a FIFO (or a device) must not block; only regular files are mapped.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw Error(std::string("cannot open: ") + std::strerror(errno), {.file = path});
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("not a regular file", {.file = path});
    }
    m_size = static_cast<std::uint64_t>(st.st_size);
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error(std::string("cannot map: ") + std::strerror(err), {.file = path});
        }
        m_data = static_cast<std::byte*>(p);
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (m_data) ::munmap(m_data, m_size);
}

}  // namespace moe
