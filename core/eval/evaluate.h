// SPDX-License-Identifier: MIT
// The one evaluation: scenario (+ usage) -> results (architecture.md, idea 1).
#pragma once

#include "model/population.h"
#include "results.h"
#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"
#include "scenario/scenario.h"

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
// usage (the app: an edit that changes no replay input, a price, re-prices them instead of
// replaying again). `key` names what they were replayed for; the caller makes it from
// every input of the replay (replayKey() below); outcomes do not depend on tier prices or
// price responses.
struct ReplayCache {
    std::mutex mutex;
    std::string key;
    std::vector<std::vector<ReplayOutcome>> tiers;
};

// The key of a scenario document's replays: the document without each tier's
// price_usd_month, price_response and name, and without the scenario's name and description.
std::string replayKey(const Json& document);

// As evaluate(), reusing `cache`'s outcomes when their key is `key`, else replaying and
// storing them there (one usage per cache: the caller clears it when the usage changes).
EvalOutcome evaluate(const Scenario& s, const UsageData& usage, ReplayCache& cache,
                     const std::string& key);

} // namespace tierlab::core
