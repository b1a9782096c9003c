// SPDX-License-Identifier: MIT
// The replay engine (replay.h; docs/model.md, "Replaying limits over request history").
//
// One subscriber at a time, in one pass: arrivals come in time order from the RequestLog; a
// request that waits for a limit to reopen goes into a small heap and comes back at its
// reopening time, so that every limit sees its admitted usage in time order. Each limit keeps
// only what its kind needs: a sliding window the admitted requests of the last `hours`
// (a queue), a session or period its bounds and its use. Pools are ledgers of credit lots.
#include "replay.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>
#include <utility>

namespace tierlab::core {

namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

std::int64_t hoursMs(double h) { return std::llround(h * 3.6e6); }
double msHours(std::int64_t ms) { return static_cast<double>(ms) / 3.6e6; }

bool fits(double used, double amount, double limit) {
    return used + amount <= limit + 1e-9 * std::max(1.0, limit);
}

// When a limit's or pool's windows start and end. Sessions and first-use periods open at the
// first request after the last one closed (length `lengthMs`); calendar periods are fixed
// days, weeks or months in a time zone.
struct Clock {
    LimitKind kind = LimitKind::Session;
    bool calendar = false;
    std::int64_t lengthMs = 0;
    bool floorToHour = false;
    cctz::time_zone tz;
    int weekday = 0;       // 0 = Monday
    int resetSeconds = 0;  // local time of day of the reset

    // The start of the local day `d` at the reset time (a reset in a skipped hour of a DST
    // change happens at the change).
    std::int64_t startOfDay(const cctz::civil_day& d) const {
        const auto tp = cctz::convert(cctz::civil_second(d) + resetSeconds, tz);
        return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch())
            .count();
    }

    // Period bounds over the replayed span, when tabulated: periods [bounds[i], bounds[i+1]).
    // Every subscriber of a tier shares them; converting through the time zone at each window
    // instead was about 8 % of the cycles of a limit edit on 1M requests (perf, the sample's
    // weekly token cap, docs/benchmarks.md).
    std::vector<std::int64_t> bounds;

    // Tabulates the calendar periods that cover [from, to], each found as calendarPeriod()
    // finds it; none when they do not follow one another (then every lookup converts).
    void tabulate(std::int64_t from, std::int64_t to) {
        bounds.clear();
        if (!calendar || to < from)
            return;
        const auto first = convertPeriod(from);
        bounds = {first.first, first.second};
        while (bounds.back() <= to) {
            const auto next = convertPeriod(bounds.back());
            if (next.first != bounds.back() || next.second <= next.first || bounds.size() > 4096) {
                bounds.clear();
                return;
            }
            bounds.push_back(next.second);
        }
    }

    // The calendar period [start, end) that holds t.
    std::pair<std::int64_t, std::int64_t> calendarPeriod(std::int64_t t) const {
        if (bounds.size() >= 2 && t >= bounds.front() && t < bounds.back()) {
            const auto i = static_cast<std::size_t>(
                std::upper_bound(bounds.begin(), bounds.end(), t) - bounds.begin());
            return {bounds[i - 1], bounds[i]};
        }
        return convertPeriod(t);
    }

    std::pair<std::int64_t, std::int64_t> convertPeriod(std::int64_t t) const {
        const auto tp = std::chrono::time_point_cast<cctz::seconds>(
            std::chrono::system_clock::time_point(std::chrono::milliseconds(t)));
        const cctz::civil_second local = cctz::convert(tp, tz);
        const cctz::civil_day day(local);
        switch (kind) {
        case LimitKind::Daily: {
            cctz::civil_day d = day;
            if (startOfDay(d) > t)
                d -= 1;
            return {startOfDay(d), startOfDay(d + 1)};
        }
        case LimitKind::Weekly: {
            const int wd = static_cast<int>(cctz::get_weekday(day));
            cctz::civil_day d = day - ((wd - weekday + 7) % 7);
            if (startOfDay(d) > t)
                d -= 7;
            return {startOfDay(d), startOfDay(d + 7)};
        }
        default: { // Monthly
            cctz::civil_month m(local);
            if (startOfDay(cctz::civil_day(m)) > t)
                m -= 1;
            return {startOfDay(cctz::civil_day(m)), startOfDay(cctz::civil_day(m + 1))};
        }
        }
    }

    // The window that a request at t opens (no window open at t).
    std::pair<std::int64_t, std::int64_t> open(std::int64_t t) const {
        if (calendar)
            return calendarPeriod(t);
        const std::int64_t start = floorToHour ? t - ((t % kHourMs) + kHourMs) % kHourMs : t;
        return {start, start + lengthMs};
    }
};

