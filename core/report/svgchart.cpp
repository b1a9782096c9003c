// SPDX-License-Identifier: MIT
// Charts as SVG Tiny 1.2, drawn from a ReportChart: axes with round ticks, bars, lines,
// points, dashed breakeven markers and a legend. The HTML report inlines this SVG and the
// PDF report draws the same document with QSvgRenderer (one chart code path).
#include "report/reportrender.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace tierlab::core {

namespace {

constexpr std::array<const char*, 6> kPalette = {"#1f5fa8", "#d9822b", "#3a9a4f",
                                                 "#b8323a", "#7d5ba6", "#5b6770"};
constexpr const char* kFont = "DejaVu Sans";

const char* color(int i) {
    return kPalette[static_cast<std::size_t>(std::abs(i)) % kPalette.size()];
}

struct Range {
    double lo = 0, hi = 1;
    double step = 0.2;
};

// Round ticks (1, 2, 2.5, 5 x 10^k) covering [lo, hi] in about `target` steps.
Range niceRange(double lo, double hi, int target = 5) {
    if (!(hi > lo)) {
        hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.5);
        if (lo > 0)
            lo = 0;
    }
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag * 10;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step};
}

std::string tickLabel(double v, ReportUnit unit, double step) {
    if (std::abs(v) < step * 1e-6)
        v = 0;
    switch (unit) {
    case ReportUnit::Share: {
        const int decimals = step * 100 >= 1 ? 0 : step * 100 >= 0.1 ? 1 : 2;
        return fmt::format("{:.{}f}%", v * 100, decimals);
    }
    case ReportUnit::Usd: {
        if (v == 0)
            return "$0";
        const std::string sign = v < 0 ? "-" : "";
        const double a = std::abs(v);
        if (step >= 1000)
            return fmt::format("{}${:g}k", sign, a / 1000);
        if (step >= 1 && std::fmod(step, 1.0) == 0)
            return sign + formatReportNumber(a, ReportUnit::Count).insert(0, "$");
        const int decimals =
            std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
        return fmt::format("{}${:.{}f}", sign, a, decimals);
    }
    default:
        return fmt::format("{:g}", v);
    }
}

struct Frame {
    double left = 78, right = 0, top = 0, bottom = 0; // plot area in pixels
    Range x, y;
    double px(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * (right - left); }
    double py(double v) const { return bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top); }
};

std::string text(double x, double y, const std::string& s, const char* anchor = "start",
                 double size = 11, const char* fill = "#222222", const char* weight = "normal") {
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-family=\"{}\" font-size=\"{}\" "
                       "font-weight=\"{}\" fill=\"{}\" text-anchor=\"{}\">{}</text>\n",
                       x, y, kFont, size, weight, fill, anchor, escapeXml(s));
}

std::string line(double x1, double y1, double x2, double y2, const char* stroke, double width,
                 const char* dash = nullptr) {
    return fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
                       x1, y1, x2, y2, stroke, width,
                       dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : "");
}

std::string rect(double x, double y, double w, double h, const char* fill) {
    return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                       "fill=\"{}\"/>\n",
                       x, y, std::max(w, 0.0), std::max(h, 0.0), fill);
}

// Data extent of the chart: x from points and markers (or the categories), y from points.
void dataRanges(const ReportChart& c, Frame& f) {
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = 0, yhi = 0;
    for (const ReportSeries& s : c.series)
        for (const auto& [x, y] : s.points) {
            if (!std::isfinite(x) || !std::isfinite(y))
                continue;
            xlo = std::min(xlo, x), xhi = std::max(xhi, x);
            ylo = std::min(ylo, y), yhi = std::max(yhi, y);
        }
    for (const ReportMarker& m : c.markers)
        if (std::isfinite(m.x))
            xlo = std::min(xlo, m.x), xhi = std::max(xhi, m.x);
    if (!c.categories.empty()) {
        const double n = static_cast<double>(c.categories.size());
        f.x = {-0.5, n - 0.5, 1};
    } else {
        if (!std::isfinite(xlo))
            xlo = 0, xhi = 1;
        f.x = niceRange(std::min(0.0, xlo), xhi);
    }
    f.y = niceRange(ylo, yhi);
}

double barHalfWidth(const ReportChart& c, const ReportSeries& s, const Frame& f) {
    if (!c.categories.empty())
        return 0;
    double spacing = (f.x.hi - f.x.lo) / 40;
    if (s.points.size() > 1)
        spacing = s.points[1].first - s.points[0].first;
    return std::abs(f.px(spacing) - f.px(0)) / 2;
}

