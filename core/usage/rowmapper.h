// SPDX-License-Identifier: MIT
// Turns CSV records of a format into usage rows, with a reason for every bad field.
#pragma once

#include "csvreader.h"
#include "formats.h"
#include "usagerow.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

class RowMapper {
public:
    // Resolves the format's columns against the header (by name, case-insensitive); for a
    // headerless format, by position. Throws std::invalid_argument naming a missing column.
    RowMapper(const Format& format, const std::vector<std::string_view>& header);

    // Fills `row` from `record`; false with `error` set ("input_tokens: not a whole number:
    // 'abc'", "expected 9 fields, got 7", ...).
    bool map(const CsvRecord& record, UsageRow& row, std::string& error) const;

    std::size_t fieldCount() const { return m_fieldCount; }

private:
    struct Column {
        int index = -1;
        std::string name;
    };
    bool number(const CsvRecord& r, const Column& c, std::uint64_t& out, std::string& error) const;
    bool numberSum(const CsvRecord& r, const std::vector<Column>& cs, std::uint64_t& out,
                   std::string& error) const;
    bool time(const CsvRecord& r, UsageRow& row, std::string& error) const;

    const Format& m_format;
    std::size_t m_fieldCount = 0;
    std::vector<Column> m_users;
    Column m_time, m_day, m_tier, m_model, m_channel, m_logType, m_requests, m_rate;
    Column m_input, m_prompt, m_output, m_cacheRead;
    std::vector<Column> m_cacheWrite;
};

// Parses a non-negative whole number: digits, or a float with a zero fraction ("3.0", as some
// exports write counts). nullopt with a reason otherwise, including overflow past 2^53.
std::optional<std::uint64_t> parseCount(std::string_view text, std::string& error);

} // namespace tierlab::core
