// SPDX-License-Identifier: MIT
// One trial of the capacity Monte Carlo (docs/model.md, "Capacity"): each user's requests as a
// renewal process over the horizon, returned as the intervals during which they hold a slot.
#pragma once

#include "sim/simparams.h"

#include <cstdint>
#include <vector>

namespace tierlab::core {

// A generation holding one slot, seconds since the start of the trial's warm-up.
struct Interval {
    double startS = 0;
    double endS = 0;
};

// The trial's clock: a warm-up day (so the first week starts in a steady state), then the
// measured horizon of `weeks` weeks.
struct TrialClock {
    double warmupS = 86400;
    double horizonS = 0; // measured part, seconds
    int hours = 0;       // whole hours covered by the activity tables (warm-up + horizon + a day)
    int days = 0;
    double endS() const { return warmupS + horizonS; }
};

// What all users of one trial share: the common daily innovation of the clustering AR(1)
// and the hourly multiplier of shared bursts (1 outside bursts).
struct TrialShared {
    std::vector<double> zDay;        // N(0, 1) per day
    std::vector<double> burstByHour; // >= 0 per hour
};

// The clock for `p.weeks` weeks.
TrialClock trialClock(const SimParams& p);

// Independent, reproducible stream seeds: SplitMix64 of (seed, trial, stream). Stream 0 is a
// trial's shared stream, stream u + 1 user u's. Depends on nothing else, so a trial draws the
// same numbers on any thread, and user u the same numbers whatever the number of users.
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t trial, std::uint64_t stream);

// The shared factors of trial `trial` (>= 0).
TrialShared makeTrialShared(const SimParams& p, const TrialClock& clock, int trial);

// The generations of user `user` (>= 0) in trial `trial`, in start order, all starting
// before clock.endS(). `p` must pass checkSimParams (not checked here).
std::vector<Interval> simulateUser(const SimParams& p, const TrialClock& clock,
                                   const TrialShared& shared, int trial, int user);

// Scratch space of simulateUser, kept across a trial's users so they allocate nothing.
struct UserScratch {
    std::vector<double> dailyFactor;  // per local day
    std::vector<double> rateByHour;   // the user's activity intensity per global hour
    std::vector<double> hoursPerRate; // its reciprocals
};

// The same generations, written into `out` (cleared first).
void simulateUser(const SimParams& p, const TrialClock& clock, const TrialShared& shared, int trial,
                  int user, UserScratch& scratch, std::vector<Interval>& out);

} // namespace tierlab::core
