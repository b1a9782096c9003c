// SPDX-License-Identifier: MIT
#include "format.h"

#include "report/reportcontent.h"

#include <fmt/format.h>

#include <cmath>

namespace tierlab::cli {

std::string usd(double v) {
    const std::string sign = v < 0 ? "-" : "";
    const double a = std::abs(v);
    if (a == 0 || a >= 1)
        return sign + "$" + core::groupThousands(a, 2);
    return sign + "$" + fmt::format("{:.4g}", a);
}

std::string percent(double v) {
    return fmt::format("{:.1f}%", v * 100);
}

std::string number(double v, int decimals) {
    return core::groupThousands(v, decimals);
}

std::string sig(double v) {
    return fmt::format("{:.4g}", v);
}

std::string orDash(const std::optional<double>& v, std::string (*f)(double)) {
    return v ? f(*v) : "-";
}

} // namespace tierlab::cli
