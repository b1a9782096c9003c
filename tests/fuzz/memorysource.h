// SPDX-License-Identifier: MIT
// A ByteSource over fuzzer bytes, served in chunks of a size the input chooses, so buffer
// boundaries fall everywhere.
#pragma once

#include "usage/aggregator.h"
#include "usage/bytesource.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace tierlab::fuzz {

class MemorySource final : public core::ByteSource {
public:
    MemorySource(std::string_view data, std::size_t chunk) : m_data(data), m_chunk(chunk) {
        m_size = data.size();
    }
    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min({size, m_chunk, m_data.size() - m_pos});
        if (n > 0)
            std::memcpy(buffer, m_data.data() + m_pos, n);
        m_pos += n;
        return n;
    }
    std::uint64_t position() const override { return m_pos; }

private:
    std::string_view m_data;
    std::size_t m_chunk;
    std::size_t m_pos = 0;
};

// Discards aggregates: the targets look for crashes, not results.
class NullSink final : public core::DailySink {
public:
    void add(const core::DailyRow&) override {}
};

// The first byte picks the chunk size (1..256 or the whole input); the rest is the file.
inline MemorySource sourceFor(const std::uint8_t* data, std::size_t size) {
    const std::size_t chunk = size == 0 || data[0] == 0 ? (1u << 30) : data[0];
    const std::string_view text(reinterpret_cast<const char*>(data) + (size ? 1 : 0),
                                size ? size - 1 : 0);
    return MemorySource(text, chunk);
}

} // namespace tierlab::fuzz
