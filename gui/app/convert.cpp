// SPDX-License-Identifier: MIT
#include "convert.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

QString money(double v) {
    const double a = std::abs(v);
    // Cents from a dollar up; below a dollar, three significant digits ($0.0675 per request,
    // not $0.07), never fewer than two decimals.
    int decimals = 2;
    if (a != 0 && a < 1)
        decimals = std::max(2, 2 - static_cast<int>(std::floor(std::log10(a))));
    const QString digits = QLocale(QLocale::English).toString(a, 'f', decimals);
    return (v < 0 ? QStringLiteral("-$") : QStringLiteral("$")) + digits;
}

QString grouped(double v, int decimals = 0) {
    return QLocale(QLocale::English).toString(v, 'f', decimals);
}

QString compact(double v) {
    const double a = std::abs(v);
    if (a >= 1e9)
        return grouped(v / 1e9, 2) + QStringLiteral("B");
    if (a >= 1e6)
        return grouped(v / 1e6, 2) + QStringLiteral("M");
    if (a >= 1e4)
        return grouped(v / 1e3, 1) + QStringLiteral("k");
    return grouped(v, a < 10 && a != std::floor(a) ? 2 : 0);
}

} // namespace

QString formatValue(double value, Unit unit) {
    if (!std::isfinite(value))
        return QStringLiteral("–");
    switch (unit) {
    case Unit::Plain:
        return QLocale::c().toString(value, 'g', 10); // 2000000, not 2e+06
    case Unit::Usd:
        return money(value);
    case Unit::UsdPerMonth:
        return money(value) + QStringLiteral("/month");
    case Unit::UsdPerMtok:
        return money(value) + QStringLiteral("/Mtok");
    case Unit::UsdPerHour:
        return money(value) + QStringLiteral("/hour");
    case Unit::Share:
        return formatValue(value * 100, Unit::Percent);
    case Unit::Percent:
        return QLocale(QLocale::English).toString(value, 'f', std::abs(value) < 10 ? 2 : 1) +
               QStringLiteral(" %");
    case Unit::Count:
        return grouped(value, value == std::floor(value) ? 0 : 1);
    case Unit::Tokens:
        return compact(value) + QStringLiteral(" tokens");
    case Unit::Requests:
        return compact(value) + QStringLiteral(" requests");
    case Unit::Seconds:
        return QLocale::c().toString(value, 'g', 4) + QStringLiteral(" s");
    }
    return QString::number(value);
}

QString unitLabel(Unit unit) {
    switch (unit) {
    case Unit::Plain:
        return {};
    case Unit::Usd:
        return QStringLiteral("USD");
    case Unit::UsdPerMonth:
        return QStringLiteral("USD/month");
    case Unit::UsdPerMtok:
        return QStringLiteral("USD/Mtok");
    case Unit::UsdPerHour:
        return QStringLiteral("USD/hour");
    case Unit::Share:
    case Unit::Percent:
        return QStringLiteral("%");
    case Unit::Count:
        return QStringLiteral("count");
    case Unit::Tokens:
        return QStringLiteral("tokens");
    case Unit::Requests:
        return QStringLiteral("requests");
    case Unit::Seconds:
        return QStringLiteral("s");
    }
    return {};
}

} // namespace tierlab::gui