Clock clockFor(LimitKind kind, PeriodAnchor anchor, double hours, bool floorToHour,
               const std::string& timeZone, int weekday, double resetHour,
               double hoursPerMonth) {
    Clock c;
    c.kind = kind;
    c.floorToHour = floorToHour;
    switch (kind) {
    case LimitKind::Sliding:
    case LimitKind::Session: c.lengthMs = hoursMs(hours); break;
    case LimitKind::Daily: c.lengthMs = kDayMs; break;
    case LimitKind::Weekly: c.lengthMs = 7 * kDayMs; break;
    case LimitKind::Monthly: c.lengthMs = hoursMs(hoursPerMonth); break;
    }
    if (kind != LimitKind::Sliding && kind != LimitKind::Session &&
        anchor == PeriodAnchor::Calendar) {
        c.calendar = true;
        if (!cctz::load_time_zone(timeZone, &c.tz))
            throw std::invalid_argument("unknown time zone '" + timeZone + "'");
        c.weekday = weekday;
        c.resetSeconds = static_cast<int>(std::lround(resetHour * 3600));
    }
    return c;
}

struct Request {
    int model = -1;
    Channel channel = Channel::Interactive;
    TokenCounts tokens;
};

bool inScope(const LimitScope& scope, int model, Channel channel) {
    if (scope.channel && *scope.channel != channel)
        return false;
    return scope.models.empty() ||
           std::find(scope.models.begin(), scope.models.end(), model) != scope.models.end();
}

} // namespace

struct PreparedTier::Data {
    const Tier* tier = nullptr;
    ReplayContext ctx;
    struct PLimit {
        const Limit* limit;
        Clock clock;
        double amount;
        LimitPolicy policy;
    };
    struct PPool {
        const CreditPool* pool;
        std::size_t index; // into Tier::creditPools
        Clock clock;
        double grant;
        std::int64_t expiryMs; // after the grant; -1: at the end of its period
        double usdPerUnit;
    };
    std::vector<PLimit> limits;
    std::vector<PPool> pools; // in drawing order
    std::vector<std::array<double, 4>> listPerToken; // per model: USD per input, output, ...
    // Whether each limit (pool) applies to each (model, channel), tabulated once: looked up a
    // few times a request, inScope() and its search of the scope's models took 7 % of a
    // replay's cycles.
    std::vector<std::uint8_t> limitScope, poolScope;

    static std::vector<std::uint8_t> scopeTable(std::size_t n, std::size_t models,
                                                const auto& scopeOf) {
        std::vector<std::uint8_t> table(n * models * kChannelCount);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t m = 0; m < models; ++m)
                for (std::size_t c = 0; c < kChannelCount; ++c)
                    table[(i * models + m) * kChannelCount + c] =
                        inScope(scopeOf(i), static_cast<int>(m), static_cast<Channel>(c));
        return table;
    }
    bool scoped(const std::vector<std::uint8_t>& table, const LimitScope& scope, std::size_t i,
                const Request& r) const {
        const std::size_t models = listPerToken.size();
        if (r.model < 0 || static_cast<std::size_t>(r.model) >= models)
            return inScope(scope, r.model, r.channel);
        return table[(i * models + static_cast<std::size_t>(r.model)) * kChannelCount +
                     static_cast<std::size_t>(r.channel)] != 0;
    }
    bool limitApplies(std::size_t l, const Request& r) const {
        return scoped(limitScope, limits[l].limit->scope, l, r);
    }
    bool poolApplies(std::size_t p, const Request& r) const {
        return scoped(poolScope, pools[p].pool->scope, p, r);
    }
    // Whether any pool applies to r: a request no pool covers skips the ledgers (it would
    // find a shortfall of the whole request with no pool to refuse it, and be admitted).
    bool anyPoolApplies(const Request& r) const {
        for (std::size_t p = 0; p < pools.size(); ++p)
            if (poolApplies(p, r))
                return true;
        return false;
    }

    double listUsd(const Request& r) const {
        const auto& c = listPerToken[static_cast<std::size_t>(r.model)];
        return c[0] * r.tokens.input + c[1] * r.tokens.output + c[2] * r.tokens.cacheRead +
               c[3] * r.tokens.cacheWrite;
    }
    double amountOf(LimitUnit unit, const TokenWeights& w, const Request& r) const {
        switch (unit) {
        case LimitUnit::Messages: return 1;
        case LimitUnit::Tokens:
            return w.input * r.tokens.input + w.output * r.tokens.output +
                   w.cacheRead * r.tokens.cacheRead + w.cacheWrite * r.tokens.cacheWrite;
        case LimitUnit::ListUsd: return listUsd(r);
        case LimitUnit::Compute:
            return ctx.pricer->servingUsd(UsageLine{r.model, r.channel, 1, r.tokens});
        }
        return 0;
    }
};

