// SPDX-License-Identifier: MIT
#include "population.h"

#include "replay.h"
#include "stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace tierlab::core {

namespace {

const ModelRate& rateOf(const LinePricer& p, int model) {
    return (*p.rates)[static_cast<std::size_t>(model)];
}

UsageLine scaledLine(const UsageLine& line, double f) {
    return {line.model, line.channel, line.requests * f, line.tokens.scaled(f)};
}

// Scales every line that `pick` selects by `keep`, returning the removed part.
template <typename Pick>
std::vector<UsageLine> trimLines(std::vector<UsageLine>& lines, double keep, Pick pick) {
    std::vector<UsageLine> removed;
    for (UsageLine& line : lines) {
        if (!pick(line))
            continue;
        removed.push_back(scaledLine(line, 1.0 - keep));
        line = scaledLine(line, keep);
    }
    return removed;
}

double sumRequests(const std::vector<UsageLine>& lines) {
    double n = 0;
    for (const UsageLine& l : lines)
        n += l.requests;
    return n;
}

struct Month {
    std::vector<UsageLine> included;
    std::vector<UsageLine> extra; // billed at list price on top of the subscription
};

bool inScope(const LimitScope& scope, const UsageLine& l) {
    if (scope.channel && *scope.channel != l.channel)
        return false;
    return scope.models.empty() ||
           std::find(scope.models.begin(), scope.models.end(), l.model) != scope.models.end();
}

// A line's amount in a limit's or pool's unit.
double amountOf(LimitUnit unit, const TokenWeights& w, const UsageLine& l,
                const LinePricer& pricer) {
    switch (unit) {
    case LimitUnit::Messages: return l.requests;
    case LimitUnit::Tokens:
        return w.input * l.tokens.input + w.output * l.tokens.output +
               w.cacheRead * l.tokens.cacheRead + w.cacheWrite * l.tokens.cacheWrite;
    case LimitUnit::ListUsd: return pricer.listUsd(l);
    case LimitUnit::Compute: return pricer.servingUsd(l);
    }
    return 0;
}

// Each limit in the tier's order bounds the month's usage in its scope at amount x periods a
// month; past it, usage is removed, moved to the fallback model (where later limits see it),
// or billed, pro rata over the lines in scope.
void boundLimits(const Tier& tier, const ReplayContext& ctx, Month& m, ReplayOutcome& r) {
    for (std::size_t i = 0; i < tier.limits.size(); ++i) {
        const Limit& limit = tier.limits[i];
        const auto pick = [&](const UsageLine& l) { return inScope(limit.scope, l); };
        double used = 0;
        for (const UsageLine& l : m.included)
            if (pick(l))
                used += amountOf(limit.unit, limit.weights, l, *ctx.pricer);
        const double bound =
            limit.amount * periodsPerMonth(limit.kind, limit.hours, ctx.hoursPerMonth);
        if (used <= bound)
            continue;
        LimitOutcome& lo = r.limits[i];
        lo.hit = true;
        auto past = trimLines(m.included, bound / used, pick);
        const double removed = sumRequests(past);
        switch (tier.effective(limit.policy)) {
        case LimitPolicy::Block:
            lo.blockedRequests += removed;
            r.out.blockedRequests += removed;
            r.abandonedRequests += removed;
            break;
        case LimitPolicy::Fallback:
            lo.fallbackRequests += removed;
            r.out.fallbackRequests += removed;
            for (UsageLine& l : past)
                l.model = limit.fallbackModel;
            m.included.insert(m.included.end(), past.begin(), past.end());
            break;
        case LimitPolicy::ExtraUsage:
            lo.billedRequests += removed;
            m.extra.insert(m.extra.end(), past.begin(), past.end());
            break;
        }
    }
}

// Credit pools burned in order over the month's totals: each covers what it can of the
// usage in its scope that earlier pools left uncovered; what no pool covers goes by the
// policy of the last pool in its scope.
void boundPools(const Tier& tier, const ReplayContext& ctx, Month& m, ReplayOutcome& r) {
    std::vector<std::size_t> order(tier.creditPools.size());
    for (std::size_t p = 0; p < order.size(); ++p)
        order[p] = p;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return tier.creditPools[a].order < tier.creditPools[b].order;
    });
    std::vector<double> uncovered(m.included.size(), 1.0);
    std::vector<int> lastPool(m.included.size(), -1);
    for (std::size_t p : order) {
        const CreditPool& pool = tier.creditPools[p];
        const double usdPerUnit = pool.unit == LimitUnit::Tokens ? ctx.typicalListUsdPerToken : 1;
        double demand = 0;
        for (std::size_t k = 0; k < m.included.size(); ++k)
            if (inScope(pool.scope, m.included[k])) {
                demand += uncovered[k] * amountOf(pool.unit, pool.weights, m.included[k], *ctx.pricer);
                lastPool[k] = static_cast<int>(p);
            }
        const double grant = pool.grant * periodsPerMonth(pool.period, 0, ctx.hoursPerMonth);
        const double take = std::min(grant, demand);
        PoolOutcome& po = r.pools[p];
        po.grantedUsd = grant * usdPerUnit;
        po.usedUsd = take * usdPerUnit;
        po.expiredUsd = (grant - take) * usdPerUnit;
        po.ranOut = demand > grant;
        if (demand <= 0)
            continue;
        for (std::size_t k = 0; k < m.included.size(); ++k)
            if (inScope(pool.scope, m.included[k]))
                uncovered[k] *= 1 - take / demand;
    }
    std::vector<UsageLine> kept;
    for (std::size_t k = 0; k < m.included.size(); ++k) {
        UsageLine& line = m.included[k];
        if (lastPool[k] < 0 || uncovered[k] <= 0) {
            kept.push_back(line);
            continue;
        }
        const UsageLine past = scaledLine(line, uncovered[k]);
        kept.push_back(scaledLine(line, 1 - uncovered[k]));
        const CreditPool& pool = tier.creditPools[static_cast<std::size_t>(lastPool[k])];
        if (tier.effective(pool.policy) == LimitPolicy::ExtraUsage) {
            m.extra.push_back(past);
        } else {
            r.out.blockedRequests += past.requests;
            r.abandonedRequests += past.requests;
        }
    }
    m.included = std::move(kept);
}

} // namespace

