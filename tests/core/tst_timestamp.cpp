// SPDX-License-Identifier: MIT
// Timestamps of real usage exports (the real-data folder's README) to epoch microseconds.
//
// Expected instants were computed with Python 3's datetime module, independently of this code,
// in exact integer arithmetic (datetime.timestamp() returns a double that would round
// microseconds):
//   EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
//   us(*fields, tz=timezone.utc) = (datetime(*fields, tzinfo=tz) - EPOCH) //
//   timedelta(microseconds=1)
// and day numbers as (date(y, m, d) - date(1970, 1, 1)).days. Each test cites its call.
#include "testutil.h"
#include "usage/timestamp.h"

#include <QFile>
#include <QTest>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

using namespace tierlab::core;

Q_DECLARE_METATYPE(tierlab::core::TimeKind)

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

struct IsoOutcome {
    std::optional<std::int64_t> us;
    std::string error;
};

IsoOutcome iso(std::string_view text) {
    IsoOutcome o;
    o.us = parseIsoMicros(text, o.error);
    return o;
}

struct TimeOutcome {
    std::optional<ParsedTime> time;
    std::string error;
};

TimeOutcome parse(std::string_view text, TimeKind kind = TimeKind::Auto) {
    TimeOutcome o;
    o.time = parseTime(text, kind, o.error);
    return o;
}

// Stands for a rejected text in comparisons, so a rejection fails the comparison instead of
// dereferencing an empty optional.
constexpr std::int64_t kRejected = std::numeric_limits<std::int64_t>::min();

std::int64_t isoUs(std::string_view text) {
    std::string error;
    return parseIsoMicros(text, error).value_or(kRejected);
}

std::int64_t timeUs(std::string_view text, TimeKind kind = TimeKind::Auto) {
    std::string error;
    const auto time = parseTime(text, kind, error);
    return time ? time->us : kRejected;
}

// Written here rather than taken from the code under test, so the round trip checks calendars
// against an independent rule.
unsigned daysInMonth(int year, unsigned month) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string_view view(const QByteArray& bytes) {
    return std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

const char* const kAzureCodeTrace = "azure2023_AzureLLMInferenceTrace_code.csv";

} // namespace

