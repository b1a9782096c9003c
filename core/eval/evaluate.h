// SPDX-License-Identifier: MIT
// The one evaluation: scenario (+ usage) -> results (architecture.md, idea 1).
#pragma once

#include "model/population.h"
#include "results.h"
#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"
#include "scenario/scenario.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// A month of usage by subscriber, ready to price.
struct UsageData {
    std::vector<Subscriber> subscribers;
    std::string description;
    // Every request in time order per subscriber, when the data set kept them: the tiers'
    // limits are then replayed over it (replay.h); without it they bound the month
    // (population.h) and the results say so.
    std::optional<RequestLog> history;
    double scale = 1;         // usage.scale_to_month: counts and amounts x this after replay
    double spanHours = 0;     // first to last request (or whole days of daily data)
    std::vector<std::string> names; // per subscriber, when known (timelines, tables)
    // usage.sample: these subscribers are a sample at ratePer10000 / 10,000 of
    // populationSubscribers (each weighing 10,000 / rate); 0 when everyone is here.
    int sampleRatePer10000 = 0;
    std::size_t populationSubscribers = 0;
};

// Builds the usage a scenario carries itself (inline records or a synthetic population).
// Deterministic for a given seed. Empty for other sources.
UsageData builtInUsage(const Scenario& s);

struct EvalOutcome {
    Results results;
    Diagnostics diagnostics; // errors make the results incomplete
    bool ok() const { return !hasErrors(diagnostics); }
};

// Which subscriber's replay to keep (Results::timeline): by the data set's id, or picked.
struct TimelineRequest {
    enum class Pick { Named, Heaviest, MedianLossMaker };
    Pick pick = Pick::Named;
    std::string subscriber; // with Named
    std::string tier;       // picks only among this tier's subscribers; "" for all
};

// Evaluates a valid scenario (readScenario() reported no error). `usage` prices a data set
// from a workspace; without it, the scenario's own usage (records, synthetic) is priced.
// Quantities that would divide by zero are reported as errors with their path, never as NaN
// or infinity in the results.
// With `timeline`, also replays that subscriber with a timeline; an unknown subscriber, or a
// usage without request history, is an error at path "timeline".
EvalOutcome evaluate(const Scenario& s, const UsageData* usage = nullptr,
                     const TimelineRequest* timeline = nullptr);

// Each tier's replayed outcomes of its own subscribers, kept between evaluations of one
// usage (the app: an edit that changes no replay input of a tier, a price or another tier's
// limit, reuses that tier's replays instead of replaying them again). `keys[t]` names what
// tier t's outcomes were replayed for, `shapes[t]` the same without its limits' amounts; the
// caller makes them from every input of the replay (replayKeys() below). The outcomes are
// shared, never copied: an evaluation that reuses them reads the same ones.
struct ReplayCache {
    std::mutex mutex;
    std::vector<std::string> keys, shapes;
    std::vector<SharedOutcomes> tiers;
};

// The keys of a scenario document's tiers' replays. exact[t]: the document without its
// name, description and tiers, then the tiers' ids in order, then tier t without its
// price_usd_month, price_response and name (no replayed outcome depends on those). shape[t]:
// the same without the `amount` of each of tier t's limits (an edit of amounts alone).
struct ReplayKeys {
    std::vector<std::string> exact, shape;
};
ReplayKeys replayKeys(const Json& document);

// As evaluate(), reusing the cache's outcomes of each tier whose exact key is unchanged;
// for a tier whose shape is unchanged, the outcomes of subscribers its limits did not bind
// (replayTier); else replaying. What it replays it keeps there (one usage per cache: the
// caller renews it with the usage).
EvalOutcome evaluate(const Scenario& s, const UsageData& usage, ReplayCache& cache,
                     const ReplayKeys& keys);

} // namespace tierlab::core
