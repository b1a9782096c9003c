// SPDX-License-Identifier: MIT
#include "usagetext.h"

#include "app/convert.h"
#include "store/workspace.h"
#include "usage/timestamp.h"

#include <QCoreApplication>

namespace tierlab::gui {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr double kMicrosPerHour = 3.6e9;
// Free functions have no tr(): each translation names its context, UsageText, in the call,
// where lupdate reads it.

} // namespace

QString usageTimeText(std::int64_t us, bool relative) {
    if (relative)
        return QStringLiteral("+%1 s").arg(double(us) / kMicrosPerSecond, 0, 'f', 3);
    QString text = toQ(core::formatIsoSeconds(us));
    const std::int64_t fraction = ((us % kMicrosPerSecond) + kMicrosPerSecond) % kMicrosPerSecond;
    if (fraction != 0 && text.endsWith(QLatin1Char('Z'))) {
        text.chop(1);
        text += QStringLiteral(".%1Z").arg(fraction / 1000, 3, 10, QLatin1Char('0'));
    }
    return text;
}

QString usageSpanText(const core::DatasetSummary& d) {
    if (!d.firstUs || !d.lastUs)
        return QCoreApplication::translate("UsageText", "none (no time column)");
    const double hours = double(*d.lastUs - *d.firstUs) / kMicrosPerHour;
    return QStringLiteral("%1 .. %2 (%3 h)")
        .arg(usageTimeText(*d.firstUs, d.relativeTime), usageTimeText(*d.lastUs, d.relativeTime),
             QString::number(hours, 'f', hours < 10 ? 2 : 0));
}

QString usageSpanShortText(const core::DatasetSummary& d) {
    constexpr double kHoursPerDay = 24;
    if (!d.firstUs || !d.lastUs || d.relativeTime)
        return usageSpanText(d);
    const double days = double(*d.lastUs - *d.firstUs) / kMicrosPerHour / kHoursPerDay;
    if (days < 2)
        return usageSpanText(d);
    const auto date = [](std::int64_t us) { return usageTimeText(us, false).left(10); };
    return QStringLiteral("%1 .. %2").arg(date(*d.firstUs), date(*d.lastUs));
}

QString usageSummaryText(const core::DatasetSummary& d) {
    return QCoreApplication::translate(
               "UsageText", "%1 rows read, %2 skipped; %3 requests by %4 subscribers on %5 models")
        .arg(formatValue(double(d.rowsRead), Unit::Count),
             formatValue(double(d.rowsSkipped), Unit::Count),
             formatValue(double(d.requests), Unit::Count),
             formatValue(double(d.subscribers), Unit::Count),
             formatValue(double(d.models), Unit::Count));
}

} // namespace tierlab::gui
