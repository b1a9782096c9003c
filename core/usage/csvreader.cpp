// SPDX-License-Identifier: MIT
#include "csvreader.h"

#include <cstring>

namespace tierlab::core {

namespace {
constexpr std::size_t kBufferBytes = 4 << 20;

const char* findByte(const char* begin, const char* end, char c) {
    return static_cast<const char*>(std::memchr(begin, c, static_cast<std::size_t>(end - begin)));
}
} // namespace

CsvReader::CsvReader(ByteSource& source, char separator)
    : m_source(source), m_separator(separator), m_buffer(kBufferBytes) {}

bool CsvReader::fill() {
    if (m_eof)
        return false;
    const std::size_t tail = m_end - m_begin;
    if (m_begin > 0 && tail > 0)
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, tail);
    m_begin = 0;
    m_end = tail;
    if (m_end == m_buffer.size())
        m_buffer.resize(m_buffer.size() * 2); // a record larger than the buffer
    const std::size_t n = m_source.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
    m_end += n;
    m_eof = n == 0;
    if (!m_started && m_end >= 3) {
        m_started = true;
        if (std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0)
            m_begin = 3;
    }
    return n > 0;
}

void CsvReader::splitPlain(const char* begin, const char* end, CsvRecord& record) {
    if (end > begin && end[-1] == '\r')
        --end;
    record.fields.clear();
    for (;;) {
        const char* sep = findByte(begin, end, m_separator);
        if (!sep) {
            record.fields.emplace_back(begin, static_cast<std::size_t>(end - begin));
            return;
        }
        record.fields.emplace_back(begin, static_cast<std::size_t>(sep - begin));
        begin = sep + 1;
    }
}

bool CsvReader::next(CsvRecord& record) {
    record.error.clear();
    for (;;) {
        const char* base = m_buffer.data();
        const char* begin = base + m_begin;
        const char* end = base + m_end;
        const char* newline = findByte(begin, end, '\n');
        if (!newline && !m_eof) {
            if (!fill() && m_begin == m_end)
                return false;
            continue;
        }
        if (begin == end)
            return false;
        const char* lineEnd = newline ? newline : end;
        if (findByte(begin, lineEnd, '"'))
            return parseQuoted(record);
        record.line = m_line++;
        m_begin = static_cast<std::size_t>((newline ? newline + 1 : end) - base);
        m_consumed += static_cast<std::uint64_t>(lineEnd - begin) + (newline ? 1 : 0);
        if (lineEnd == begin || (lineEnd - begin == 1 && *begin == '\r'))
            continue; // blank line
        splitPlain(begin, lineEnd, record);
        return true;
    }
}

// The exact RFC 4180 path: quoted fields may hold separators, "" and newlines. Unescaped
// text goes to the scratch string; views are made once the record is complete, as the
// scratch may move while it grows.
bool CsvReader::parseQuoted(CsvRecord& record) {
    std::vector<std::pair<std::size_t, std::size_t>> spans; // offsets into m_scratch
    m_scratch.clear();
    record.line = m_line;
    std::size_t i = m_begin;
    std::size_t fieldStart = 0;
    bool quoted = false, afterQuote = false;
    for (;;) {
        if (i == m_end) {
            const std::size_t offset = i - m_begin;
            if (!fill()) {
                if (quoted)
                    record.error = "unterminated quoted field";
                break;
            }
            i = m_begin + offset;
        }
        const char c = m_buffer[i++];
        if (quoted) {
            if (c == '"') {
                if (i == m_end && !m_eof) { // need the next byte to tell "" from "
                    --i;
                    const std::size_t offset = i - m_begin;
                    fill();
                    i = m_begin + offset + 1;
                }
                if (i < m_end && m_buffer[i] == '"') {
                    m_scratch.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                m_line += c == '\n' ? 1 : 0;
                m_scratch.push_back(c);
            }
        } else if (c == '"' && m_scratch.size() == fieldStart && !afterQuote) {
            quoted = true;
        } else if (c == m_separator) {
            spans.emplace_back(fieldStart, m_scratch.size());
            fieldStart = m_scratch.size();
            afterQuote = false;
        } else if (c == '\n') {
            ++m_line;
            break;
        } else if (c != '\r') {
            if (afterQuote && record.error.empty())
                record.error = "text after a closing quote";
            m_scratch.push_back(c);
        }
    }
    if (record.line == m_line)
        ++m_line; // the input ended without a newline
    spans.emplace_back(fieldStart, m_scratch.size());
    m_consumed += i - m_begin;
    m_begin = i;
    record.fields.clear();
    for (const auto& [a, b] : spans)
        record.fields.emplace_back(m_scratch.data() + a, b - a);
    return true;
}

} // namespace tierlab::core
