// SPDX-License-Identifier: MIT
// Hand-written parsing: the CSV importer calls this for every row (44 million in the Azure 2024
// week), so the success path neither allocates nor touches a locale; only errors build strings.
#include "timestamp.h"

#include <array>
#include <charconv>
#include <cstddef>
#include <limits>
#include <utility>

namespace tierlab::core {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr std::int64_t kMaxMicros = std::numeric_limits<std::int64_t>::max();
constexpr std::array<std::int64_t, 7> kPow10 = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};
constexpr std::size_t kIsoFractionMaxDigits = 9;
// Float writers (Python repr, pandas) print up to 17 significant digits, so numbers may have
// long fractions; they are truncated to microseconds like ISO fractions.
constexpr std::size_t kNumberFractionMaxDigits = std::numeric_limits<std::size_t>::max();

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned daysInMonth(int year, unsigned month) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

bool fail(std::string& error, std::string message) {
    error = std::move(message);
    return false;
}

// "unexpected 'x' at 11", "unexpected byte 0x0d at 27" or "unexpected end at 7".
bool failUnexpected(std::string_view text, std::size_t pos, std::string& error) {
    if (pos >= text.size())
        return fail(error, "unexpected end at " + std::to_string(pos));
    const auto byte = static_cast<unsigned char>(text[pos]);
    std::string what;
    if (byte >= 0x20 && byte < 0x7f) {
        what = std::string("'") + text[pos] + "'";
    } else {
        constexpr char kHex[] = "0123456789abcdef";
        what = std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
    }
    return fail(error, "unexpected " + what + " at " + std::to_string(pos));
}

bool failRange(const char* field, unsigned value, std::string& error) {
    return fail(error, std::string(field) + " " + std::to_string(value) + " out of range");
}

// Walks the text left to right. Every method returns false after writing the error for the
// first character that does not fit, so the parsers below read like the grammar.
class Scanner {
public:
    Scanner(std::string_view text, std::string& error) : m_text(text), m_error(error) {}

    bool atEnd() const { return m_pos == m_text.size(); }
    bool unexpected() const { return failUnexpected(m_text, m_pos, m_error); }
    bool end() const { return atEnd() || unexpected(); }

