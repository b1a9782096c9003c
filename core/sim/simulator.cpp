// SPDX-License-Identifier: MIT
#include "sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <random>

namespace tierlab::core {

namespace {

constexpr double kHourS = 3600;
constexpr double kDayS = 86400;

std::uint64_t splitMix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// One user's activity intensity, piecewise constant over global hours: the profile at the
// local hour, times the user's daily activity factor, times the shared burst multiplier.
class Intensity {
public:
    Intensity(const SimParams& p, const TrialShared& shared, int tzHours,
              std::vector<double> dailyFactor)
        : m_p(p), m_shared(shared), m_tz(tzHours), m_daily(std::move(dailyFactor)) {}

    double atHour(std::size_t h) const {
        const std::size_t local = h + static_cast<std::size_t>(m_tz);
        const double profile = m_p.timeOfDay ? m_p.hourlyProfile[local % 24] : 1.0;
        const std::size_t day = std::min(local / 24, m_daily.size() - 1);
        return profile * m_daily[day] * m_shared.burstByHour[h];
    }

    // Wall time at which `activityS` seconds of activity time have passed since `t0`
    // (time rescaling through the cumulative intensity); infinity past the tables.
    double advance(double t0, double activityS) const {
        double t = t0;
        for (auto h = static_cast<std::size_t>(t / kHourS); h < m_shared.burstByHour.size(); ++h) {
            const double end = static_cast<double>(h + 1) * kHourS;
            const double rate = atHour(h);
            if (rate * (end - t) >= activityS)
                return t + activityS / rate;
            activityS -= rate * (end - t);
            t = end;
        }
        return std::numeric_limits<double>::infinity();
    }

private:
    const SimParams& m_p;
    const TrialShared& m_shared;
    int m_tz;
    std::vector<double> m_daily;
};

// exp(log a) per local day, log a an AR(1) with marginal N(-sigma^2/2, sigma^2) so E[a] = 1;
// innovations sqrt(rho) z_day + sqrt(1 - rho) z_user_day. All 1 without clustering (the
// normals are drawn anyway so the user's later draws do not depend on the switch).
std::vector<double> dailyFactors(const SimParams& p, const TrialShared& shared,
                                 std::mt19937_64& rng) {
    std::normal_distribution<double> normal;
    const double sigma = p.clusteringSigma;
    const double shock = std::sqrt(1 - p.clusteringPhi * p.clusteringPhi) * sigma;
    std::vector<double> a(shared.zDay.size(), 1.0);
    double x = 0;
    for (std::size_t d = 0; d < a.size(); ++d) {
        const double eps = std::sqrt(p.crossUserRho) * shared.zDay[d] +
                           std::sqrt(1 - p.crossUserRho) * normal(rng);
        x = d == 0 ? sigma * eps : p.clusteringPhi * x + shock * eps;
        if (p.sessionClustering)
            a[d] = std::exp(x - sigma * sigma / 2);
    }
    return a;
}

// Keeps at most k starts in any window of windowS seconds: a request that would break the
// limit waits for the oldest start in the window to leave it.
class RateLimiter {
public:
    explicit RateLimiter(double perMinute) {
        if (perMinute > 0) {
            m_k = std::max<std::size_t>(1, static_cast<std::size_t>(perMinute));
            m_windowS = 60.0 * static_cast<double>(m_k) / perMinute;
        }
    }
    double admit(double t) {
        if (m_k == 0)
            return t;
        if (m_starts.size() == m_k) {
            t = std::max(t, m_starts.front() + m_windowS);
            m_starts.pop_front();
        }
        m_starts.push_back(t);
        return t;
    }

private:
    std::size_t m_k = 0;
    double m_windowS = 0;
    std::deque<double> m_starts;
};

double drawGap(const GapLaw& g, std::mt19937_64& rng) {
    if (g.exponential)
        return std::exponential_distribution<double>(std::numbers::ln2 / g.medianS)(rng);
    return g.medianS * std::exp(g.sigma * std::normal_distribution<double>()(rng));
}

} // namespace

TrialClock trialClock(const SimParams& p) {
    TrialClock c;
    c.horizonS = p.weeks * 7 * kDayS;
    c.hours = static_cast<int>(std::ceil(c.endS() / kHourS));
    c.days = c.hours / 24 + 2; // local days run up to 23 hours past the last global hour
    return c;
}

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t trial, std::uint64_t stream) {
    return splitMix64(splitMix64(splitMix64(seed) ^ trial) ^ (stream * 0xd1b54a32d192ed03ULL));
}

TrialShared makeTrialShared(const SimParams& p, const TrialClock& clock, int trial) {
    std::mt19937_64 rng(streamSeed(p.seed, static_cast<std::uint64_t>(trial), 0));
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    TrialShared s;
    s.zDay.resize(static_cast<std::size_t>(clock.days));
    for (double& z : s.zDay)
        z = normal(rng);
    s.burstByHour.assign(static_cast<std::size_t>(clock.hours), 1.0);
    const double startPerHour = p.burstsPerWeek / 168.0;
    const auto length = static_cast<std::size_t>(std::ceil(p.burstHours));
    for (std::size_t h = 0; h < s.burstByHour.size(); ++h) {
        if (uniform(rng) >= startPerHour)
            continue;
        for (std::size_t k = h; k < std::min(h + length, s.burstByHour.size()); ++k)
            s.burstByHour[k] = p.burstSize;
    }
    return s;
}

std::vector<Interval> simulateUser(const SimParams& p, const TrialClock& clock,
                                   const TrialShared& shared, int trial, int user) {
    std::mt19937_64 rng(streamSeed(p.seed, static_cast<std::uint64_t>(trial),
                                   static_cast<std::uint64_t>(user) + 1));
    const int tz = std::uniform_int_distribution<int>(0, p.timezoneSpreadHours)(rng);
    const Intensity intensity(p, shared, tz, dailyFactors(p, shared, rng));
    std::vector<double> cumulative;
    for (const GapLaw& g : p.gaps)
        cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + g.weight);
    std::uniform_real_distribution<double> uniform;
    std::normal_distribution<double> normal;
    RateLimiter limiter(p.rateLimitPerMinute);
    std::vector<Interval> out;
    double lastStart = 0;
    double lastEnd = 0;
    while (true) {
        const double u = uniform(rng) * cumulative.back();
        const auto k = static_cast<std::size_t>(
            std::upper_bound(cumulative.begin(), cumulative.end() - 1, u) - cumulative.begin());
        const GapLaw& law = p.gaps[k];
        const double gap = drawGap(law, rng);
        const double base = p.closedLoop ? lastEnd : lastStart;
        // Within-session gaps keep human pace in wall time; only session starts follow the
        // user's activity, unless every gap is modulated (replication mode).
        double t =
            (p.modulateAll || law.betweenSessions) ? intensity.advance(base, gap) : base + gap;
        t = limiter.admit(t);
        if (!(t < clock.endS()))
            break;
        const double duration = p.generationMedianS * std::exp(p.generationSigma * normal(rng));
        out.push_back({t, t + duration});
        lastStart = t;
        lastEnd = t + duration;
    }
    return out;
}

} // namespace tierlab::core
