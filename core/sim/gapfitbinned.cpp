// SPDX-License-Identifier: MIT
// EM for a lognormal mixture on a histogram of gaps: interval-censored data. In log space each
// bin is an interval [a, b); the E-step gives each component's responsibility for the bin and
// the first two moments of its normal truncated to the bin, and the M-step is the usual
// weighted mean and variance of those moments (McLachlan & Jones, "Fitting mixture models to
// grouped and truncated data via the EM algorithm", Biometrics 44, 1988).
#include "gapfit.h"
#include "gapfitparts.h"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tierlab::core {

namespace {

using gapfit::LogComponent;
using gapfit::LogMixture;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A non-empty bin in log seconds: [lo, hi), lo may be -inf (edge 0), hi +inf (last bin).
struct LogBin {
    double lo = 0, hi = 0;
    double count = 0;
};

// Moments of one component's normal truncated to a bin: probability of the bin, E[y], E[y^2].
struct Truncated {
    double p = 0, mean = 0, second = 0;
};

const boost::math::normal& standardNormal() {
    static const boost::math::normal n;
    return n;
}

// P(Z in [a, b)) for a standard normal, from the upper tail when the interval lies above 0 so
// that far bins keep their relative precision.
double intervalProbability(double a, double b) {
    const auto& n = standardNormal();
    if (a > 0)
        return boost::math::cdf(complement(n, a)) -
               (std::isinf(b) ? 0.0 : boost::math::cdf(complement(n, b)));
    return (std::isinf(b) ? 1.0 : boost::math::cdf(n, b)) -
           (std::isinf(a) ? 0.0 : boost::math::cdf(n, a));
}

// x phi(x), 0 at +-inf.
double xPhi(double x) {
    return std::isinf(x) ? 0.0 : x * boost::math::pdf(standardNormal(), x);
}

double phi(double x) {
    return std::isinf(x) ? 0.0 : boost::math::pdf(standardNormal(), x);
}

Truncated truncatedMoments(const LogComponent& c, const LogBin& bin) {
    const double a = (bin.lo - c.mu) / c.sigma, b = (bin.hi - c.mu) / c.sigma;
    Truncated t;
    t.p = intervalProbability(a, b);
    if (!(t.p > 1e-280)) {
        // Far in the tail the truncated normal piles up at the bin's edge nearest the mean.
        const double edge = a >= 0 ? bin.lo : bin.hi;
        t.p = 0;
        t.mean = edge;
        t.second = edge * edge;
        return t;
    }
    const double m1 = (phi(a) - phi(b)) / t.p;
    const double m2 = std::max(1.0 + (xPhi(a) - xPhi(b)) / t.p, m1 * m1);
    t.mean = c.mu + c.sigma * m1;
    t.second = c.mu * c.mu + 2 * c.mu * c.sigma * m1 + c.sigma * c.sigma * m2;
    return t;
}

// The component nearest a bin no component reaches (all probabilities underflow), in
// standard deviations.
std::size_t nearestComponent(const LogMixture& m, const LogBin& bin) {
    std::size_t best = 0;
    double bestDistance = kInf;
    for (std::size_t k = 0; k < m.size(); ++k) {
        const double d =
            std::min(std::abs(bin.lo - m[k].mu), std::abs(bin.hi - m[k].mu)) / m[k].sigma;
        if (d < bestDistance) {
            bestDistance = d;
            best = k;
        }
    }
    return best;
}

double binnedStep(const std::vector<LogBin>& bins, double total, LogMixture& m, bool update,
                  double minSigma) {
    const std::size_t K = m.size();
    std::vector<double> n(K, 0.0), sy(K, 0.0), sy2(K, 0.0), r(K);
    std::vector<Truncated> t(K);
    double ll = 0;
    for (const LogBin& bin : bins) {
        double sum = 0;
        for (std::size_t k = 0; k < K; ++k) {
            t[k] = truncatedMoments(m[k], bin);
            r[k] = m[k].weight * t[k].p;
            sum += r[k];
        }
        if (sum > 0) {
            for (double& x : r)
                x /= sum;
        } else {
            std::fill(r.begin(), r.end(), 0.0);
            r[nearestComponent(m, bin)] = 1;
        }
        // An unreachable bin costs the smallest normal probability, not -inf: the fit goes on.
        ll += bin.count * std::log(std::max(sum, std::numeric_limits<double>::min()));
        for (std::size_t k = 0; update && k < K; ++k) {
            n[k] += bin.count * r[k];
            sy[k] += bin.count * r[k] * t[k].mean;
            sy2[k] += bin.count * r[k] * t[k].second;
        }
    }
    for (std::size_t k = 0; update && k < K; ++k)
        gapfit::updateComponent(m[k], n[k], sy[k], sy2[k], total, minSigma);
    return ll;
}

std::string checkHistogram(const std::vector<double>& edges,
                           const std::vector<std::uint64_t>& counts) {
    if (edges.size() != counts.size())
        return "the histogram has " + std::to_string(edges.size()) + " edges but " +
               std::to_string(counts.size()) + " counts";
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i]) || edges[i] < 0)
            return "bin " + std::to_string(i) + ": lower edge " + std::to_string(edges[i]) +
                   " is not a finite number of seconds >= 0";
        if (i > 0 && !(edges[i] > edges[i - 1]))
            return "bin " + std::to_string(i) + ": lower edges must increase";
    }
    return {};
}

