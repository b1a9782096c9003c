// SPDX-License-Identifier: MIT
#include "sim/concurrencygrid.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
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
    std::vector<Span> spans;
    appendSpans(intervals, spans);
    std::size_t cursor = 0;
    addWithin(spans, cursor, 0, m_counts.size());
}

void ConcurrencyGrid::appendSpans(const std::vector<Interval>& intervals,
                                  std::vector<Span>& out) const {
    for (const Interval& iv : intervals) {
        const auto [first, last] = cellsOf(iv, m_warmupS, m_counts.size());
        if (last > first)
            out.push_back({first, last});
    }
}

namespace {

// Eight cells at once (GCC and Clang vector extensions: SSE2 on x86-64, NEON on ARM).
using Lanes = std::uint16_t __attribute__((vector_size(16)));
using LaneMask = std::int16_t __attribute__((vector_size(16)));
constexpr std::size_t kLanes = 8;
constexpr std::size_t kWindow = 4 * kLanes;

Lanes laneMax(Lanes a, Lanes b) {
    return a > b ? a : b;
}

// Adds 1 to cells [0, n) of the kWindow cells at `c` and folds all kWindow into `most`.
// A fixed window without branches on n: spans have varying lengths (median 20 cells), and a
// loop over exactly n cells mispredicted its exit at nearly every span.
void addWindow(std::uint16_t* c, std::size_t n, Lanes& most) {
    const Lanes index = {0, 1, 2, 3, 4, 5, 6, 7};
    const auto count = static_cast<std::uint16_t>(std::min(n, kWindow));
    for (std::size_t k = 0; k < kWindow; k += kLanes) {
        Lanes v;
        std::memcpy(&v, c + k, sizeof v);
        const LaneMask inside = (index + static_cast<std::uint16_t>(k)) < count; // -1 or 0
        v -= std::bit_cast<Lanes>(inside);
        std::memcpy(c + k, &v, sizeof v);
        most = laneMax(most, v);
    }
}

int largestLane(Lanes v) {
    int most = 0;
    for (std::size_t j = 0; j < kLanes; ++j)
        most = std::max(most, static_cast<int>(v[j]));
    return most;
}

} // namespace

int ConcurrencyGrid::addWithin(const std::vector<Span>& spans, std::size_t& cursor, std::size_t lo,
                               std::size_t hi) {
    Lanes windows{};
    int most = 0;
    std::uint16_t* counts = m_counts.data();
    const std::size_t size = m_counts.size();
    for (std::size_t k = cursor; k < spans.size() && spans[k].first < hi; ++k) {
        const std::size_t last = std::min(spans[k].last, hi);
        std::size_t i = std::max(spans[k].first, lo);
        // Whole windows while they fit in the grid (cells past `last` get + 0); the rest
        // one cell at a time.
        for (; i < last && i + kWindow <= size; i += kWindow)
            addWindow(counts + i, last - i, windows);
        for (; i < last; ++i)
            most = std::max(most, static_cast<int>(++counts[i]));
    }
    most = std::max(most, largestLane(windows));
    // Spans are in start order, not end order: one reaching past hi holds the cursor, and the
    // finished ones after it are visited again, with nothing left inside the next block.
    while (cursor < spans.size() && spans[cursor].last <= hi)
        ++cursor;
    m_max = std::max(m_max, most);
    return most;
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
