// SPDX-License-Identifier: MIT
// Reading tiers and routing.
#include "readerparts.h"

#include <cctz/time_zone.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

namespace tierlab::core::detail {

namespace {

constexpr double kShareTolerance = 1e-9; // shares must sum to 1 within this (issue #2)

const Range kShare = Range::closed(0, 1);
constexpr double kInfinity = std::numeric_limits<double>::infinity();

LimitPolicy readPolicy(ObjectReader& r, bool allowFallback) {
    return allowFallback ? r.choice("when_exceeded", LimitPolicy::Block, kLimitPolicyNames)
                         : r.choice("when_exceeded", LimitPolicy::Block, kPoolPolicyNames);
}

void readCap(ObjectReader& r, const Scenario& s, Tier& tier) {
    ModelCap cap;
    cap.model = modelRef(r, s, "model", true);
    cap.perMonth = r.requiredNumber("per_month", Range::atLeast(0));
    cap.policy = readPolicy(r, true);
    if (cap.policy == LimitPolicy::Fallback) {
        cap.fallbackModel = modelRef(r, s, "fallback_model", true);
        if (cap.fallbackModel >= 0 && cap.fallbackModel == cap.model)
            r.context().error(r.pathOf("fallback_model"), "must differ from the capped model");
    } else {
        r.accept({"fallback_model"});
    }
    if (cap.model >= 0 && (cap.policy != LimitPolicy::Fallback || cap.fallbackModel >= 0))
        tier.caps.push_back(cap);
}

void readPool(ObjectReader& r, Tier& tier) {
    Pool pool;
    pool.channel = r.choice("channel", Channel::Interactive, kChannelNames);
    pool.creditUsd = r.optionalNumber("credit_usd", Range::atLeast(0));
    pool.creditTokens = r.optionalNumber("credit_tokens", Range::atLeast(0));
    if (pool.creditUsd.has_value() == pool.creditTokens.has_value()) {
        r.context().error(r.path(), "needs exactly one of credit_usd and credit_tokens");
        return;
    }
    pool.policy = readPolicy(r, false);
    tier.pools.push_back(pool);
}

std::size_t errorCount(const ReadContext& ctx) {
    return static_cast<std::size_t>(std::count_if(ctx.diagnostics.begin(), ctx.diagnostics.end(),
                                                  [](const Diagnostic& d) { return d.isError(); }));
}

// "limits[0]" of "tiers[1].limits[0]": the path below the tier.
std::string relativePath(const std::string& path, const std::string& tierPath) {
    return path.size() > tierPath.size() + 1 && path.compare(0, tierPath.size(), tierPath) == 0
               ? path.substr(tierPath.size() + 1)
               : path;
}

// `models` (model ids; missing: every model) and `channel` (interactive, programmatic, both).
void readScope(ObjectReader& r, const Scenario& s, LimitScope& scope) {
    forEachElement(r, r.context(), "models", [&](const Json& m, const std::string& mpath) {
        if (!m.is_string() || m.get<std::string>().empty()) {
            r.context().error(mpath, "must be a model id, got " + m.dump());
            return;
        }
        const std::string id = m.get<std::string>();
        const int index = indexOfId(s.models, id);
        if (index < 0)
            r.context().error(mpath, unknownModel(s, id));
        else if (std::find(scope.models.begin(), scope.models.end(), index) != scope.models.end())
            r.context().error(mpath, "model '" + id + "' is listed twice");
        else
            scope.models.push_back(index);
    });
    if (r.has("models") && r.child("models")->is_array() && r.child("models")->empty())
        r.context().error(r.pathOf("models"),
                          "must list at least one model (leave it out for every model)");
    scope.channel = r.choice("channel", std::nullopt, kScopeChannelNames);
}

// `token_weights`, with the unit tokens only.
void readWeights(ObjectReader& r, LimitUnit unit, TokenWeights& w) {
    if (!r.has("token_weights"))
        return;
    if (unit != LimitUnit::Tokens) {
        r.accept({"token_weights"});
        r.context().error(r.pathOf("token_weights"), "is only allowed with unit tokens");
        return;
    }
    ObjectReader wr(r.child("token_weights"), r.pathOf("token_weights"), r.context());
    w.input = wr.number("input", 1, Range::atLeast(0));
    w.output = wr.number("output", 1, Range::atLeast(0));
    w.cacheRead = wr.number("cache_read", 1, Range::atLeast(0));
    w.cacheWrite = wr.number("cache_write", 1, Range::atLeast(0));
}

struct Reset {
    PeriodAnchor anchor = PeriodAnchor::Calendar;
    int weekday = 0;
    double hour = 0;
    std::string timeZone = "UTC";
};

// `anchor` and `reset` {weekday, hour, time_zone} of a daily, weekly or monthly period.
Reset readReset(ObjectReader& r, LimitKind kind) {
    Reset out;
    ReadContext& ctx = r.context();
    const bool periodic = kind != LimitKind::Sliding && kind != LimitKind::Session;
    if (!periodic) {
        for (const char* key : {"anchor", "reset"})
            if (r.has(key))
                ctx.error(r.pathOf(key), "is only allowed with a daily, weekly or monthly kind");
        r.accept({"anchor", "reset"});
        return out;
    }
    out.anchor = r.choice("anchor", PeriodAnchor::Calendar, kPeriodAnchorNames);
    if (!r.has("reset")) {
        r.accept({"reset"});
        return out;
    }
    if (out.anchor != PeriodAnchor::Calendar) {
        r.accept({"reset"});
        ctx.error(r.pathOf("reset"), "is only allowed with anchor calendar");
        return out;
    }
    ObjectReader rr(r.child("reset"), r.pathOf("reset"), ctx);
    if (kind == LimitKind::Weekly) {
        out.weekday = rr.choice("weekday", 0, kWeekdayNames);
    } else {
        if (rr.has("weekday"))
            ctx.error(rr.pathOf("weekday"), "is only allowed with a weekly period");
        rr.accept({"weekday"});
    }
    out.hour = rr.number("hour", 0, Range{0, 24, false, true, false});
    out.timeZone = rr.string("time_zone", "UTC");
    cctz::time_zone tz;
    if (!cctz::load_time_zone(out.timeZone, &tz)) {
        ctx.error(rr.pathOf("time_zone"), "unknown time zone '" + out.timeZone +
                                              "' (an IANA name such as America/Los_Angeles)");
        out.timeZone = "UTC";
    }
    return out;
}

// The reset of a limit's or pool's periods.
template <typename T>
void applyReset(const Reset& reset, T& to) {
    to.anchor = reset.anchor;
    to.resetWeekday = reset.weekday;
    to.resetHour = reset.hour;
    to.timeZone = reset.timeZone;
}

// One element of `limits[]`; false when it has an error (then it is left out).
bool readLimit(ObjectReader& r, const Scenario& s, const std::string& tierPath, Limit& l,
               std::string& id) {
    ReadContext& ctx = r.context();
    const std::size_t before = errorCount(ctx);
    id = r.string("id", "");
    l.path = r.path();
    l.label = id.empty() ? relativePath(r.path(), tierPath) : id;
    if (!r.has("kind")) {
        ctx.error(r.pathOf("kind"), "is required");
        r.accept({"kind"});
    }
    const auto kind = r.choice("kind", kLimitKindNames);
    if (!kind) {
        r.accept({"hours", "amount", "unit", "token_weights", "models", "channel", "when_exceeded",
                  "fallback_model", "anchor", "reset", "floor_to_hour"});
        return false;
    }
    l.kind = *kind;
    const bool window = l.kind == LimitKind::Sliding || l.kind == LimitKind::Session;
    if (window) {
        l.hours = r.requiredNumber("hours", Range::above(0));
    } else {
        if (r.has("hours"))
            ctx.error(r.pathOf("hours"), "is only allowed with a sliding or session kind");
        r.accept({"hours"});
    }
    l.amount = r.requiredNumber("amount", Range::atLeast(0));
    l.unit = r.choice("unit", LimitUnit::Messages, kLimitUnitNames);
    readWeights(r, l.unit, l.weights);
    readScope(r, s, l.scope);
    l.policy = readPolicy(r, true);
    if (l.policy == LimitPolicy::Fallback) {
        l.fallbackModel = modelRef(r, s, "fallback_model", true);
        if (l.fallbackModel >= 0) {
            const auto& models = l.scope.models;
            if (std::find(models.begin(), models.end(), l.fallbackModel) != models.end())
                ctx.error(r.pathOf("fallback_model"),
                          "must not be one of the limit's models (it would count against the "
                          "same limit)");
            else if (models.empty() && !r.has("models"))
                ctx.error(r.pathOf("fallback_model"),
                          "needs `models`: a limit on every model counts the fallback model too");
        }
    } else {
        if (r.has("fallback_model"))
            ctx.error(r.pathOf("fallback_model"), "is only allowed with when_exceeded fallback");
        r.accept({"fallback_model"});
    }
    applyReset(readReset(r, l.kind), l);
    if (l.kind == LimitKind::Session) {
        l.floorToHour = r.boolean("floor_to_hour", false);
    } else {
        if (r.has("floor_to_hour"))
            ctx.error(r.pathOf("floor_to_hour"), "is only allowed with a session kind");
        r.accept({"floor_to_hour"});
    }
    return errorCount(ctx) == before;
}

// One element of `credit_pools[]`; false when it has an error.
bool readCreditPool(ObjectReader& r, const Scenario& s, const std::string& tierPath, CreditPool& c,
                    std::string& id) {
    ReadContext& ctx = r.context();
    const std::size_t before = errorCount(ctx);
    id = r.string("id", "");
    c.path = r.path();
    c.label = id.empty() ? relativePath(r.path(), tierPath) : id;
    c.unit = r.choice("unit", LimitUnit::ListUsd, kCreditUnitNames);
    readWeights(r, c.unit, c.weights);
    c.grant = r.requiredNumber("grant", Range::atLeast(0));
    c.period = r.choice("period", LimitKind::Monthly, kCreditPeriodNames);
    applyReset(readReset(r, c.period), c);
    c.expiresAfterHours = r.optionalNumber("expires_after_hours", Range::above(0));
    c.rolloverCap = r.number("rollover_cap", 0, Range::atLeast(0));
    c.order = r.integer("order", 0, Range{});
    readScope(r, s, c.scope);
    c.policy = readPolicy(r, false);
    return errorCount(ctx) == before;
}

// `when_blocked` {wait, abandon, extra_usage}: shares that sum to 1; missing: abandon all.
void readBlocked(ObjectReader& r, Tier& tier) {
    if (!r.has("when_blocked")) {
        r.accept({"when_blocked"});
        return;
    }
    ObjectReader br(r.child("when_blocked"), r.pathOf("when_blocked"), r.context());
    if (!br.valid())
        return;
    BlockedBehaviour b;
    b.wait = br.number("wait", 0, kShare);
    b.abandon = br.number("abandon", 0, kShare);
    b.extraUsage = br.number("extra_usage", 0, kShare);
    const double sum = b.wait + b.abandon + b.extraUsage;
    if (std::abs(sum - 1.0) > kShareTolerance) {
        r.context().error(br.path(), "shares must sum to 1 (within 1e-9), got " + formatSum(sum));
        return;
    }
    tier.blocked = b;
}

// A `price_response` whose `move_down_to` is resolved once every tier is read.
struct PendingMoveDown {
    std::size_t tier = 0;
    std::string id;
    std::string path;
};

void readPriceResponse(ObjectReader& r, Tier& tier, std::size_t tierIndex,
                       std::vector<PendingMoveDown>& pending) {
    if (!r.has("price_response")) {
        r.accept({"price_response"});
        return;
    }
    ReadContext& ctx = r.context();
    ObjectReader pr(r.child("price_response"), r.pathOf("price_response"), ctx);
    if (!pr.valid())
        return;
    const std::size_t before = errorCount(ctx);
    PriceResponse p;
    p.referencePriceUsd = pr.requiredNumber("reference_price_usd", Range::above(0));
    p.elasticity = pr.optionalNumber("elasticity", Range::closed(-kInfinity, 0));
    const bool hasElasticity = pr.has("elasticity");
    const bool hasBands = pr.has("bands");
    if (hasElasticity == hasBands)
        ctx.error(pr.path(), "needs exactly one of elasticity and bands");
    if (p.elasticity && *p.elasticity < 0 && !(tier.priceUsdMonth > 0))
        ctx.error(pr.pathOf("elasticity"),
                  "needs a price above 0: (price / reference)^elasticity is infinite at $0");
    bool movesDown = false;
    double previous = 0;
    std::size_t count = 0;
    const Json* bands = pr.child("bands");
    const std::size_t total = bands && bands->is_array() ? bands->size() : 0;
    forEachElement(pr, ctx, "bands", [&](const Json& b, const std::string& bpath) {
        ObjectReader br(&b, bpath, ctx);
        PriceResponse::Band band;
        const bool last = ++count == total;
        const auto below = br.optionalNumber("utilization_below", Range::above(0));
        if (below) {
            if (count > 1 && !(*below > previous))
                ctx.error(br.pathOf("utilization_below"), "must be above the previous band's (" +
                                                              formatNumber(previous) + "), got " +
                                                              formatNumber(*below));
            band.utilizationBelow = *below;
            previous = *below;
        } else {
            if (!br.has("utilization_below") && !last)
                ctx.error(br.pathOf("utilization_below"),
                          "is required (only the last band may leave it out)");
            band.utilizationBelow = kInfinity;
        }
        band.leavePerUsd = br.number("leave_per_usd", 0, Range::atLeast(0));
        band.moveDownPerUsd = br.number("move_down_per_usd", 0, Range::atLeast(0));
        movesDown = movesDown || band.moveDownPerUsd > 0;
        p.bands.push_back(band);
    });
    if (hasBands && bands && bands->is_array() && bands->empty())
        ctx.error(pr.pathOf("bands"), "needs at least one band");
    const std::string moveDown = pr.string("move_down_to", "");
    if (!moveDown.empty())
        pending.push_back({tierIndex, moveDown, pr.pathOf("move_down_to")});
    else if (movesDown)
        ctx.error(pr.pathOf("move_down_to"), "is required when a band has move_down_per_usd > 0");
    if (errorCount(ctx) == before)
        tier.priceResponse = p;
}

// The elements of the array at `key` that `read(reader, scenario, tierPath, item, id)` reads
// without error; ids are checked for duplicates over every element, valid or not.
template <typename T, typename Read>
std::vector<T> readTierList(ObjectReader& r, const Scenario& s, const std::string& tierPath,
                            std::string_view key, Read read) {
    std::vector<T> items;
    std::vector<std::pair<std::string, std::string>> ids;
    forEachElement(r, r.context(), key, [&](const Json& node, const std::string& path) {
        ObjectReader er(&node, path, r.context());
        T item;
        std::string id;
        if (read(er, s, tierPath, item, id))
            items.push_back(item);
        ids.emplace_back(path, id);
    });
    checkUniqueIds(ids, r.context());
    return items;
}

void resolveMoveDown(const std::vector<PendingMoveDown>& pending, ReadContext& ctx, Scenario& s) {
    for (const PendingMoveDown& m : pending) {
        const int index = indexOfId(s.tiers, m.id);
        if (index < 0) {
            std::string known;
            for (const Tier& t : s.tiers)
                known += (known.empty() ? "" : ", ") + t.id;
            ctx.error(m.path, "unknown tier '" + m.id + "' (tiers: " + known + ")");
        } else if (static_cast<std::size_t>(index) == m.tier) {
            ctx.error(m.path, "must be another tier than '" + m.id + "' itself");
        } else if (s.tiers[m.tier].priceResponse) {
            s.tiers[m.tier].priceResponse->moveDownTier = index;
        }
    }
}

} // namespace

void readTiers(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    std::vector<PendingMoveDown> pending;
    forEachElement(root, ctx, "tiers", [&](const Json& node, const std::string& path) {
        ObjectReader r(&node, path, ctx);
        Tier tier;
        tier.id = r.requiredString("id").value_or("");
        tier.name = r.string("name", tier.id);
        tier.priceUsdMonth = r.requiredNumber("price_usd_month", Range::atLeast(0));
        ObjectReader typical(r.child("typical_request"), r.pathOf("typical_request"), ctx);
        tier.typicalModel = modelRef(typical, s, "model", false);
        tier.typicalRequest = readTokens(typical, s.typicalRequest);
        if (tier.typicalRequest.total() <= 0)
            ctx.error(r.pathOf("typical_request"), "must have at least one token");
        forEachElement(r, ctx, "windows", [&](const Json& w, const std::string& wpath) {
            ObjectReader wr(&w, wpath, ctx);
            tier.windows.push_back({wr.requiredNumber("messages", Range::above(0)),
                                    wr.requiredNumber("hours", Range::above(0))});
        });
        forEachElement(r, ctx, "model_caps", [&](const Json& c, const std::string& cpath) {
            ObjectReader cr(&c, cpath, ctx);
            readCap(cr, s, tier);
        });
        forEachElement(r, ctx, "pools", [&](const Json& p, const std::string& ppath) {
            ObjectReader pr(&p, ppath, ctx);
            readPool(pr, tier);
        });
        tier.extraUsage = r.boolean("extra_usage", false);
        const auto limits = readTierList<Limit>(r, s, path, "limits", readLimit);
        const auto pools = readTierList<CreditPool>(r, s, path, "credit_pools", readCreditPool);
        readBlocked(r, tier);
        readPriceResponse(r, tier, s.tiers.size(), pending);
        tier.speed = readSpeed(r, "speed");
        // The legacy keys first, then the tier's own limits and pools.
        addLegacyLimits(tier, path);
        tier.limits.insert(tier.limits.end(), limits.begin(), limits.end());
        tier.creditPools.insert(tier.creditPools.end(), pools.begin(), pools.end());
        r.accept({"flagship", "notes"});
        s.tiers.push_back(tier);
    });
    checkUniqueIds(s.tiers, "tiers", ctx);
    resolveMoveDown(pending, ctx, s);
}

void readRouting(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    ObjectReader r(root.child("routing"), "routing", ctx);
    RoutingSpec& rt = s.routing;
    rt.mode = r.choice("mode", RoutingMode::None, kRoutingModeNames);
    rt.routerOverheadUsd = r.number("router_overhead_usd", 0, Range::atLeast(0));
    if (rt.mode == RoutingMode::Mix) {
        const Json* mix = r.child("mix");
        if (!mix || !mix->is_object() || mix->empty()) {
            ctx.error("routing.mix", "must be an object of model shares, e.g. {\"haiku\": 0.8, "
                                     "\"opus\": 0.2}");
        } else {
            ObjectReader mr(mix, "routing.mix", ctx);
            double sum = 0;
            for (const auto& [id, share] : mix->items()) {
                (void)share;
                const int m = indexOfId(s.models, id);
                if (m < 0)
                    ctx.error(mr.pathOf(id), unknownModel(s, id));
                const double f = mr.number(id, 0, kShare);
                sum += f;
                if (m >= 0) {
                    rt.models.push_back(m);
                    rt.shares.push_back(f);
                }
            }
            if (std::abs(sum - 1.0) > kShareTolerance)
                ctx.error("routing.mix",
                          "shares must sum to 1 (within 1e-9), got " + formatSum(sum));
        }
    } else {
        r.accept({"mix"});
    }
    if (rt.mode == RoutingMode::Cascade) {
        forEachElement(r, ctx, "cascade", [&](const Json& st, const std::string& path) {
            ObjectReader sr(&st, path, ctx);
            const int m = modelRef(sr, s, "model", true);
            const double e = sr.number("escalate", 0, kShare);
            if (m >= 0) {
                rt.models.push_back(m);
                rt.escalate.push_back(e);
            }
        });
        if (!r.has("cascade") || rt.models.empty())
            ctx.error("routing.cascade", "needs at least one stage with a model");
    } else {
        r.accept({"cascade"});
    }
    rt.baselineModel = modelRef(r, s, "baseline_model", false);
    if (rt.baselineModel < 0 && !r.has("baseline_model") && rt.mode != RoutingMode::None) {
        if (rt.mode == RoutingMode::Cascade && !rt.models.empty())
            rt.baselineModel = rt.models.back();
        else
            ctx.error("routing.baseline_model", "is required with a mix");
    }
}

} // namespace tierlab::core::detail
