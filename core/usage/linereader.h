// SPDX-License-Identifier: MIT
// Lines of a byte source, for JSON-lines traces (and for sniffing a file's first bytes).
#pragma once

#include "bytesource.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

class LineReader {
public:
    explicit LineReader(ByteSource& source);
    // The next line without its newline (and \r); false at the end. The view is valid until
    // the next call.
    bool next(std::string_view& line);
    std::uint64_t lineNumber() const { return m_line; }

private:
    ByteSource& m_source;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    std::uint64_t m_line = 0;
};

// A source that first replays bytes already read from another source (used to look at the
// start of a file before choosing its reader).
class ReplaySource final : public ByteSource {
public:
    ReplaySource(ByteSource& inner, std::string head);
    std::size_t read(char* buffer, std::size_t size) override;
    std::uint64_t position() const override { return m_inner.position(); }

private:
    ByteSource& m_inner;
    std::string m_head;
    std::size_t m_offset = 0;
};

} // namespace tierlab::core
