// SPDX-License-Identifier: MIT
// A tier's limits in time: sliding and session windows, daily / weekly / monthly caps, each in
// a unit (messages, weighted tokens, list dollars, serving-cost dollars) and scoped to models
// and channels; credit pools as ledgers; what a blocked subscriber does; how subscribers
// respond to a price change (docs/model.md, "Tiers and limits").
//
// The reader turns the legacy keys into these: `windows[]` are sliding message limits on the
// interactive channel, `model_caps[]` monthly message limits scoped to one model (both
// channels), `pools[]` credit ledgers (CreditPool). One list, one engine: the replay over request history
// (replay.h) and the monthly bound for daily data (population.h) both walk `Tier::limits`.
#pragma once

#include "enumname.h"

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

enum class Channel { Interactive, Programmatic };
inline constexpr int kChannelCount = 2;

// What happens to usage past a limit.
enum class LimitPolicy { Block, Fallback, ExtraUsage };

enum class LimitKind {
    Sliding, // at most `amount` in any window of `hours` hours: (t - hours, t]
    Session, // a window of `hours` opens at the first request after the last one closed
    Daily,   // resets every day (calendar: at resetHour in timeZone; first_use: 24 h on)
    Weekly,  // resets every week (calendar: resetWeekday + resetHour in timeZone; first_use)
    Monthly, // resets every month (calendar: day 1 at resetHour; first_use: hours_per_month)
};

enum class LimitUnit {
    Messages, // one per request
    Tokens,   // weighted tokens: sum of weight x count over the four kinds
    ListUsd,  // list value of the request at API prices (credits)
    Compute,  // serving cost of the request on the scenario's pods, USD
};

enum class PeriodAnchor { Calendar, FirstUse };

// The scenario's spelling of each value (core/enumname.h): the reader reads these names and
// results, reports and the GUI print them.
inline constexpr EnumName<Channel> kChannelNames[] = {
    {Channel::Interactive, "interactive"},
    {Channel::Programmatic, "programmatic"},
};
static_assert(enumNamesUnique(kChannelNames) &&
              std::size(kChannelNames) == static_cast<std::size_t>(kChannelCount));

inline constexpr EnumName<LimitPolicy> kLimitPolicyNames[] = {
    {LimitPolicy::Block, "block"},
    {LimitPolicy::Fallback, "fallback"},
    {LimitPolicy::ExtraUsage, "extra_usage"},
};
static_assert(enumNamesUnique(kLimitPolicyNames));

inline constexpr EnumName<LimitKind> kLimitKindNames[] = {
    {LimitKind::Sliding, "sliding"}, {LimitKind::Session, "session"}, {LimitKind::Daily, "daily"},
    {LimitKind::Weekly, "weekly"},   {LimitKind::Monthly, "monthly"},
};
static_assert(enumNamesUnique(kLimitKindNames));

inline constexpr EnumName<LimitUnit> kLimitUnitNames[] = {
    {LimitUnit::Messages, "messages"},
    {LimitUnit::Tokens, "tokens"},
    {LimitUnit::ListUsd, "list_usd"},
    {LimitUnit::Compute, "compute"},
};
static_assert(enumNamesUnique(kLimitUnitNames));

inline constexpr EnumName<PeriodAnchor> kPeriodAnchorNames[] = {
    {PeriodAnchor::Calendar, "calendar"},
    {PeriodAnchor::FirstUse, "first_use"},
};
static_assert(enumNamesUnique(kPeriodAnchorNames));

// `reset.weekday` of a weekly period: Limit::resetWeekday, 0 = Monday.
inline constexpr EnumName<int> kWeekdayNames[] = {
    {0, "monday"}, {1, "tuesday"},  {2, "wednesday"}, {3, "thursday"},
    {4, "friday"}, {5, "saturday"}, {6, "sunday"},
};
static_assert(enumNamesUnique(kWeekdayNames));

// The values some keys allow, in the order their error messages list them; names come from
// the tables above. A scope's `channel` adds "both" (nullopt).
inline constexpr EnumName<std::optional<Channel>> kScopeChannelNames[] = {
    {Channel::Interactive, enumName(kChannelNames, Channel::Interactive)},
    {Channel::Programmatic, enumName(kChannelNames, Channel::Programmatic)},
    {std::nullopt, "both"},
};
static_assert(enumNamesUnique(kScopeChannelNames));
// Pools (`pools[]`, `credit_pools[]`) cannot fall back to a model.
inline constexpr EnumName<LimitPolicy> kPoolPolicyNames[] = {
    {LimitPolicy::Block, enumName(kLimitPolicyNames, LimitPolicy::Block)},
    {LimitPolicy::ExtraUsage, enumName(kLimitPolicyNames, LimitPolicy::ExtraUsage)},
};
static_assert(enumNamesUnique(kPoolPolicyNames));
// A credit pool's `unit`: not messages.
inline constexpr EnumName<LimitUnit> kCreditUnitNames[] = {
    {LimitUnit::ListUsd, enumName(kLimitUnitNames, LimitUnit::ListUsd)},
    {LimitUnit::Tokens, enumName(kLimitUnitNames, LimitUnit::Tokens)},
    {LimitUnit::Compute, enumName(kLimitUnitNames, LimitUnit::Compute)},
};
static_assert(enumNamesUnique(kCreditUnitNames));
// A credit pool's `period`: the periodic kinds.
inline constexpr EnumName<LimitKind> kCreditPeriodNames[] = {
    {LimitKind::Daily, enumName(kLimitKindNames, LimitKind::Daily)},
    {LimitKind::Weekly, enumName(kLimitKindNames, LimitKind::Weekly)},
    {LimitKind::Monthly, enumName(kLimitKindNames, LimitKind::Monthly)},
};
static_assert(enumNamesUnique(kCreditPeriodNames));