class TestTimestamp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- ISO formats found in real exports ----

    void azure2023_sevenDigitFraction_truncatesToMicros() {
        // First row of AzureLLMInferenceTrace_code.csv; us(2023, 11, 16, 18, 17, 3, 979960).
        const auto r = iso("2023-11-16 18:17:03.9799600");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1700158623979960);
        // The seventh digit is cut, not rounded: .9799609 is still 979960 microseconds.
        QCOMPARE(isoUs("2023-11-16 18:17:03.9799609"), 1700158623979960);
    }

    void azure2024_microsWithUtcOffset_parses() {
        // us(2024, 5, 10, 0, 0, 0, 9930)
        const auto r = iso("2024-05-10 00:00:00.009930+00:00");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1715299200009930);
    }

    void azure2024_withoutFraction_parses() {
        // us(2024, 5, 10)
        const auto r = iso("2024-05-10 00:00:00+00:00");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1715299200000000);
    }

    void canonical_zuluSeconds_parses() {
        // us(2026, 10, 1, 0, 0, 7)
        const auto r = iso("2026-10-01T00:00:07Z");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1790812807000000);
        QCOMPARE(isoUs("2026-10-01T00:00:07"), 1790812807000000); // no zone: taken as UTC
    }

    void nanosecondFraction_westOffset_addsFiveHoursToReachUtc() {
        // us(2025, 3, 1, 12, 0, 0, 123456, tz=timezone(timedelta(hours=-5)))
        //   == us(2025, 3, 1, 17, 0, 0, 123456) == 1740848400123456
        const auto r = iso("2025-03-01T12:00:00.123456789-05:00");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1740848400123456);
    }

    void compactOffset_plus0530_subtractsFiveAndAHalfHours() {
        // us(2025, 3, 1, 12, tz=timezone(timedelta(hours=5, minutes=30)))
        //   == us(2025, 3, 1, 6, 30) == 1740810600000000
        const auto compact = iso("2025-03-01T12:00:00+0530");
        QVERIFY2(compact.us, compact.error.c_str());
        QCOMPARE(*compact.us, 1740810600000000);
        QCOMPARE(isoUs("2025-03-01T12:00:00+05:30"), 1740810600000000);
    }

    void hourOnlyOffset_plus05_subtractsFiveHours() {
        // us(2025, 3, 1, 12, tz=timezone(timedelta(hours=5)))
        const auto r = iso("2025-03-01T12:00:00+05");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1740812400000000);
    }

    void zoneOffsets_eastIsEarlierInUtcWestIsLater() {
        // 12:00 in Paris (+01) happens before 12:00 in London (Z), which is before New York's.
        const std::int64_t hourUs = 3600 * kMicrosPerSecond;
        const std::int64_t utc = isoUs("2025-03-01T12:00:00Z");
        QCOMPARE(isoUs("2025-03-01T12:00:00+01:00"), utc - hourUs);
        QCOMPARE(isoUs("2025-03-01T12:00:00-01:00"), utc + hourUs);
        QCOMPARE(isoUs("2025-03-01T12:00:00-00:00"), utc);
    }

    void dateOnly_isMidnightUtc() {
        // Anthropic usage_date_utc, LiteLLM date; us(2025, 3, 1)
        const auto r = iso("2025-03-01");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1740787200000000);
    }

    void hoursAndMinutesOnly_secondsAreZero() {
        // us(2025, 3, 1, 12, 34)
        QCOMPARE(isoUs("2025-03-01T12:34"), 1740832440000000);
        QCOMPARE(isoUs("2025-03-01 12:34Z"), 1740832440000000);
    }

    void leapSecond_isLastMicrosecondOfTheMinute() {
        // The leap second at the end of 2016; us(2016, 12, 31, 23, 59, 59, 999999).
        const auto r = iso("2016-12-31T23:59:60Z");
        QVERIFY2(r.us, r.error.c_str());
        QCOMPARE(*r.us, 1483228799999999);
        QCOMPARE(isoUs("2016-12-31T23:59:60.5Z"), 1483228799999999);
    }

    void success_leavesErrorUntouched() {
        std::string error = "untouched";
        QVERIFY(parseIsoMicros("2026-10-01T00:00:07Z", error));
        QVERIFY(parseTime("1700000000.25", TimeKind::Auto, error));
        QCOMPARE(error, std::string("untouched"));
    }

    // ---- leap years ----

    void leapYear_2000_divisibleBy400_hasFeb29() {
        // us(2000, 2, 29) and us(2000, 3, 1)
        QCOMPARE(isoUs("2000-02-29"), 951782400000000);
        QCOMPARE(isoUs("2000-03-01"), 951868800000000);
    }

    void leapYear_1900_divisibleBy100_hasNoFeb29() {
        const auto r = iso("1900-02-29");
        QVERIFY(!r.us);
        QCOMPARE(r.error, std::string("day 29 out of range for 1900-02"));
        QCOMPARE(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28), std::int64_t{1});
    }

    void leapYear_2024_divisibleBy4_hasFeb29() {
        // us(2024, 2, 29)
        QCOMPARE(isoUs("2024-02-29"), 1709164800000000);
        QCOMPARE(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28), std::int64_t{2});
    }

    // ---- numbers ----

    void epochSeconds_auto_detectedAsAbsolute() {
        // 1700000000 s = 2023-11-14T22:13:20Z, inside [1e9, 1e11).
        const auto r = parse("1700000000");
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, 1700000000000000);
        QVERIFY(!r.time->relative);
    }

    void epochSecondsWithFraction_auto_keepsQuarterSecond() {
        const auto r = parse("1700000000.25");
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, 1700000000250000);
        QVERIFY(!r.time->relative);
    }

    void epochMillis_auto_detectedInMillisRange() {
        const auto r = parse("1700000000123");
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, 1700000000123000);
        QVERIFY(!r.time->relative);
    }

    void burstGptSeconds_auto_relativeSeconds() {
        // BurstGPT rows `5,ChatGPT,...` and `118,GPT-4,...`.
        const auto five = parse("5");
        QVERIFY2(five.time, five.error.c_str());
        QCOMPARE(five.time->us, 5 * kMicrosPerSecond);
        QVERIFY(five.time->relative);
        QCOMPARE(timeUs("118"), 118 * kMicrosPerSecond);
    }

    void mooncakeMillis_relativeMillisKind_scalesByThousand() {
        const auto r = parse("27482", TimeKind::RelativeMillis);
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, std::int64_t{27'482'000});
        QVERIFY(r.time->relative);
        // Auto cannot tell milliseconds from seconds this small: the importer must say so.
        QCOMPARE(timeUs("27482"), 27482 * kMicrosPerSecond);
    }

    void floatWithTrailingZero_parsesAsWholeNumber() {
        const auto r = parse("3.0");
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, 3 * kMicrosPerSecond);
        QVERIFY(r.time->relative);
    }

    void longFloatFraction_truncatesToMicros() {
        // Python's repr(0.1 + 0.2); fractions of numbers are not limited to 9 digits.
        QCOMPARE(timeUs("0.30000000000000004"), std::int64_t{300'000});
        QCOMPARE(timeUs("27482.5009", TimeKind::RelativeMillis), std::int64_t{27'482'500});
    }

    void explicitKind_overridesAutoRange() {
        const auto relative = parse("1700000000", TimeKind::RelativeSeconds);
        QVERIFY2(relative.time, relative.error.c_str());
        QCOMPARE(relative.time->us, 1700000000000000);
        QVERIFY(relative.time->relative);
        const auto absolute = parse("5", TimeKind::EpochSeconds);
        QVERIFY2(absolute.time, absolute.error.c_str());
        QCOMPARE(absolute.time->us, 5 * kMicrosPerSecond);
        QVERIFY(!absolute.time->relative);
        QCOMPARE(timeUs("1700000000", TimeKind::EpochMillis), 1700000000000);
    }

    void isoText_autoAndIsoKinds_agreeWithParseIsoMicros() {
        for (const TimeKind kind : {TimeKind::Auto, TimeKind::Iso}) {
            const auto r = parse("2023-11-16 18:17:03.9799600", kind);
            QVERIFY2(r.time, r.error.c_str());
            QCOMPARE(r.time->us, 1700158623979960);
            QVERIFY(!r.time->relative);
        }
    }

    void autoRanges_boundaries_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<std::int64_t>("us");
        QTest::addColumn<bool>("relative");
        QTest::newRow("below 1e9: seconds from start")
            << QByteArray("999999999") << std::int64_t{999999999000000} << true;
        QTest::newRow("1e9: epoch seconds")
            << QByteArray("1000000000") << std::int64_t{1000000000000000} << false;
        QTest::newRow("below 1e11: epoch seconds")
            << QByteArray("99999999999") << std::int64_t{99999999999000000} << false;
        QTest::newRow("1e11: seconds from start")
            << QByteArray("100000000000") << std::int64_t{100000000000000000} << true;
        QTest::newRow("1e12: epoch millis")
            << QByteArray("1000000000000") << std::int64_t{1000000000000000} << false;
        QTest::newRow("below 1e14: epoch millis")
            << QByteArray("99999999999999") << std::int64_t{99999999999999000} << false;
    }

    void autoRanges_boundaries() {
        QFETCH(QByteArray, text);
        QFETCH(std::int64_t, us);
        QFETCH(bool, relative);
        const auto r = parse(view(text));
        QVERIFY2(r.time, r.error.c_str());
        QCOMPARE(r.time->us, us);
        QCOMPARE(r.time->relative, relative);
    }

    void largestRelativeSeconds_fitsInt64Micros() {
        // floor((2^63 - 1) / 1e6) = 9223372036854 seconds is the last whole second that fits.
        QCOMPARE(timeUs("9223372036854", TimeKind::RelativeSeconds),
                 std::int64_t{9223372036854000000});
    }

    // ---- rejections ----

    void badText_rejected_withReason_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<TimeKind>("kind");
        QTest::addColumn<QString>("error");
        const auto row = [](const char* name, QByteArray text, TimeKind kind, const char* error) {
            QTest::newRow(name) << text << kind << QString::fromUtf8(error);
        };
        constexpr TimeKind kIso = TimeKind::Iso;
        constexpr TimeKind kAuto = TimeKind::Auto;
        row("empty iso", "", kIso, "empty text");
        row("empty auto", "", kAuto, "empty text");
        row("trailing garbage", "2026-10-01T00:00:07Zx", kIso, "unexpected 'x' at 20");
        row("trailing space", "2026-10-01T00:00:07 ", kIso, "unexpected ' ' at 19");
        row("trailing CR", "2023-11-16 18:17:03.9799600\r", kIso, "unexpected byte 0x0d at 27");
        row("one-digit month", "2024-5-10", kIso, "unexpected '-' at 6");
        row("slashes", "2024/05/10", kIso, "unexpected '/' at 4");
        row("date then zone", "2024-05-10Z", kIso, "unexpected 'Z' at 10");
        row("T without time", "2024-05-10T", kIso, "unexpected end at 11");
        row("hour without minute", "2024-05-10T12", kIso, "unexpected end at 13");
        row("dot without fraction", "2024-05-10T00:00:00.Z", kIso, "unexpected 'Z' at 20");
        row("half zone minute", "2024-05-10T00:00:00+05:3", kIso, "unexpected end at 24");
        row("zone trailing letter", "2024-05-10T00:00:00+05x", kIso, "unexpected 'x' at 22");
        row("zone letter", "2024-05-10T00:00:00 UTC", kIso, "unexpected ' ' at 19");
        row("month 0", "2023-00-10", kIso, "month 0 out of range");
        row("month 13", "2023-13-10", kIso, "month 13 out of range");
        row("day 0", "2023-01-00", kIso, "day 0 out of range for 2023-01");
        row("April 31", "2023-04-31", kIso, "day 31 out of range for 2023-04");
        row("Feb 29 non-leap", "2023-02-29", kAuto, "day 29 out of range for 2023-02");
        row("hour 24", "2024-05-10T24:00:00Z", kIso, "hour 24 out of range");
        row("minute 60", "2024-05-10T23:60:00Z", kIso, "minute 60 out of range");
        row("second 61", "2024-05-10T23:59:61Z", kIso, "second 61 out of range");
        row("zone hour 24", "2024-05-10T00:00:00+24:00", kIso, "zone hour 24 out of range");
        row("zone minute 60", "2024-05-10T00:00:00+0560", kIso, "zone minute 60 out of range");
        row("10-digit fraction", "2024-05-10T00:00:00.1234567890Z", kIso,
            "fraction longer than 9 digits");
        row("number as iso", "1700000000", kIso, "unexpected '0' at 4");
        row("negative seconds", "-5", kAuto, "negative number");
        row("negative epoch", "-1700000000.5", TimeKind::EpochSeconds, "negative number");
        row("nan", "nan", kAuto, "non-finite number");
        row("NaN", "NaN", TimeKind::RelativeSeconds, "non-finite number");
        row("inf", "inf", kAuto, "non-finite number");
        row("-inf", "-inf", kAuto, "non-finite number");
        row("Infinity", "Infinity", TimeKind::EpochMillis, "non-finite number");
        row("20 digits", "99999999999999999999", kAuto, "number overflows int64 microseconds");
        row("seconds past int64 us", "9223372036855", TimeKind::RelativeSeconds,
            "number overflows int64 microseconds");
        row("millis past int64 us", "9223372036854776", TimeKind::RelativeMillis,
            "number overflows int64 microseconds");
        row("1e14 auto is seconds", "100000000000000", kAuto,
            "number overflows int64 microseconds");
        row("exponent", "1.7e9", kAuto, "unexpected 'e' at 3");
        row("dot at end", "5.", kAuto, "unexpected end at 2");
        row("leading plus", "+5", kAuto, "unexpected '+' at 0");
        row("minus without digits", "-x", kAuto, "unexpected '-' at 0");
        row("leading space", " 5", kAuto, "unexpected ' ' at 0");
        row("letters after digits", "12abc", TimeKind::RelativeSeconds, "unexpected 'a' at 2");
        row("iso as seconds", "2024-05-10", TimeKind::EpochSeconds, "unexpected '-' at 4");
    }

    void badText_rejected_withReason() {
        QFETCH(QByteArray, text);
        QFETCH(TimeKind, kind);
        QFETCH(QString, error);
        const auto r = parse(view(text), kind);
        QVERIFY(!r.time);
        QCOMPARE(QString::fromStdString(r.error), error);
        if (kind == TimeKind::Iso) {
            const auto direct = iso(view(text));
            QVERIFY(!direct.us);
            QCOMPARE(QString::fromStdString(direct.error), error);
        }
    }

    // ---- calendar arithmetic ----

    void daysFromCivil_knownDates_matchPython_data() {
        QTest::addColumn<int>("year");
        QTest::addColumn<unsigned>("month");
        QTest::addColumn<unsigned>("day");
        QTest::addColumn<std::int64_t>("days");
        // (date(y, m, d) - date(1970, 1, 1)).days
        QTest::newRow("epoch") << 1970 << 1u << 1u << std::int64_t{0};
        QTest::newRow("day before epoch") << 1969 << 12u << 31u << std::int64_t{-1};
        QTest::newRow("2000-03-01") << 2000 << 3u << 1u << std::int64_t{11017};
        QTest::newRow("2024-02-29") << 2024 << 2u << 29u << std::int64_t{19782};
        QTest::newRow("1900-03-01") << 1900 << 3u << 1u << std::int64_t{-25508};
        QTest::newRow("1600-02-29") << 1600 << 2u << 29u << std::int64_t{-135081};
        QTest::newRow("0001-01-01") << 1 << 1u << 1u << std::int64_t{-719162};
        QTest::newRow("9999-12-31") << 9999 << 12u << 31u << std::int64_t{2932896};
    }

    void daysFromCivil_knownDates_matchPython() {
        QFETCH(int, year);
        QFETCH(unsigned, month);
        QFETCH(unsigned, day);
        QFETCH(std::int64_t, days);
        QCOMPARE(daysFromCivil(year, month, day), days);
        int y = 0;
        unsigned m = 0, d = 0;
        civilFromDays(days, y, m, d);
        QCOMPARE(y, year);
        QCOMPARE(m, month);
        QCOMPARE(d, day);
    }

    void civilFromDays_everyDayOverFiveThousandYears_roundTripsAndAdvancesByOne() {
        // Days -1,000,000 to +1,000,000 span 0732-02-26 to 4707-11-29 (before and after 1970).
        int prevYear = 0;
        unsigned prevMonth = 0, prevDay = 0;
        civilFromDays(-1'000'001, prevYear, prevMonth, prevDay);
        for (std::int64_t days = -1'000'000; days <= 1'000'000; ++days) {
            int year = 0;
            unsigned month = 0, day = 0;
            civilFromDays(days, year, month, day);
            const bool newMonth = prevDay == daysInMonth(prevYear, prevMonth);
            const bool newYear = newMonth && prevMonth == 12;
            const bool successor = day == (newMonth ? 1 : prevDay + 1) &&
                                   month == (newYear    ? 1
                                             : newMonth ? prevMonth + 1
                                                        : prevMonth) &&
                                   year == (newYear ? prevYear + 1 : prevYear);
            if (!successor || daysFromCivil(year, month, day) != days)
                QFAIL(qPrintable(
                    QStringLiteral("day %1 -> %2-%3-%4").arg(days).arg(year).arg(month).arg(day)));
            prevYear = year;
            prevMonth = month;
            prevDay = day;
        }
        QCOMPARE(prevYear, 4707); // (date(1970, 1, 1) + timedelta(days=1000000)).year
    }

    void formatIsoSeconds_knownInstants_data() {
        QTest::addColumn<std::int64_t>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("epoch") << std::int64_t{0} << QStringLiteral("1970-01-01T00:00:00Z");
        // EPOCH + timedelta(microseconds=1700000000123456) = 2023-11-14 22:13:20.123456
        QTest::newRow("fraction truncated")
            << std::int64_t{1700000000123456} << QStringLiteral("2023-11-14T22:13:20Z");
        QTest::newRow("canonical")
            << std::int64_t{1790812807999999} << QStringLiteral("2026-10-01T00:00:07Z");
        // Before 1970, seconds are truncated toward the past, not toward zero.
        QTest::newRow("one microsecond before epoch")
            << std::int64_t{-1} << QStringLiteral("1969-12-31T23:59:59Z");
        QTest::newRow("a day and a microsecond before epoch")
            << std::int64_t{-kMicrosPerDay - 1} << QStringLiteral("1969-12-30T23:59:59Z");
        // us(1, 1, 1) = -62135596800000000
        QTest::newRow("year 1") << std::int64_t{-62135596800000000}
                                << QStringLiteral("0001-01-01T00:00:00Z");
    }

    void formatIsoSeconds_knownInstants() {
        QFETCH(std::int64_t, us);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatIsoSeconds(us)), text);
    }

    void formatIsoSeconds_parseIsoMicros_roundTrip() {
        for (const std::int64_t us : {std::int64_t{0}, std::int64_t{1715299200000000},
                                      std::int64_t{-86400000000}, std::int64_t{951782400000000}})
            QCOMPARE(isoUs(formatIsoSeconds(us)), us);
    }

    // ---- real data ----

    void azureTrace_first200_parseAndNeverGoBack_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("previous");
        TIERLAB_REAL_DATA_OR_SKIP(path, kAzureCodeTrace);
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        file.readLine(); // TIMESTAMP,ContextTokens,GeneratedTokens
        QByteArray previous;
        for (int line = 2; line <= 201 && !file.atEnd(); ++line) {
            const QByteArray row = file.readLine();
            const QByteArray text = row.left(row.indexOf(','));
            QTest::addRow("line %d", line) << text << previous;
            previous = text;
        }
    }

    void azureTrace_first200_parseAndNeverGoBack() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, previous);
        const auto r = iso(view(text));
        QVERIFY2(r.us, (text + ": " + r.error.c_str()).constData());
        // The trace covers one hour of 2023-11-16 from 18:17 UTC: us(2023, 11, 16, 18) and +2 h.
        QVERIFY(*r.us >= 1700157600000000 && *r.us < 1700164800000000);
        if (!previous.isEmpty())
            QVERIFY2(isoUs(view(previous)) <= *r.us, (previous + " > " + text).constData());
    }
};

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
