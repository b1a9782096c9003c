// SPDX-License-Identifier: MIT
#include "report/reportcontent.h"

#include <fmt/format.h>

#include <cmath>

namespace tierlab::core {

std::string groupThousands(double v, int decimals) {
    std::string digits = fmt::format("{:.{}f}", std::abs(v), decimals);
    const auto dot = digits.find('.');
    auto end = static_cast<long>(dot == std::string::npos ? digits.size() : dot);
    for (long i = end - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 && digits.find_first_not_of("0.,") != std::string::npos ? "-" : "") + digits;
}

std::string formatReportNumber(double value, ReportUnit unit) {
    if (!std::isfinite(value))
        return value > 0 ? "inf" : value < 0 ? "-inf" : "-";
    switch (unit) {
    case ReportUnit::Usd: {
        const double a = std::abs(value);
        const std::string sign = value < 0 ? "-" : "";
        if (a == 0 || a >= 1)
            return sign + "$" + groupThousands(a, 2);
        // Below a dollar: four significant digits, but never fewer than cents ($0.30).
        std::string digits = fmt::format("{:.4g}", a);
        if (digits.find('e') == std::string::npos) {
            const std::size_t dot = digits.find('.');
            const std::size_t decimals = dot == std::string::npos ? 0 : digits.size() - dot - 1;
            if (dot == std::string::npos)
                digits += '.';
            digits.append(decimals < 2 ? 2 - decimals : 0, '0');
        }
        return sign + "$" + digits;
    }
    case ReportUnit::Share:
        return fmt::format("{:.1f}%", value * 100);
    case ReportUnit::Count:
        return groupThousands(value, 0);
    case ReportUnit::Number:
    case ReportUnit::Text:
        break;
    }
    if (std::abs(value) >= 1000)
        return groupThousands(value, std::abs(value - std::round(value)) < 1e-9 ? 0 : 2);
    return fmt::format("{:.6g}", value);
}

ReportCell ReportCell::number(double value, ReportUnit unit) {
    return {formatReportNumber(value, unit), value, unit};
}

} // namespace tierlab::core