    bool accept(char c) {
        if (atEnd() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }
    bool expect(char c) { return accept(c) || unexpected(); }
    void skip(std::size_t count) { m_pos += count; }

    // Exactly `count` digits.
    bool digits(int count, unsigned& value) {
        value = 0;
        for (int k = 0; k < count; ++k, ++m_pos) {
            if (atEnd() || !isDigit(m_text[m_pos]))
                return unexpected();
            value = value * 10 + static_cast<unsigned>(m_text[m_pos] - '0');
        }
        return true;
    }

    // One or more digits after a decimal point, truncated to six (microseconds of a second).
    bool fraction(std::size_t maxDigits, std::int64_t& micros) {
        std::size_t end = m_pos;
        while (end < m_text.size() && isDigit(m_text[end]))
            ++end;
        const std::size_t count = end - m_pos;
        if (count == 0)
            return unexpected();
        if (count > maxDigits)
            return fail(m_error, "fraction longer than " + std::to_string(maxDigits) + " digits");
        const std::size_t kept = count < 6 ? count : 6;
        micros = 0;
        for (std::size_t i = m_pos; i < m_pos + kept; ++i)
            micros = micros * 10 + (m_text[i] - '0');
        micros *= kPow10[6 - kept];
        m_pos = end;
        return true;
    }

    // One or more digits as an integer no larger than the largest int64.
    bool wholeNumber(std::uint64_t& value) {
        const std::size_t start = m_pos;
        value = 0;
        constexpr auto kMax = static_cast<std::uint64_t>(kMaxMicros);
        for (; !atEnd() && isDigit(m_text[m_pos]); ++m_pos) {
            const auto digit = static_cast<std::uint64_t>(m_text[m_pos] - '0');
            if (value > (kMax - digit) / 10)
                return fail(m_error, "number overflows int64 microseconds");
            value = value * 10 + digit;
        }
        return m_pos > start || unexpected();
    }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string& m_error;
};

struct IsoFields {
    unsigned year = 0, month = 0, day = 0;
    unsigned hour = 0, minute = 0, second = 0;
    std::int64_t micros = 0;
    int zoneSign = 0; // +1 east of UTC, -1 west, 0 for `Z` or no zone
    unsigned zoneHour = 0, zoneMinute = 0;
};

bool readDate(Scanner& s, IsoFields& f) {
    return s.digits(4, f.year) && s.expect('-') && s.digits(2, f.month) && s.expect('-') &&
           s.digits(2, f.day);
}

// `.f` after the seconds, or nothing.
bool readFraction(Scanner& s, IsoFields& f) {
    return !s.accept('.') || s.fraction(kIsoFractionMaxDigits, f.micros);
}

// `HH:MM[:SS[.f]]`; nothing at all for a date alone.
bool readTime(Scanner& s, IsoFields& f) {
    if (s.atEnd())
        return true;
    if (!s.accept('T') && !s.expect(' '))
        return false;
    if (!s.digits(2, f.hour) || !s.expect(':') || !s.digits(2, f.minute))
        return false;
    if (!s.accept(':'))
        return true;
    return s.digits(2, f.second) && readFraction(s, f);
}

// `YYYY-MM-DD?HH:MM:SS`, the fixed-width start of nearly every export, read without a branch
// per character. Returns false when the text does not have that shape; the general grammar
// then reads it again and names the offending character. Fields written before a bad digit is
// found are harmless: the general grammar stops at that same digit.
bool readFixedPrefix(std::string_view text, IsoFields& f) {
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
        return false;
    bool bad = false;
    const auto number = [&](std::size_t pos, std::size_t count) {
        unsigned value = 0;
        for (std::size_t i = pos; i < pos + count; ++i) {
            const unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
            bad |= digit > 9;
            value = value * 10 + digit;
        }
        return value;
    };
    f.year = number(0, 4);
    f.month = number(5, 2);
    f.day = number(8, 2);
    f.hour = number(11, 2);
    f.minute = number(14, 2);
    f.second = number(17, 2);
    return !bad;
}

// Everything before the zone: the fixed-width prefix in one go, anything else by the grammar.
bool readDateTime(Scanner& s, std::string_view text, IsoFields& f) {
    if (!readFixedPrefix(text, f))
        return readDate(s, f) && readTime(s, f);
    s.skip(19);
    return readFraction(s, f);
}

// `Z`, `+HH:MM`, `+HHMM` or `+HH` (or the same with '-'), or nothing.
bool readZone(Scanner& s, IsoFields& f) {
    if (s.atEnd() || s.accept('Z'))
        return true;
    f.zoneSign = s.accept('+') ? 1 : s.accept('-') ? -1 : 0;
    if (f.zoneSign == 0)
        return s.unexpected();
    if (!s.digits(2, f.zoneHour))
        return false;
    if (s.atEnd())
        return true;
    s.accept(':');
    return s.digits(2, f.zoneMinute);
}

// `value` with leading zeros to `width` digits, for messages and formatIsoSeconds.
void appendPadded(std::string& out, std::int64_t value, int width) {
    std::array<char, 24> digits = {};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    const auto length = static_cast<int>(end - digits.data());
    if (length < width)
        out.append(static_cast<std::size_t>(width - length), '0');
    out.append(digits.data(), end);
}

bool failDay(const IsoFields& f, std::string& error) {
    std::string message = "day " + std::to_string(f.day) + " out of range for ";
    appendPadded(message, f.year, 4);
    message += '-';
    appendPadded(message, f.month, 2);
    return fail(error, std::move(message));
}

// Syntax is checked first, so "2023-13-01x" reports the 'x' rather than the month.
bool checkRanges(const IsoFields& f, std::string& error) {
    if (f.month < 1 || f.month > 12)
        return failRange("month", f.month, error);
    if (f.day < 1 || f.day > daysInMonth(static_cast<int>(f.year), f.month))
        return failDay(f, error);
    if (f.hour > 23)
        return failRange("hour", f.hour, error);
    if (f.minute > 59)
        return failRange("minute", f.minute, error);
    if (f.second > 60)
        return failRange("second", f.second, error);
    if (f.zoneHour > 23)
        return failRange("zone hour", f.zoneHour, error);
    if (f.zoneMinute > 59)
        return failRange("zone minute", f.zoneMinute, error);
    return true;
}

std::int64_t toMicros(const IsoFields& f) {
    // A leap second 23:59:60 has no place in Unix time: keep it just before the next minute.
    const bool leap = f.second == 60;
    const std::int64_t second = leap ? 59 : f.second;
    const std::int64_t micros = leap ? kMicrosPerSecond - 1 : f.micros;
    const std::int64_t zoneMinutes =
        f.zoneSign * static_cast<std::int64_t>(f.zoneHour * 60 + f.zoneMinute);
    const std::int64_t minutes = f.hour * 60 + f.minute - zoneMinutes;
    return daysFromCivil(static_cast<int>(f.year), f.month, f.day) * kMicrosPerDay +
           (minutes * 60 + second) * kMicrosPerSecond + micros;
}

// A number as its integer part and the first six digits of its fraction.
struct Decimal {
    std::uint64_t whole = 0;
    std::int64_t fractionMicros = 0; // millionths of one unit, truncated
};

bool equalsIgnoringCase(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] + 32) : text[i];
        if (c != lower[i])
            return false;
    }
    return true;
}

// Explains why text that does not start with a digit is not a time number.
bool failNotNumber(std::string_view text, std::string& error) {
    std::string_view unsignedText = text;
    if (text[0] == '+' || text[0] == '-')
        unsignedText.remove_prefix(1);
    if (equalsIgnoringCase(unsignedText, "nan") || equalsIgnoringCase(unsignedText, "inf") ||
        equalsIgnoringCase(unsignedText, "infinity"))
        return fail(error, "non-finite number");
    if (text[0] == '-' && text.size() > 1 && isDigit(text[1]))
        return fail(error, "negative number");
    return failUnexpected(text, 0, error);
}

