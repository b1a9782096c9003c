// SPDX-License-Identifier: MIT
#include "eval/bootstrap.h"

#include "model/stats.h"

#include <algorithm>
#include <random>
#include <thread>

namespace tierlab::core {

std::vector<std::pair<std::string, double>> intervalFigures(const PopulationFigures& f) {
    std::vector<std::pair<std::string, double>> out = {
        {"subscribers", f.subscribers},
        {"revenue_usd", f.revenueUsd},
        {"extra_usage_revenue_usd", f.extraUsageRevenueUsd},
        {"cost_usd", f.costUsd},
        {"margin_usd", f.marginUsd},
        {"loss_making_share", f.lossMakingShare},
        {"requests", f.requests},
        {"tokens", f.tokens},
        {"blocked_requests", f.blockedRequests},
        {"fallback_requests", f.fallbackRequests},
        {"utilization_p50", f.utilizationP50},
        {"utilization_p90", f.utilizationP90},
        {"tokens_p90", f.tokensP90},
        {"gini", f.gini},
    };
    for (const LimitFigures& l : f.limits) {
        out.emplace_back("limits[id=" + l.label + "].hit_share", l.hitShare);
        out.emplace_back("limits[id=" + l.label + "].blocked_share", l.blockedShare);
    }
    for (const PoolFigures& p : f.pools)
        out.emplace_back("credit_pools[id=" + p.label + "].breakage_usd", p.breakageUsd);
    return out;
}

std::vector<std::pair<std::string, double>> intervalFigures(const PopulationTotals& t) {
    return {{"subscribers", t.subscribers},         {"revenue_usd", t.revenueUsd},
            {"extra_usage_revenue_usd", t.extraUsageRevenueUsd},
            {"cost_usd", t.costUsd},                {"margin_usd", t.marginUsd},
            {"loss_making_share", t.lossMakingShare}};
}

PopulationTotals totalsOf(const std::vector<const PopulationFigures*>& tiers) {
    PopulationTotals t;
    double lossMaking = 0;
    for (const PopulationFigures* f : tiers) {
        t.subscribers += f->subscribers;
        t.revenueUsd += f->revenueUsd;
        t.extraUsageRevenueUsd += f->extraUsageRevenueUsd;
        t.costUsd += f->costUsd;
        lossMaking += f->lossMakingShare * f->subscribers;
    }
    t.marginUsd = t.revenueUsd - t.costUsd;
    t.lossMakingShare = t.subscribers > 0 ? lossMaking / t.subscribers : 0;
    return t;
}

namespace {

// One resample's figures: per tier, then the totals, flattened in intervalFigures' order.
struct Draw {
    std::vector<std::vector<double>> tiers;
    std::vector<double> totals;
};

Draw resample(const std::vector<TierOutcomes>& tiers, std::size_t subscribers,
              const TierFiguresFn& figuresOf, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::poisson_distribution<std::uint32_t> draws(1.0);
    std::vector<std::uint32_t> count(subscribers, 0);
    for (std::uint32_t& c : count)
        c = draws(rng);
    Draw d;
    std::vector<PopulationFigures> figures;
    figures.reserve(tiers.size());
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        const TierOutcomes& to = tiers[t];
        std::vector<double> w(to.weights.size());
        for (std::size_t i = 0; i < w.size(); ++i)
            w[i] = to.weights[i] * count[to.source[i]];
        figures.push_back(figuresOf(t, *to.replays, w));
        std::vector<double> values;
        for (const auto& [key, v] : intervalFigures(figures.back()))
            values.push_back(v);
        d.tiers.push_back(std::move(values));
    }
    std::vector<const PopulationFigures*> all;
    for (const PopulationFigures& f : figures)
        all.push_back(&f);
    for (const auto& [key, v] : intervalFigures(totalsOf(all)))
        d.totals.push_back(v);
    return d;
}

std::vector<FigureInterval> intervalsOf(const std::vector<std::pair<std::string, double>>& names,
                                        std::vector<std::vector<double>>& draws, double lowP,
                                        double highP) {
    std::vector<FigureInterval> out;
    for (std::size_t k = 0; k < names.size(); ++k) {
        std::vector<double>& v = draws[k];
        std::sort(v.begin(), v.end());
        out.push_back({names[k].first, quantileSorted(v, lowP), quantileSorted(v, highP)});
    }
    return out;
}

} // namespace

BootstrapIntervals bootstrapIntervals(const std::vector<TierOutcomes>& tiers,
                                      const std::vector<const PopulationFigures*>& full,
                                      std::size_t subscribers, const TierFiguresFn& figuresOf,
                                      int resamples, double confidence, std::uint64_t seed) {
    BootstrapIntervals out;
    if (resamples <= 0 || subscribers == 0)
        return out;
    std::vector<Draw> draws(static_cast<std::size_t>(resamples));
    const std::size_t threads =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, draws.size());
    {
        std::vector<std::jthread> pool;
        for (std::size_t th = 0; th < threads; ++th)
            pool.emplace_back([&, th] {
                for (std::size_t b = th; b < draws.size(); b += threads) {
                    // splitmix64 of (seed, b): independent generators per resample.
                    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (b + 1);
                    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
                    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
                    draws[b] = resample(tiers, subscribers, figuresOf, z ^ (z >> 31));
                }
            });
    }
    const double lowP = (1 - confidence) / 2, highP = (1 + confidence) / 2;
    // Names come from the figures of the full sample (the same keys in every resample).
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        const auto names = intervalFigures(*full[t]);
        std::vector<std::vector<double>> byFigure(names.size());
        for (const Draw& d : draws)
            for (std::size_t k = 0; k < names.size(); ++k)
                byFigure[k].push_back(d.tiers[t][k]);
        out.tiers.push_back(intervalsOf(names, byFigure, lowP, highP));
    }
    const auto names = intervalFigures(PopulationTotals{});
    std::vector<std::vector<double>> byFigure(names.size());
    for (const Draw& d : draws)
        for (std::size_t k = 0; k < names.size(); ++k)
            byFigure[k].push_back(d.totals[k]);
    out.totals = intervalsOf(names, byFigure, lowP, highP);
    return out;
}

} // namespace tierlab::core
