// SPDX-License-Identifier: MIT
#include "report/reportbuilder.h"

#include "tierlab/version.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace tierlab::core {

namespace {

using Cell = ReportCell;
using U = ReportUnit;

std::string today() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd{now};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string tierName(const TierResult& t) {
    return t.name.empty() ? t.id : t.name;
}

Cell popCell(const TierResult& t, double PopulationFigures::*field, U unit) {
    return t.population ? Cell::number((*t.population).*field, unit) : Cell::missing();
}

ReportTable tiersTable(const Results& r) {
    ReportTable t{"Tiers", "Tiers: price, population economics and breakeven", {}, {}, false, {}};
    t.columns = {{"Tier", "", false},
                 {"Price", "USD/month", true},
                 {"Subscribers", "", true},
                 {"Revenue", "USD/month", true},
                 {"Extra-usage revenue", "USD/month", true},
                 {"Cost to serve", "USD/month", true},
                 {"Margin", "USD/month", true},
                 {"Loss-making", "% of subscribers", true},
                 {"Breakeven utilization", "% of full use", true},
                 {"Full-use value", "USD/month", true},
                 {"Hit message window", "% of subscribers", true}};
    using P = PopulationFigures;
    for (const TierResult& x : r.tiers)
        t.rows.push_back({Cell::of(tierName(x)), Cell::number(x.priceUsdMonth, U::Usd),
                          popCell(x, &P::subscribers, U::Count), popCell(x, &P::revenueUsd, U::Usd),
                          popCell(x, &P::extraUsageRevenueUsd, U::Usd),
                          popCell(x, &P::costUsd, U::Usd), popCell(x, &P::marginUsd, U::Usd),
                          popCell(x, &P::lossMakingShare, U::Share),
                          Cell::number(x.breakevenUtilization, U::Share),
                          Cell::number(x.fullUse.totalUsd, U::Usd),
                          x.population && !x.population->subscribers
                              ? Cell::missing()
                              : popCell(x, &P::windowHitShare, U::Share)});
    if (r.totals) {
        const PopulationTotals& s = *r.totals;
        t.rows.push_back({Cell::of("All tiers"), Cell::missing(),
                          Cell::number(s.subscribers, U::Count), Cell::number(s.revenueUsd, U::Usd),
                          Cell::number(s.extraUsageRevenueUsd, U::Usd),
                          Cell::number(s.costUsd, U::Usd), Cell::number(s.marginUsd, U::Usd),
                          Cell::number(s.lossMakingShare, U::Share), Cell::missing(),
                          Cell::missing(), Cell::missing()});
        t.lastRowIsTotal = true;
    }
    t.note = r.totals ? "Revenue is subscriptions plus extra usage billed at list price; margin "
                        "is revenue minus the serving cost of all usage served."
                      : "No usage was priced: population figures are shown as \"-\".";
    return t;
}

ReportTable limitsTable(const Scenario& s, const Results& r) {
    ReportTable t{"Limits", "Share of subscribers hitting each limit", {}, {}, false, {}};
    t.columns = {{"Tier", "", false},
                 {"Limit", "", false},
                 {"When exceeded", "", false},
                 {"Subscribers hitting it", "%", true}};
    const auto policy = [](LimitPolicy p) {
        return p == LimitPolicy::Block      ? "block"
               : p == LimitPolicy::Fallback ? "fall back"
                                            : "extra usage";
    };
    for (std::size_t i = 0; i < r.tiers.size() && i < s.tiers.size(); ++i) {
        const TierResult& x = r.tiers[i];
        const Tier& tier = s.tiers[i];
        const PopulationFigures* f = x.population ? &*x.population : nullptr;
        const auto share = [f](double v) {
            return f ? Cell::number(v, U::Share) : Cell::missing();
        };
        for (const MessageWindow& w : tier.windows)
            t.rows.push_back({Cell::of(tierName(x)),
                              Cell::of(fmt::format("{} messages per {} hours",
                                                   formatReportNumber(w.messages, U::Number),
                                                   formatReportNumber(w.hours, U::Number))),
                              Cell::of("block"), share(f ? f->windowHitShare : 0)});
        for (std::size_t c = 0; c < tier.caps.size(); ++c) {
            const ModelCap& cap = tier.caps[c];
            const std::string model =
                cap.model >= 0 ? s.models[static_cast<std::size_t>(cap.model)].id : "?";
            t.rows.push_back(
                {Cell::of(tierName(x)),
                 Cell::of(fmt::format("{} {} requests a month",
                                      formatReportNumber(cap.perMonth, U::Number), model)),
                 Cell::of(policy(tier.effective(cap.policy))),
                 share(f && c < f->capHitShare.size() ? f->capHitShare[c] : 0)});
        }
        for (std::size_t p = 0; p < tier.pools.size(); ++p) {
            const Pool& pool = tier.pools[p];
            const std::string channel(enumName(kChannelNames, pool.channel));
            const std::string credit =
                pool.creditUsd
                    ? formatReportNumber(*pool.creditUsd, U::Usd)
                    : formatReportNumber(pool.creditTokens.value_or(0), U::Count) + " tokens";
            t.rows.push_back({Cell::of(tierName(x)),
                              Cell::of(fmt::format("{} pool of {}", channel, credit)),
                              Cell::of(policy(tier.effective(pool.policy))),
                              share(f && p < f->poolHitShare.size() ? f->poolHitShare[p] : 0)});
        }
    }
    if (t.rows.empty())
        t.note = "No tier has a limit.";
    return t;
}

ReportTable routingTable(const RoutingResult& r) {
    ReportTable t{
        "Routing", "Routing: cost per typical request against the baseline", {}, {}, false, {}};
    t.columns = {{"Per typical request", "", false},
                 {"Routed (" + r.mode + ")", "USD", true},
                 {"All " + r.baselineModel, "USD", true},
                 {"Savings", "%", true}};
    t.rows.push_back({Cell::of("List price"), Cell::number(r.listUsdPerRequest, U::Usd),
                      Cell::number(r.baselineListUsdPerRequest, U::Usd),
                      Cell::number(r.savingsList, U::Share)});
    t.rows.push_back({Cell::of("Serving cost"), Cell::number(r.servingUsdPerRequest, U::Usd),
                      Cell::number(r.baselineServingUsdPerRequest, U::Usd),
                      Cell::number(r.savingsServing, U::Share)});
    t.note = fmt::format("Expected quality {:.3g} routed against {:.3g} for the baseline.",
                         r.expectedQuality, r.baselineQuality);
    return t;
}

ReportChart comparisonChart(const Results& r) {
    ReportChart c{
        "tier-comparison", "Tier comparison", "", "USD per month", U::Text, U::Usd, {}, {}, {}, {}};
    // An empty data set has nothing to compare: show what the tiers promise instead.
    const bool population = r.totals && r.totals->subscribers > 0;
    std::vector<std::string> names =
        population ? std::vector<std::string>{"Revenue", "Cost to serve", "Margin"}
                   : std::vector<std::string>{"Price", "Margin at full use"};
    for (std::size_t k = 0; k < names.size(); ++k)
        c.series.push_back({names[k], ReportSeries::Style::Bars, {}, static_cast<int>(k), true});
    for (std::size_t i = 0; i < r.tiers.size(); ++i) {
        const TierResult& t = r.tiers[i];
        c.categories.push_back(tierName(t));
        const double x = static_cast<double>(i);
        if (population) {
            const PopulationFigures empty;
            const PopulationFigures& f = t.population ? *t.population : empty;
            c.series[0].points.emplace_back(x, f.revenueUsd);
            c.series[1].points.emplace_back(x, f.costUsd);
            c.series[2].points.emplace_back(x, f.marginUsd);
        } else {
            c.series[0].points.emplace_back(x, t.priceUsdMonth);
            c.series[1].points.emplace_back(x, t.marginAtFullUseUsd);
        }
    }
    c.caption = population ? "Monthly revenue, cost to serve and margin of each tier's subscribers."
                           : "No subscriber was priced: each tier's price and its margin per "
                             "subscriber at full use.";
    return c;
}

ReportChart marginChart(const Results& r) {
    ReportChart c{"margin-utilization",
                  "Margin per subscriber against utilization",
                  "Utilization (share of full-use value)",
                  "Margin (USD/month)",
                  U::Share,
                  U::Usd,
                  {},
                  {},
                  {},
                  {}};
    for (std::size_t i = 0; i < r.tiers.size(); ++i) {
        const TierResult& t = r.tiers[i];
        // margin(u) = price - u x V_full x ratio: from the price at u = 0 to the margin at
        // full use at u = 1, both in the results.
        c.series.push_back({tierName(t),
                            ReportSeries::Style::Line,
                            {{0, t.priceUsdMonth}, {1, t.marginAtFullUseUsd}},
                            static_cast<int>(i),
                            true});
        if (std::isfinite(t.breakevenUtilization) && t.breakevenUtilization <= 1)
            c.markers.push_back({t.breakevenUtilization,
                                 fmt::format("{} {}", tierName(t),
                                             formatReportNumber(t.breakevenUtilization, U::Share)),
                                 static_cast<int>(i)});
    }
    c.caption = "A subscriber using more than the breakeven utilization (dashed lines) costs more "
                "to serve than they pay.";
    for (const TierResult& t : r.tiers)
        if (!(t.breakevenUtilization <= 1))
            c.caption += fmt::format(" {}: breakeven {}, above full use (not drawn).", tierName(t),
                                     formatReportNumber(t.breakevenUtilization, U::Share));
    return c;
}

std::optional<ReportChart> distributionChart(const TierResult& t, int color) {
    if (!t.population || t.population->subscribers <= 0 ||
        t.population->utilizationHistogramShare.empty())
        return std::nullopt;
    const PopulationFigures& f = *t.population;
    ReportChart c{"utilization-" + t.id,
                  "Utilization distribution: " + tierName(t),
                  "Utilization (share of full-use value)",
                  "Share of subscribers",
                  U::Share,
                  U::Share,
                  {},
                  {},
                  {},
                  {}};
    ReportSeries bars{"Subscribers", ReportSeries::Style::Bars, {}, color, false};
    const double width =
        f.utilizationHistogramMax / static_cast<double>(f.utilizationHistogramShare.size());
    for (std::size_t b = 0; b < f.utilizationHistogramShare.size(); ++b)
        bars.points.emplace_back((static_cast<double>(b) + 0.5) * width,
                                 f.utilizationHistogramShare[b]);
    c.series.push_back(std::move(bars));
    if (std::isfinite(t.breakevenUtilization))
        c.markers.push_back({t.breakevenUtilization,
                             "breakeven " + formatReportNumber(t.breakevenUtilization, U::Share),
                             3});
    c.caption = fmt::format("{} of {} subscribers are loss-making; median utilization {}, p90 {}.",
                            formatReportNumber(f.lossMakingShare, U::Share),
                            formatReportNumber(f.subscribers, U::Count),
                            formatReportNumber(f.utilizationP50, U::Share),
                            formatReportNumber(f.utilizationP90, U::Share));
    return c;
}

ReportChart routingChart(const RoutingResult& r) {
    ReportChart c{"routing-savings",
                  "Routing savings",
                  "",
                  "USD per typical request",
                  U::Text,
                  U::Usd,
                  {"List price", "Serving cost"},
                  {},
                  {},
                  {}};
    c.series.push_back({"Routed (" + r.mode + ")",
                        ReportSeries::Style::Bars,
                        {{0, r.listUsdPerRequest}, {1, r.servingUsdPerRequest}},
                        0,
                        true});
    c.series.push_back({"All " + r.baselineModel,
                        ReportSeries::Style::Bars,
                        {{0, r.baselineListUsdPerRequest}, {1, r.baselineServingUsdPerRequest}},
                        1,
                        true});
    c.caption = fmt::format("Routing saves {} at list price and {} at serving cost.",
                            formatReportNumber(r.savingsList, U::Share),
                            formatReportNumber(r.savingsServing, U::Share));
    return c;
}

struct Builder {
    ReportContent out;