bool readDecimal(std::string_view text, Decimal& n, std::string& error) {
    if (!isDigit(text[0]))
        return failNotNumber(text, error);
    Scanner s(text, error);
    if (!s.wholeNumber(n.whole))
        return false;
    if (s.accept('.') && !s.fraction(kNumberFractionMaxDigits, n.fractionMicros))
        return false;
    return s.end();
}

// The header's rule for TimeKind::Auto on a number.
TimeKind classifyNumber(std::uint64_t whole) {
    if (whole >= 1'000'000'000 && whole < 100'000'000'000)
        return TimeKind::EpochSeconds;
    if (whole >= 1'000'000'000'000 && whole < 100'000'000'000'000)
        return TimeKind::EpochMillis;
    return TimeKind::RelativeSeconds;
}

std::optional<ParsedTime> scaleToMicros(const Decimal& n, TimeKind kind, std::string& error) {
    const bool seconds = kind == TimeKind::EpochSeconds || kind == TimeKind::RelativeSeconds;
    const std::int64_t unitMicros = seconds ? kMicrosPerSecond : 1'000;
    const std::int64_t fraction = seconds ? n.fractionMicros : n.fractionMicros / 1'000;
    if (n.whole > static_cast<std::uint64_t>((kMaxMicros - fraction) / unitMicros)) {
        fail(error, "number overflows int64 microseconds");
        return std::nullopt;
    }
    const bool relative = kind == TimeKind::RelativeSeconds || kind == TimeKind::RelativeMillis;
    return ParsedTime{static_cast<std::int64_t>(n.whole) * unitMicros + fraction, relative};
}

// ISO text starts with a four-digit year and a dash; numbers never contain a dash there.
bool looksIso(std::string_view text) {
    return text.size() > 4 && isDigit(text[0]) && isDigit(text[1]) && isDigit(text[2]) &&
           isDigit(text[3]) && text[4] == '-';
}

} // namespace

std::optional<std::int64_t> parseIsoMicros(std::string_view text, std::string& error) {
    if (text.empty()) {
        fail(error, "empty text");
        return std::nullopt;
    }
    Scanner s(text, error);
    IsoFields f;
    if (!readDateTime(s, text, f) || !readZone(s, f) || !s.end() || !checkRanges(f, error))
        return std::nullopt;
    return toMicros(f);
}

std::optional<ParsedTime> parseTime(std::string_view text, TimeKind kind, std::string& error) {
    if (text.empty()) {
        fail(error, "empty text");
        return std::nullopt;
    }
    if (kind == TimeKind::Iso || (kind == TimeKind::Auto && looksIso(text))) {
        const auto us = parseIsoMicros(text, error);
        return us ? std::optional<ParsedTime>(ParsedTime{*us, false}) : std::nullopt;
    }
    Decimal n;
    if (!readDecimal(text, n, error))
        return std::nullopt;
    return scaleToMicros(n, kind == TimeKind::Auto ? classifyNumber(n.whole) : kind, error);
}

std::string formatIsoSeconds(std::int64_t us) {
    // Floor division: instants before 1970 belong to the previous day, not the next.
    std::int64_t days = us / kMicrosPerDay;
    std::int64_t microsOfDay = us % kMicrosPerDay;
    if (microsOfDay < 0) {
        microsOfDay += kMicrosPerDay;
        --days;
    }
    int year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(days, year, month, day);
    const std::int64_t secondOfDay = microsOfDay / kMicrosPerSecond;
    std::string out;
    out.reserve(24);
    if (year < 0)
        out += '-';
    appendPadded(out, year < 0 ? -static_cast<std::int64_t>(year) : year, 4);
    const std::array<std::pair<char, std::int64_t>, 5> fields = {{{'-', month},
                                                                  {'-', day},
                                                                  {'T', secondOfDay / 3600},
                                                                  {':', secondOfDay / 60 % 60},
                                                                  {':', secondOfDay % 60}}};
    for (const auto& [separator, value] : fields) {
        out += separator;
        appendPadded(out, value, 2);
    }
    out += 'Z';
    return out;
}

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil
// (https://howardhinnant.github.io/date_algorithms.html#days_from_civil, public domain).
// Eras are 400-year cycles of 146,097 days starting on March 1, so the leap day falls at the
// end of the year; valid for any year that fits in int.
std::int64_t daysFromCivil(int year, unsigned month, unsigned day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yearOfEra = static_cast<unsigned>(y - era * 400); // [0, 399]
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146'097 + static_cast<std::int64_t>(dayOfEra) - 719'468;
}

// Howard Hinnant's civil_from_days, the inverse of days_from_civil (same source).
void civilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day) {
    const std::int64_t z = days + 719'468;
    const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    const auto dayOfEra = static_cast<unsigned>(z - era * 146'097); // [0, 146096]
    const unsigned yearOfEra =
        (dayOfEra - dayOfEra / 1'460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365; // [0, 399]
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned shiftedMonth = (5 * dayOfYear + 2) / 153; // [0, 11], 0 = March
    day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    year =
        static_cast<int>(static_cast<std::int64_t>(yearOfEra) + era * 400 + (month <= 2 ? 1 : 0));
}

} // namespace tierlab::core
