// SPDX-License-Identifier: MIT
// Population economics: a tier's limits applied to each subscriber's month of usage, and the
// figures over all subscribers (model.md section 4).
#pragma once

#include "pricing.h"
#include "routing.h"
#include "tier.h"

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

// One subscriber's month.
struct Subscriber {
    int tier = -1;
    std::vector<UsageLine> lines;
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
    std::vector<bool> capHit;  // per cap of the tier
    std::vector<bool> poolHit; // per pool of the tier
};

// Applies the tier's limits in a month, in this order: windows bound interactive messages at
// their monthly maximum (monthly usage cannot tell rolling windows apart), then caps in the
// order listed, then pools. Usage past a limit is removed, moved to the fallback model, or
// billed as extra usage, pro rata over the subscriber's lines.
SubscriberOutcome applyTier(const Tier& tier, const Subscriber& sub, double hoursPerMonth,
                            const LinePricer& pricer);

// Figures over a tier's subscribers.
struct PopulationFigures {
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
};

inline constexpr int kUtilizationBins = 40;

// Figures of one tier from its subscribers' outcomes. fullUseUsd > 0; breakevenUtilization
// (u*, >= 0) only widens the utilization histogram so that u* is in view.
PopulationFigures populationFigures(const Tier& tier, const std::vector<SubscriberOutcome>& subs,
                                    double fullUseUsd, double breakevenUtilization = 0);

} // namespace tierlab::core
