// SPDX-License-Identifier: MIT
// Bytes of a usage file, read in large blocks; .gz files are decompressed on the fly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace tierlab::core {

class ReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to `size` bytes; 0 at the end. Throws ReadError.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    // Bytes of the file consumed so far and its size on disk (for progress).
    virtual std::uint64_t position() const = 0;
    std::uint64_t size() const { return m_size; }
    bool compressed() const { return m_compressed; }

    // Opens a file; gzip is recognized by its magic bytes, not its name. Throws ReadError
    // naming the file and the reason.
    static std::unique_ptr<ByteSource> open(const std::string& path);
    // Bytes [begin, end) of a plain (not compressed) file, read with pread.
    static std::unique_ptr<ByteSource> openRange(const std::string& path, std::uint64_t begin,
                                                 std::uint64_t end);

protected:
    std::uint64_t m_size = 0;
    bool m_compressed = false;
};

} // namespace tierlab::core
