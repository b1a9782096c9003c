// SPDX-License-Identifier: MIT
#include "sim/concurrencygrid.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tierlab::core {

namespace {

// Cells [first, last) a generation covers: floor(start) - warm-up .. floor(end) - warm-up,
// clipped to the grid.
std::pair<std::size_t, std::size_t> cellsOf(const Interval& iv, double warmupS, std::size_t n) {
    const double first = std::max(0.0, std::floor(iv.startS - warmupS));
    const double last = std::min(static_cast<double>(n), std::floor(iv.endS - warmupS));
    if (!(last > first))
        return {0, 0};
    return {static_cast<std::size_t>(first), static_cast<std::size_t>(last)};
}

} // namespace

ConcurrencyGrid::ConcurrencyGrid(const TrialClock& clock)
    : m_warmupS(std::floor(clock.warmupS)), m_counts(static_cast<std::size_t>(clock.horizonS), 0) {}

void ConcurrencyGrid::add(const std::vector<Interval>& intervals) {
    for (const Interval& iv : intervals) {
        const auto [first, last] = cellsOf(iv, m_warmupS, m_counts.size());
        for (std::size_t i = first; i < last; ++i)
            m_max = std::max(m_max, static_cast<int>(++m_counts[i]));
    }
}

std::size_t ConcurrencyGrid::peakSecond() const {
    const auto it = std::max_element(m_counts.begin(), m_counts.end());
    return it == m_counts.end() ? 0 : static_cast<std::size_t>(it - m_counts.begin());
}

double ConcurrencyGrid::secondsAbove(int podSlots) const {
    return static_cast<double>(std::count_if(m_counts.begin(), m_counts.end(),
                                             [podSlots](std::uint16_t c) { return c > podSlots; }));
}

int ConcurrencyGrid::heldAt(const std::vector<Interval>& intervals, double warmupS,
                            std::size_t second) {
    int held = 0;
    for (const Interval& iv : intervals) {
        const auto [first, last] = cellsOf(iv, std::floor(warmupS), second + 1);
        held += (first <= second && second < last) ? 1 : 0;
    }
    return held;
}

int ConcurrencyGrid::mostHeld(const std::vector<Interval>& intervals, double warmupS) {
    std::vector<std::pair<double, int>> events; // (cell, +1 / -1); ends before starts at a tie
    for (const Interval& iv : intervals) {
        const double first = std::floor(iv.startS - std::floor(warmupS));
        const double last = std::floor(iv.endS - std::floor(warmupS));
        if (last > first && last > 0) {
            events.emplace_back(first, 1);
            events.emplace_back(last, -1);
        }
    }
    std::sort(events.begin(), events.end());
    int held = 0;
    int most = 0;
    for (const auto& [cell, delta] : events) {
        held += delta;
        most = std::max(most, held);
    }
    return most;
}

AutoscaleOutcome replayAutoscaling(const std::vector<std::uint16_t>& counts, int podSlots,
                                   int threshold, double coldStartS, double idleS,
                                   std::vector<AutoscaleEvent>* events) {
    using Kind = AutoscaleEvent::Kind;
    const auto note = [events](std::size_t second, Kind kind) {
        if (events)
            events->push_back({second, kind});
    };
    AutoscaleOutcome out;
    bool requested = false;
    bool wasServing = false;
    double requestedAt = 0;
    double calmSince = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto t = static_cast<double>(i);
        const int c = counts[i];
        if (!requested && c > threshold) {
            requested = true;
            requestedAt = t;
            note(i, Kind::Requested);
        }
        if (c > threshold)
            calmSince = t + 1;
        const bool serving = requested && t >= requestedAt + coldStartS;
        if (serving && !wasServing)
            note(i, Kind::Serving);
        wasServing = serving;
        if (serving && t + 1 - calmSince >= idleS) {
            requested = false;
            wasServing = false;
            out.extraPodSeconds += t + 1 - requestedAt;
            note(i, Kind::Released); // this second is already served by one pod
        }
        const int capacity = podSlots * ((requested && serving) ? 2 : 1);
        out.outageSeconds += c > capacity ? 1 : 0;
    }
    if (requested)
        out.extraPodSeconds += static_cast<double>(counts.size()) - requestedAt;
    return out;
}

} // namespace tierlab::core