    int table(ReportTable t) {
        out.tables.push_back(std::move(t));
        return static_cast<int>(out.tables.size()) - 1;
    }
    int chart(ReportChart c) {
        out.charts.push_back(std::move(c));
        return static_cast<int>(out.charts.size()) - 1;
    }
    void section(std::string title) { out.sections.push_back({std::move(title), {}}); }
    void paragraph(std::string text) {
        out.sections.back().blocks.push_back({ReportBlock::Kind::Paragraph, std::move(text), -1});
    }
    void addTable(ReportTable t) {
        out.sections.back().blocks.push_back({ReportBlock::Kind::Table, {}, table(std::move(t))});
    }
    void addChart(ReportChart c) {
        out.sections.back().blocks.push_back({ReportBlock::Kind::Chart, {}, chart(std::move(c))});
    }
};

std::string summaryText(const Results& r) {
    if (r.totals && r.totals->subscribers <= 0)
        return "The data set has no subscribers: the report shows each tier's full-use value and "
               "breakeven utilization only.";
    if (!r.totals)
        return fmt::format("{} {}; no usage was priced, so the report shows each tier's "
                           "full-use value and breakeven utilization only.",
                           r.tiers.size(), r.tiers.size() == 1 ? "tier" : "tiers");
    const PopulationTotals& s = *r.totals;
    return fmt::format(
        "{} subscribers over {} {} bring {} of revenue a month (of which {} "
        "extra usage) against {} of serving cost: a margin of {}. {} of "
        "subscribers are loss-making.",
        formatReportNumber(s.subscribers, U::Count), r.tiers.size(),
        r.tiers.size() == 1 ? "tier" : "tiers", formatReportNumber(s.revenueUsd, U::Usd),
        formatReportNumber(s.extraUsageRevenueUsd, U::Usd), formatReportNumber(s.costUsd, U::Usd),
        formatReportNumber(s.marginUsd, U::Usd), formatReportNumber(s.lossMakingShare, U::Share));
}

} // namespace

