// SPDX-License-Identifier: MIT
#include "convert.h"

#include <QLocale>

#include <cmath>

namespace tierlab::gui {

namespace {

QString money(double v) {
    const QLocale c = QLocale::c();
    const double a = std::abs(v);
    QString digits;
    if (a != 0 && a < 0.01)
        digits = c.toString(a, 'g', 3);
    else
        digits = QLocale(QLocale::English).toString(a, 'f', 2);
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
        return QLocale::c().toString(value, 'g', 6);
    case Unit::Usd:
        return money(value);
    case Unit::UsdPerMonth:
        return money(value) + QStringLiteral("/month");
    case Unit::UsdPerMtok:
        return money(value) + QStringLiteral("/Mtok");
    case Unit::UsdPerHour:
        return money(value) + QStringLiteral("/hour");
    case Unit::Share:
        return QLocale(QLocale::English).toString(value * 100, 'f', std::abs(value) < 0.1 ? 2 : 1) +
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
