// SPDX-License-Identifier: MIT
// EM for a lognormal mixture on raw gaps, and what the raw and binned fits share: starts,
// the EM driver, the M-step, the CDF, the KS distance and the scenario JSON.
#include "gapfit.h"

#include "gapfitparts.h"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <utility>

namespace tierlab::core {

namespace gapfit {

namespace {

// Iterations each start gets before the best is chosen: enough for EM to settle which
// component takes which part of the data, cheap next to the full run.
constexpr int kProbeIterations = 30;

// Quantile levels of the three starts (K = 3: 1/6, 1/2, 5/6; 0.5, 0.95, 0.995; evenly spaced
// in log from the 2nd to the 98th percentile). The second reaches for a far, light
// component (between-session gaps) that equal quantiles put inside the bulk.
std::vector<double> startLevels(int start, int K, const std::function<double(double)>& q) {
    std::vector<double> mus;
    for (int i = 0; i < K; ++i) {
        const double t = K == 1 ? 0.5 : double(i) / double(K - 1);
        if (start == 0)
            mus.push_back(q((i + 0.5) / K));
        else if (start == 1)
            mus.push_back(q(K == 1 ? 0.5 : 1.0 - 0.5 * std::pow(10.0, -2.0 * t)));
        else
            mus.push_back(q(0.02) + t * (q(0.98) - q(0.02)));
    }
    return mus;
}

} // namespace

std::vector<LogMixture> startingMixtures(const std::function<double(double)>& quantile,
                                         double sdLog, const GapFitOptions& options) {
    const int K = options.components;
    std::vector<LogMixture> starts;
    for (int start = 0; start < 3; ++start) {
        const std::vector<double> mus = startLevels(start, K, quantile);
        LogMixture m;
        for (int i = 0; i < K; ++i) {
            // A small offset keeps components apart when quantiles coincide (many equal gaps):
            // identical components stay identical under EM.
            const double offset = (i - 0.5 * (K - 1)) * 0.01 * std::max(sdLog, options.minSigma);
            m.push_back(
                {1.0 / K, mus[std::size_t(i)] + offset, std::max(sdLog / K, options.minSigma)});
        }
        starts.push_back(std::move(m));
    }
    return starts;
}

namespace {

// A mixture as one vector for extrapolation: weights, means, log sigmas (so that any
// extrapolated sigma stays positive).
std::vector<double> flatten(const LogMixture& m) {
    std::vector<double> v;
    for (const LogComponent& c : m)
        v.insert(v.end(), {c.weight, c.mu, std::log(c.sigma)});
    return v;
}

// Back from flatten(); nullopt when a weight leaves [0, 1] (the step is then not taken).
std::optional<LogMixture> unflatten(const std::vector<double>& v, double minSigma) {
    LogMixture m;
    for (std::size_t i = 0; i + 2 < v.size(); i += 3) {
        if (!(v[i] >= 0 && v[i] <= 1) || !std::isfinite(v[i + 1]) || !std::isfinite(v[i + 2]))
            return std::nullopt;
        m.push_back({v[i], v[i + 1], std::max(std::exp(v[i + 2]), minSigma)});
    }
    return m;
}

// The SQUAREM point t0 - 2 alpha r + alpha^2 v, with r = t1 - t0 and v = t2 - 2 t1 + t0
// the first and second differences of two EM steps; alpha = -1 gives t2.
std::vector<double> extrapolate(const std::vector<double>& t0, const std::vector<double>& t1,
                                const std::vector<double>& t2, double alpha) {
    std::vector<double> t(t0.size());
    for (std::size_t i = 0; i < t0.size(); ++i) {
        const double r = t1[i] - t0[i], v = t2[i] - 2 * t1[i] + t0[i];
        t[i] = t0[i] - 2 * alpha * r + alpha * alpha * v;
    }
    return t;
}

// |r|^2 and |v|^2 of extrapolate().
std::pair<double, double> squaredLengths(const std::vector<double>& t0,
                                         const std::vector<double>& t1,
                                         const std::vector<double>& t2) {
    double rr = 0, vv = 0;
    for (std::size_t i = 0; i < t0.size(); ++i) {
        const double r = t1[i] - t0[i], v = t2[i] - 2 * t1[i] + t0[i];
        rr += r * r;
        vv += v * v;
    }
    return {rr, vv};
}

// One SQUAREM cycle (Varadhan & Roland, "Simple and globally convergent methods for
// accelerating the convergence of any EM algorithm", Scand. J. Statist. 35, 2008, scheme
// S3): two EM steps, an extrapolation along them, and an EM step from there. Overlapping
// components (1 and 4 minutes) make plain EM creep along a ridge for about 1,600 steps where
// this takes about 300 (tst_gapfit's mixture). Falls back to the plain EM steps when the
// extrapolation loses likelihood, so the likelihood never falls. Returns the log-likelihood
// of `m` as given; counts steps.
double squaremCycle(LogMixture& m, const EmStep& step, double minSigma, int& steps) {
    const LogMixture m0 = m;
    LogMixture m1 = m0;
    const double ll0 = step(m1, true);
    LogMixture m2 = m1;
    step(m2, true);
    steps += 2;
    const std::vector<double> t0 = flatten(m0), t1 = flatten(m1), t2 = flatten(m2);
    m = m2;
    const auto [rr, vv] = squaredLengths(t0, t1, t2);
    if (!(vv > 0))
        return ll0;
    // Backtracking (the paper's step-length control): halve the distance to the plain EM
    // point (alpha = -1) while the jump leaves the parameter space (free) or loses
    // likelihood (one EM step each, at most 4).
    int tries = 0;
    for (double alpha = std::min(-1.0, -std::sqrt(rr / vv)); alpha < -1.01 && tries < 4;
         alpha = (alpha - 1) / 2) {
        auto jumped = unflatten(extrapolate(t0, t1, t2, alpha), minSigma);
        if (!jumped)
            continue;
        const double ll = step(*jumped, true);
        ++steps;
        ++tries;
        if (ll >= ll0) {
            m = *jumped;
            break;
        }
    }
    return ll0;
}

} // namespace

EmRun runEm(const std::vector<LogMixture>& starts, const EmStep& step, double gaps,
            const GapFitOptions& options) {
    EmRun best;
    best.logLikelihood = -std::numeric_limits<double>::infinity();
    int steps = 0;
    for (LogMixture m : starts) {
        for (int i = 0; i < kProbeIterations; ++i)
            step(m, true);
        steps += kProbeIterations;
        const double ll = step(m, false);
        if (ll > best.logLikelihood || best.mixture.empty()) {
            best.mixture = m;
            best.logLikelihood = ll;
        }
    }
    double previous = best.logLikelihood;
    const int limit = steps + options.maxIterations;
    for (bool first = true; steps < limit; first = false) {
        const double ll = squaremCycle(best.mixture, step, options.minSigma, steps);
        // The likelihood never falls: a gain below tolerance means a stationary point.
        if (!first && ll - previous < options.tolerance * gaps) {
            best.converged = true;
            break;
        }
        previous = ll;
    }
    best.logLikelihood = step(best.mixture, false);
    best.iterations = steps;
    return best;
}

std::string checkOptions(const GapFitOptions& o) {
    if (o.components < 1 || o.components > 8)
        return "components must be 1..8, got " + std::to_string(o.components);
    if (!(o.minSigma > 0) || !(o.tolerance >= 0) || o.maxIterations < 1)
        return "minSigma must be > 0, tolerance >= 0 and maxIterations >= 1";
    return {};
}

void updateComponent(LogComponent& c, double n, double sumY, double sumY2, double total,
                     double minSigma) {
    c.weight = n / total;
    // A component that has lost its data keeps its place; its weight says it is unused.
    if (n <= 1e-12 * total)
        return;
    c.mu = sumY / n;
    const double variance = sumY2 / n - c.mu * c.mu;
    c.sigma = std::max(std::sqrt(std::max(variance, 0.0)), minSigma);
}

GapFit finishFit(const EmRun& run, double gaps) {
    GapFit fit;
    LogMixture m = run.mixture;
    std::sort(m.begin(), m.end(),
              [](const LogComponent& a, const LogComponent& b) { return a.mu < b.mu; });
    double others = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
        const double w = i + 1 < m.size() ? m[i].weight : std::max(0.0, 1.0 - others);
        others += w;
        fit.components.push_back({w, std::exp(m[i].mu) / 60.0, m[i].sigma});
    }
    fit.ok = true;
    fit.logLikelihood = run.logLikelihood;
    fit.gaps = static_cast<std::uint64_t>(gaps);
    fit.iterations = run.iterations;
    fit.converged = run.converged;
    return fit;
}

} // namespace gapfit

