// SPDX-License-Identifier: MIT
// Subscription tiers: limits, full-use value and breakeven utilization (docs/model.md,
// "Breakeven utilization and full use").
#pragma once

#include "curves/curve.h"
#include "limits.h"
#include "pricing.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// At most `messages` interactive messages in any window of `hours` (both > 0).
struct MessageWindow {
    double messages = 0;
    double hours = 0;
};

// At most `perMonth` requests of one model a month; past it, block, fall back to another
// model, or bill extra usage at list price.
struct ModelCap {
    int model = -1;
    double perMonth = 0;
    LimitPolicy policy = LimitPolicy::Block;
    int fallbackModel = -1; // with Fallback
};

// A monthly credit for one channel, in USD of list value or in tokens (one of the two),
// expiring monthly; past it, block or bill extra usage at list price.
struct Pool {
    Channel channel = Channel::Interactive;
    std::optional<double> creditUsd;
    std::optional<double> creditTokens;
    LimitPolicy policy = LimitPolicy::Block;
};

struct Tier {
    std::string id;
    std::string name;
    double priceUsdMonth = 0;
    int typicalModel = -1;      // -1: the scenario's routing serves the tier's requests
    TokenCounts typicalRequest; // tokens of one typical request
    std::vector<MessageWindow> windows;
    std::vector<ModelCap> caps;
    std::vector<Pool> pools;
    bool extraUsage = false; // subscribers opted in to extra usage; without it, block
    // The limits in time (limits.h): the legacy windows and caps above, read into limits as
    // well, then the tier's `limits[]`, in that order; pools as ledgers.
    std::vector<Limit> limits;
    std::vector<CreditPool> creditPools;
    BlockedBehaviour blocked;
    std::optional<PriceResponse> priceResponse;
    // The speed the tier promises: its requests on a model with an operating curve are
    // served at the curve's cheapest point meeting it (docs/model.md, "Serving from an
    // operating curve"); unset, the model's.
    std::optional<SpeedTarget> speed;

    // The policy in force: extra usage acts as a block unless the tier opted in.
    LimitPolicy effective(LimitPolicy p) const {
        return p == LimitPolicy::ExtraUsage && !extraUsage ? LimitPolicy::Block : p;
    }
};

// The legacy keys as limits in time, put before the tier's own: each window a sliding
// message limit on the interactive channel, each model cap a monthly message limit on its
// model (a month from the first such request, so that a span of up to a month has one
// period), each pool a monthly credit ledger (first use) on its channel. Labels are the
// keys' JSON paths under `tierPath` ("tiers[1].windows[0]"), shown as "windows[0]".
void addLegacyLimits(Tier& tier, const std::string& tierPath);

// How many windows or periods of a limit fit in a month: hoursPerMonth / hours for sliding
// and session windows, / 24 daily, / 168 weekly, 1 monthly. The monthly bound of a limit is
// its amount times this.
double periodsPerMonth(LimitKind kind, double hours, double hoursPerMonth);

// Most interactive messages a month the windows allow: min over windows of
// messages x hoursPerMonth / hours. nullopt when the tier has no window.
std::optional<double> maxMessagesPerMonth(const std::vector<MessageWindow>& windows,
                                          double hoursPerMonth);

// The largest use a tier's limits allow in a month, valued at list price.
struct FullUse {
    double interactiveRequests = 0; // typical requests a month
    double interactiveUsd = 0;
    double poolUsd = 0;  // credits of programmatic pools
    double totalUsd = 0; // V_full
};

// Full-use value V_full of a tier (docs/model.md, "Breakeven utilization and full use"),
// from Tier::limits and creditPools:
// the typical request (interactive, on the typical model) asked as often as every limit in
// its scope allows at its monthly bound (the tightest one of those that block or bill); past
// the first fallback limit in scope, the rest is valued on the fallback model; a credit pool
// in the typical request's scope bounds the value by its monthly grant; other pools add their
// grant. `typicalListUsd` is the list value of one typical request as the tier serves it,
// `modelListUsd[m]` that of the same tokens on model m, `typicalServingUsd` its serving cost
// (for limits in serving dollars). nullopt when nothing bounds interactive use.
std::optional<FullUse> fullUse(const Tier& tier, double hoursPerMonth, double typicalListUsd,
                               const std::vector<double>& modelListUsd,
                               double typicalServingUsd = 0);

// Breakeven utilization u* = price / (V_full x serving-cost ratio): a subscriber whose
// utilization (list value used / V_full) is above it costs more than they pay.
// fullUseUsd > 0, servingCostRatio > 0.
double breakevenUtilization(double priceUsdMonth, double fullUseUsd, double servingCostRatio);

} // namespace tierlab::core
