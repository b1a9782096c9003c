// SPDX-License-Identifier: MIT
#include "sim/trace.h"

#include "sim/simulator.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tierlab::core {

namespace {

constexpr std::size_t kWeekS = 7 * 86400;

} // namespace

WeekTrace sampleWeekTrace(const SimParams& p, int trial) {
    if (const std::string problem = checkSimParams(p); !problem.empty())
        throw std::invalid_argument("capacity simulation: " + problem);
    const TrialClock clock = trialClock(p);
    const TrialShared shared = makeTrialShared(p, clock, trial);
    ConcurrencyGrid grid(clock);
    for (int u = 0; u < p.users; ++u)
        grid.add(simulateUser(p, clock, shared, trial, u));

    WeekTrace out;
    out.users = p.users;
    out.podSlots = p.podSlots;
    out.trial = trial;
    out.peak = grid.max();
    const std::size_t weekStart = grid.peakSecond() / kWeekS * kWeekS;
    out.week = static_cast<int>(weekStart / kWeekS);
    const auto& counts = grid.counts();
    const std::size_t weekEnd = std::min(counts.size(), weekStart + kWeekS);

    // The second pod as the capacity figures replay it, over the whole horizon.
    std::vector<AutoscaleEvent> events;
    if (p.autoscaling)
        replayAutoscaling(counts, p.podSlots, p.autoscaleThreshold, p.coldStartMinutes * 60,
                          p.idleReleaseMinutes * 60, &events);
    std::vector<int> serving(weekEnd - weekStart, p.podSlots);
    bool on = false;
    std::size_t e = 0;
    for (std::size_t s = 0; s < weekEnd; ++s) {
        for (; e < events.size() && events[e].second <= s; ++e) {
            if (events[e].kind != AutoscaleEvent::Kind::Requested)
                on = events[e].kind == AutoscaleEvent::Kind::Serving;
            if (events[e].second >= weekStart)
                out.events.push_back({events[e].second - weekStart, events[e].kind});
        }
        if (s >= weekStart && on)
            serving[s - weekStart] = 2 * p.podSlots;
    }

    for (std::size_t m = weekStart; m < weekEnd; m += 60) {
        const std::size_t end = std::min(weekEnd, m + 60);
        int peak = 0;
        int slots = p.podSlots;
        bool above = false;
        for (std::size_t s = m; s < end; ++s) {
            peak = std::max(peak, static_cast<int>(counts[s]));
            slots = std::max(slots, serving[s - weekStart]);
            above = above || counts[s] > serving[s - weekStart];
        }
        out.peakByMinute.push_back(peak);
        out.servingSlotsByMinute.push_back(slots);
        out.minutesAbove += above ? 1 : 0;
    }
    return out;
}

} // namespace tierlab::core
