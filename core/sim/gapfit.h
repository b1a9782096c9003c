// SPDX-License-Identifier: MIT
// Fitting the lognormal mixture of gaps between requests (docs/model.md, "Capacity") by EM: on raw
// gaps in seconds, or on the log-binned histogram a workspace keeps of an imported data set
// (interval-censored EM: each bin contributes the moments of a truncated normal in log
// space, not its midpoint). The components feed CapacitySpec::gaps.
#pragma once

#include "scenario/jsonpath.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tierlab::core {

struct GapFitOptions {
    int components = 3;         // K, 1..8
    int maxIterations = 2000;   // EM iterations after the choice of start
    double tolerance = 1e-10;   // stop when the log-likelihood gains less than this per gap
    double minSigma = 0.05;     // floor on each component's sigma (log space): no collapse
    std::uint64_t minGaps = 20; // fewer gaps than this is an error
};

// A fitted mixture, or why there is none (`error` non-empty, `ok` false).
struct GapFit {
    bool ok = false;
    std::string error;
    // Sorted by median; weights sum to 1 (the last is 1 minus the others); medians in
    // minutes as the scenario's median_min; sigma of log gap.
    std::vector<GapComponent> components;
    // Natural log. Raw gaps: sum of log densities of the gaps in seconds. Histogram: sum over
    // bins of count x log(probability of the bin).
    double logLikelihood = 0;
    // Kolmogorov-Smirnov distance between the fitted and the empirical CDF: over every gap
    // for raw gaps, at the bin edges for a histogram. In [0, 1].
    double ksDistance = 0;
    std::uint64_t gaps = 0; // gaps fitted
    int iterations = 0;     // EM iterations, all starts included
    bool converged = false; // false: stopped at maxIterations
};

// Fits a K-component lognormal mixture by EM to gaps in seconds. Gaps must be finite and
// > 0 (a lognormal has no mass at 0), at least options.minGaps of them and not all equal;
// otherwise returns an error naming the first bad gap or the reason. Deterministic: starts
// from quantiles of the log gaps (three spreads, the best after a short run kept).
GapFit fitGapSamples(const std::vector<double>& gapsS, const GapFitOptions& options = {});

// Fits the mixture to a histogram of gaps: bin i covers [lowerEdgesS[i], lowerEdgesS[i+1])
// seconds and the last bin is open-ended; the first edge may be 0. Edges must be finite,
// >= 0 and strictly increasing, with one count per edge; at least options.minGaps gaps in at
// least two bins. Otherwise returns an error with the reason.
GapFit fitGapHistogram(const std::vector<double>& lowerEdgesS,
                       const std::vector<std::uint64_t>& counts, const GapFitOptions& options = {});

// CDF of a mixture at `gapS` seconds (0 for gapS <= 0). Components with sigma <= 0 or
// median <= 0 are skipped.
double mixtureCdf(const std::vector<GapComponent>& mixture, double gapS);

// KS distance of raw gaps (seconds) to a mixture: sup |F_n - F| over the sorted gaps. 1 when
// there are no gaps.
double ksDistance(const std::vector<GapComponent>& mixture, std::vector<double> gapsS);

// KS distance of a histogram to a mixture, at the bin edges (the only points where the
// empirical CDF is known). 1 when the histogram is empty; edges as in fitGapHistogram.
double ksDistance(const std::vector<GapComponent>& mixture, const std::vector<double>& lowerEdgesS,
                  const std::vector<std::uint64_t>& counts);

// The `capacity.gaps` array of a scenario: [{"weight", "median_min", "sigma"}, ...]. The last
// weight is 1 minus the others, so the reader's sum check (1e-9) holds.
Json gapsJson(const std::vector<GapComponent>& mixture);

} // namespace tierlab::core
