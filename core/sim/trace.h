// SPDX-License-Identifier: MIT
// One week of one trial as a chart shows it (docs/model.md, "Capacity"): concurrency minute by
// minute at the scenario's number of users, against the pod's slots, with the second pod's
// requests, starts and releases when autoscaling is on.
#pragma once

#include "sim/concurrencygrid.h"
#include "sim/simparams.h"

#include <cstdint>
#include <vector>

namespace tierlab::core {

struct WeekTrace {
    int users = 0;
    int podSlots = 0;
    int trial = 0;
    int week = 0; // 0-based week of the trial's horizon shown: the one holding its peak
    // Per minute of the week: the largest concurrency at any whole second of that minute,
    // and the slots serving then (twice the pod's while a second pod serves).
    std::vector<int> peakByMinute;
    std::vector<int> servingSlotsByMinute;
    int peak = 0;                       // the trial's largest concurrency
    double minutesAbove = 0;            // minutes of the week with a second above the slots
    std::vector<AutoscaleEvent> events; // seconds since the week's start
};

// Simulates trial `trial` (>= 0) with p.users users over p.weeks weeks, exactly as
// runCapacity does (the same random streams), and returns the week holding the trial's peak.
// Throws std::invalid_argument when checkSimParams(p) reports a problem.
WeekTrace sampleWeekTrace(const SimParams& p, int trial = 0);

} // namespace tierlab::core
