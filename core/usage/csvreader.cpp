// SPDX-License-Identifier: MIT
#include "csvreader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tierlab::core {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

const char* findByte(const char* begin, const char* end, char c) {
    return static_cast<const char*>(std::memchr(begin, c, static_cast<std::size_t>(end - begin)));
}
} // namespace

CsvReader::CsvReader(ByteSource& source, char separator, std::uint64_t firstLine)
    : m_source(source), m_separator(separator), m_buffer(kBufferBytes), m_started(firstLine > 1),
      m_line(firstLine) {}

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
    // A BOM counts only at the very start of the input (no record returned yet).
    if (!m_started && m_end - m_begin >= 3) {
        m_started = true;
        if (std::memcmp(m_buffer.data() + m_begin, "\xEF\xBB\xBF", 3) == 0)
            m_begin += 3;
    }
    return n > 0;
}

const char* CsvReader::scanLine(const char* p, const char* end, CsvRecord& record, bool& quote) {
    record.fields.clear();
    const char* fieldStart = p;
    const auto separator = [&](const char* at) {
        record.fields.emplace_back(fieldStart, static_cast<std::size_t>(at - fieldStart));
        fieldStart = at + 1;
    };
#if defined(__SSE2__)
    // 16 bytes at a time: one compare each for the separator, the quote and the newline.
    const __m128i sep = _mm_set1_epi8(m_separator), dq = _mm_set1_epi8('"'),
                  nl = _mm_set1_epi8('\n');
    for (; p + 16 <= end; p += 16) {
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(c, sep), _mm_cmpeq_epi8(c, dq)), _mm_cmpeq_epi8(c, nl))));
        for (; mask; mask &= mask - 1) {
            const char* at = p + __builtin_ctz(mask);
            if (*at == '\n')
                return at;
            if (*at == '"') {
                quote = true;
                return findByte(at, end, '\n');
            }
            separator(at);
        }
    }
#endif
    for (; p < end; ++p) {
        if (*p == '\n')
            return p;
        if (*p == '"') {
            quote = true;
            return findByte(p, end, '\n');
        }
        if (*p == m_separator)
            separator(p);
    }
    return nullptr;
}

bool CsvReader::next(CsvRecord& record) {
    record.error.clear();
    for (;;) {
        const char* base = m_buffer.data();
        const char* begin = base + m_begin;
        const char* end = base + m_end;
        bool quote = false;
        const char* newline = scanLine(begin, end, record, quote);
        if (!newline && !m_eof) {
            if (!fill() && m_begin == m_end)
                return false;
            continue;
        }
        if (begin == end)
            return false;
        const char* lineEnd = newline ? newline : end;
        if (quote)
            return parseQuoted(record);
        record.line = m_line++;
        m_started = true;
        m_begin = static_cast<std::size_t>((newline ? newline + 1 : end) - base);
        m_consumed += static_cast<std::uint64_t>(lineEnd - begin) + (newline ? 1 : 0);
        if (lineEnd == begin || (lineEnd - begin == 1 && *begin == '\r'))
            continue; // blank line
        // The last field runs from the last separator to the line end, without a CR.
        const char* last = record.fields.empty()
                               ? begin
                               : record.fields.back().data() + record.fields.back().size() + 1;
        const char* stop = lineEnd > last && lineEnd[-1] == '\r' ? lineEnd - 1 : lineEnd;
        record.fields.emplace_back(last, static_cast<std::size_t>(stop - last));
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
    m_started = true;
    std::size_t i = m_begin;
    std::size_t fieldStart = 0;
    bool quoted = false, afterQuote = false;
    for (;;) {
        if (i == m_end) {
            // fill() moves the record to the front of the buffer even when it reads nothing.
            const std::size_t offset = i - m_begin;
            const bool more = fill();
            i = m_begin + offset;
            if (!more) {
                if (quoted)
                    record.error = kUnterminatedQuote;
                break;
            }
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
