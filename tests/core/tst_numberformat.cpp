// SPDX-License-Identifier: MIT
// The one number formatter (core/format/numberformat.h): the expected text of each unit,
// written out by hand from the rules in docs/cli.md, "How numbers are shown". The app, the
// command line and the report all show what these rows pin.
#include "format/numberformat.h"

#include <QTest>

#include <limits>
#include <string>

using namespace tierlab::core;

Q_DECLARE_METATYPE(tierlab::core::NumberUnit)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void row(const char* name, double value, NumberUnit unit, const char* text) {
    QTest::newRow(name) << value << unit << QString::fromUtf8(text);
}

} // namespace

class TestNumberFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatNumber_followsTheRules_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<NumberUnit>("unit");
        QTest::addColumn<QString>("text");
        using U = NumberUnit;

        // Money: cents from $1 up, grouped; below $1 four significant digits, never fewer
        // than two decimals, zeros past the cents dropped.
        row("usd zero", 0, U::Usd, "$0.00");
        row("usd negative zero", -0.0, U::Usd, "$0.00");
        row("usd cents", 0.3, U::Usd, "$0.30");
        row("usd thousands", 1234.56, U::Usd, "$1,234.56");
        row("usd millions", 1234567.0, U::Usd, "$1,234,567.00");
        row("usd negative", -1.5, U::Usd, "-$1.50");
        row("usd negative below a dollar", -0.35, U::Usd, "-$0.35");
        row("usd three significant digits", 0.0135, U::Usd, "$0.0135");
        // 2,000 input tokens at $0.25/Mtok + 500 output at $1.25/Mtok (Haiku's list price).
        row("usd four significant digits", 2000 * 0.25e-6 + 500 * 1.25e-6, U::Usd, "$0.001125");
        row("usd a per-Mtok price", 0.075, U::Usd, "$0.075");
        row("usd below a cent", 0.00412, U::Usd, "$0.00412");
        row("usd below a cent, rounded", 0.00412449, U::Usd, "$0.004124");
        row("usd below a cent, zeros dropped", 0.005, U::Usd, "$0.005");
        row("usd just below a dollar", 0.995, U::Usd, "$0.995");
        // Rounding crosses a boundary: the rounded text decides the rule, never the value.
        row("usd four digits below a dollar", 0.9995, U::Usd, "$0.9995");
        row("usd rounds up to a dollar", 0.99995, U::Usd, "$1.00");
        row("usd rounds up to a cent", 0.0099996, U::Usd, "$0.01");
        // 999.995 and 2.675 are a hair below as doubles; rounded as written, as a reader would.
        row("usd rounds up to a thousand", 999.995, U::Usd, "$1,000.00");
        row("usd half rounds away from zero", 2.675, U::Usd, "$2.68");
        row("usd negative rounds away from zero", -2.675, U::Usd, "-$2.68");
        row("usd tiny shows as zero", 1e-12, U::Usd, "$0.00");
        row("usd tiny negative has no sign", -1e-12, U::Usd, "$0.00");
        row("usd large", 1.5e12, U::Usd, "$1,500,000,000,000.00");
        row("usd per month", 20, U::UsdPerMonth, "$20.00/month");
        row("usd per Mtok", 3, U::UsdPerMtok, "$3.00/Mtok");
        row("usd per Mtok below a dollar", 0.3, U::UsdPerMtok, "$0.30/Mtok");
        row("usd per hour", 35.115, U::UsdPerHour, "$35.12/hour");

        // Shares as percentages: one decimal, a space before the sign; below 0.1 % two
        // significant digits.
        row("share zero", 0, U::Share, "0.0 %");
        row("share a third", 1.0 / 3, U::Share, "33.3 %");
        row("share five percent", 0.05, U::Share, "5.0 %");
        row("share one", 1, U::Share, "100.0 %");
        row("share above one", 1.136, U::Share, "113.6 %");
        row("share negative", -0.05, U::Share, "-5.0 %");
        row("share rounds to one decimal", 0.12345, U::Share, "12.3 %");
        row("share rounds up across a boundary", 0.0995, U::Share, "10.0 %");
        row("share exactly on the half", 0.00995, U::Share, "1.0 %");
        row("share tiny", 0.0004, U::Share, "0.04 %");
        row("share tiny, two digits", 0.000123, U::Share, "0.012 %");
        row("share tiny rounds up to 0.1 %", 0.000996, U::Share, "0.1 %");
        row("share at 0.1 %", 0.001, U::Share, "0.1 %");
        row("share below the last decimal", 1e-9, U::Share, "0.0 %");
        row("share negative tiny", -0.0004, U::Share, "-0.04 %");
        row("share large", 123.456, U::Share, "12,345.6 %");
        row("percent", 12.34, U::Percent, "12.3 %");
        row("percent tiny", 0.04, U::Percent, "0.04 %");

        // Counts: whole numbers, grouped.
        row("count zero", 0, U::Count, "0");
        row("count small", 7, U::Count, "7");
        row("count thousands", 1234, U::Count, "1,234");
        row("count rounds", 15.84, U::Count, "16");
        row("count rounds up across a boundary", 999.5, U::Count, "1,000");
        row("count large", 1234567890123.0, U::Count, "1,234,567,890,123");
        row("count negative", -4512, U::Count, "-4,512");
        row("count negative rounding to zero", -0.4, U::Count, "0");

        // Tokens and requests: whole below 10,000, then three significant digits with k, M,
        // B, T, zeros dropped.
        row("tokens small", 999, U::Tokens, "999 tokens");
        row("tokens below ten thousand", 9999, U::Tokens, "9,999 tokens");
        row("tokens ten thousand", 10000, U::Tokens, "10k tokens");
        row("tokens k", 12345, U::Tokens, "12.3k tokens");
        row("tokens hundreds of k", 123456, U::Tokens, "123k tokens");
        row("tokens M", 1.2e6, U::Tokens, "1.2M tokens");
        row("tokens M, three digits", 1.234e6, U::Tokens, "1.23M tokens");
        row("tokens round up to the next suffix", 999950, U::Tokens, "1M tokens");
        row("tokens B", 4.56e9, U::Tokens, "4.56B tokens");
        row("tokens T", 7.1e12, U::Tokens, "7.1T tokens");
        row("tokens beyond T", 1.2e15, U::Tokens, "1,200T tokens");
        row("requests", 15345, U::Requests, "15.3k requests");

        // Plain numbers: four significant digits below 1,000, whole and grouped above.
        row("plain zero", 0, U::Plain, "0");
        row("plain ratio", 0.28691, U::Plain, "0.2869");
        row("plain small ratio", 0.051789, U::Plain, "0.05179");
        row("plain zeros dropped", 1.8, U::Plain, "1.8");
        row("plain whole", 20, U::Plain, "20");
        row("plain hundreds", 123.456, U::Plain, "123.5");
        row("plain rounds up to a thousand", 999.95, U::Plain, "1,000");
        row("plain thousands", 76132.11, U::Plain, "76,132");
        row("plain millions, no exponent", 2e6, U::Plain, "2,000,000");
        row("plain negative", -0.7, U::Plain, "-0.7");
        row("plain tiny", 1.23456e-5, U::Plain, "1.235e-05");
        row("seconds", 1.8, U::Seconds, "1.8 s");
        row("seconds long", 3600, U::Seconds, "3,600 s");

        // Not a number, whatever the unit: an em dash, no suffix.
        row("nan usd", kNaN, U::Usd, "—");
        row("inf usd per month", kInf, U::UsdPerMonth, "—");
        row("-inf share", -kInf, U::Share, "—");
        row("nan count", kNaN, U::Count, "—");
        row("inf tokens", kInf, U::Tokens, "—");
        row("nan plain", kNaN, U::Plain, "—");
    }
    void formatNumber_followsTheRules() {
        QFETCH(double, value);
        QFETCH(NumberUnit, unit);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatNumber(value, unit)), text);
    }

    void formatGrouped_givesTheAskedDecimals() {
        QCOMPARE(formatGrouped(-1234.5, 2), std::string("-1,234.50"));
        QCOMPARE(formatGrouped(1234567.891, 1), std::string("1,234,567.9"));
        QCOMPARE(formatGrouped(0.125, 2), std::string("0.13"));
        QCOMPARE(formatGrouped(-0.004, 2), std::string("0.00"));
        QCOMPARE(formatGrouped(16666.67, 0), std::string("16,667"));
        QCOMPARE(formatGrouped(kNaN, 1), std::string(kNoValue));
    }

    void numberUnitLabel_namesTheUnit() {
        QCOMPARE(numberUnitLabel(NumberUnit::Plain), std::string());
        QCOMPARE(numberUnitLabel(NumberUnit::UsdPerMtok), std::string("USD/Mtok"));
        QCOMPARE(numberUnitLabel(NumberUnit::Share), std::string("%"));
        QCOMPARE(numberUnitLabel(NumberUnit::Percent), std::string("%"));
        QCOMPARE(numberUnitLabel(NumberUnit::Seconds), std::string("s"));
    }
};

QTEST_GUILESS_MAIN(TestNumberFormat)
#include "tst_numberformat.moc"
