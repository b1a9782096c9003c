// SPDX-License-Identifier: MIT
// The one place where core's std::string and numbers become Qt strings and formatted values
// (conversions, dates and money formatting live in one place in gui).
#pragma once

#include <QString>

#include <string>
#include <string_view>

namespace tierlab::gui {

inline QString toQ(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
inline std::string toStd(const QString& s) {
    return s.toStdString();
}

// What a number measures, for display and tooltips.
enum class Unit {
    Plain,
    Usd,         // $1,234.56
    UsdPerMonth, // $20.00/month
    UsdPerMtok,  // $3.00/Mtok
    UsdPerHour,  // $35.12/hour
    Share,       // a share 0..1, shown as 12.3 %
    Percent,     // a value already in percent (chart axes drawn in %), shown as 12.3 %
    Count,       // 1,234
    Tokens,      // 1.2M tokens
    Requests,    // 1,234 requests
    Seconds,
};

// A number as TierLab shows it: money to the cent (or 3 significant digits below a cent),
// shares as percentages, counts grouped.
QString formatValue(double value, Unit unit);
// Just the unit's suffix, for axis titles ("USD/Mtok", "%").
QString unitLabel(Unit unit);
// Shares are shown and edited as percentages.
inline double displayScale(Unit unit) {
    return unit == Unit::Share ? 100.0 : 1.0;
}

} // namespace tierlab::gui
