// SPDX-License-Identifier: MIT
#include "format/numberformat.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

namespace tierlab::core {

namespace {

// A non-negative number as decimal digits: value = digits x 10^exponent. Taken from the
// shortest text that reads back as the same double, so that 0.995 is rounded as 0.995 and not
// as the 0.99499999... the double holds: rounding the binary value would show a typed 0.995
// as $0.99.
struct Digits {
    std::string digits = "0"; // no leading zeros
    int exponent = 0;
};

Digits decompose(double a) {
    if (a == 0)
        return {};
    char buffer[40];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, a, std::chars_format::scientific).ptr;
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer)); // "1.2345e-05"
    const std::size_t e = text.find('e');
    Digits d;
    d.digits.clear();
    for (const char c : text.substr(0, e))
        if (c != '.')
            d.digits += c;
    int power = 0;
    const std::string_view exp = text.substr(e + 1);
    std::from_chars(exp.data() + (exp.front() == '+' ? 1 : 0), exp.data() + exp.size(), power);
    d.exponent = power - static_cast<int>(d.digits.size()) + 1;
    return d;
}

// The power of ten of the leading digit: the value lies in [10^p, 10^(p+1)); 0 for zero.
int leadingPower(const Digits& d) {
    return d.digits == "0" ? 0 : d.exponent + static_cast<int>(d.digits.size()) - 1;
}

Digits shifted(Digits d, int powers) {
    if (d.digits != "0")
        d.exponent += powers;
    return d;
}

// The value with `decimals` decimals, rounded half away from zero: "1234.50", "0.0041".
std::string fixed(const Digits& d, int decimals) {
    std::string n; // round(value x 10^decimals) as digits
    const int k = d.exponent + decimals;
    if (d.digits == "0") {
        n = "0";
    } else if (k >= 0) {
        n = d.digits + std::string(static_cast<std::size_t>(k), '0');
    } else {
        const auto drop = static_cast<std::size_t>(-k);
        const std::size_t size = d.digits.size();
        n = drop >= size ? "0" : d.digits.substr(0, size - drop);
        if (drop <= size && d.digits[size - drop] >= '5') {
            std::size_t i = n.size();
            while (i > 0 && n[i - 1] == '9')
                n[--i] = '0';
            if (i == 0)
                n.insert(0, "1");
            else
                ++n[i - 1];
        }
        n.erase(0, std::min(n.find_first_not_of('0'), n.size() - 1));
    }
    if (decimals <= 0)
        return n;
    const auto places = static_cast<std::size_t>(decimals);
    if (n.size() <= places)
        n.insert(0, places - n.size() + 1, '0');
    n.insert(n.size() - places, ".");
    return n;
}

