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

namespace {
double totalWeight(const std::vector<Weighted>& v) {
    double w = 0;
    for (const Weighted& x : v)
        w += x.weight;
    return w;
}
} // namespace

double weightedQuantileSorted(const std::vector<Weighted>& sorted, double p) {
    if (sorted.empty())
        return 0;
    if (sorted.size() == 1)
        return sorted[0].value;
    const double span =
        totalWeight(sorted) - sorted.front().weight / 2 - sorted.back().weight / 2;
    double before = 0, previousX = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const double x = (before + sorted[i].weight / 2 - sorted[0].weight / 2) / span;
        if (i > 0 && p <= x) {
            const double t = x > previousX ? (p - previousX) / (x - previousX) : 1;
            return sorted[i - 1].value + t * (sorted[i].value - sorted[i - 1].value);
        }
        previousX = x;
        before += sorted[i].weight;
    }
    return sorted.back().value;
}

double weightedGiniSorted(const std::vector<Weighted>& sorted) {
    const double total = totalWeight(sorted);
    double sum = 0, weighted = 0, upTo = 0;
    for (const Weighted& x : sorted) {
        upTo += x.weight;
        sum += x.weight * x.value;
        weighted += x.weight * x.value * (upTo - x.weight / 2);
    }
    if (sum <= 0 || total <= 0)
        return 0;
    return 2.0 * weighted / (total * sum) - 1.0;
}

double weightedTopShareSorted(const std::vector<Weighted>& sorted, double share) {
    double sum = 0;
    for (const Weighted& x : sorted)
        sum += x.weight * x.value;
    if (sum <= 0)
        return 0;
    // ceil(share x n) average subscribers' weight, the last one taken in part.
    const double mean = totalWeight(sorted) / static_cast<double>(sorted.size());
    const double want =
        std::min(std::ceil(share * static_cast<double>(sorted.size())), double(sorted.size())) *
        mean;
    double weight = 0, top = 0;
    for (auto it = sorted.rbegin(); it != sorted.rend() && weight < want * (1 - 1e-12); ++it) {
        const double take = std::min(it->weight, want - weight);
        weight += take;
        top += take * it->value;
    }
    return top / sum;
}

std::vector<std::pair<double, double>> weightedLorenzSorted(const std::vector<Weighted>& sorted,
                                                            int points) {
    std::vector<std::pair<double, double>> curve;
    const double total = totalWeight(sorted);
    std::vector<double> weightUpTo(sorted.size() + 1, 0.0), valueUpTo(sorted.size() + 1, 0.0);
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        weightUpTo[i + 1] = weightUpTo[i] + sorted[i].weight;
        valueUpTo[i + 1] = valueUpTo[i] + sorted[i].weight * sorted[i].value;
    }
    const double sum = valueUpTo.back();
    std::size_t i = 0;
    for (int k = 0; k < points; ++k) {
        const double x = static_cast<double>(k) / (points - 1);
        const double pos = x * total;
        while (i + 1 < sorted.size() && weightUpTo[i + 1] < pos)
            ++i;
        double c = 0;
        if (!sorted.empty()) {
            const double w = sorted[i].weight;
            const double t = w > 0 ? std::clamp((pos - weightUpTo[i]) / w, 0.0, 1.0) : 1.0;
            c = valueUpTo[i] + t * (valueUpTo[i + 1] - valueUpTo[i]);
        }
        curve.emplace_back(x, sum > 0 ? c / sum : x);
    }
    return curve;
}

} // namespace tierlab::core