PreparedTier::PreparedTier(const Tier& tier, const ReplayContext& ctx)
    : m_data(std::make_unique<Data>()) {
    Data& d = *m_data;
    d.tier = &tier;
    d.ctx = ctx;
    for (const Limit& l : tier.limits) {
        const double share = l.kind == LimitKind::Monthly ? ctx.monthlyShare : 1.0;
        d.limits.push_back({&l,
                            clockFor(l.kind, l.anchor, l.hours, l.floorToHour, l.timeZone,
                                     l.resetWeekday, l.resetHour, ctx.hoursPerMonth),
                            l.amount * share, tier.effective(l.policy)});
        d.limits.back().clock.tabulate(ctx.spanStartMs, ctx.spanEndMs);
    }
    for (std::size_t i = 0; i < tier.creditPools.size(); ++i) {
        const CreditPool& p = tier.creditPools[i];
        const double share = p.period == LimitKind::Monthly ? ctx.monthlyShare : 1.0;
        d.pools.push_back({&p, i,
                           clockFor(p.period, p.anchor, 0, false, p.timeZone, p.resetWeekday,
                                    p.resetHour, ctx.hoursPerMonth),
                           p.grant * share,
                           p.expiresAfterHours ? hoursMs(*p.expiresAfterHours) : -1,
                           p.unit == LimitUnit::Tokens ? ctx.typicalListUsdPerToken : 1.0});
        d.pools.back().clock.tabulate(ctx.spanStartMs, ctx.spanEndMs);
    }
    std::stable_sort(d.pools.begin(), d.pools.end(), [](const Data::PPool& a, const Data::PPool& b) {
        return a.pool->order < b.pool->order;
    });
    const std::size_t models = ctx.pricer && ctx.pricer->rates ? ctx.pricer->rates->size() : 0;
    for (std::size_t m = 0; m < models; ++m) {
        std::array<double, 4> c{};
        for (int k = 0; k < 4; ++k) {
            TokenCounts unit;
            (k == 0 ? unit.input : k == 1 ? unit.output : k == 2 ? unit.cacheRead
                                                                 : unit.cacheWrite) = 1e6;
            c[static_cast<std::size_t>(k)] =
                ctx.pricer->listUsd(UsageLine{static_cast<int>(m), Channel::Interactive, 1,
                                              unit}) /
                1e6;
        }
        d.listPerToken.push_back(c);
    }
    d.limitScope = Data::scopeTable(d.limits.size(), models,
                                    [&](std::size_t l) -> const LimitScope& { return d.limits[l].limit->scope; });
    d.poolScope = Data::scopeTable(d.pools.size(), models,
                                   [&](std::size_t p) -> const LimitScope& { return d.pools[p].pool->scope; });
}

PreparedTier::~PreparedTier() = default;

std::vector<double> PreparedTier::limitAmounts() const {
    std::vector<double> amounts;
    for (const Data::PLimit& l : m_data->limits)
        amounts.push_back(l.amount);
    return amounts;
}

bool limitsBindNot(const ReplayOutcome& o, const std::vector<double>& amounts) {
    if (o.peakUsed.size() != amounts.size() || o.limits.size() != amounts.size() ||
        o.limitAmounts.size() != amounts.size())
        return false;
    for (std::size_t l = 0; l < amounts.size(); ++l) {
        if (amounts[l] == o.limitAmounts[l])
            continue; // the same answer to every ask, given the same state
        if (o.limits[l].hit || !fits(o.peakUsed[l], 0, amounts[l]))
            return false;
    }
    return true;
}

namespace {

using Data = PreparedTier::Data;

struct LimitState {
    // Sliding: admitted (time, amount) of the last `hours`, oldest first from `head`.
    std::vector<std::pair<std::int64_t, double>> queue;
    std::size_t head = 0;
    // Sessions and periods: the open window.
    std::int64_t start = 0, end = std::numeric_limits<std::int64_t>::min();
    double used = 0;
    bool full = false;              // the open window refused a request (timeline)
    std::int64_t lockedUntil = 0;   // end of the last lockout counted
    std::int64_t lastFullEnd = std::numeric_limits<std::int64_t>::min(); // sliding timeline

