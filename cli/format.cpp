// SPDX-License-Identifier: MIT
#include "format.h"

#include <fmt/format.h>

#include <cmath>

namespace tierlab::cli {

namespace {
std::string grouped(double v, int decimals) {
    std::string digits = fmt::format("{:.{}f}", std::abs(v), decimals);
    const auto dot = digits.find('.');
    auto end = static_cast<long>(dot == std::string::npos ? digits.size() : dot);
    for (long i = end - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}
} // namespace

std::string usd(double v) {
    const std::string sign = v < 0 ? "-" : "";
    const double a = std::abs(v);
    if (a == 0 || a >= 1)
        return sign + "$" + grouped(a, 2);
    return sign + "$" + fmt::format("{:.4g}", a);
}

std::string percent(double v) {
    return fmt::format("{:.1f}%", v * 100);
}

std::string number(double v, int decimals) {
    return (v < 0 ? "-" : "") + grouped(v, decimals);
}

std::string sig(double v) {
    return fmt::format("{:.4g}", v);
}

std::string orDash(const std::optional<double>& v, std::string (*f)(double)) {
    return v ? f(*v) : "-";
}

} // namespace tierlab::cli
