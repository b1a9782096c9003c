// SPDX-License-Identifier: MIT
// Every request of a data set, stored compactly so that tier limits can be replayed over it
// (docs/model.md, "Tiers and limits"). Requests arrive grouped by subscriber, each
// subscriber's in time order (the import's spill partitions are hashed, so subscribers need
// not ascend); a chunk holds up to 65,536 of them as runs, one run per subscriber (a
// subscriber may continue in the next chunk): the subscriber (a signed delta from the previous
// run's), the run's length, the first time, then each later time as a delta. Times
// count in whole seconds when every time of the chunk is one (the common case of exports),
// else in milliseconds. Model and channel share one varint; the four token counts follow.
// On the 2M-row benchmark file that is 9.6 bytes a request (time deltas 2.3, tokens 6.2).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace tierlab::core {

struct HistoryRecord {
    std::uint32_t subscriber = 0; // index into the data set's subscriber dictionary
    std::int64_t timeMs = 0;      // ms since 1970-01-01 UTC (or since the trace start)
    std::uint16_t model = 0;      // index into the data set's model dictionary
    std::uint8_t channel = 0;     // Channel
    std::uint32_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;

    friend bool operator==(const HistoryRecord&, const HistoryRecord&) = default;
};

class HistoryEncoder {
public:
    static constexpr std::size_t kRequestsPerChunk = 65536;

    // Adds the next request: a subscriber's requests together and in time order (a request
    // earlier than the one before it of the same subscriber throws std::logic_error: a bug
    // of the caller, not of the input).
    void add(const HistoryRecord& r);
    bool full() const { return m_pending.size() >= kRequestsPerChunk; }
    bool empty() const { return m_pending.empty(); }
    // The encoded chunk of the requests added since the last take(); empty when none.
    std::vector<std::uint8_t> take();

private:
    std::vector<HistoryRecord> m_pending;
    bool m_any = false;
    HistoryRecord m_last;
};

// Appends the requests of one chunk to `out`. Throws DatabaseError on a damaged chunk.
void decodeHistoryChunk(std::span<const std::uint8_t> chunk, std::vector<HistoryRecord>& out);

} // namespace tierlab::core
