// SPDX-License-Identifier: MIT
// A tier's limits over its subscribers: replayed over each one's request history when the
// data set kept it (replay.h), else bounding each one's month (boundMonth), and the figures
// of docs/model.md, "Replaying limits over request history": per limit, per pool, and what
// blocked subscribers did.
#pragma once

#include "evaluate.h"
#include "model/replay.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace tierlab::core {

// The stable key of a subscriber for the BlockedBehaviour hash: FNV-1a of the name (so that
// a subscriber keeps their draws whatever else the data set holds), else of the index.
std::uint64_t subscriberKey(std::string_view name, std::size_t index);

struct TierReplaySettings {
    const LinePricer* pricer = nullptr;
    double hoursPerMonth = 730;
    double typicalListUsdPerToken = 0;
    std::uint64_t seed = 1;
    unsigned threads = 0; // 0: one per core
};

// The outcomes of `members` (indices into usage.subscribers, all on `tier`), in that order:
// replayed when usage.history is there, else bounded by the month. Replayed outcomes are
// scaled by usage.scale (counts, amounts and money; hit flags, hours and days as they are),
// monthly limits and grants having met usage.scale's share of a month. Thread-safe, parallel
// over blocks of subscribers; the same for any thread count.
// With `previous` (the outcomes of the same members, replayed over the same history for a
// tier that differs from `tier` only in its limits' amounts): a subscriber no limit bound
// there (limitsBindNot()) keeps that outcome, the others are replayed. The result is the
// same as replaying everyone (tests/core/tst_sample.cpp checks it).
std::vector<ReplayOutcome> replayTier(const Tier& tier, const UsageData& usage,
                                      const std::vector<std::size_t>& members,
                                      const TierReplaySettings& settings,
                                      const std::vector<ReplayOutcome>* previous = nullptr);

// One subscriber (an index into usage.subscribers, on `tier`) as replayTier replays it,
// with its timeline; usage.history must be there.
ReplayOutcome replayOne(const Tier& tier, const UsageData& usage, std::size_t subscriber,
                        const TierReplaySettings& settings, Timeline* timeline);

// The span a history covers, [first request, last request + 1 ms); {0, 0} when empty.
struct Span {
    std::int64_t startMs = 0, endMs = 0;
};
Span historySpan(const RequestLog& log);

// Fills f.replayed, f.limits, f.pools and the blocked-behaviour figures from the outcomes.
// `weeks` (> 0) is the span in weeks, for lockout hours per week.
// `weights` (empty: 1 each) as in populationFigures.
void limitFigures(const Tier& tier, const std::vector<ReplayOutcome>& outcomes, bool replayed,
                  double weeks, PopulationFigures& f, const std::vector<double>& weights = {});

} // namespace tierlab::core
