// SPDX-License-Identifier: MIT
// Reading tiers and routing.
#include "readerparts.h"

#include <cmath>

namespace tierlab::core::detail {

namespace {

constexpr double kShareTolerance = 1e-9; // shares must sum to 1 within this (issue #2)

const Range kShare = Range::closed(0, 1);

LimitPolicy readPolicy(ObjectReader& r, bool allowFallback) {
    const int p = allowFallback ? r.choice("when_exceeded", 0, {"block", "fallback", "extra_usage"})
                                : r.choice("when_exceeded", 0, {"block", "extra_usage"}) * 2;
    return static_cast<LimitPolicy>(p);
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
    pool.channel = static_cast<Channel>(r.choice("channel", 0, {"interactive", "programmatic"}));
    pool.creditUsd = r.optionalNumber("credit_usd", Range::atLeast(0));
    pool.creditTokens = r.optionalNumber("credit_tokens", Range::atLeast(0));
    if (pool.creditUsd.has_value() == pool.creditTokens.has_value()) {
        r.context().error(r.path(), "needs exactly one of credit_usd and credit_tokens");
        return;
    }
    pool.policy = readPolicy(r, false);
    tier.pools.push_back(pool);
}

} // namespace

void readTiers(ObjectReader& root, ReadContext& ctx, Scenario& s) {
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
        addLegacyLimits(tier, path);
        r.accept({"flagship", "notes"});
        s.tiers.push_back(tier);
    });
    checkUniqueIds(s.tiers, "tiers", ctx);
}

void readRouting(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    ObjectReader r(root.child("routing"), "routing", ctx);
    RoutingSpec& rt = s.routing;
    rt.mode = static_cast<RoutingMode>(r.choice("mode", 0, {"none", "mix", "cascade"}));
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