ReportContent buildReport(const Json& scenarioDoc, const Scenario& scenario, const Results& results,
                          const ReportOptions& options) {
    Builder b;
    b.out.title = {results.name.empty() ? scenario.name : results.name,
                   options.date.empty() ? today() : options.date,
                   options.dataset.empty() ? results.usage : options.dataset, kVersion};

    b.section("Summary");
    b.paragraph(summaryText(results));
    b.out.tierTable = static_cast<int>(b.out.tables.size());
    b.addTable(tiersTable(results));
    b.addTable(limitsTable(scenario, results));
    if (results.routing)
        b.addTable(routingTable(*results.routing));

    b.section("Limits");
    b.paragraph(limitsText(results));
    b.addTable(limitFiguresTable(results));
    b.addTable(creditPoolsTable(results));
    if (options.timeline)
        b.addChart(timelineChart(*options.timeline));

    b.section("Charts");
    b.addChart(comparisonChart(results));
    b.addChart(marginChart(results));
    for (std::size_t i = 0; i < results.tiers.size(); ++i)
        if (auto c = distributionChart(results.tiers[i], static_cast<int>(i)))
            b.addChart(std::move(*c));
    if (results.routing)
        b.addChart(routingChart(*results.routing));

    const bool capacity = options.capacity && options.capacityParams;
    if (capacity) {
        b.section("Capacity");
        b.paragraph(capacityText(*options.capacity, *options.capacityParams));
        b.addTable(capacityTable(*options.capacity, *options.capacityParams));
        b.addChart(capacityChart(*options.capacity, *options.capacityParams));
    }

    b.section("Assumptions");
    b.paragraph("Every input of the scenario, addressed by its JSON path, with its value and "
                "unit. Shares are fractions (0.5 = 50%). Prices are USD per million tokens.");
    b.addTable(pricesTable(scenario));
    b.addTable(inputsTable(scenarioDoc));

    b.section("Methods");
    b.paragraph("The formulas of the TierLab cost model (model.md) that produce the figures "
                "of this report.");
    b.addTable(methodsTable(capacity));
    return std::move(b.out);
}

} // namespace tierlab::core
