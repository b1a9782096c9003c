// SPDX-License-Identifier: MIT
#include "stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace tierlab::core {

double quantileSorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double giniSorted(const std::vector<double>& sorted) {
    const double n = static_cast<double>(sorted.size());
    const double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    if (sum <= 0)
        return 0;
    double weighted = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i)
        weighted += static_cast<double>(i + 1) * sorted[i];
    return 2.0 * weighted / (n * sum) - (n + 1.0) / n;
}

double topShareSorted(const std::vector<double>& sorted, double share) {
    const double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    if (sum <= 0)
        return 0;
    const auto count = static_cast<std::ptrdiff_t>(
        std::min<double>(std::ceil(share * static_cast<double>(sorted.size())), sorted.size()));
    return std::accumulate(sorted.end() - count, sorted.end(), 0.0) / sum;
}

std::vector<std::pair<double, double>> lorenzSorted(const std::vector<double>& sorted, int points) {
    std::vector<std::pair<double, double>> curve;
    const double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    const double n = static_cast<double>(sorted.size());
    std::vector<double> cumulative(sorted.size() + 1, 0.0);
    std::partial_sum(sorted.begin(), sorted.end(), cumulative.begin() + 1);
    for (int k = 0; k < points; ++k) {
        const double x = static_cast<double>(k) / (points - 1);
        // Interpolate the cumulative sum between whole subscribers.
        const double pos = x * n;
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const std::size_t hi = std::min(lo + 1, sorted.size());
        const double c = cumulative[lo] + (pos - lo) * (cumulative[hi] - cumulative[lo]);
        curve.emplace_back(x, sum > 0 ? c / sum : x);
    }
    return curve;
}

} // namespace tierlab::core
