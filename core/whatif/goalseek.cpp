// SPDX-License-Identifier: MIT
#include "goalseek.h"

#include "probe.h"
#include "scenario/fieldreader.h"

#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tierlab::core {

namespace {

constexpr int kLinearSamples = 64;
constexpr double kDecades = 6; // unbounded side: search 1e-6 .. 1e6 x the scale
constexpr int kSamplesPerDecade = 4;
constexpr std::uintmax_t kMaxIterations = 200;

// An open bound nudged just inside the range.
double inside(double bound, bool open, double towards) {
    if (!open)
        return bound;
    const double step = std::max(std::abs(bound), 1.0) * 1e-9;
    return bound + (towards > bound ? step : -step);
}

// Points to evaluate: the current value and a grid over the valid range.
std::vector<double> samplePoints(const InputField& in, double& lo, double& hi) {
    const Range& r = in.range;
    const double scale = std::max(std::abs(in.value), 1.0);
    lo = std::isfinite(r.min) ? inside(r.min, r.minOpen, in.value) : in.value - scale * 1e6;
    hi = std::isfinite(r.max) ? inside(r.max, r.maxOpen, in.value) : in.value + scale * 1e6;
    std::vector<double> xs{in.value};
    if (std::isfinite(r.min) && std::isfinite(r.max)) {
        for (int k = 0; k <= kLinearSamples; ++k)
            xs.push_back(lo + (hi - lo) * k / kLinearSamples);
    } else {
        // Logarithmic offsets from the finite end (or from the value when both are open).
        const double anchor = std::isfinite(r.min) ? lo : std::isfinite(r.max) ? hi : in.value;
        const double dir = std::isfinite(r.min) ? 1.0 : -1.0;
        for (int k = 0; k <= 2 * kDecades * kSamplesPerDecade; ++k) {
            const double offset = scale * std::pow(10.0, -kDecades + double(k) / kSamplesPerDecade);
            xs.push_back(anchor + dir * offset);
            if (!std::isfinite(r.min) && !std::isfinite(r.max))
                xs.push_back(anchor + offset);
        }
        xs.push_back(anchor);
    }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    std::erase_if(xs, [&](double x) { return !r.contains(x) || x < lo || x > hi; });
    lo = xs.empty() ? lo : xs.front();
    hi = xs.empty() ? hi : xs.back();
    return xs;
}

struct Sample {
    double x;
    double y; // result - target
};

} // namespace

GoalSeekResult goalSeek(const Json& doc, const GoalSeekRequest& request, const UsageData* usage) {
    GoalSeekResult out;
    Probe probe(doc, usage);
    auto in = probe.input(request.inputPath, out.error);
    if (!in)
        return out;
    out.input = in->canonical;
    out.originalValue = in->value;
    if (in->range.integer) {
        out.error = in->canonical + " takes whole numbers only; goal seek needs a continuous input";
        return out;
    }
    if (!probe.baseResult(request.resultPath, out.error))
        return out;
    std::vector<Sample> samples;
    out.reachableMin = std::numeric_limits<double>::infinity();
    out.reachableMax = -out.reachableMin;
    for (double x : samplePoints(*in, out.searchedMin, out.searchedMax)) {
        std::string why;
        if (auto y = probe.resultAt(in->canonical, x, request.resultPath, why)) {
            samples.push_back({x, *y - request.target});
            out.reachableMin = std::min(out.reachableMin, *y);
            out.reachableMax = std::max(out.reachableMax, *y);
        }
    }
    // The sign change nearest the current value; an exact hit counts as one.
    std::optional<std::pair<Sample, Sample>> bracket;
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k + 1 < samples.size(); ++k) {
        const Sample& a = samples[k];
        const Sample& b = samples[k + 1];
        if ((a.y <= 0 && b.y >= 0) || (a.y >= 0 && b.y <= 0)) {
            const double distance = std::min(std::abs(a.x - in->value), std::abs(b.x - in->value));
            if (distance < nearest) {
                nearest = distance;
                bracket = {a, b};
            }
        }
    }
    if (!bracket) {
        out.evaluations = probe.evaluations();
        out.error = "target " + formatNumber(request.target) + " for " + request.resultPath +
                    " is not reachable by varying " + in->canonical + " within [" +
                    formatNumber(out.searchedMin) + ", " + formatNumber(out.searchedMax) +
                    "]; reachable results: " +
                    (samples.empty() ? std::string("none (every value was invalid)")
                                     : "[" + formatNumber(out.reachableMin) + ", " +
                                           formatNumber(out.reachableMax) + "]");
        return out;
    }
    auto [a, b] = *bracket;
    double solved = a.y == 0 ? a.x : b.x;
    if (a.y != 0 && b.y != 0) {
        std::string why;
        const auto f = [&](double x) {
            auto y = probe.resultAt(in->canonical, x, request.resultPath, why);
            if (!y)
                throw std::domain_error(why);
            return *y - request.target;
        };
        std::uintmax_t iterations = kMaxIterations;
        try {
            const auto root = boost::math::tools::toms748_solve(
                f, a.x, b.x, a.y, b.y, boost::math::tools::eps_tolerance<double>(52), iterations);
            solved = std::abs(f(root.first)) <= std::abs(f(root.second)) ? root.first : root.second;
        } catch (const std::exception& e) {
            out.error = "goal seek failed inside [" + formatNumber(a.x) + ", " + formatNumber(b.x) +
                        "]: " + e.what();
            return out;
        }
    }
    out.solvedValue = solved;
    out.achievedResult = *probe.resultAt(in->canonical, solved, request.resultPath, out.error);
    out.solvedDocument = probe.document();
    *lookupPath(out.solvedDocument, in->canonical).node = solved;
    out.evaluations = probe.evaluations();
    out.ok = true;
    return out;
}

} // namespace tierlab::core