// Drops trailing zeros past `keep` decimals (and the point when none are left).
std::string dropZeros(std::string text, std::size_t keep) {
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos)
        return text;
    while (text.size() > dot + 1 + keep && text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

// A comma every three digits of the integer part.
std::string grouped(std::string text) {
    const std::size_t dot = std::min(text.find('.'), text.size());
    for (std::size_t i = dot; i > 3; i -= 3)
        text.insert(i - 3, ",");
    return text;
}

std::size_t integerDigits(const std::string& text) {
    return std::min(text.find('.'), text.size());
}

bool shownAsZero(const std::string& text) {
    return text.find_first_not_of("0.,") == std::string::npos;
}

std::string sign(double v, const std::string& text) {
    return v < 0 && !shownAsZero(text) ? "-" : "";
}

// Cents from a dollar up; below, four significant digits, because most such amounts are
// prices of one request or of a million tokens ($0.0135, $0.075), where cents would hide
// the figure, and an analyst checks them by hand: 2,000 input tokens at $0.25 and 500
// output at $1.25 a million are $0.001125, which three digits would show as $0.00113.
// Zeros past the cents are dropped ($0.30, not $0.3000).
std::string money(double v) {
    const Digits d = decompose(std::abs(v));
    std::string text;
    if (std::abs(v) < 1) {
        text = fixed(d, std::clamp(3 - leadingPower(d), 2, 9));
        text = text.front() == '0' ? dropZeros(std::move(text), 2) : std::string(); // $0.9995
    }
    if (text.empty())
        text = grouped(fixed(d, 2));
    return sign(v, text) + "$" + text;
}

// One decimal; below 0.1 %, two significant digits (0.04 %, 0.012 %, at most five decimals),
// so that a rare event does not read as none.
std::string percent(double v, const Digits& p) {
    std::string text;
    if (p.digits != "0" && leadingPower(p) < -1)
        text = dropZeros(fixed(p, std::min(1 - leadingPower(p), 5)), 1);
    else
        text = grouped(fixed(p, 1));
    return sign(v, text) + text + " %";
}

// Four significant digits below 1,000; whole and grouped from 1,000 up; below 0.0001 in
// scientific notation rather than a row of zeros.
std::string plain(double v) {
    const double a = std::abs(v);
    if (a != 0 && a < 1e-4)
        return fmt::format("{:.4g}", v);
    const Digits d = decompose(a);
    std::string text;
    if (a < 1000) {
        text = fixed(d, 3 - leadingPower(d));
        text = integerDigits(text) < 4 ? dropZeros(std::move(text), 0) : std::string(); // 999.95
    }
    if (text.empty())
        text = grouped(fixed(d, 0));
    return sign(v, text) + text;
}

std::string count(double v) {
    const std::string text = grouped(fixed(decompose(std::abs(v)), 0));
    return sign(v, text) + text;
}

// Whole below 10,000; then three significant digits with k, M, B or T.
std::string compact(double v) {
    const double a = std::abs(v);
    if (a < 1e4)
        return count(v);
    const Digits d = decompose(a);
    static const char* const kSuffixes[] = {"k", "M", "B", "T"};
    int scale = std::min(leadingPower(d) / 3 - 1, 3);
    std::string text;
    for (;; ++scale) {
        const Digits s = shifted(d, -3 * (scale + 1));
        text = fixed(s, std::max(0, 2 - leadingPower(s)));
        if (integerDigits(text) < 4 || scale == 3) // 999,950 is 1M, not 1000k
            break;
    }
    text = grouped(dropZeros(std::move(text), 0));
    return sign(v, text) + text + kSuffixes[scale];
}

} // namespace

std::string formatNumber(double value, NumberUnit unit) {
    if (!std::isfinite(value))
        return kNoValue;
    switch (unit) {
    case NumberUnit::Plain:
        return plain(value);
    case NumberUnit::Usd:
        return money(value);
    case NumberUnit::UsdPerMonth:
        return money(value) + "/month";
    case NumberUnit::UsdPerMtok:
        return money(value) + "/Mtok";
    case NumberUnit::UsdPerHour:
        return money(value) + "/hour";
    case NumberUnit::Share:
        // Times 100 on the decimal digits: 0.00995 is 0.995 %, exactly.
        return percent(value, shifted(decompose(std::abs(value)), 2));
    case NumberUnit::Percent:
        return percent(value, decompose(std::abs(value)));
    case NumberUnit::Count:
        return count(value);
    case NumberUnit::Tokens:
        return compact(value) + " tokens";
    case NumberUnit::Requests:
        return compact(value) + " requests";
    case NumberUnit::Seconds:
        return plain(value) + " s";
    }
    return plain(value);
}

std::string numberUnitLabel(NumberUnit unit) {
    switch (unit) {
    case NumberUnit::Plain:
        return {};
    case NumberUnit::Usd:
        return "USD";
    case NumberUnit::UsdPerMonth:
        return "USD/month";
    case NumberUnit::UsdPerMtok:
        return "USD/Mtok";
    case NumberUnit::UsdPerHour:
        return "USD/hour";
    case NumberUnit::Share:
    case NumberUnit::Percent:
        return "%";
    case NumberUnit::Count:
        return "count";
    case NumberUnit::Tokens:
        return "tokens";
    case NumberUnit::Requests:
        return "requests";
    case NumberUnit::Seconds:
        return "s";
    }
    return {};
}

std::string formatGrouped(double value, int decimals) {
    if (!std::isfinite(value))
        return kNoValue;
    const std::string text =
        grouped(fixed(decompose(std::abs(value)), std::clamp(decimals, 0, 17)));
    return sign(value, text) + text;
}

} // namespace tierlab::core
