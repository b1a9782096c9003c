// SPDX-License-Identifier: MIT
// How the command line shows numbers: thin names over core's one formatter
// (core/format/numberformat.h), so that the tables read like the app and the report.
#pragma once

#include <optional>
#include <string>

namespace tierlab::cli {

// USD: cents with thousands separators from $1 up ("$24,772.71"), four significant digits
// below ("$0.01461", "$0.30"), "-$5.00" for negatives.
std::string usd(double v);
// A share as a percentage with one decimal: 0.2345 -> "23.5 %" (below 0.1 %, two
// significant digits: "0.04 %").
std::string percent(double v);
// A number with thousands separators and `decimals` decimals.
std::string number(double v, int decimals = 0);
// A plain number, for rates and ratios: four significant digits below 1,000 ("0.2869"),
// whole and grouped above ("76,132").
std::string sig(double v);
// "-" for a missing value.
std::string orDash(const std::optional<double>& v, std::string (*f)(double));

} // namespace tierlab::cli
