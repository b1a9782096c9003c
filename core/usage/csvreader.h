// SPDX-License-Identifier: MIT
// An RFC 4180 CSV reader for large usage exports.
//
// Hand-written rather than a library because import is a hot path that must beat DuckDB's
// reader (docs/benchmarks.md): unquoted lines, nearly all of a real export, are split in one
// SSE2 pass that finds separators, quotes and the newline together, straight from a 1 MiB
// read buffer, with no copy and no allocation per field.
// Quoted fields (embedded separators, doubled quotes, newlines) take a slower exact path.
#pragma once

#include "bytesource.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

// The error of a quoted field still open at the end of the input.
inline constexpr const char* kUnterminatedQuote = "unterminated quoted field";

struct CsvRecord {
    std::vector<std::string_view> fields; // valid until the next call to next()
    std::uint64_t line = 0;               // 1-based line where the record starts
    std::string error;                    // non-empty for a malformed record
};

class CsvReader {
public:
    // `firstLine` numbers the first line of the source (a range starting inside a file).
    explicit CsvReader(ByteSource& source, char separator = ',', std::uint64_t firstLine = 1);

    // Reads the next record, skipping blank lines; false at the end of the input. Handles a
    // UTF-8 BOM, CRLF, a missing final newline and records larger than the buffer. A quoted
    // field left open at the end of the input is returned with `error` set.
    bool next(CsvRecord& record);

    std::uint64_t bytesConsumed() const { return m_consumed; }
    // The number the next line will get.
    std::uint64_t nextLine() const { return m_line; }

private:
    bool fill(); // moves the unread tail to the front and reads more; false at the end
    bool parseQuoted(CsvRecord& record);
    // One pass over a line: splits fields at separators up to the newline. Returns the
    // newline (or null when the buffer ends first); sets `quote` when a '"' is seen, in
    // which case the fields are not complete.
    const char* scanLine(const char* begin, const char* end, CsvRecord& record, bool& quote);

    ByteSource& m_source;
    char m_separator;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0; // first unread byte
    std::size_t m_end = 0;   // one past the last byte read
    bool m_eof = false;
    bool m_started = false;
    std::uint64_t m_line = 1;
    std::uint64_t m_consumed = 0;
    std::string m_scratch; // unescaped quoted fields
};

} // namespace tierlab::core