namespace {

using gapfit::LogComponent;
using gapfit::LogMixture;

const double kHalfLog2Pi = 0.5 * std::log(2.0 * std::numbers::pi);

std::string checkSamples(const std::vector<double>& gapsS, const GapFitOptions& o) {
    for (std::size_t i = 0; i < gapsS.size(); ++i)
        if (!std::isfinite(gapsS[i]) || gapsS[i] <= 0)
            return "gap " + std::to_string(i) + " is " + std::to_string(gapsS[i]) +
                   ": gaps must be finite and > 0 seconds";
    if (gapsS.size() < std::max<std::uint64_t>(o.minGaps, 2))
        return "too few gaps to fit: " + std::to_string(gapsS.size()) + " (at least " +
               std::to_string(std::max<std::uint64_t>(o.minGaps, 2)) + ")";
    if (std::all_of(gapsS.begin(), gapsS.end(), [&](double g) { return g == gapsS.front(); }))
        return "all gaps are equal: a mixture cannot be fitted";
    return {};
}

// E- and M-step on log gaps `ys`; the log-likelihood is of the gaps in seconds (the
// Jacobian -sum y is added).
double rawStep(const std::vector<double>& ys, double sumLogs, LogMixture& m, bool update,
               double minSigma) {
    const std::size_t K = m.size();
    std::vector<double> lp(K), n(K, 0.0), sy(K, 0.0), sy2(K, 0.0), logW(K), logS(K);
    for (std::size_t k = 0; k < K; ++k) {
        logW[k] = std::log(std::max(m[k].weight, std::numeric_limits<double>::min()));
        logS[k] = std::log(m[k].sigma);
    }
    double ll = 0;
    for (const double y : ys) {
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < K; ++k) {
            const double z = (y - m[k].mu) / m[k].sigma;
            lp[k] = logW[k] - logS[k] - kHalfLog2Pi - 0.5 * z * z;
            top = std::max(top, lp[k]);
        }
        double sum = 0;
        for (std::size_t k = 0; k < K; ++k)
            sum += std::exp(lp[k] - top);
        ll += top + std::log(sum);
        if (!update)
            continue;
        for (std::size_t k = 0; k < K; ++k) {
            const double r = std::exp(lp[k] - top) / sum;
            n[k] += r;
            sy[k] += r * y;
            sy2[k] += r * y * y;
        }
    }
    for (std::size_t k = 0; update && k < K; ++k)
        gapfit::updateComponent(m[k], n[k], sy[k], sy2[k], double(ys.size()), minSigma);
    return ll - sumLogs;
}

} // namespace

