// SPDX-License-Identifier: MIT
// The capacity Monte Carlo (docs/model.md, "Capacity"): trials in parallel, each a fixed set of
// random streams, so every figure depends on the seed and never on the thread count.
#pragma once

#include "job.h"
#include "sim/simparams.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace tierlab::core {

// A figure estimated over trials, with its 95 % confidence interval.
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
};

struct CapacityResult {
    int users = 0;
    int podSlots = 0;
    int trials = 0;
    // At `users` users: share of seconds with k generations running, k = 0, 1, ...
    std::vector<double> concurrencyShare;
    double meanConcurrency = 0;
    Estimate maxConcurrency;       // a trial's largest concurrency, mean over trials
    int maxConcurrencyOverall = 0; // largest over all trials
    Estimate exceedProbability;    // P(concurrency > slots at some second), Wilson interval
    Estimate outageMinutesPerWeek; // minutes with concurrency > slots
    Estimate topUserSlotsAtPeak;   // most slots one user holds at a trial's peak second
    Estimate topUserSlotsAnytime;  // most slots one user holds at any second
    // Users per pod: the most users with P(exceed) <= 1 - confidence; interval from the
    // order statistics of the trials' first exceeding user counts.
    int usersPerPod = 0;
    int usersPerPodLow = 0;
    int usersPerPodHigh = 0;
    bool usersPerPodCensored = false; // the search cap was reached: usersPerPod is a bound
    std::vector<std::pair<int, double>> exceedByUsers; // (users, P(exceed)), users rising
    // Per trial, sorted: the fewest users whose concurrency exceeds the slots at some second
    // (search cap + 1 when never); P(exceed | N) is the share of these <= N.
    std::vector<int> firstExceedingUsers;
    // Autoscaling (when SimParams::autoscaling): a second pod on demand.
    bool autoscaled = false;
    Estimate outageMinutesPerWeekAutoscaled;
    Estimate extraPodHoursPerWeek;
    double extraCostUsdPerWeek = 0; // extra pod-hours x podHourUsd; 0 when the cost is unknown
    double extraCostShare = 0;      // extra pod-hours over the first pod's hours
};

// Runs p.trials trials of p.weeks weeks on p.threads threads (0 = all cores). `progress`
// (may be empty) is called from worker threads, one call at a time, with trials done and
// p.trials; `cancel` (may be null) stops the run by throwing Cancelled. Throws
// std::invalid_argument when checkSimParams(p) reports a problem.
CapacityResult runCapacity(const SimParams& p, const ProgressFn& progress = {},
                           const CancelToken* cancel = nullptr);

// Wilson score interval at 95 % for `successes` out of `trials` (> 0).
Estimate wilsonInterval(int successes, int trials);

} // namespace tierlab::core
