// SPDX-License-Identifier: MIT
#include "bytesource.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tierlab::core {

namespace {

class FileSource final : public ByteSource {
public:
    FileSource(int fd, std::uint64_t size) : m_fd(fd) { m_size = size; }
    ~FileSource() override { ::close(m_fd); }
    std::size_t read(char* buffer, std::size_t size) override {
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, size);
            if (n >= 0) {
                m_position += static_cast<std::uint64_t>(n);
                return static_cast<std::size_t>(n);
            }
            if (errno != EINTR)
                throw ReadError(std::strerror(errno));
        }
    }
    std::uint64_t position() const override { return m_position; }

private:
    int m_fd;
    std::uint64_t m_position = 0;
};

class GzipSource final : public ByteSource {
public:
    GzipSource(gzFile file, std::uint64_t size) : m_file(file) {
        m_size = size;
        m_compressed = true;
        gzbuffer(m_file, 1 << 20);
    }
    ~GzipSource() override { gzclose(m_file); }
    std::size_t read(char* buffer, std::size_t size) override {
        const int n = gzread(m_file, buffer, static_cast<unsigned>(size));
        if (n < 0) {
            int code = 0;
            throw ReadError(std::string("gzip: ") + gzerror(m_file, &code));
        }
        return static_cast<std::size_t>(n);
    }
    std::uint64_t position() const override { return static_cast<std::uint64_t>(gzoffset(m_file)); }

private:
    gzFile m_file;
};

class RangeSource final : public ByteSource {
public:
    RangeSource(int fd, std::uint64_t begin, std::uint64_t end)
        : m_fd(fd), m_begin(begin), m_offset(begin), m_end(end) {
        m_size = end - begin;
    }
    ~RangeSource() override { ::close(m_fd); }
    std::size_t read(char* buffer, std::size_t size) override {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, m_end - m_offset));
        for (;;) {
            const ssize_t n = ::pread(m_fd, buffer, want, static_cast<off_t>(m_offset));
            if (n >= 0) {
                m_offset += static_cast<std::uint64_t>(n);
                return static_cast<std::size_t>(n);
            }
            if (errno != EINTR)
                throw ReadError(std::strerror(errno));
        }
    }
    std::uint64_t position() const override { return m_offset - m_begin; }

private:
    int m_fd;
    std::uint64_t m_begin, m_offset, m_end;
};

} // namespace

std::unique_ptr<ByteSource> ByteSource::openRange(const std::string& path, std::uint64_t begin,
                                                  std::uint64_t end) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw ReadError(path + ": " + std::strerror(errno));
    ::posix_fadvise(fd, static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                    POSIX_FADV_SEQUENTIAL);
    return std::make_unique<RangeSource>(fd, begin, end);
}

std::unique_ptr<ByteSource> ByteSource::open(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ReadError(path + ": is a directory");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw ReadError(path + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    unsigned char magic[2] = {};
    const bool gzip = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (!gzip) {
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        return std::make_unique<FileSource>(fd, static_cast<std::uint64_t>(st.st_size));
    }
    gzFile file = gzdopen(fd, "rb");
    if (!file) {
        ::close(fd);
        throw ReadError(path + ": cannot open gzip stream");
    }
    return std::make_unique<GzipSource>(file, static_cast<std::uint64_t>(st.st_size));
}

} // namespace tierlab::core