std::string axes(const ReportChart& c, const Frame& f) {
    std::string out;
    for (double v = f.y.lo; v <= f.y.hi + f.y.step * 1e-6; v += f.y.step) {
        const double y = f.py(v);
        out += line(f.left, y, f.right, y, std::abs(v) < f.y.step * 1e-6 ? "#555555" : "#dddddd",
                    std::abs(v) < f.y.step * 1e-6 ? 1 : 0.6);
        out += text(f.left - 6, y + 4, tickLabel(v, c.yUnit, f.y.step), "end", 10, "#444444");
    }
    if (!c.categories.empty()) {
        for (std::size_t i = 0; i < c.categories.size(); ++i)
            out += text(f.px(static_cast<double>(i)), f.bottom + 16, c.categories[i], "middle", 11);
    } else {
        for (double v = f.x.lo; v <= f.x.hi + f.x.step * 1e-6; v += f.x.step) {
            const double x = f.px(v);
            out += line(x, f.bottom, x, f.bottom + 4, "#555555", 1);
            out += text(x, f.bottom + 16, tickLabel(v, c.xUnit, f.x.step), "middle", 10, "#444444");
        }
    }
    out += line(f.left, f.bottom, f.right, f.bottom, "#555555", 1);
    out += line(f.left, f.top, f.left, f.bottom, "#555555", 1);
    if (!c.xLabel.empty())
        out += text((f.left + f.right) / 2, f.bottom + 34, c.xLabel, "middle", 11);
    if (!c.yLabel.empty())
        out += fmt::format("<text x=\"0\" y=\"0\" font-family=\"{}\" font-size=\"11\" "
                           "fill=\"#222222\" text-anchor=\"middle\" "
                           "transform=\"translate(14,{:.1f}) rotate(-90)\">{}</text>\n",
                           kFont, (f.top + f.bottom) / 2, escapeXml(c.yLabel));
    return out;
}

std::string series(const ReportChart& c, const Frame& f) {
    std::string out;
    std::size_t barSeries = 0, barIndex = 0;
    for (const ReportSeries& s : c.series)
        barSeries += s.style == ReportSeries::Style::Bars;
    const double group = 0.72; // share of a category the bars take
    for (const ReportSeries& s : c.series) {
        if (s.style == ReportSeries::Style::Bars) {
            const double half = barHalfWidth(c, s, f);
            for (const auto& [x, y] : s.points) {
                double x0 = f.px(x) - half, w = 2 * half;
                if (!c.categories.empty()) {
                    const double each = group / static_cast<double>(barSeries);
                    const double start = x - group / 2 + each * static_cast<double>(barIndex);
                    x0 = f.px(start) + 1;
                    w = f.px(start + each) - f.px(start) - 2;
                } else {
                    x0 += 0.5, w -= 1;
                }
                const double y0 = f.py(std::max(0.0, y)), y1 = f.py(std::min(0.0, y));
                out += rect(x0, y0, w, y1 - y0, color(s.color));
            }
            ++barIndex;
        } else if (s.style == ReportSeries::Style::Line && !s.points.empty()) {
            std::string pts;
            for (const auto& [x, y] : s.points)
                pts += fmt::format("{:.1f},{:.1f} ", f.px(x), f.py(y));
            out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
                               "stroke-width=\"2\"/>\n",
                               pts, color(s.color));
        } else {
            for (const auto& [x, y] : s.points)
                out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>\n",
                                   f.px(x), f.py(y), color(s.color));
        }
    }
    return out;
}

std::string markers(const ReportChart& c, const Frame& f) {
    std::string out;
    for (std::size_t k = 0; k < c.markers.size(); ++k) {
        const ReportMarker& m = c.markers[k];
        if (!std::isfinite(m.x) || m.x < f.x.lo || m.x > f.x.hi)
            continue;
        const double x = f.px(m.x);
        out += line(x, f.top, x, f.bottom, color(m.color), 1.5, "5,3");
        const bool right = x > (f.left + f.right) / 2;
        out += text(right ? x - 4 : x + 4, f.top + 12 + 14 * static_cast<double>(k), m.label,
                    right ? "end" : "start", 10, color(m.color));
    }
    return out;
}

std::string legend(const ReportChart& c, double y, double width) {
    std::string out;
    double x = 78;
    for (const ReportSeries& s : c.series) {
        if (!s.inLegend)
            continue;
        if (s.style == ReportSeries::Style::Line)
            out += line(x, y - 4, x + 18, y - 4, color(s.color), 2.5);
        else
            out += rect(x + 3, y - 10, 12, 12, color(s.color));
        out += text(x + 24, y, s.name, "start", 11);
        x += 24 + 7.0 * static_cast<double>(s.name.size()) + 20;
        if (x > width - 60)
            break;
    }
    return out;
}

} // namespace

std::string chartToSvg(const ReportChart& c, double width, double height) {
    Frame f;
    f.right = width - 20;
    f.top = 52;
    f.bottom = height - (c.xLabel.empty() ? 30 : 48);
    dataRanges(c, f);
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny\" "
        "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n",
        width, height);
    out += "<title>" + escapeXml(c.title) + "</title>\n";
    out += rect(0, 0, width, height, "#ffffff");
    out += text(78, 20, c.title, "start", 13, "#111111", "bold");
    out += legend(c, 40, width);
    out += axes(c, f);
    out += series(c, f);
    out += markers(c, f);
    return out + "</svg>\n";
}

std::string escapeXml(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

} // namespace tierlab::core