GapFit fitGapSamples(const std::vector<double>& gapsS, const GapFitOptions& options) {
    GapFit fail;
    fail.error = gapfit::checkOptions(options);
    if (fail.error.empty())
        fail.error = checkSamples(gapsS, options);
    if (!fail.error.empty())
        return fail;
    std::vector<double> ys;
    ys.reserve(gapsS.size());
    double sum = 0, sum2 = 0;
    for (const double g : gapsS) {
        ys.push_back(std::log(g));
        sum += ys.back();
        sum2 += ys.back() * ys.back();
    }
    const double n = double(ys.size());
    const double sd = std::sqrt(std::max(sum2 / n - (sum / n) * (sum / n), 0.0));
    std::vector<double> sorted = ys;
    std::sort(sorted.begin(), sorted.end());
    const auto quantile = [&](double p) {
        return sorted[std::min(sorted.size() - 1, std::size_t(p * n))];
    };
    const auto step = [&](LogMixture& m, bool update) {
        return rawStep(ys, sum, m, update, options.minSigma);
    };
    const gapfit::EmRun run =
        gapfit::runEm(gapfit::startingMixtures(quantile, sd, options), step, n, options);
    GapFit fit = gapfit::finishFit(run, n);
    fit.ksDistance = ksDistance(fit.components, gapsS);
    return fit;
}

double mixtureCdf(const std::vector<GapComponent>& mixture, double gapS) {
    if (!(gapS > 0))
        return 0;
    const boost::math::normal standard;
    double cdf = 0;
    for (const GapComponent& c : mixture) {
        if (!(c.sigma > 0) || !(c.medianMinutes > 0))
            continue;
        const double z = (std::log(gapS) - std::log(c.medianMinutes * 60.0)) / c.sigma;
        cdf += c.weight * boost::math::cdf(standard, std::clamp(z, -40.0, 40.0));
    }
    return cdf;
}

double ksDistance(const std::vector<GapComponent>& mixture, std::vector<double> gapsS) {
    if (gapsS.empty())
        return 1;
    std::sort(gapsS.begin(), gapsS.end());
    const double n = double(gapsS.size());
    double d = 0;
    for (std::size_t i = 0; i < gapsS.size(); ++i) {
        const double f = mixtureCdf(mixture, gapsS[i]);
        d = std::max({d, f - double(i) / n, double(i + 1) / n - f});
    }
    return d;
}

Json gapsJson(const std::vector<GapComponent>& mixture) {
    Json out = Json::array();
    double others = 0;
    for (std::size_t i = 0; i < mixture.size(); ++i) {
        const GapComponent& c = mixture[i];
        const double w = i + 1 < mixture.size() ? c.weight : std::max(0.0, 1.0 - others);
        others += w;
        out.push_back(Json{{"weight", w}, {"median_min", c.medianMinutes}, {"sigma", c.sigma}});
    }
    return out;
}

} // namespace tierlab::core
