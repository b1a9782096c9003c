// SPDX-License-Identifier: MIT
// Concurrency sampled at every whole second of a trial's horizon, built up one user at a time.
#pragma once

#include "sim/simulator.h"

#include <cstdint>
#include <vector>

namespace tierlab::core {

class ConcurrencyGrid {
public:
    // A grid over the measured horizon of `clock` (one cell per second).
    explicit ConcurrencyGrid(const TrialClock& clock);

    // Adds one user's generations. Cell i counts the generations running at the instant
    // warm-up + i + 1 s (start < instant <= end), i.e. the exact concurrency at whole seconds.
    void add(const std::vector<Interval>& intervals);

    // The cells [first, last) one generation covers, clipped to the grid.
    struct Span {
        std::size_t first = 0;
        std::size_t last = 0;
    };
    // Appends the non-empty spans of `intervals` (given in start order) to `out`.
    void appendSpans(const std::vector<Interval>& intervals, std::vector<Span>& out) const;
    // Adds the part of `spans` (in start order) inside cells [lo, hi), starting at span
    // `cursor`; moves `cursor` past the spans that end by `hi`, so that calls over successive
    // blocks [lo, hi) of the grid add each span once. Returns the largest count among the
    // cells it raised and possibly some cells near them (0 if none), never more than max():
    // when it exceeds k, the grid passed k generations with this call or before it.
    int addWithin(const std::vector<Span>& spans, std::size_t& cursor, std::size_t lo,
                  std::size_t hi);
    std::size_t size() const { return m_counts.size(); }

    // The largest concurrency so far (0 when empty); only grows as users are added.
    int max() const { return m_max; }
    // The first second at which the maximum is reached (0 when the grid is empty).
    std::size_t peakSecond() const;
    // Seconds during which more than `podSlots` generations run.
    double secondsAbove(int podSlots) const;
    // Concurrency per second of the horizon.
    const std::vector<std::uint16_t>& counts() const { return m_counts; }

    // Generations of `intervals` running in cell `second` (same rule as add()).
    static int heldAt(const std::vector<Interval>& intervals, double warmupS, std::size_t second);
    // The most generations of one user running at once (same rule as add()).
    static int mostHeld(const std::vector<Interval>& intervals, double warmupS);

private:
    double m_warmupS;
    std::vector<std::uint16_t> m_counts;
    int m_max = 0;
};

// What a second pod on demand does to one trial (docs/model.md, "Capacity").
struct AutoscaleOutcome {
    double outageSeconds = 0;   // seconds above the capacity serving at the time
    double extraPodSeconds = 0; // from each request of the second pod to its release
};

// A change of the second pod during a replay, at a second of the horizon.
struct AutoscaleEvent {
    enum class Kind { Requested, Serving, Released };
    std::size_t second = 0;
    Kind kind = Kind::Requested;
};

// Replays `counts` with a second pod of `podSlots` requested when concurrency exceeds
// `threshold`, serving `coldStartS` seconds later and released once concurrency has stayed
// <= threshold for `idleS` seconds. Inputs >= 0. `events` (may be null) receives the
// requests, starts of serving and releases in time order.
AutoscaleOutcome replayAutoscaling(const std::vector<std::uint16_t>& counts, int podSlots,
                                   int threshold, double coldStartS, double idleS,
                                   std::vector<AutoscaleEvent>* events = nullptr);

} // namespace tierlab::core
