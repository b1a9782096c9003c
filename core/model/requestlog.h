// SPDX-License-Identifier: MIT
// Every request of a priced population, in time order per subscriber, as parallel arrays
// (a structure of arrays: the replay reads one or two of them per limit). Models are the
// scenario's indices after usage.model_map; a subscriber owns [first, first + count).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tierlab::core {

struct RequestLog {
    std::vector<std::int64_t> timeMs;  // milliseconds since 1970-01-01 UTC (or trace start)
    std::vector<std::int32_t> model;   // scenario model index
    std::vector<std::uint8_t> channel; // Channel
    std::vector<std::uint32_t> input, output, cacheRead, cacheWrite;
    // The earliest and latest times pushed: the span every evaluation needs, kept so that
    // none scans a million times for it.
    std::int64_t earliestMs = 0, latestMs = 0;

    std::size_t size() const { return timeMs.size(); }
    void reserve(std::size_t n) {
        timeMs.reserve(n);
        model.reserve(n);
        channel.reserve(n);
        input.reserve(n);
        output.reserve(n);
        cacheRead.reserve(n);
        cacheWrite.reserve(n);
    }
    void push(std::int64_t t, std::int32_t m, std::uint8_t c, std::uint32_t in,
              std::uint32_t out, std::uint32_t cr, std::uint32_t cw) {
        earliestMs = timeMs.empty() ? t : std::min(earliestMs, t);
        latestMs = timeMs.empty() ? t : std::max(latestMs, t);
        timeMs.push_back(t);
        model.push_back(m);
        channel.push_back(c);
        input.push_back(in);
        output.push_back(out);
        cacheRead.push_back(cr);
        cacheWrite.push_back(cw);
    }
};

} // namespace tierlab::core