// The histogram's non-empty bins in log seconds.
std::vector<LogBin> logBins(const std::vector<double>& edges,
                            const std::vector<std::uint64_t>& counts) {
    std::vector<LogBin> bins;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (counts[i] == 0)
            continue;
        const double lo = edges[i] > 0 ? std::log(edges[i]) : -kInf;
        const double hi = i + 1 < edges.size() ? std::log(edges[i + 1]) : kInf;
        bins.push_back({lo, hi, double(counts[i])});
    }
    return bins;
}

// Finite stand-ins for the open ends of the first and last bin: one unit of log (a factor
// e) beyond the finite edge. Used only to start EM.
LogBin closed(LogBin bin) {
    if (std::isinf(bin.lo))
        bin.lo = bin.hi - 1.0;
    if (std::isinf(bin.hi))
        bin.hi = bin.lo + 1.0;
    return bin;
}

// Quantile of the log gaps, linear within a bin; and their standard deviation from bin
// midpoints. Both only place the starting components.
struct BinSummary {
    std::vector<LogBin> bins; // closed
    double total = 0, sd = 0;
    double quantile(double p) const {
        double below = 0;
        for (const LogBin& b : bins) {
            if (below + b.count >= p * total)
                return b.lo + (b.hi - b.lo) * (p * total - below) / b.count;
            below += b.count;
        }
        return bins.back().hi;
    }
};

BinSummary summarize(const std::vector<LogBin>& open) {
    BinSummary s;
    double sum = 0, sum2 = 0;
    for (const LogBin& b : open) {
        s.bins.push_back(closed(b));
        const double mid = 0.5 * (s.bins.back().lo + s.bins.back().hi);
        s.total += b.count;
        sum += b.count * mid;
        sum2 += b.count * mid * mid;
    }
    const double mean = sum / s.total;
    s.sd = std::sqrt(std::max(sum2 / s.total - mean * mean, 0.0));
    return s;
}

} // namespace

GapFit fitGapHistogram(const std::vector<double>& lowerEdgesS,
                       const std::vector<std::uint64_t>& counts, const GapFitOptions& options) {
    GapFit fail;
    fail.error = gapfit::checkOptions(options);
    if (fail.error.empty())
        fail.error = checkHistogram(lowerEdgesS, counts);
    if (!fail.error.empty())
        return fail;
    const std::vector<LogBin> bins = logBins(lowerEdgesS, counts);
    double total = 0;
    for (const LogBin& b : bins)
        total += b.count;
    const double minGaps = double(std::max<std::uint64_t>(options.minGaps, 2));
    if (total < minGaps) {
        fail.error = "too few gaps to fit: " + std::to_string(std::uint64_t(total)) +
                     " (at least " + std::to_string(std::uint64_t(minGaps)) + ")";
        return fail;
    }
    if (bins.size() < 2) {
        fail.error = "all " + std::to_string(std::uint64_t(total)) +
                     " gaps fall in one bin: a mixture cannot be fitted";
        return fail;
    }
    const BinSummary summary = summarize(bins);
    const auto quantile = [&](double p) { return summary.quantile(p); };
    const auto step = [&](LogMixture& m, bool update) {
        return binnedStep(bins, total, m, update, options.minSigma);
    };
    const gapfit::EmRun run = gapfit::runEm(
        gapfit::startingMixtures(quantile, std::max(summary.sd, options.minSigma), options), step,
        total, options);
    GapFit fit = gapfit::finishFit(run, total);
    fit.ksDistance = ksDistance(fit.components, lowerEdgesS, counts);
    return fit;
}

double ksDistance(const std::vector<GapComponent>& mixture, const std::vector<double>& lowerEdgesS,
                  const std::vector<std::uint64_t>& counts) {
    double total = 0;
    for (const std::uint64_t c : counts)
        total += double(c);
    if (total <= 0 || lowerEdgesS.size() != counts.size())
        return 1;
    double below = 0, d = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        d = std::max(d, std::abs(below / total - mixtureCdf(mixture, lowerEdgesS[i])));
        below += double(counts[i]);
    }
    return d;
}

} // namespace tierlab::core
