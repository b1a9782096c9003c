// SPDX-License-Identifier: MIT
#include "sim/simparams.h"

#include "model/hardware.h"
#include "scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tierlab::core {

std::array<double, 24> defaultHourlyProfile() {
    // A chat workload's shape: quiet from midnight to six, rising through the morning, flat
    // over the working afternoon and evening.
    std::array<double, 24> p{0.35, 0.25, 0.2,  0.2,  0.25, 0.35, 0.55, 0.8, 1.1, 1.35, 1.5,  1.55,
                             1.5,  1.5,  1.55, 1.55, 1.5,  1.4,  1.3,  1.3, 1.3, 1.2,  0.95, 0.6};
    double sum = 0;
    for (double v : p)
        sum += v;
    for (double& v : p)
        v *= 24.0 / sum;
    return p;
}

std::vector<GapComponent> defaultGapComponents() {
    return {{0.80, 1, 0.8}, {0.15, 4, 0.6}, {0.05, 250, 1.0}};
}

std::vector<GapLaw> defaultGaps() {
    std::vector<GapLaw> gaps;
    for (const GapComponent& g : defaultGapComponents())
        gaps.push_back({g.weight, g.medianMinutes * 60, g.sigma, false, false});
    gaps.back().betweenSessions = true; // the longest median
    return gaps;
}

SimParams simParamsFromSpec(const CapacitySpec& c) {
    SimParams p;
    p.users = c.users;
    p.podSlots = c.slots;
    p.confidence = c.confidence;
    p.weeks = c.weeks;
    p.trials = c.trials;
    p.seed = c.seed;
    p.modulateAll = c.modulateAll;
    for (const GapComponent& g : c.gaps)
        p.gaps.push_back({g.weight, g.medianMinutes * 60, g.sigma, false, false});
    if (p.gaps.empty())
        p.gaps = defaultGaps();
    auto longest = std::max_element(p.gaps.begin(), p.gaps.end(),
                                    [](auto& a, auto& b) { return a.medianS < b.medianS; });
    longest->betweenSessions = true;
    p.generationMedianS = c.generationMedianS;
    p.generationSigma = c.generationSigma;
    p.timeOfDay = c.timeOfDay;
    p.hourlyProfile = defaultHourlyProfile();
    p.timezoneSpreadHours = c.timezoneSpreadHours;
    p.sessionClustering = c.sessionClustering;
    p.clusteringPhi = c.clusteringPhi;
    p.clusteringSigma = c.clusteringSigma;
    p.crossUserRho = c.crossUserRho;
    p.burstsPerWeek = c.burstsPerWeek;
    p.burstSize = c.burstSize;
    p.burstHours = c.burstHours;
    p.closedLoop = c.closedLoop;
    p.rateLimitPerMinute = c.rateLimitPerMinute;
    p.autoscaling = c.autoscaling;
    p.autoscaleThreshold = c.autoscaleThreshold;
    p.coldStartMinutes = c.coldStartMinutes;
    p.idleReleaseMinutes = c.idleReleaseMinutes;
    return p;
}

SimParams simParamsFromScenario(const Scenario& s) {
    SimParams p = simParamsFromSpec(s.capacity.value_or(CapacitySpec{}));
    const int pod = s.capacity ? s.capacity->pod : -1;
    if (pod >= 0 && static_cast<std::size_t>(pod) < s.podAccelerator.size()) {
        const auto podIndex = static_cast<std::size_t>(pod);
        const int accel = s.podAccelerator[podIndex];
        if (accel >= 0)
            p.podHourUsd = podHourlyCostUsd(
                s.pods[podIndex], s.accelerators[static_cast<std::size_t>(accel)], s.hoursPerMonth);
    }
    return p;
}

double meanGapS(const SimParams& p) {
    double mean = 0;
    for (const GapLaw& g : p.gaps)
        mean += g.weight * (g.exponential ? g.medianS / std::numbers::ln2
                                          : g.medianS * std::exp(g.sigma * g.sigma / 2));
    return mean;
}

double meanGenerationS(const SimParams& p) {
    return p.generationMedianS * std::exp(p.generationSigma * p.generationSigma / 2);
}

const char* checkSimParams(const SimParams& p) {
    if (p.users < 1 || p.podSlots < 1 || p.weeks < 1 || p.trials < 1)
        return "users, slots, weeks and trials must be >= 1";
    if (!(p.confidence > 0 && p.confidence < 1))
        return "confidence must be in (0, 1)";
    if (p.gaps.empty())
        return "the gap mixture is empty";
    double sum = 0;
    for (const GapLaw& g : p.gaps) {
        if (!(g.weight >= 0 && g.medianS > 0 && (g.exponential || g.sigma > 0)))
            return "gap weights must be >= 0, medians and sigmas > 0";
        sum += g.weight;
    }
    if (std::abs(sum - 1) > 1e-9)
        return "gap weights must sum to 1";
    if (!(p.generationMedianS > 0 && p.generationSigma >= 0))
        return "generation median must be > 0 and sigma >= 0";
    if (!(p.clusteringPhi > -1 && p.clusteringPhi < 1 && p.clusteringSigma >= 0 &&
          p.crossUserRho >= 0 && p.crossUserRho <= 1))
        return "clustering needs phi in (-1, 1), sigma >= 0, rho in [0, 1]";
    if (!(p.burstsPerWeek >= 0 && p.burstSize > 0 && p.burstHours >= 0 &&
          p.rateLimitPerMinute >= 0 && p.timezoneSpreadHours >= 0 && p.timezoneSpreadHours < 24))
        return "bursts, rate limit or time zone spread out of range";
    return "";
}

} // namespace tierlab::core
