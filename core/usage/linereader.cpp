// SPDX-License-Identifier: MIT
#include "linereader.h"

#include <algorithm>
#include <cstring>

namespace tierlab::core {

LineReader::LineReader(ByteSource& source) : m_source(source), m_buffer(1 << 20) {}

bool LineReader::next(std::string_view& line) {
    for (;;) {
        const char* begin = m_buffer.data() + m_begin;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', m_end - m_begin));
        if (newline || (m_eof && m_begin < m_end)) {
            const char* end = newline ? newline : m_buffer.data() + m_end;
            m_begin = static_cast<std::size_t>((newline ? newline + 1 : end) - m_buffer.data());
            if (end > begin && end[-1] == '\r')
                --end;
            ++m_line;
            line = std::string_view(begin, static_cast<std::size_t>(end - begin));
            return true;
        }
        if (m_eof)
            return false;
        std::memmove(m_buffer.data(), begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
        if (m_end == m_buffer.size())
            m_buffer.resize(m_buffer.size() * 2);
        const std::size_t n = m_source.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
        m_end += n;
        m_eof = n == 0;
    }
}

ReplaySource::ReplaySource(ByteSource& inner, std::string head)
    : m_inner(inner), m_head(std::move(head)) {
    m_size = inner.size();
    m_compressed = inner.compressed();
}

std::size_t ReplaySource::read(char* buffer, std::size_t size) {
    if (m_offset < m_head.size()) {
        const std::size_t n = std::min(size, m_head.size() - m_offset);
        std::memcpy(buffer, m_head.data() + m_offset, n);
        m_offset += n;
        return n;
    }
    return m_inner.read(buffer, size);
}

} // namespace tierlab::core