// As results show a kind and a unit ("sliding", "list_usd").
inline std::string limitKindName(LimitKind k) {
    return std::string(enumName(kLimitKindNames, k));
}
inline std::string limitUnitName(LimitUnit u) {
    return std::string(enumName(kLimitUnitNames, u));
}

struct TokenWeights {
    double input = 1, output = 1, cacheRead = 1, cacheWrite = 1;
};

// Which requests count against a limit or draw on a pool. Empty `models`: every model.
struct LimitScope {
    std::vector<int> models;        // scenario model indices (the model asked for)
    std::optional<Channel> channel; // nullopt: both channels
};

struct Limit {
    std::string label; // shown in results: the limit's `id`, else its JSON path ("windows[0]")
    std::string path;  // JSON path of the limit in the scenario ("tiers[1].limits[0]")
    LimitKind kind = LimitKind::Sliding;
    double hours = 0;  // Sliding, Session: window length, > 0
    double amount = 0; // the most allowed per window or period, in `unit`, >= 0
    LimitUnit unit = LimitUnit::Messages;
    TokenWeights weights; // with Tokens
    LimitScope scope;
    LimitPolicy policy = LimitPolicy::Block;
    int fallbackModel = -1; // with Fallback; not in scope
    // Daily, Weekly, Monthly:
    PeriodAnchor anchor = PeriodAnchor::Calendar;
    int resetWeekday = 0;          // Weekly + Calendar: 0 = Monday ... 6 = Sunday
    double resetHour = 0;          // Calendar: local hour of the reset, [0, 24)
    std::string timeZone = "UTC";  // Calendar: IANA name ("America/Los_Angeles")
    bool floorToHour = false;      // Session: the window starts at the hour (ccusage's blocks)
};

// A credit ledger: `grant` (in `unit`) is credited every period, expires `expiresAfterHours`
// after it was granted (default: at the end of its period), and unused credit carries over
// to the next period up to `rolloverCap` (0: none). Pools are drawn on in `order` (then as
// listed); a request takes what it needs from the first pool in scope with credit left,
// the rest from the next. Past the last pool in scope: `policy` of that pool.
struct CreditPool {
    std::string label;
    std::string path;
    LimitUnit unit = LimitUnit::ListUsd; // ListUsd, Tokens or Compute
    TokenWeights weights;                // with Tokens
    double grant = 0;                    // per period, >= 0
    LimitKind period = LimitKind::Monthly; // Daily, Weekly or Monthly
    PeriodAnchor anchor = PeriodAnchor::Calendar;
    int resetWeekday = 0;
    double resetHour = 0;
    std::string timeZone = "UTC";
    std::optional<double> expiresAfterHours;
    double rolloverCap = 0;
    int order = 0;
    LimitScope scope; // legacy pools: channel only
    LimitPolicy policy = LimitPolicy::Block; // Block or ExtraUsage
};

// What a subscriber does with a request a limit blocks: shares that sum to 1. Each blocked
// request takes one behaviour, chosen by a stable hash of (subscriber, request) so that the
// shares hold over the population and a replay is deterministic.
struct BlockedBehaviour {
    double wait = 0;       // the request moves to when the limit reopens (if still in the span)
    double abandon = 1;    // the request is lost
    double extraUsage = 0; // bought at list price if the tier opted in (else abandoned)
};

// How subscribers respond to a change of the tier's price from `referencePriceUsd`. Off
// unless given; every output states it when on.
struct PriceResponse {
    double referencePriceUsd = 0;
    // Constant elasticity: the share kept is (price / reference)^elasticity (elasticity <= 0).
    std::optional<double> elasticity;
    // Or by utilization band: per dollar of increase, a share of the band's subscribers
    // leaves, and a share moves down to `moveDownTier` (priced there).
    struct Band {
        double utilizationBelow = 0; // band upper edge (the last band: infinity)
        double leavePerUsd = 0;
        double moveDownPerUsd = 0;
    };
    std::vector<Band> bands;
    int moveDownTier = -1;
};

} // namespace tierlab::core
