// SPDX-License-Identifier: MIT
// Population economics: a tier's limits applied to each subscriber's month of usage, and the
// figures over all subscribers (docs/model.md, "Tiers: revenue, cost and margin").
#pragma once

#include "pricing.h"
#include "requestlog.h"
#include "routing.h"
#include "tier.h"

#include <boost/container/small_vector.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tierlab::core {

// Requests and tokens of one subscriber on one model and channel over a month.
struct UsageLine {
    int model = -1;
    Channel channel = Channel::Interactive;
    double requests = 0;
    TokenCounts tokens;
};

// One subscriber's month: its lines (summed over the month), and where its requests are in
// the population's RequestLog when the data set kept its request history.
struct Subscriber {
    int tier = -1;
    std::vector<UsageLine> lines;
    std::size_t firstRequest = 0; // into UsageData::history
    std::size_t requestCount = 0;
    double weight = 1; // subscribers this one stands for (a sampled population)
};

// Prices usage lines at list price and at serving cost: on the model asked for, or, when the
// tier is routed, under the routing for both (so that utilization and breakeven share one
// basis: a routed subscriber above u* is a loss).
struct LinePricer {
    const std::vector<ModelRate>* rates = nullptr;
    const std::vector<RouteLeg>* legs = nullptr; // null or empty: served as asked
    double routerOverheadUsd = 0;                // per routed request

    double listUsd(const UsageLine& line) const;
    double servingUsd(const UsageLine& line) const;
};

// A vector of a few items kept inline: the per-limit and per-pool parts of an outcome. An
// edit of limit amounts copies the outcomes its limits do not change (20,000 on the 1M-row
// benchmark); with std::vector each copy and each freed outcome cost a malloc or a free per
// part, 12 % of a limits edit's cycles.
template <class T, std::size_t N = 4>
using InlineVector = boost::container::small_vector<T, N>;

// What a tier's limits did to one subscriber's month.
struct SubscriberOutcome {
    double includedListUsd = 0; // list value of the usage the subscription covers
    double extraUsageUsd = 0;   // billed past caps and pools at list price
    double costUsd = 0;         // serving cost of all usage served
    double tokens = 0;          // tokens served
    double requests = 0;        // requests served
    double fallbackRequests = 0;
    double blockedRequests = 0;
    bool windowHit = false;
    InlineVector<bool, 8> capHit;  // per cap of the tier
    InlineVector<bool, 8> poolHit; // per pool of the tier
};

// Applies the tier's limits (Tier::limits, Tier::creditPools) to a month's totals: the
// monthly bound of boundMonth() (replay.h), for data without request history. Each limit in
// order bounds its scope at its monthly maximum (monthly usage cannot tell rolling windows
// apart), then pools; usage past a limit is removed, moved to the fallback model, or billed
// as extra usage, pro rata over the subscriber's lines.
SubscriberOutcome applyTier(const Tier& tier, const Subscriber& sub, double hoursPerMonth,
                            const LinePricer& pricer);

// One limit over a tier's subscribers (replayed; with the monthly bound only the shares that
// a month can tell: hit, blocked, fallen back, billed).
struct LimitFigures {
    std::string label, path;
    std::string kind, unit;        // "sliding", "session", ...; "messages", "tokens", ...
    double hitShare = 0;           // subscribers who hit it at least once
    double blockedShare = 0;       // of the tier's requests asked: abandoned here
    double fallbackShare = 0;      // moved to the fallback model
    double billedShare = 0;        // bought as extra usage
    double delayedShare = 0;       // waited until it reopened
    std::optional<double> lockoutHoursPerWeekP50; // among subscribers who hit it
    std::optional<double> lockoutHoursPerWeekP90;
    std::optional<double> firstHitHoursP50; // hours from a hitter's first request to the hit
};

struct PoolFigures {
    std::string label, path;
    double grantedUsd = 0, usedUsd = 0;
    double breakageUsd = 0;  // granted and expired unused
    double ranOutShare = 0;  // subscribers whose credit ran out
    std::optional<double> ranOutDayP50; // day of the span (from 0) it ran out, among those
    std::vector<double> balanceByDay;   // population's balance at the end of each day, USD
};

