// SPDX-License-Identifier: MIT
#include "population.h"

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

void applyWindows(const Tier& tier, double hoursPerMonth, Month& m, SubscriberOutcome& out) {
    const auto most = maxMessagesPerMonth(tier.windows, hoursPerMonth);
    double interactive = 0;
    for (const UsageLine& l : m.included)
        if (l.channel == Channel::Interactive)
            interactive += l.requests;
    if (!most || interactive <= *most)
        return;
    out.windowHit = true;
    out.blockedRequests += interactive - *most;
    trimLines(m.included, *most / interactive,
              [](const UsageLine& l) { return l.channel == Channel::Interactive; });
}

void applyCaps(const Tier& tier, Month& m, SubscriberOutcome& out) {
    for (std::size_t c = 0; c < tier.caps.size(); ++c) {
        const ModelCap& cap = tier.caps[c];
        double used = 0;
        for (const UsageLine& l : m.included)
            if (l.model == cap.model)
                used += l.requests;
        if (used <= cap.perMonth)
            continue;
        out.capHit[c] = true;
        auto past = trimLines(m.included, cap.perMonth / used,
                              [&](const UsageLine& l) { return l.model == cap.model; });
        switch (tier.effective(cap.policy)) {
        case LimitPolicy::Block:
            out.blockedRequests += used - cap.perMonth;
            break;
        case LimitPolicy::Fallback:
            out.fallbackRequests += used - cap.perMonth;
            for (UsageLine& l : past)
                l.model = cap.fallbackModel;
            m.included.insert(m.included.end(), past.begin(), past.end());
            break;
        case LimitPolicy::ExtraUsage:
            m.extra.insert(m.extra.end(), past.begin(), past.end());
            break;
        }
    }
}

void applyPools(const Tier& tier, const LinePricer& pricer, Month& m, SubscriberOutcome& out) {
    for (std::size_t p = 0; p < tier.pools.size(); ++p) {
        const Pool& pool = tier.pools[p];
        const auto onChannel = [&](const UsageLine& l) { return l.channel == pool.channel; };
        double used = 0;
        for (const UsageLine& l : m.included)
            if (onChannel(l))
                used += pool.creditUsd ? pricer.listUsd(l) : l.tokens.total();
        const double credit = pool.creditUsd ? *pool.creditUsd : *pool.creditTokens;
        if (used <= credit)
            continue;
        out.poolHit[p] = true;
        auto past = trimLines(m.included, credit / used, onChannel);
        if (tier.effective(pool.policy) == LimitPolicy::ExtraUsage)
            m.extra.insert(m.extra.end(), past.begin(), past.end());
        else
            out.blockedRequests += sumRequests(past);
    }
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

SubscriberOutcome applyTier(const Tier& tier, const Subscriber& sub, double hoursPerMonth,
                            const LinePricer& pricer) {
    SubscriberOutcome out;
    out.capHit.assign(tier.caps.size(), false);
    out.poolHit.assign(tier.pools.size(), false);
    Month m{sub.lines, {}};
    applyWindows(tier, hoursPerMonth, m, out);
    applyCaps(tier, m, out);
    applyPools(tier, pricer, m, out);
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
    return out;
}

namespace {

// The histogram spans the 99th percentile, or 1.5 x the breakeven utilization when that is
// wider (so that the breakeven line drawn over it is in view), rounded up to a tenth.
void utilizationDistribution(const std::vector<double>& sorted, double breakeven,
                             PopulationFigures& f) {
    f.utilizationQuantiles.clear();
    for (int q = 0; q <= 100; ++q)
        f.utilizationQuantiles.push_back(quantileSorted(sorted, q / 100.0));
    const double span = std::max({f.utilizationP99, 1.5 * breakeven, 0.1});
    f.utilizationHistogramMax = std::ceil(span * 10 - 1e-9) / 10;
    f.utilizationHistogramShare.assign(kUtilizationBins, 0.0);
    if (sorted.empty())
        return;
    const double width = f.utilizationHistogramMax / kUtilizationBins;
    const double share = 1.0 / static_cast<double>(sorted.size());
    for (double u : sorted) {
        const auto bin = std::min(static_cast<int>(u / width), kUtilizationBins - 1);
        f.utilizationHistogramShare[static_cast<std::size_t>(bin)] += share;
    }
}

} // namespace

PopulationFigures populationFigures(const Tier& tier, const std::vector<SubscriberOutcome>& subs,
                                    double fullUseUsd, double breakevenUtilization) {
    PopulationFigures f;
    const auto n = static_cast<double>(subs.size());
    f.subscribers = n;
    f.capHitShare.assign(tier.caps.size(), 0.0);
    f.poolHitShare.assign(tier.pools.size(), 0.0);
    std::vector<double> utilization, tokens;
    double lossMaking = 0, windowHits = 0;
    for (const SubscriberOutcome& s : subs) {
        f.extraUsageRevenueUsd += s.extraUsageUsd;
        f.costUsd += s.costUsd;
        f.requests += s.requests;
        f.tokens += s.tokens;
        f.fallbackRequests += s.fallbackRequests;
        f.blockedRequests += s.blockedRequests;
        if (tier.priceUsdMonth + s.extraUsageUsd - s.costUsd < 0)
            lossMaking += 1;
        windowHits += s.windowHit ? 1 : 0;
        for (std::size_t c = 0; c < s.capHit.size(); ++c)
            f.capHitShare[c] += s.capHit[c] ? 1 : 0;
        for (std::size_t p = 0; p < s.poolHit.size(); ++p)
            f.poolHitShare[p] += s.poolHit[p] ? 1 : 0;
        utilization.push_back(s.includedListUsd / fullUseUsd);
        tokens.push_back(s.tokens);
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
    std::sort(utilization.begin(), utilization.end());
    std::sort(tokens.begin(), tokens.end());
    f.utilizationP50 = quantileSorted(utilization, 0.50);
    f.utilizationP90 = quantileSorted(utilization, 0.90);
    f.utilizationP99 = quantileSorted(utilization, 0.99);
    f.tokensP50 = quantileSorted(tokens, 0.50);
    f.tokensP90 = quantileSorted(tokens, 0.90);
    f.tokensP99 = quantileSorted(tokens, 0.99);
    f.top1TokenShare = topShareSorted(tokens, 0.01);
    f.top10TokenShare = topShareSorted(tokens, 0.10);
    f.gini = giniSorted(tokens);
    f.lorenz = lorenzSorted(tokens, 21);
    utilizationDistribution(utilization, breakevenUtilization, f);
    return f;
}

} // namespace tierlab::core
