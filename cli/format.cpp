// SPDX-License-Identifier: MIT
#include "format.h"

#include "format/numberformat.h"

namespace tierlab::cli {

std::string usd(double v) {
    return core::formatNumber(v, core::NumberUnit::Usd);
}

std::string percent(double v) {
    return core::formatNumber(v, core::NumberUnit::Share);
}

std::string number(double v, int decimals) {
    return core::formatGrouped(v, decimals);
}

std::string sig(double v) {
    return core::formatNumber(v, core::NumberUnit::Plain);
}

std::string orDash(const std::optional<double>& v, std::string (*f)(double)) {
    return v ? f(*v) : "-";
}

} // namespace tierlab::cli