double LinePricer::listUsd(const UsageLine& line) const {
    if (!legs || legs->empty())
        return listValueUsd(rateOf(*this, line.model).price, line.tokens);
    double usd = 0;
    for (const RouteLeg& leg : *legs)
        usd += leg.runs * listValueUsd(rateOf(*this, leg.model).price, line.tokens);
    return usd;
}

double LinePricer::servingUsd(const UsageLine& line) const {
    if (!legs || legs->empty())
        return servingCostUsd(rateOf(*this, line.model), line.tokens, line.requests);
    double usd = routerOverheadUsd * line.requests;
    for (const RouteLeg& leg : *legs)
        usd += leg.runs * servingCostUsd(rateOf(*this, leg.model), line.tokens, line.requests);
    return usd;
}

ReplayOutcome boundMonth(const Tier& tier, const Subscriber& sub, const ReplayContext& ctx) {
    ReplayOutcome r;
    r.limits.assign(tier.limits.size(), {});
    r.pools.assign(tier.creditPools.size(), {});
    Month m{sub.lines, {}};
    boundLimits(tier, ctx, m, r);
    boundPools(tier, ctx, m, r);
    SubscriberOutcome& out = r.out;
    const LinePricer& pricer = *ctx.pricer;
    for (const UsageLine& l : m.included)
        out.includedListUsd += pricer.listUsd(l);
    for (const UsageLine& l : m.extra)
        out.extraUsageUsd += pricer.listUsd(l);
    for (const auto* part : {&m.included, &m.extra}) {
        for (const UsageLine& l : *part) {
            out.costUsd += pricer.servingUsd(l);
            out.tokens += l.tokens.total();
            out.requests += l.requests;
        }
    }
    // Today's per-window, per-cap and per-pool flags, from the limits the legacy keys made.
    const std::size_t windows = std::min(tier.windows.size(), r.limits.size());
    for (std::size_t w = 0; w < windows; ++w)
        out.windowHit = out.windowHit || r.limits[w].hit;
    out.capHit.assign(tier.caps.size(), false);
    for (std::size_t c = 0; c < tier.caps.size() && windows + c < r.limits.size(); ++c)
        out.capHit[c] = r.limits[windows + c].hit;
    out.poolHit.assign(tier.pools.size(), false);
    for (std::size_t p = 0; p < tier.pools.size() && p < r.pools.size(); ++p)
        out.poolHit[p] = r.pools[p].ranOut;
    return r;
}

SubscriberOutcome applyTier(const Tier& tier, const Subscriber& sub, double hoursPerMonth,
                            const LinePricer& pricer) {
    ReplayContext ctx;
    ctx.pricer = &pricer;
    ctx.hoursPerMonth = hoursPerMonth;
    return boundMonth(tier, sub, ctx).out;
}

namespace {

// The histogram spans the 99th percentile, or 1.5 x the breakeven utilization when that is
// wider (so that the breakeven line drawn over it is in view), rounded up to a tenth.
void utilizationDistribution(const std::vector<Weighted>& sorted, double breakeven,
                             PopulationFigures& f) {
    f.utilizationQuantiles.clear();
    std::vector<double> plain;
    bool equal = true;
    for (const Weighted& x : sorted) {
        plain.push_back(x.value);
        equal = equal && x.weight == sorted.front().weight;
    }
    for (int q = 0; q <= 100; ++q)
        f.utilizationQuantiles.push_back(equal ? quantileSorted(plain, q / 100.0)
                                               : weightedQuantileSorted(sorted, q / 100.0));
    const double span = std::max({f.utilizationP99, 1.5 * breakeven, 0.1});
    f.utilizationHistogramMax = std::ceil(span * 10 - 1e-9) / 10;
    f.utilizationHistogramShare.assign(kUtilizationBins, 0.0);
    if (sorted.empty())
        return;
    const double width = f.utilizationHistogramMax / kUtilizationBins;
    double total = 0;
    for (const Weighted& x : sorted)
        total += x.weight;
    for (const Weighted& x : sorted) {
        const auto bin = std::min(static_cast<int>(x.value / width), kUtilizationBins - 1);
        f.utilizationHistogramShare[static_cast<std::size_t>(bin)] += x.weight / total;
    }
}

} // namespace

