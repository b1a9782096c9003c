// SPDX-License-Identifier: MIT
// The one place where core's std::string and numbers become Qt strings and formatted values
// (conversions, dates and money formatting live in one place in gui; the rules for numbers
// live in core/format/numberformat.h).
#pragma once

#include "format/numberformat.h"

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

// What a number measures, for display and tooltips: core's unit (Usd, UsdPerMtok, Share,
// Percent, Count, Tokens, ...), so the app shows numbers by the same rules as the command line
// and the report.
using Unit = core::NumberUnit;

// A number as TierLab shows it (core::formatNumber): money to the cent from $1 up and to
// four significant digits below, shares as percentages ("12.3 %"), counts grouped, "—" for a
// number that is not finite.
QString formatValue(double value, Unit unit);
// Just the unit's suffix, for axis titles ("USD/Mtok", "%").
QString unitLabel(Unit unit);
// Shares are shown and edited as percentages.
inline double displayScale(Unit unit) {
    return unit == Unit::Share ? 100.0 : 1.0;
}

} // namespace tierlab::gui