    void reset() {
        queue.clear();
        head = 0;
        end = std::numeric_limits<std::int64_t>::min();
        used = 0;
        full = false;
        lockedUntil = std::numeric_limits<std::int64_t>::min();
        lastFullEnd = std::numeric_limits<std::int64_t>::min();
    }
};

struct Lot {
    double amount;
    std::int64_t expires; // kNever: does not expire
    bool periodEnd;       // expires with its period (may roll over)
};

struct PoolState {
    std::vector<Lot> lots;
    bool open = false;
    std::int64_t start = 0, end = 0;
    std::size_t nextDay = 0;
    double balance() const {
        double b = 0;
        for (const Lot& l : lots)
            b += l.amount;
        return b;
    }
};

// One subscriber's replay.
class Replay {
public:
    Replay(const Data& d, const RequestLog& log, std::size_t first, std::size_t count,
           std::uint64_t key, Timeline* timeline)
        : m_d(d), m_log(log), m_first(first), m_count(count), m_key(key), m_timeline(timeline) {
        const std::size_t nModels = d.listPerToken.size();
        m_included.assign(nModels * kChannelCount, {});
        m_extra.assign(nModels * kChannelCount, {});
        m_out.limits.assign(d.limits.size(), {});
        m_out.peakUsed.assign(d.limits.size(), 0.0);
        for (const Data::PLimit& l : d.limits)
            m_out.limitAmounts.push_back(l.amount);
        m_out.pools.assign(d.tier->creditPools.size(), {});
        m_limitState.resize(d.limits.size());
        m_amount.assign(d.limits.size(), 0.0);
        for (LimitState& s : m_limitState)
            s.reset();
        m_poolState.resize(d.pools.size());
        m_firstMs = count ? log.timeMs[first] : d.ctx.spanStartMs;
        const std::int64_t span = std::max<std::int64_t>(d.ctx.spanEndMs - d.ctx.spanStartMs, 1);
        m_days = static_cast<std::size_t>((span + kDayMs - 1) / kDayMs);
        for (std::size_t p = 0; p < d.pools.size(); ++p) {
            m_out.pools[d.pools[p].index].balanceByDay.assign(m_days, 0.0);
            if (d.pools[p].clock.calendar)
                openPool(p, d.ctx.spanStartMs);
        }
    }

    ReplayOutcome run();

private:
    struct Pending {
        std::int64_t time;
        std::size_t index; // into the log
        std::int64_t asked;
        int firstWaitLimit; // the limit (or -2 - pool) that first made it wait, -1: none
        bool operator>(const Pending& o) const {
            return time != o.time ? time > o.time : index > o.index;
        }
    };

    Request requestAt(std::size_t i) const {
        return {m_log.model[i], static_cast<Channel>(m_log.channel[i]),
                {double(m_log.input[i]), double(m_log.output[i]), double(m_log.cacheRead[i]),
                 double(m_log.cacheWrite[i])}};
    }

    void handle(const Pending& p);
    double reopenLimit(std::size_t l, std::int64_t t, double amount);
    void admitLimits(std::int64_t t, const Request& r);
    // Pools: the share of the request they cannot cover, and (commit) drawing it.
    double poolShortfall(const Request& r, std::int64_t t, bool commit, int* lastPool);
    void openPool(std::size_t p, std::int64_t at);
    void advancePools(std::int64_t t);
    void serve(const Request& r, double billedShare);
    void lockout(std::size_t l, std::int64_t from, std::int64_t until);
    void recordWindow(std::size_t l);
    double behaviourDraw(std::size_t index) const;
    void event(const Pending& p, std::int64_t servedMs, int model, RequestFate fate, int limit);

