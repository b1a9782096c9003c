// SPDX-License-Identifier: MIT
#include "evaltables.h"

#include "eval/bootstrap.h"
#include "format.h"
#include "table.h"

#include <fmt/format.h>

namespace tierlab::cli {

namespace {

using core::Results;

std::string podsTable(const Results& r) {
    Table t({"<pod", "GPUs", "HBM GB", "finance $/mo", "energy $/mo", "total $/mo", "$/hour",
             "utilization"});
    for (const core::PodResult& p : r.pods)
        t.addRow({p.id, number(p.gpus), number(p.hbmTotalGb), usd(p.monthly.financeUsd),
                  usd(p.monthly.energyUsd), usd(p.monthly.totalUsd), usd(p.hourlyUsd),
                  percent(p.utilization)});
    std::string sources;
    for (const core::PodResult& p : r.pods)
        if (p.utilizationSource != "typed in")
            sources += "  " + p.id + " utilization " + p.utilizationSource + "\n";
    for (const core::PodResult& p : r.pods)
        if (p.monthly.depreciationUsd > 0)
            sources += "  " + p.id + " straight-line depreciation " +
                       usd(p.monthly.depreciationUsd) + "/mo\n";
    return "Pods\n" + t.render() + sources;
}

std::string modelsTable(const core::Scenario& s, const Results& r) {
    Table t({"<model", "<pod", "weights GB", "KV slots", "prefill tok/s", "decode tok/s",
             "pod-s/req", "serve $/Mtok in", "serve $/Mtok out", "list $/req", "serve $/req",
             "ratio"});
    for (const core::ModelResult& m : r.models) {
        const bool typed = m.servingUsdPerMtokInput && !m.prefillTokensPerS;
        t.addRow({m.id,
                  typed           ? "(typed cost)"
                  : m.pod.empty() ? "(not served)"
                                  : m.pod,
                  orDash(m.weightGb, [](double v) { return number(v); }),
                  m.kvSlots ? number(*m.kvSlots) : "-",
                  orDash(m.prefillTokensPerS, [](double v) { return number(v); }) +
                      (m.measuredPrefill ? "*" : ""),
                  orDash(m.decodeTokensPerS, [](double v) { return number(v); }) +
                      (m.measuredDecode ? "*" : ""),
                  orDash(m.podSecondsPerRequest, sig), orDash(m.servingUsdPerMtokInput, usd),
                  orDash(m.servingUsdPerMtokOutput, usd), usd(m.listUsdPerRequest),
                  orDash(m.servingUsdPerRequest, usd), orDash(m.servingCostRatio, sig)});
    }
    return fmt::format("Models (typical request: {} input, {} output tokens; * measured)\n",
                       number(s.typicalRequest.input), number(s.typicalRequest.output)) +
           t.render();
}

std::string tiersTable(const Results& r) {
    Table t({"<tier", "price/mo", "<served by", "list $/req", "ratio", "max msgs/mo",
             "full-use value", "breakeven util", "margin at full use"});
    for (const core::TierResult& x : r.tiers)
        t.addRow(
            {x.id, usd(x.priceUsdMonth), x.servedBy, usd(x.typicalListUsd), sig(x.servingCostRatio),
             orDash(x.maxMessagesPerMonth, [](double v) { return number(v); }),
             usd(x.fullUse.totalUsd), percent(x.breakevenUtilization), usd(x.marginAtFullUseUsd)});
    return "Tiers\n" + t.render();
}

// Where each tier (and each curve model at its own target) sits on its operating curve.
std::string operatingPointsTable(const Results& r) {
    Table t({"<where", "<model", "<target", "<kind", "tok/s/user", "tok/s/GPU", "<basis", "in/out",
             "pod-s/req", "prefill share", "<split", "<source"});
    std::size_t rows = 0;
    auto add = [&](const std::string& where, const core::OperatingPointResult& p) {
        t.addRow({where, p.model, p.target, p.kind, number(p.tokensPerSPerUser, 1),
                  number(p.throughputPerGpu, 0), p.basis,
                  fmt::format("{:g}/{:g}{}", p.inputTokens, p.outputTokens,
                              p.lengthsClamped ? " (clamped)" : ""),
                  sig(p.podSecondsPerRequest), percent(p.prefillShare), p.split, p.source});
        ++rows;
    };
    for (const core::ModelResult& m : r.models)
        if (m.operatingPoint)
            add("model " + m.id, *m.operatingPoint);
    for (const core::TierResult& x : r.tiers)
        for (const core::OperatingPointResult& p : x.operatingPoints)
            add("tier " + x.id, p);
    if (rows == 0)
        return "";
    return "Operating points (at each speed target and typical request: the cheapest measured "
           "point of a curve, or the roofline's largest batch that meets it)\n" +
           t.render();
}

std::string populationTable(const Results& r) {
    Table t({"<tier", "subscribers", "revenue", "extra usage", "cost", "margin", "loss-making",
             "util p50", "p90", "p99", "top 1%", "top 10%", "Gini", "fallbacks", "blocked"});
    for (const core::TierResult& x : r.tiers) {
        const core::PopulationFigures& f = *x.population;
        t.addRow({x.id, number(f.subscribers), usd(f.revenueUsd), usd(f.extraUsageRevenueUsd),
                  usd(f.costUsd), usd(f.marginUsd), percent(f.lossMakingShare),
                  percent(f.utilizationP50), percent(f.utilizationP90), percent(f.utilizationP99),
                  percent(f.top1TokenShare), percent(f.top10TokenShare), sig(f.gini),
                  number(f.fallbackRequests), number(f.blockedRequests)});
    }
    const core::PopulationTotals& tot = *r.totals;
    t.addRow({"all", number(tot.subscribers), usd(tot.revenueUsd), usd(tot.extraUsageRevenueUsd),
              usd(tot.costUsd), usd(tot.marginUsd), percent(tot.lossMakingShare)});
    std::string responses;
    for (const core::TierResult& x : r.tiers) {
        const core::PopulationFigures& f = *x.population;
        if (f.retainedShare)
            responses += fmt::format("  {}: price response on: {} of its subscribers stay at {}\n",
                                     x.id, percent(*f.retainedShare), usd(x.priceUsdMonth));
        if (f.movedInSubscribers > 0)
            responses += fmt::format("  {}: {} subscribers moved down to it (price response)\n",
                                     x.id, number(f.movedInSubscribers, 1));
    }
    return "Population: " + r.usage + " (a month)\n" + t.render() + responses;
}

// A figure by its results key: money in dollars, shares in percent, the rest as numbers.
std::string figure(const std::string& key, double v) {
    if (key.ends_with("_usd"))
        return usd(v);
    if (key.ends_with("_share"))
        return percent(v);
    if (key == "gini" || key.starts_with("utilization_"))
        return key == "gini" ? sig(v) : percent(v);
    return number(v);
}

// With a sampled population: each figure with its bootstrap interval.
std::string samplingTable(const Results& r) {
    const core::SampleSummary& smp = *r.sample;
    Table t({"<tier", "<figure", "estimate", "low", "high"});
    const auto rows = [&](const std::string& tier, const auto& estimates,
                          const std::vector<core::FigureInterval>& intervals) {
        for (std::size_t k = 0; k < intervals.size() && k < estimates.size(); ++k)
            if (estimates[k].second != 0 || intervals[k].low != 0 || intervals[k].high != 0)
                t.addRow({tier, intervals[k].figure,
                          figure(intervals[k].figure, estimates[k].second),
                          figure(intervals[k].figure, intervals[k].low),
                          figure(intervals[k].figure, intervals[k].high)});
    };
    for (const core::TierResult& x : r.tiers)
        rows(x.id, core::intervalFigures(*x.population), x.population->intervals);
    rows("all", core::intervalFigures(*r.totals), r.totals->intervals);
    return fmt::format("Sampling intervals ({} of {} subscribers sampled at {} %, each standing "
                       "for {}; {} % bootstrap over subscribers, {} resamples; figures that are 0 "
                       "in every resample left out)\n",
                       number(smp.sampled), number(smp.population), sig(smp.ratePer10000 / 100.0),
                       sig(10000.0 / smp.ratePer10000), sig(smp.confidence * 100),
                       number(smp.resamples)) +
           (smp.resamples > 0 ? t.render() : std::string("  (no resamples: intervals off)\n"));
}

std::string hours(const std::optional<double>& h) {
    return orDash(h, [](double v) { return number(v, 1); });
}

// Every limit and credit pool of every tier over its subscribers, and how they were applied.
std::string limitsTables(const Results& r) {
    Table t({"<tier", "<limit", "<kind", "<unit", "hit", "blocked", "fell back", "billed",
             "delayed", "lockout h/wk p50", "p90", "first hit h p50"});
    Table p({"<tier", "<pool", "granted", "used", "breakage", "ran out", "ran out day p50"});
    Table b({"<tier", "waited", "abandoned", "bought", "wait h p50", "p90"});
    bool replayed = true, anyLimit = false, anyPool = false, anyBlocked = false;
    for (const core::TierResult& x : r.tiers) {
        const core::PopulationFigures& f = *x.population;
        replayed = replayed && f.replayed;
        for (const core::LimitFigures& l : f.limits) {
            anyLimit = true;
            t.addRow({x.id, l.label, l.kind, l.unit, percent(l.hitShare), percent(l.blockedShare),
                      percent(l.fallbackShare), percent(l.billedShare), percent(l.delayedShare),
                      hours(l.lockoutHoursPerWeekP50), hours(l.lockoutHoursPerWeekP90),
                      hours(l.firstHitHoursP50)});
        }
        for (const core::PoolFigures& pool : f.pools) {
            anyPool = true;
            p.addRow({x.id, pool.label, usd(pool.grantedUsd), usd(pool.usedUsd),
                      usd(pool.breakageUsd), percent(pool.ranOutShare),
                      orDash(pool.ranOutDayP50, [](double v) { return number(v); })});
        }
        if (f.waitedRequests + f.abandonedRequests + f.boughtRequests > 0) {
            anyBlocked = true;
            b.addRow({x.id, number(f.waitedRequests), number(f.abandonedRequests),
                      number(f.boughtRequests), hours(f.waitHoursP50), hours(f.waitHoursP90)});
        }
    }
    if (!anyLimit && !anyPool)
        return {};
    std::string out =
        replayed ? "Limits, replayed over every request (shares of the tier's requests asked)\n"
                 : "Limits, as a monthly bound (the usage has no request history: hit shares "
                   "are approximate; import per-request data to replay them)\n";
    if (anyLimit)
        out += t.render();
    if (anyPool)
        out += "\nCredit pools\n" + p.render();
    if (anyBlocked)
        out += "\nBlocked requests (what subscribers did)\n" + b.render();
    return out;
}

std::string routingTable(const Results& r) {
    const core::RoutingResult& rt = *r.routing;
    Table t({"<model", "runs/req", "answers", "list $/req", "serve $/req"});
    for (const core::RouteLegResult& l : rt.legs)
        t.addRow({l.model, sig(l.runs), percent(l.answers), usd(l.listUsd), usd(l.servingUsd)});
    Table s({"<", "list $/req", "serve $/req", "quality"});
    s.addRow({rt.mode, usd(rt.listUsdPerRequest), usd(rt.servingUsdPerRequest),
              sig(rt.expectedQuality)});
    s.addRow({"baseline " + rt.baselineModel, usd(rt.baselineListUsdPerRequest),
              usd(rt.baselineServingUsdPerRequest), sig(rt.baselineQuality)});
    s.addRow({"savings", percent(rt.savingsList), percent(rt.savingsServing), ""});
    return "Routing (" + rt.mode + ", typical request)\n" + t.render() + "\n" + s.render();
}

std::string extrasTables(const Results& r) {
    std::string out;
    if (r.batch) {
        const core::BatchResult& b = *r.batch;
        out += fmt::format("\nBatch experiment\n  duration {} min, {} requests/min, {} parallel "
                           "streams\n  revenue {}, pod cost {}, profit {}\n",
                           number(b.minutes, 1), number(b.requestsPerMinute, 1),
                           number(b.parallelStreams, 1), usd(b.revenueUsd), usd(b.podCostUsd),
                           usd(b.profitUsd));
    }
    if (r.opportunity)
        out += fmt::format("\nOpportunity cost of pods held at low utilization: {}\n",
                           usd(r.opportunity->costUsd));
    if (!r.trend.empty()) {
        std::vector<std::string> titles{"<year", "cost x", "price x", "usage x"};
        for (const core::TrendTier& t : r.trend.front().tiers)
            titles.push_back(t.id + " breakeven");
        Table t(titles);
        for (const core::TrendYear& y : r.trend) {
            std::vector<std::string> row{"+" + std::to_string(y.year), sig(y.costFactor),
                                         sig(y.priceFactor), sig(y.usageFactor)};
            for (const core::TrendTier& tt : y.tiers)
                row.push_back(percent(tt.breakevenUtilization));
            t.addRow(row);
        }
        out += "\nTrend\n" + t.render();
    }
    return out;
}

} // namespace

std::string renderResults(const core::Scenario& s, const Results& r) {
    std::string out = "Scenario: " + (r.name.empty() ? std::string("(unnamed)") : r.name) + "\n";
    if (r.pods.empty() && r.models.empty())
        return out + "\nNothing to evaluate: the scenario has no pods and no models.\n";
    if (!r.pods.empty())
        out += "\n" + podsTable(r);
    if (!r.models.empty())
        out += "\n" + modelsTable(s, r);
    if (!r.tiers.empty())
        out += "\n" + tiersTable(r);
    if (const std::string points = operatingPointsTable(r); !points.empty())
        out += "\n" + points;
    if (r.totals) {
        out += "\n" + populationTable(r);
        if (const std::string limits = limitsTables(r); !limits.empty())
            out += "\n" + limits;
        if (r.sample)
            out += "\n" + samplingTable(r);
    }
    if (r.routing)
        out += "\n" + routingTable(r);
    return out + extrasTables(r);
}

} // namespace tierlab::cli
