// SPDX-License-Identifier: MIT
// Timestamps as usage exports write them, to microseconds since the Unix epoch (UTC) or since
// the start of a trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tierlab::core {

// What a time column holds. Auto decides from the text: ISO-like text is Iso; a number is
// epoch seconds in [1e9, 1e11), epoch milliseconds in [1e12, 1e14), otherwise seconds from the
// start of the trace.
enum class TimeKind { Auto, Iso, EpochSeconds, EpochMillis, RelativeSeconds, RelativeMillis };

struct ParsedTime {
    std::int64_t us = 0;   // microseconds since 1970-01-01T00:00:00Z, or since the trace start
    bool relative = false; // true for RelativeSeconds / RelativeMillis
};

// Parses ISO-8601 and the common variants: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.f]]` or with a
// space for the T, a fraction of 1 to 9 digits (truncated to microseconds), and an optional
// zone `Z`, `+HH:MM`, `+HHMM` or `+HH` (the result is UTC). Without a zone the time is taken
// as UTC. Checks ranges (month 1-12, day within the month, leap years, hour 0-23, minute and
// second 0-59; a leap second 60 is accepted as 59.999999). Returns nullopt and sets `error`
// to a short reason ("month 13 out of range", "unexpected 'x' at 11") on failure.
std::optional<std::int64_t> parseIsoMicros(std::string_view text, std::string& error);

// Parses a time field of the given kind; numbers may have a fraction ("1700000000.5") and, for
// exports that write counts as floats, a trailing ".0". Negative or non-finite numbers are
// errors. Returns nullopt with a reason on failure.
std::optional<ParsedTime> parseTime(std::string_view text, TimeKind kind, std::string& error);

// Formats epoch microseconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC, seconds truncated).
std::string formatIsoSeconds(std::int64_t us);

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian; Howard Hinnant's
// days_from_civil / civil_from_days).
std::int64_t daysFromCivil(int year, unsigned month, unsigned day);

// a / b rounded towards minus infinity (times before an epoch stay in their day or second).
inline std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
void civilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day);

} // namespace tierlab::core
