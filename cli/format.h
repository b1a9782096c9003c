// SPDX-License-Identifier: MIT
// How the command line shows numbers: money, shares, counts.
#pragma once

#include <optional>
#include <string>

namespace tierlab::cli {

// USD: cents with thousands separators from $1 up ("$24,772.71"), four significant digits
// below ("$0.01461"), "-$5.00" for negatives.
std::string usd(double v);
// A share as a percentage with one decimal: 0.2345 -> "23.5%".
std::string percent(double v);
// A plain number with thousands separators and `decimals` decimals.
std::string number(double v, int decimals = 0);
// Four significant digits, for rates and ratios.
std::string sig(double v);
// "-" for a missing value.
std::string orDash(const std::optional<double>& v, std::string (*f)(double));

} // namespace tierlab::cli