    const Data& m_d;
    const RequestLog& m_log;
    std::size_t m_first, m_count;
    std::uint64_t m_key;
    Timeline* m_timeline;
    ReplayOutcome m_out;
    std::vector<UsageLine> m_included, m_extra; // per (model, channel)
    std::vector<LimitState> m_limitState;
    std::vector<double> m_amount; // per limit: the request's amount, as handle() last found it
    std::vector<PoolState> m_poolState;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> m_waiting;
    std::int64_t m_firstMs = 0;
    std::size_t m_days = 1;
    // advancePools() has nothing to do before this time (min: look again).
    std::int64_t m_poolsQuietUntil = std::numeric_limits<std::int64_t>::min();
};

double Replay::behaviourDraw(std::size_t index) const {
    // splitmix64 of (seed, subscriber, request): a stable uniform draw in [0, 1).
    std::uint64_t z = m_d.ctx.seed * 0x9E3779B97F4A7C15ULL ^ m_key ^
                      (static_cast<std::uint64_t>(index - m_first) + 1) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

void Replay::event(const Pending& p, std::int64_t servedMs, int model, RequestFate fate,
                   int limit) {
    if (m_timeline)
        m_timeline->events.push_back({p.asked, servedMs, model, fate, limit});
}

void Replay::recordWindow(std::size_t l) {
    LimitState& s = m_limitState[l];
    const LimitKind kind = m_d.limits[l].limit->kind;
    if (!m_timeline || kind == LimitKind::Sliding || s.end == std::numeric_limits<std::int64_t>::min())
        return;
    if (s.used > 0 || s.full)
        m_timeline->windows.push_back({static_cast<std::int32_t>(l), s.start, s.end, s.used, s.full});
}

// The earliest time at which `amount` fits limit l again, refused at t.
double Replay::reopenLimit(std::size_t l, std::int64_t t, double amount) {
    const auto& pl = m_d.limits[l];
    LimitState& s = m_limitState[l];
    if (pl.limit->kind != LimitKind::Sliding)
        return static_cast<double>(s.end);
    // The oldest admitted requests leave the window (t' - H, t'] at their time + H.
    double used = s.used;
    for (std::size_t i = s.head; i < s.queue.size(); ++i) {
        used -= s.queue[i].second;
        if (fits(std::max(used, 0.0), amount, pl.amount))
            return static_cast<double>(s.queue[i].first + pl.clock.lengthMs);
    }
    return static_cast<double>(t + pl.clock.lengthMs);
}

void Replay::lockout(std::size_t l, std::int64_t from, std::int64_t until) {
    LimitState& s = m_limitState[l];
    until = std::min(until, m_d.ctx.spanEndMs);
    from = std::max(from, s.lockedUntil);
    if (until > from) {
        m_out.limits[l].lockoutHours += msHours(until - from);
        s.lockedUntil = until;
    }
}

// Admits r into every limit in scope. Called only after handle() checked r against every
// limit (none refused), so m_amount holds r's amount for each of them.
void Replay::admitLimits(std::int64_t t, const Request& r) {
    for (std::size_t l = 0; l < m_d.limits.size(); ++l) {
        const auto& pl = m_d.limits[l];
        if (!m_d.limitApplies(l, r))
            continue;
        LimitState& s = m_limitState[l];
        const double a = m_amount[l]; // found by handle() for this request and model
        if (pl.limit->kind == LimitKind::Sliding) {
            s.queue.emplace_back(t, a);
        } else if (t >= s.end) {
            recordWindow(l);
            const auto [start, end] = pl.clock.open(t);
            s.start = start;
            s.end = end;
            s.used = 0;
            s.full = false;
        }
        s.used += a;
        m_out.peakUsed[l] = std::max(m_out.peakUsed[l], s.used);
    }
}

void Replay::openPool(std::size_t p, std::int64_t at) {
    const auto& pp = m_d.pools[p];
    PoolState& s = m_poolState[p];
    const auto [start, end] = pp.clock.open(at);
    s.open = true;
    s.start = start;
    s.end = end;
    const bool periodEnd = pp.expiryMs < 0;
    s.lots.push_back({pp.grant, periodEnd ? end : start + pp.expiryMs, periodEnd});
    m_out.pools[pp.index].grantedUsd += pp.grant * pp.usdPerUnit;
    m_poolsQuietUntil = std::numeric_limits<std::int64_t>::min(); // a new period, a new lot
}

// Moves the pools' ledgers to time t: day-end balances, expiries, period ends (rollover and
// breakage) and the grants of calendar periods, in time order (a day end before an expiry or
// a grant at the same time).
void Replay::advancePools(std::int64_t t) {
    if (t < m_poolsQuietUntil)
        return; // no day end, expiry or period end before the next event found last time
    const std::int64_t spanStart = m_d.ctx.spanStartMs;
    std::int64_t quiet = kNever;
    for (std::size_t p = 0; p < m_d.pools.size(); ++p) {
        const auto& pp = m_d.pools[p];
        PoolState& s = m_poolState[p];
        PoolOutcome& o = m_out.pools[pp.index];
        for (;;) {
            std::int64_t nextExpiry = kNever;
            for (const Lot& lot : s.lots)
                nextExpiry = std::min(nextExpiry, lot.expires);
            const std::int64_t periodEnd = s.open ? s.end : kNever;
            const std::int64_t dayEnd =
                s.nextDay < m_days ? spanStart + static_cast<std::int64_t>(s.nextDay + 1) * kDayMs
                                   : kNever;
            const std::int64_t next = std::min({nextExpiry, periodEnd, dayEnd});
            if (next > t || next == kNever) {
                quiet = std::min(quiet, next);
                break;
            }
            if (dayEnd == next) {
                o.balanceByDay[s.nextDay++] = s.balance() * pp.usdPerUnit;
                continue;
            }
            if (periodEnd == next) {
                double carried = 0;
                for (Lot& lot : s.lots)
                    if (lot.periodEnd && lot.expires <= next) {
                        carried += lot.amount;
                        lot.amount = 0;
                        lot.expires = next; // removed below
                    }
                const double keep = std::min(carried, pp.pool->rolloverCap);
                o.expiredUsd += (carried - keep) * pp.usdPerUnit;
                std::erase_if(s.lots, [&](const Lot& lot) { return lot.expires <= next && lot.periodEnd; });
                s.open = false;
                if (pp.clock.calendar && next < m_d.ctx.spanEndMs)
                    openPool(p, next);
                if (keep > 0) {
                    // The carried credit lasts until the end of the next period.
                    const std::int64_t until = s.open ? s.end : next + pp.clock.lengthMs;
                    s.lots.push_back({keep, until, true});
                }
                continue;
            }
            // Lots with their own expiry (and carried credit past its next period).
            for (Lot& lot : s.lots)
                if (lot.expires <= next) {
                    o.expiredUsd += lot.amount * pp.usdPerUnit;
                    lot.amount = -1;
                }
            std::erase_if(s.lots, [](const Lot& lot) { return lot.amount < 0; });
        }
    }
    m_poolsQuietUntil = quiet;
}

double Replay::poolShortfall(const Request& r, std::int64_t t, bool commit, int* lastPool) {
    double remaining = 1; // share of the request not yet paid for
    *lastPool = -1;
    for (std::size_t p = 0; p < m_d.pools.size(); ++p) {
        const auto& pp = m_d.pools[p];
        if (!m_d.poolApplies(p, r))
            continue;
        *lastPool = static_cast<int>(p);
        PoolState& s = m_poolState[p];
        if (!s.open && !pp.clock.calendar && commit)
            openPool(p, t); // a first-use period opens with the first request it serves
        const double full = m_d.amountOf(pp.pool->unit, pp.pool->weights, r);
        if (full <= 0 || remaining <= 0)
            continue;
        const double balance = s.open ? s.balance() : pp.clock.calendar ? 0 : pp.grant;
        const double take = std::min(balance, remaining * full);
        if (commit) {
            // Lots that expire first are drawn first.
            std::sort(s.lots.begin(), s.lots.end(),
                      [](const Lot& a, const Lot& b) { return a.expires < b.expires; });
            double need = take;
            for (Lot& lot : s.lots) {
                const double d = std::min(lot.amount, need);
                lot.amount -= d;
                need -= d;
            }
            PoolOutcome& o = m_out.pools[pp.index];
            o.usedUsd += take * pp.usdPerUnit;
            if (!o.ranOut && (take < remaining * full * (1 - 1e-12) ||
                              s.balance() <= 1e-12 * std::max(1.0, pp.grant))) {
                o.ranOut = true;
                o.ranOutHours = msHours(t - m_d.ctx.spanStartMs);
            }
        }
        remaining -= take / full;
    }
    return remaining > 1e-12 ? remaining : 0;
}

void Replay::serve(const Request& r, double billedShare) {
    const std::size_t k = static_cast<std::size_t>(r.model) * kChannelCount +
                          static_cast<std::size_t>(r.channel);
    const auto add = [&](UsageLine& line, double share) {
        line.model = r.model;
        line.channel = r.channel;
        line.requests += share;
        line.tokens += r.tokens.scaled(share);
    };
    if (billedShare < 1)
        add(m_included[k], 1 - billedShare);
    if (billedShare > 0)
        add(m_extra[k], billedShare);
}

void Replay::handle(const Pending& p) {
    const std::int64_t t = p.time;
    advancePools(t);
    // Built once, in place (a copy of it as `asked` stalled store forwarding: a quarter of
    // the replay's cycles on 1M requests); a fallback changes only its model.
    Request r = requestAt(p.index);
    const int askedModel = r.model;
    std::vector<int> tried; // models already refused (fallback loops end in a block)
    int fellBackBy = -1;    // the first limit that moved the request to a fallback model
    for (;;) {
        // The first limit in scope where the request does not fit.
        int refusing = -1;
        bool neverFits = false;
        for (std::size_t l = 0; l < m_d.limits.size(); ++l) {
            const auto& pl = m_d.limits[l];
            if (!m_d.limitApplies(l, r))
                continue;
            LimitState& s = m_limitState[l];
            if (pl.limit->kind == LimitKind::Sliding) {
                while (s.head < s.queue.size() && s.queue[s.head].first <= t - pl.clock.lengthMs) {
                    s.used -= s.queue[s.head].second;
                    ++s.head;
                }
                if (s.head == s.queue.size()) {
                    s.queue.clear();
                    s.head = 0;
                    s.used = 0;
                }
            }
            // A closed session or period holds nothing: the next admitted request opens one.
            const bool closed = pl.limit->kind != LimitKind::Sliding && t >= s.end;
            const double a = m_d.amountOf(pl.limit->unit, pl.limit->weights, r);
            m_amount[l] = a;
            // The most the limit was asked to hold, admitted or not (limitsBindNot).
            m_out.peakUsed[l] = std::max(m_out.peakUsed[l], (closed ? 0 : s.used) + a);
            if (!fits(closed ? 0 : s.used, a, pl.amount)) {
                refusing = static_cast<int>(l);
                neverFits = !fits(0, a, pl.amount);
                break;
            }
        }
        int poolRefusing = -1;
        double shortfall = 0;
        const bool pooled = m_d.anyPoolApplies(r);
        if (refusing < 0 && pooled) {
            shortfall = poolShortfall(r, t, false, &poolRefusing);
            if (shortfall > 0 && poolRefusing >= 0 &&
                m_d.tier->effective(m_d.pools[static_cast<std::size_t>(poolRefusing)].pool->policy) ==
                    LimitPolicy::ExtraUsage) {
                // Past the credit: the rest is bought at list price.
                admitLimits(t, r);
                poolShortfall(r, t, true, &poolRefusing);
                serve(r, shortfall);
                if (r.model != askedModel)
                    m_out.out.fallbackRequests += 1;
                event(p, t, r.model, RequestFate::Billed, fellBackBy);
                return;
            }
            if (shortfall <= 0) {
                poolRefusing = -1;
            } else {
                for (std::size_t q = 0; q < m_d.pools.size(); ++q) {
                    const auto& pq = m_d.pools[q];
                    PoolOutcome& o = m_out.pools[pq.index];
                    if (!o.ranOut && m_d.poolApplies(q, r)) {
                        o.ranOut = true;
                        o.ranOutHours = msHours(t - m_d.ctx.spanStartMs);
                    }
                }
            }
        }
        if (refusing < 0 && poolRefusing < 0) {
            admitLimits(t, r);
            if (pooled)
                poolShortfall(r, t, true, &poolRefusing);
            serve(r, 0);
            const bool fellBack = r.model != askedModel;
            if (fellBack)
                m_out.out.fallbackRequests += 1;
            if (p.firstWaitLimit != -1) {
                m_out.waitedRequests += 1;
                const double waited = msHours(t - p.asked);
                m_out.waitHours.push_back(static_cast<float>(waited));
                if (p.firstWaitLimit >= 0) {
                    LimitOutcome& lo = m_out.limits[static_cast<std::size_t>(p.firstWaitLimit)];
                    lo.delayedRequests += 1;
                    lo.delayHours += waited;
                }
            }
            event(p, t, r.model,
                  p.firstWaitLimit != -1 ? RequestFate::Delayed
                                         : fellBack ? RequestFate::FellBack : RequestFate::Served,
                  p.firstWaitLimit >= 0 ? p.firstWaitLimit : fellBack ? fellBackBy : -1);
            return;
        }
        // Refused by a limit (or by the pools).
        LimitPolicy policy = LimitPolicy::Block;
        if (refusing >= 0) {
            const auto l = static_cast<std::size_t>(refusing);
            LimitOutcome& lo = m_out.limits[l];
            if (!lo.hit) {
                lo.hit = true;
                lo.firstHitHours = msHours(t - m_firstMs);
            }
            m_limitState[l].full = true;
            if (m_timeline && m_d.limits[l].limit->kind == LimitKind::Sliding) {
                const std::int64_t from = std::max(t - m_d.limits[l].clock.lengthMs, m_limitState[l].lastFullEnd);
                if (!m_timeline->windows.empty() && m_timeline->windows.back().limit == refusing &&
                    m_timeline->windows.back().endMs >= from)
                    m_timeline->windows.back().endMs = t;
                else
                    m_timeline->windows.push_back({refusing, t - m_d.limits[l].clock.lengthMs, t,
                                                   m_limitState[l].used, true});
                m_limitState[l].lastFullEnd = t;
            }
            policy = m_d.limits[l].policy;
            if (policy == LimitPolicy::Fallback) {
                const int fb = m_d.limits[l].limit->fallbackModel;
                tried.push_back(r.model);
                if (fb >= 0 && std::find(tried.begin(), tried.end(), fb) == tried.end()) {
                    lo.fallbackRequests += 1;
                    if (fellBackBy < 0)
                        fellBackBy = refusing;
                    r.model = fb;
                    continue;
                }
                policy = LimitPolicy::Block;
            }
            if (policy == LimitPolicy::ExtraUsage) {
                lo.billedRequests += 1;
                serve(r, 1); // bought past the limit: not counted against the plan
                if (r.model != askedModel)
                    m_out.out.fallbackRequests += 1;
                event(p, t, r.model, RequestFate::Billed, refusing);
                return;
            }
        }
        // Blocked: the subscriber waits, gives up, or buys it.
        const int actor = refusing >= 0 ? refusing : -2 - poolRefusing;
        const BlockedBehaviour& b = m_d.tier->blocked;
        const double u = behaviourDraw(p.index);
        std::int64_t reopen = kNever;
        if (!neverFits) {
            if (refusing >= 0) {
                const double amount = m_d.amountOf(m_d.limits[static_cast<std::size_t>(refusing)].limit->unit,
                                                   m_d.limits[static_cast<std::size_t>(refusing)].limit->weights, r);
                reopen = static_cast<std::int64_t>(reopenLimit(static_cast<std::size_t>(refusing), t, amount));
            } else {
                // The pools reopen at their next grant.
                for (std::size_t q = 0; q < m_d.pools.size(); ++q)
                    if (m_d.poolApplies(q, r))
                        reopen = std::min(reopen, m_poolState[q].open ? m_poolState[q].end : t);
                if (reopen <= t)
                    reopen = kNever;
            }
            if (refusing >= 0 && reopen != kNever)
                lockout(static_cast<std::size_t>(refusing), t, reopen);
        }
        const bool wantsWait = u < b.wait;
        const bool wantsBuy = !wantsWait && u < b.wait + b.extraUsage;
        if (wantsWait && reopen != kNever && reopen > t && reopen < m_d.ctx.spanEndMs) {
            Pending next = p;
            next.time = reopen;
            if (next.firstWaitLimit == -1)
                next.firstWaitLimit = refusing >= 0 ? refusing : -2;
            m_waiting.push(next);
            return;
        }
        if (wantsBuy && m_d.tier->extraUsage) {
            m_out.boughtRequests += 1;
            if (refusing >= 0)
                m_out.limits[static_cast<std::size_t>(refusing)].billedRequests += 1;
            serve(r, 1);
            event(p, t, r.model, RequestFate::Billed, actor >= 0 ? actor : -1);
            return;
        }
        m_out.abandonedRequests += 1;
        m_out.out.blockedRequests += 1;
        if (refusing >= 0)
            m_out.limits[static_cast<std::size_t>(refusing)].blockedRequests += 1;
        event(p, -1, r.model, RequestFate::Blocked, actor >= 0 ? actor : -1);
        return;
    }
}

ReplayOutcome Replay::run() {
    std::size_t next = m_first;
    const std::size_t end = m_first + m_count;
    while (next < end || !m_waiting.empty()) {
        Pending p{};
        const bool arrival =
            next < end && (m_waiting.empty() ||
                           m_waiting.top() > Pending{m_log.timeMs[next], next, 0, -1});
        if (arrival) {
            p = {m_log.timeMs[next], next, m_log.timeMs[next], -1};
            ++next;
        } else {
            p = m_waiting.top();
            m_waiting.pop();
        }
        handle(p);
    }
    advancePools(m_d.ctx.spanEndMs);
    for (std::size_t p = 0; p < m_d.pools.size(); ++p) {
        PoolState& s = m_poolState[p];
        PoolOutcome& o = m_out.pools[m_d.pools[p].index];
        const double left = s.balance();
        for (std::size_t day = s.nextDay; day < m_days; ++day)
            o.balanceByDay[day] = left * m_d.pools[p].usdPerUnit;
        // Unused at the end of the span: lost but for what the rollover cap would carry.
        o.expiredUsd += (left - std::min(left, m_d.pools[p].pool->rolloverCap)) *
                        m_d.pools[p].usdPerUnit;
    }
    for (std::size_t l = 0; l < m_d.limits.size(); ++l)
        recordWindow(l);
    // The monthly outcome, priced per (model, channel) line as the monthly bound does.
    SubscriberOutcome& o = m_out.out;
    const LinePricer& pricer = *m_d.ctx.pricer;
    for (const UsageLine& l : m_included)
        if (l.requests > 0) {
            o.includedListUsd += pricer.listUsd(l);
            o.costUsd += pricer.servingUsd(l);
            o.tokens += l.tokens.total();
            o.requests += l.requests;
        }
    for (const UsageLine& l : m_extra)
        if (l.requests > 0) {
            o.extraUsageUsd += pricer.listUsd(l);
            o.costUsd += pricer.servingUsd(l);
            o.tokens += l.tokens.total();
            o.requests += l.requests;
        }
    // Today's per-window, per-cap and per-pool flags, from the limits the legacy keys made
    // (they come first in Tier::limits and Tier::creditPools).
    const Tier& tier = *m_d.tier;
    const std::size_t windows = std::min(tier.windows.size(), m_out.limits.size());
    for (std::size_t w = 0; w < windows; ++w)
        o.windowHit = o.windowHit || m_out.limits[w].hit;
    o.capHit.assign(tier.caps.size(), false);
    for (std::size_t c = 0; c < tier.caps.size() && windows + c < m_out.limits.size(); ++c)
        o.capHit[c] = m_out.limits[windows + c].hit;
    o.poolHit.assign(tier.pools.size(), false);
    for (std::size_t p = 0; p < tier.pools.size() && p < m_out.pools.size(); ++p)
        o.poolHit[p] = m_out.pools[p].ranOut;
    if (m_timeline)
        std::sort(m_timeline->windows.begin(), m_timeline->windows.end(),
                  [](const TimelineWindow& a, const TimelineWindow& b) {
                      return a.startMs != b.startMs ? a.startMs < b.startMs : a.limit < b.limit;
                  });
    return std::move(m_out);
}

} // namespace

ReplayOutcome replaySubscriber(const PreparedTier& tier, const RequestLog& log,
                               std::size_t first, std::size_t count,
                               std::uint64_t subscriberKey, Timeline* timeline) {
    return Replay(tier.data(), log, first, count, subscriberKey, timeline).run();
}

ReplayOutcome replaySubscriber(const Tier& tier, const RequestLog& log, std::size_t first,
                               std::size_t count, std::uint64_t subscriberKey,
                               const ReplayContext& ctx, Timeline* timeline) {
    const PreparedTier prepared(tier, ctx);
    return replaySubscriber(prepared, log, first, count, subscriberKey, timeline);
}

} // namespace tierlab::core
