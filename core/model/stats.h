// SPDX-License-Identifier: MIT
// Descriptive statistics of a population of subscribers (model.md section 4).
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

} // namespace tierlab::core
