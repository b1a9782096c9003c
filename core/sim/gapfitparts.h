// SPDX-License-Identifier: MIT
// Internal to the gap fit: a mixture in log space and the EM driver shared by the raw and
// the binned fit. Not installed, not for callers outside core/sim.
#pragma once

#include "gapfit.h"

#include <functional>
#include <string>
#include <vector>

namespace tierlab::core::gapfit {

// One component of the mixture of log gaps: log gap ~ Normal(mu, sigma), mu = ln(seconds).
struct LogComponent {
    double weight = 0;
    double mu = 0;
    double sigma = 1;
};
using LogMixture = std::vector<LogComponent>;

// One EM iteration: returns the log-likelihood of `m` as given, then (if `update`) replaces
// `m` by the M-step's parameters.
using EmStep = std::function<double(LogMixture& m, bool update)>;

struct EmRun {
    LogMixture mixture;
    double logLikelihood = 0;
    int iterations = 0;
    bool converged = false;
};

// Starting mixtures from a quantile function of the log gaps (p in (0, 1) -> log seconds)
// and the standard deviation of the log gaps: K quantiles at three spreads, equal weights.
std::vector<LogMixture> startingMixtures(const std::function<double(double)>& quantile,
                                         double sdLog, const GapFitOptions& options);

// Runs every start for a few iterations, keeps the best and iterates it until the gain per
// gap falls under options.tolerance or options.maxIterations is reached.
EmRun runEm(const std::vector<LogMixture>& starts, const EmStep& step, double gaps,
            const GapFitOptions& options);

// Why options cannot be used (components outside 1..8, minSigma <= 0, tolerance < 0,
// maxIterations < 1); empty when they can.
std::string checkOptions(const GapFitOptions& options);

// The M-step from sufficient statistics of one component: total responsibility `n`, sums of
// responsibility x E[y] and x E[y^2]; keeps the old mu and sigma when n is negligible.
void updateComponent(LogComponent& c, double n, double sumY, double sumY2, double total,
                     double minSigma);

// A fit's result from an EM run: components sorted by median, medians in minutes, the last
// weight normalized.
GapFit finishFit(const EmRun& run, double gaps);

} // namespace tierlab::core::gapfit