SubscriberOutcomes::SubscriberOutcomes(const std::vector<ReplayOutcome>& replayed)
    : m_replayed(replayed.data()), m_size(replayed.size()) {}

inline const SubscriberOutcome& SubscriberOutcomes::operator[](std::size_t i) const {
    return m_plain ? m_plain[i] : m_replayed[i].out;
}

PopulationFigures populationFigures(const Tier& tier, SubscriberOutcomes subs,
                                    double fullUseUsd, double breakevenUtilization,
                                    const std::vector<double>& weights) {
    PopulationFigures f;
    const bool weighted = !weights.empty();
    const auto weightOf = [&](std::size_t i) { return weighted ? weights[i] : 1.0; };
    double n = 0;
    for (std::size_t i = 0; i < subs.size(); ++i)
        n += weightOf(i);
    f.subscribers = n;
    f.capHitShare.assign(tier.caps.size(), 0.0);
    f.poolHitShare.assign(tier.pools.size(), 0.0);
    std::vector<Weighted> utilization, tokens;
    double lossMaking = 0, windowHits = 0;
    for (std::size_t i = 0; i < subs.size(); ++i) {
        const SubscriberOutcome& s = subs[i];
        const double w = weightOf(i);
        f.extraUsageRevenueUsd += w * s.extraUsageUsd;
        f.costUsd += w * s.costUsd;
        f.requests += w * s.requests;
        f.tokens += w * s.tokens;
        f.fallbackRequests += w * s.fallbackRequests;
        f.blockedRequests += w * s.blockedRequests;
        if (tier.priceUsdMonth + s.extraUsageUsd - s.costUsd < 0)
            lossMaking += w;
        windowHits += s.windowHit ? w : 0;
        for (std::size_t c = 0; c < s.capHit.size(); ++c)
            f.capHitShare[c] += s.capHit[c] ? w : 0;
        for (std::size_t p = 0; p < s.poolHit.size(); ++p)
            f.poolHitShare[p] += s.poolHit[p] ? w : 0;
        if (w > 0) {
            utilization.push_back({s.includedListUsd / fullUseUsd, w});
            tokens.push_back({s.tokens, w});
        }
    }
    f.subscriptionRevenueUsd = tier.priceUsdMonth * n;
    f.revenueUsd = f.subscriptionRevenueUsd + f.extraUsageRevenueUsd;
    f.marginUsd = f.revenueUsd - f.costUsd;
    if (n > 0) {
        f.lossMakingShare = lossMaking / n;
        f.windowHitShare = windowHits / n;
        for (double& s : f.capHitShare)
            s /= n;
        for (double& s : f.poolHitShare)
            s /= n;
    }
    const auto byValue = [](const Weighted& a, const Weighted& b) { return a.value < b.value; };
    std::sort(utilization.begin(), utilization.end(), byValue);
    std::sort(tokens.begin(), tokens.end(), byValue);
    std::vector<double> u, t;
    for (const Weighted& x : utilization)
        u.push_back(x.value);
    for (const Weighted& x : tokens)
        t.push_back(x.value);
    if (weighted) {
        f.utilizationP50 = weightedQuantileSorted(utilization, 0.50);
        f.utilizationP90 = weightedQuantileSorted(utilization, 0.90);
        f.utilizationP99 = weightedQuantileSorted(utilization, 0.99);
        f.tokensP50 = weightedQuantileSorted(tokens, 0.50);
        f.tokensP90 = weightedQuantileSorted(tokens, 0.90);
        f.tokensP99 = weightedQuantileSorted(tokens, 0.99);
        f.top1TokenShare = weightedTopShareSorted(tokens, 0.01);
        f.top10TokenShare = weightedTopShareSorted(tokens, 0.10);
        f.gini = weightedGiniSorted(tokens);
        f.lorenz = weightedLorenzSorted(tokens, 21);
    } else {
        f.utilizationP50 = quantileSorted(u, 0.50);
        f.utilizationP90 = quantileSorted(u, 0.90);
        f.utilizationP99 = quantileSorted(u, 0.99);
        f.tokensP50 = quantileSorted(t, 0.50);
        f.tokensP90 = quantileSorted(t, 0.90);
        f.tokensP99 = quantileSorted(t, 0.99);
        f.top1TokenShare = topShareSorted(t, 0.01);
        f.top10TokenShare = topShareSorted(t, 0.10);
        f.gini = giniSorted(t);
        f.lorenz = lorenzSorted(t, 21);
    }
    utilizationDistribution(utilization, breakevenUtilization, f);
    return f;
}

} // namespace tierlab::core
