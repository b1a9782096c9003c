// SPDX-License-Identifier: MIT
#include "sim/simulator.h"

#include "sim/fastexp.h"
#include "sim/random.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>

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

// One user's activity intensity per global hour: the profile at the local hour, times the
// user's daily activity factor, times the shared burst multiplier. Tabulated once per user
// with its reciprocal, because every modulated gap reads them.
void fillRateByHour(const SimParams& p, const TrialShared& shared, int tzHours,
                    const std::vector<double>& daily, UserScratch& scratch) {
    scratch.rateByHour.resize(shared.burstByHour.size());
    scratch.hoursPerRate.resize(shared.burstByHour.size());
    for (std::size_t h = 0; h < scratch.rateByHour.size(); ++h) {
        const std::size_t local = h + static_cast<std::size_t>(tzHours);
        const double profile = p.timeOfDay ? p.hourlyProfile[local % 24] : 1.0;
        const std::size_t day = std::min(local / 24, daily.size() - 1);
        scratch.rateByHour[h] = profile * daily[day] * shared.burstByHour[h];
        scratch.hoursPerRate[h] = 1 / scratch.rateByHour[h];
    }
}

// floor(t / 1 h) for t >= 0 without a division (each request's time waits on this): the
// product with the reciprocal is off by at most one next to whole hours, which the two
// exact comparisons correct.
std::size_t hourOf(double t) {
    auto h = static_cast<std::size_t>(t * (1 / kHourS));
    if (static_cast<double>(h) * kHourS > t)
        --h;
    else if (static_cast<double>(h + 1) * kHourS <= t)
        ++h;
    return h;
}

// Wall time at which `activityS` seconds of activity time have passed since `t`
// (time rescaling through the cumulative intensity); infinity past the table.
double advance(const UserScratch& scratch, double t, double activityS) {
    const std::vector<double>& rate = scratch.rateByHour;
    for (std::size_t h = hourOf(t); h < rate.size(); ++h) {
        const double end = static_cast<double>(h + 1) * kHourS;
        const double mass = rate[h] * (end - t);
        if (mass >= activityS)
            return t + activityS * scratch.hoursPerRate[h];
        activityS -= mass;
        t = end;
    }
    return std::numeric_limits<double>::infinity();
}

// exp(log a) per local day, log a an AR(1) with marginal N(-sigma^2/2, sigma^2) so E[a] = 1;
// innovations sqrt(rho) z_day + sqrt(1 - rho) z_user_day. All 1 without clustering (the
// normals are drawn anyway so the user's later draws do not depend on the switch).
void fillDailyFactors(const SimParams& p, const TrialShared& shared, Xoshiro256pp& rng,
                      std::vector<double>& a) {
    const double sigma = p.clusteringSigma;
    const double shock = std::sqrt(1 - p.clusteringPhi * p.clusteringPhi) * sigma;
    a.assign(shared.zDay.size(), 1.0);
    double x = 0;
    for (std::size_t d = 0; d < a.size(); ++d) {
        const double eps = std::sqrt(p.crossUserRho) * shared.zDay[d] +
                           std::sqrt(1 - p.crossUserRho) * standardNormal(rng);
        x = d == 0 ? sigma * eps : p.clusteringPhi * x + shock * eps;
        if (p.sessionClustering)
            a[d] = std::exp(x - sigma * sigma / 2);
    }
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

// The component of the gap mixture a uniform draw on [0, 1) picks (the last one when
// rounding leaves the draw past every cumulative weight).
std::size_t pickComponent(const std::vector<GapLaw>& gaps, double u) {
    double cumulative = 0;
    for (std::size_t k = 0; k + 1 < gaps.size(); ++k) {
        cumulative += gaps[k].weight;
        if (u < cumulative)
            return k;
    }
    return gaps.size() - 1;
}

double drawGap(const GapLaw& g, Xoshiro256pp& rng) {
    if (g.exponential)
        return standardExponential(rng) / (std::numbers::ln2 / g.medianS);
    return g.medianS * fastExp(g.sigma * standardNormal(rng));
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
    Xoshiro256pp rng(streamSeed(p.seed, static_cast<std::uint64_t>(trial), 0));
    TrialShared s;
    s.zDay.resize(static_cast<std::size_t>(clock.days));
    for (double& z : s.zDay)
        z = standardNormal(rng);
    s.burstByHour.assign(static_cast<std::size_t>(clock.hours), 1.0);
    const double startPerHour = p.burstsPerWeek / 168.0;
    const auto length = static_cast<std::size_t>(std::ceil(p.burstHours));
    for (std::size_t h = 0; h < s.burstByHour.size(); ++h) {
        if (uniform01(rng) >= startPerHour)
            continue;
        for (std::size_t k = h; k < std::min(h + length, s.burstByHour.size()); ++k)
            s.burstByHour[k] = p.burstSize;
    }
    return s;
}

std::vector<Interval> simulateUser(const SimParams& p, const TrialClock& clock,
                                   const TrialShared& shared, int trial, int user) {
    UserScratch scratch;
    std::vector<Interval> out;
    simulateUser(p, clock, shared, trial, user, scratch, out);
    return out;
}

void simulateUser(const SimParams& p, const TrialClock& clock, const TrialShared& shared, int trial,
                  int user, UserScratch& scratch, std::vector<Interval>& out) {
    Xoshiro256pp rng(streamSeed(p.seed, static_cast<std::uint64_t>(trial),
                                static_cast<std::uint64_t>(user) + 1));
    const int tz = uniformInt(rng, p.timezoneSpreadHours);
    fillDailyFactors(p, shared, rng, scratch.dailyFactor);
    fillRateByHour(p, shared, tz, scratch.dailyFactor, scratch);
    double totalWeight = 0;
    for (const GapLaw& g : p.gaps)
        totalWeight += g.weight;
    RateLimiter limiter(p.rateLimitPerMinute);
    out.clear();
    double lastStart = 0;
    double lastEnd = 0;
    while (true) {
        const GapLaw& law = p.gaps[pickComponent(p.gaps, uniform01(rng) * totalWeight)];
        const double gap = drawGap(law, rng);
        const double base = p.closedLoop ? lastEnd : lastStart;
        // Within-session gaps keep human pace in wall time; only session starts follow the
        // user's activity, unless every gap is modulated (replication mode).
        double t =
            (p.modulateAll || law.betweenSessions) ? advance(scratch, base, gap) : base + gap;
        t = limiter.admit(t);
        if (!(t < clock.endS()))
            break;
        const double duration =
            p.generationMedianS * fastExp(p.generationSigma * standardNormal(rng));
        out.push_back({t, t + duration});
        lastStart = t;
        lastEnd = t + duration;
    }
}

} // namespace tierlab::core
