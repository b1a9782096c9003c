// SPDX-License-Identifier: MIT
// Descriptive statistics of a population of subscribers (docs/model.md, "Tiers: revenue, cost
// and margin").
#pragma once

#include <utility>
#include <vector>

namespace tierlab::core {

// Quantile p (0 <= p <= 1) of ascending-sorted values by linear interpolation between order
// statistics (Hyndman & Fan type 7, numpy's default). 0 for an empty input.
double quantileSorted(const std::vector<double>& sorted, double p);

// Gini coefficient of non-negative, ascending-sorted values:
// G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n, i = 1..n. 0 when the sum is 0.
double giniSorted(const std::vector<double>& sorted);

// Share of the total held by the largest ceil(share x n) values of an ascending-sorted
// input (the top 1 % is at least one subscriber). 0 when the total is 0.
double topShareSorted(const std::vector<double>& sorted, double share);

// Lorenz curve of ascending-sorted values at `points` evenly spaced population shares
// (0, 1/(points-1), ..., 1): pairs (population share, cumulative share of the total).
std::vector<std::pair<double, double>> lorenzSorted(const std::vector<double>& sorted, int points);

// The same over weighted values (a subscriber standing for w of its kind: a sample's
// 1 / rate, a price response's share kept), ascending-sorted by value, weights > 0. Each
// reduces exactly to its unweighted form when every weight is equal (tests check it):
// - quantile: values sit at positions x_i = (S_i + w_i/2 - w_0/2) / (W - w_0/2 - w_last/2),
//   S_i the weight before i and W the total, interpolated linearly in p;
// - Gini: 2 sum w_i x_i (P_i - w_i/2) / (W sum w_i x_i) - 1, P_i the weight up to i;
// - top share: the largest values making up ceil(share x n) x W / n of weight (the last in
//   part);
// - Lorenz: cumulative weight against cumulative w x, interpolated within a subscriber.
struct Weighted {
    double value = 0, weight = 1;
};
double weightedQuantileSorted(const std::vector<Weighted>& sorted, double p);
double weightedGiniSorted(const std::vector<Weighted>& sorted);
double weightedTopShareSorted(const std::vector<Weighted>& sorted, double share);
std::vector<std::pair<double, double>> weightedLorenzSorted(const std::vector<Weighted>& sorted,
                                                            int points);

} // namespace tierlab::core