// A figure's sampling interval (a sampled population, bootstrap.h): `figure` is its key in
// the results (docs/cli.md), e.g. "margin_usd" or "limits[id=s].hit_share".
struct FigureInterval {
    std::string figure;
    double low = 0, high = 0;
};

// Figures over a tier's subscribers.
struct PopulationFigures {
    // true: the limits were replayed over each subscriber's request history; false: they
    // bound the month's totals (daily data), an approximation the outputs state.
    bool replayed = false;
    double subscribers = 0;
    double subscriptionRevenueUsd = 0;
    double extraUsageRevenueUsd = 0;
    double revenueUsd = 0;
    double costUsd = 0;
    double marginUsd = 0;
    double lossMakingShare = 0;
    double utilizationP50 = 0, utilizationP90 = 0, utilizationP99 = 0;
    double tokensP50 = 0, tokensP90 = 0, tokensP99 = 0; // tokens per subscriber
    double top1TokenShare = 0;
    double top10TokenShare = 0;
    double gini = 0;
    double requests = 0;
    double tokens = 0;
    double fallbackRequests = 0;
    double blockedRequests = 0;
    double windowHitShare = 0;
    std::vector<double> capHitShare;               // per cap
    std::vector<double> poolHitShare;              // per pool
    std::vector<std::pair<double, double>> lorenz; // token Lorenz curve, 21 points
    // Subscribers' utilization (list value used / full-use value): its quantiles at
    // 0, 1, ..., 100 % (the CDF), and a histogram of kUtilizationBins equal bins over
    // [0, utilizationHistogramMax) whose last bin also holds everything above.
    std::vector<double> utilizationQuantiles;
    double utilizationHistogramMax = 1;
    std::vector<double> utilizationHistogramShare; // share of subscribers per bin
    std::vector<LimitFigures> limits; // per Tier::limits
    std::vector<PoolFigures> pools;   // per Tier::creditPools
    // What blocked subscribers did (BlockedBehaviour), requests.
    double waitedRequests = 0, abandonedRequests = 0, boughtRequests = 0;
    std::optional<double> waitHoursP50, waitHoursP90; // of the requests that waited
    // With a price response: share of the subscribers at the reference price kept here.
    std::optional<double> retainedShare;
    // Subscribers who moved here from a tier whose price response moves them down.
    double movedInSubscribers = 0;
    // With a sampled population: intervals of the main figures; empty otherwise.
    std::vector<FigureInterval> intervals;
};

inline constexpr int kUtilizationBins = 40;


// Figures of one tier from its subscribers' outcomes. fullUseUsd > 0; breakevenUtilization
// (u*, >= 0) only widens the utilization histogram so that u* is in view.
// `weights` (empty: 1 each) counts a subscriber as that many of its kind in every sum,
// share and quantile (stats.h, weighted forms).
struct ReplayOutcome; // replay.h

// Subscribers' outcomes as populationFigures() reads them: a vector of them, or the `out` of
// each replayed outcome, read in place (copying 20,000 outcomes, each with two vectors, for
// every figures call cost a limit edit more than computing the figures).
class SubscriberOutcomes {
public:
    SubscriberOutcomes() = default; // none
    SubscriberOutcomes(const std::vector<SubscriberOutcome>& plain)
        : m_plain(plain.data()), m_size(plain.size()) {}
    SubscriberOutcomes(const std::vector<ReplayOutcome>& replayed); // population.cpp
    std::size_t size() const { return m_size; }
    const SubscriberOutcome& operator[](std::size_t i) const; // population.cpp

private:
    const SubscriberOutcome* m_plain = nullptr;
    const ReplayOutcome* m_replayed = nullptr;
    std::size_t m_size = 0;
};

PopulationFigures populationFigures(const Tier& tier, SubscriberOutcomes subs,
                                    double fullUseUsd, double breakevenUtilization = 0,
                                    const std::vector<double>& weights = {});

} // namespace tierlab::core
