// SPDX-License-Identifier: MIT
// LEB128 varints and zigzag signs for the workspace's binary chunks (data sets, history).
#pragma once

#include "database.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core::varint {

inline void put(std::vector<std::uint8_t>& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

// The same encoding written through a pointer into room the caller has reserved (at most 10
// bytes a value): no capacity check a byte, for the history encoder's hot loop.
inline std::uint8_t* put(std::uint8_t* out, std::uint64_t v) {
    while (v >= 0x80) {
        *out++ = static_cast<std::uint8_t>(v | 0x80);
        v >>= 7;
    }
    *out++ = static_cast<std::uint8_t>(v);
    return out;
}
inline constexpr std::size_t kMaxBytes = 10;

inline std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

inline void putText(std::vector<std::uint8_t>& out, std::string_view s) {
    put(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

// Reads varints from a chunk; throws DatabaseError on a truncated chunk (a damaged workspace).
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}
    bool atEnd() const { return m_pos == m_bytes.size(); }
    std::uint64_t next() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_bytes.size())
                throw DatabaseError("truncated data set chunk");
            const std::uint8_t b = m_bytes[m_pos++];
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        throw DatabaseError("malformed data set chunk");
    }
    // The next varint, which must be at most `max`.
    std::uint64_t upTo(std::uint64_t max) {
        const std::uint64_t v = next();
        if (v > max)
            throw DatabaseError("malformed data set chunk");
        return v;
    }
    std::string text() {
        const auto n = static_cast<std::size_t>(next());
        if (n > m_bytes.size() - m_pos)
            throw DatabaseError("truncated data set chunk");
        std::string s(reinterpret_cast<const char*>(m_bytes.data() + m_pos), n);
        m_pos += n;
        return s;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_pos = 0;
};

} // namespace tierlab::core::varint
