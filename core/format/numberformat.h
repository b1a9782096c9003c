// SPDX-License-Identifier: MIT
// How TierLab shows a number to a person: the one set of rules behind the app's tables and
// labels, the command line's tables and the report's text (docs/cli.md, "How numbers are
// shown"). Machine outputs (JSON, CSV, XLSX number cells, chart CSV) never come through here:
// they write the double itself, at full precision.
#pragma once

#include <string>

namespace tierlab::core {

// What a number measures; decides its digits and its suffix.
enum class NumberUnit {
    Plain,       // 4 significant digits below 1,000 (0.2869, 1.8); whole and grouped above
    Usd,         // $1,234.56; below $1, 3 significant digits ($0.30, $0.0135, $0.00412)
    UsdPerMonth, // $20.00/month
    UsdPerMtok,  // $3.00/Mtok
    UsdPerHour,  // $35.12/hour
    Share,       // a share 0..1, shown as a percentage: 0.123 -> 12.3 %
    Percent,     // a value already in percent (chart axes drawn in %): 12.3 -> 12.3 %
    Count,       // a whole number, grouped: 1,234
    Tokens,      // 1,234 tokens, 12.3k tokens, 1.2M tokens
    Requests,    // as Tokens: 1.2M requests
    Seconds,     // as Plain: 1.8 s
};

// What a number that is not finite (NaN, infinity) shows as, whatever its unit.
inline constexpr const char* kNoValue = "—"; // U+2014 EM DASH

// A number as TierLab shows it (the rules are in the comments of NumberUnit and in
// docs/cli.md). Rounding is decimal, half away from zero, on the shortest text that reads
// back as the same double: 0.125 shows as 0.13 and 999.995 as $1,000.00, as a person reading
// the input would round them. No minus sign when the shown value is zero.
std::string formatNumber(double value, NumberUnit unit);

// Just the unit's name, for axis titles and column headers ("USD/Mtok", "%"); "" for Plain.
std::string numberUnitLabel(NumberUnit unit);

// `value` with `decimals` decimals (0 to 17) and a comma every three digits: "-1,234.50".
std::string formatGrouped(double value, int decimals);

} // namespace tierlab::core
