// SPDX-License-Identifier: MIT
// The replay engine: each subscriber's requests run in time order through every limit and
// credit pool of their tier (limits.h), in one pass over the sorted RequestLog
// (docs/model.md, "Replaying limits over request history").
//
// Per request, in order: every limit whose scope holds the request is asked whether the
// request's amount still fits (used + amount <= limit amount, with `used` the admitted usage
// in the limit's current window or period). The first limit, in the tier's order, where it
// does not fit acts by its policy: Fallback moves the request to the fallback model and asks
// the limits again; ExtraUsage bills it at list price (when the tier opted in); Block hands
// it to the tier's BlockedBehaviour (wait, abandon, or buy extra usage). An admitted request
// is added to every limit in scope, then drawn from the credit pools in order. A request whose
// amount exceeds a limit's whole amount can never fit: it is abandoned, never waits.
#pragma once

#include "enumname.h"
#include "limits.h"
#include "population.h"
#include "requestlog.h"
#include "tier.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace tierlab::core {

// What one limit did to one subscriber.
struct LimitOutcome {
    bool hit = false;              // refused at least one request
    double blockedRequests = 0;    // abandoned (lost)
    double fallbackRequests = 0;   // moved to the fallback model
    double billedRequests = 0;     // bought as extra usage
    double delayedRequests = 0;    // waited until the limit reopened
    double delayHours = 0;         // total wait of the delayed requests
    double lockoutHours = 0;       // time refused by this limit: union of [refusal, reopening)
    double firstHitHours = -1;     // hours from the subscriber's first request; -1: never hit
};

// One pool's ledger over one subscriber's span.
struct PoolOutcome {
    bool ranOut = false;
    double grantedUsd = 0; // in USD: list_usd and compute pools as is, tokens at the tier's
    double usedUsd = 0;    // typical list value per token
    double expiredUsd = 0; // breakage: granted and never used
    double ranOutHours = -1; // hours from the span's start when the credit first ran out
    std::vector<double> balanceByDay; // balance at the end of each day of the span, in USD
};

// A replayed subscriber: the monthly outcome every figure is built from, plus per limit and
// per pool. `out.capHit` / `poolHit` / `windowHit` are filled from the limits made from the
// legacy keys so that today's figures keep their meaning.
struct ReplayOutcome {
    SubscriberOutcome out;
    InlineVector<LimitOutcome> limits;  // per Tier::limits
    InlineVector<PoolOutcome, 2> pools; // per Tier::creditPools
    double waitedRequests = 0, abandonedRequests = 0, boughtRequests = 0;
    std::vector<float> waitHours; // per request that waited: hours from asked to served
    // Per limit: the most one of its windows was asked to hold (used + the request's amount,
    // admitted or not), in the limit's unit (before any scaling to the month). Replayed
    // again with a limit's amount changed to at least this, where that limit refused
    // nothing (and nothing else changed), every request is admitted the same way: the
    // outcome is this one (limitsBindNot()).
    InlineVector<double> peakUsed;
    // Per limit: the amount it was replayed with (limitsBindNot compares an edit's amounts).
    InlineVector<double> limitAmounts;
};

// A tier's outcomes, shared read-only between an evaluation and the app's ReplayCache.
using SharedOutcomes = std::shared_ptr<const std::vector<ReplayOutcome>>;

// Whether `o`, replayed with the limit amounts `amounts` (PreparedTier::limitAmounts(), of
// a tier that differs from o's only in its limits' amounts), would come out the same: every
// limit whose amount changed refused none of o's requests, and the most it was ever asked to
// hold fits its new amount (limits that kept their amount may have refused).
bool limitsBindNot(const ReplayOutcome& o, const std::vector<double>& amounts);

// What happened to each request, for the subscriber timeline.
enum class RequestFate : std::uint8_t { Served, FellBack, Billed, Delayed, Blocked };
// A fate as the JSON spells it (core/enumname.h); the CLI's timeline writes it with spaces.
inline constexpr EnumName<RequestFate> kRequestFateNames[] = {
    {RequestFate::Served, "served"},   {RequestFate::FellBack, "fell_back"},
    {RequestFate::Billed, "billed"},   {RequestFate::Delayed, "delayed"},
    {RequestFate::Blocked, "blocked"},
};
static_assert(enumNamesUnique(kRequestFateNames));
struct TimelineEvent {
    std::int64_t timeMs = 0;   // when it was asked
    std::int64_t servedMs = 0; // when it ran (later than timeMs when delayed); -1 if lost
    std::int32_t model = -1;   // the model that served it (after a fallback)
    RequestFate fate = RequestFate::Served;
    std::int32_t limit = -1;   // the limit that acted on it (for a fallback, the first that
                               // moved it), -1 for none
};
// A window or period of one limit that held admitted usage: [startMs, endMs).
struct TimelineWindow {
    std::int32_t limit = 0;
    std::int64_t startMs = 0, endMs = 0;
    double used = 0; // in the limit's unit
    bool full = false; // refused a request
};
struct Timeline {
    std::vector<TimelineEvent> events;
    std::vector<TimelineWindow> windows;
};

// Everything the engine needs besides the tier: prices and a horizon.
struct ReplayContext {
    const LinePricer* pricer = nullptr;
    double hoursPerMonth = 730;
    std::int64_t spanStartMs = 0; // a waiting request must run before spanEndMs, else it is lost
    std::int64_t spanEndMs = 0;
    double typicalListUsdPerToken = 0; // values token pools in USD
    std::uint64_t seed = 1;            // the BlockedBehaviour hash
    // A span shorter than a month that is scaled to one (usage.scale_to_month) replays
    // monthly limits and monthly grants at this share of their amount (span / month), so
    // that the outcome, scaled up afterwards, meets them as a month would.
    double monthlyShare = 1;
};

// A tier made ready for many replays: time zones loaded, pools in drawing order, list prices
// per model as coefficients. Holds pointers into `tier` and `ctx.pricer`: they must outlive it.
class PreparedTier {
public:
    PreparedTier(const Tier& tier, const ReplayContext& ctx);
    ~PreparedTier();
    PreparedTier(const PreparedTier&) = delete;
    PreparedTier& operator=(const PreparedTier&) = delete;
    struct Data;
    const Data& data() const { return *m_data; }
    // Each limit's amount as the replay meets it (a monthly one at the span's share).
    std::vector<double> limitAmounts() const;

private:
    std::unique_ptr<Data> m_data;
};

// Replays one subscriber ([first, first + count) of `log`, sorted by time). `subscriberKey`
// feeds the BlockedBehaviour hash. `timeline` (optional) receives every request's fate.
ReplayOutcome replaySubscriber(const Tier& tier, const RequestLog& log, std::size_t first,
                               std::size_t count, std::uint64_t subscriberKey,
                               const ReplayContext& ctx, Timeline* timeline = nullptr);
// The monthly bound, for data sets without request history (daily aggregates): the same
// limits and pools applied to the subscriber's month of totals (population.cpp). Each limit
// bounds the usage in its scope at amount x periodsPerMonth; pools burn in order. Only what a
// month can tell is filled: hit, blocked, fallen back and billed per limit; granted, used,
// expired and ran out per pool.
ReplayOutcome boundMonth(const Tier& tier, const Subscriber& sub, const ReplayContext& ctx);

// The same with a tier prepared once for a population (thread-safe: one PreparedTier may
// serve many threads).
ReplayOutcome replaySubscriber(const PreparedTier& tier, const RequestLog& log,
                               std::size_t first, std::size_t count,
                               std::uint64_t subscriberKey, Timeline* timeline = nullptr);

} // namespace tierlab::core
