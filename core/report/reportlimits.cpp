// SPDX-License-Identifier: MIT
// The report's Limits section: per-limit and per-pool figures over each tier's subscribers
// and one subscriber's timeline (docs/reports.md).
#include "report/reportbuilder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tierlab::core {

namespace {

using Cell = ReportCell;
using U = ReportUnit;

std::string tierName(const TierResult& t) {
    return t.name.empty() ? t.id : t.name;
}

// Hours (and days) to one decimal; the cell keeps the exact value for spreadsheets.
Cell hours(const std::optional<double>& h) {
    return h ? Cell{fmt::format("{:.1f}", *h), *h, U::Number} : Cell::missing();
}

bool anyReplayed(const Results& r) {
    return std::any_of(r.tiers.begin(), r.tiers.end(), [](const TierResult& t) {
        return t.population && t.population->replayed;
    });
}

} // namespace

std::string limitsText(const Results& r) {
    if (!r.totals)
        return "No usage was priced: the limits' figures need a population.";
    std::string responses;
    for (const TierResult& t : r.tiers)
        if (t.population && t.population->retainedShare)
            responses += fmt::format(" Price response on for {}: {} of its subscribers stay at "
                                     "{} a month.",
                                     tierName(t),
                                     formatReportNumber(*t.population->retainedShare, U::Share),
                                     formatReportNumber(t.priceUsdMonth, U::Usd));
    return (anyReplayed(r)
               ? "Each tier's limits were replayed over every request of each subscriber, in "
                 "time order (model.md, \"Replaying limits over request history\"). Hit: "
                 "subscribers refused at least once. Blocked, fell back, billed and delayed: "
                 "shares of the tier's requests asked. Lockout: hours a week refused, among "
                 "those who hit the limit."
               : "The usage has no request history, so each limit bounded each subscriber's "
                 "month of totals (model.md, \"The monthly bound\"): hit shares are "
                 "approximate, and lockout hours cannot be told. Import per-request data to "
                 "replay the limits.") +
           responses;
}

ReportTable limitFiguresTable(const Results& r) {
    ReportTable t{"Limit figures", "What each limit did to the tier's subscribers", {}, {}, false,
                  {}};
    t.columns = {{"Tier", "", false},        {"Limit", "", false},
                 {"Kind", "", false},        {"Hit", "%", true},
                 {"Blocked", "%", true},     {"Fell back", "%", true},
                 {"Billed", "%", true},      {"Delayed", "%", true},
                 {"Lockout p50", "h/week", true}, {"Lockout p90", "h/week", true},
                 {"First hit p50", "h", true}};
    for (const TierResult& x : r.tiers) {
        if (!x.population)
            continue;
        for (const LimitFigures& l : x.population->limits)
            t.rows.push_back({Cell::of(tierName(x)), Cell::of(l.label),
                              Cell::of(l.kind + ", " + l.unit),
                              Cell::number(l.hitShare, U::Share),
                              Cell::number(l.blockedShare, U::Share),
                              Cell::number(l.fallbackShare, U::Share),
                              Cell::number(l.billedShare, U::Share),
                              Cell::number(l.delayedShare, U::Share),
                              hours(l.lockoutHoursPerWeekP50), hours(l.lockoutHoursPerWeekP90),
                              hours(l.firstHitHoursP50)});
    }
    if (t.rows.empty())
        t.note = r.totals ? "No tier has a limit." : "No usage was priced.";
    return t;
}

ReportTable creditPoolsTable(const Results& r) {
    ReportTable t{"Credit pools", "Credit granted, used and lost per pool, a month", {}, {},
                  false, {}};
    t.columns = {{"Tier", "", false},          {"Pool", "", false},
                 {"Granted", "USD", true},     {"Used", "USD", true},
                 {"Breakage", "USD", true},    {"Ran out", "%", true},
                 {"Ran out on day (p50)", "", true}};
    for (const TierResult& x : r.tiers) {
        if (!x.population)
            continue;
        for (const PoolFigures& p : x.population->pools)
            t.rows.push_back({Cell::of(tierName(x)), Cell::of(p.label),
                              Cell::number(p.grantedUsd, U::Usd), Cell::number(p.usedUsd, U::Usd),
                              Cell::number(p.breakageUsd, U::Usd),
                              Cell::number(p.ranOutShare, U::Share), hours(p.ranOutDayP50)});
    }
    if (t.rows.empty())
        t.note = "No tier has a credit pool.";
    return t;
}

// Requests asked and served, cumulated over the span, with the refused ones as points on the
// asked line; at most ~2,000 points a line (every k-th request, and the last).
ReportChart timelineChart(const SubscriberTimeline& t) {
    ReportChart c{"timeline",
                  fmt::format("Timeline of {} ({}{})", t.subscriber, t.tier,
                              t.pickedAs.empty() ? "" : ", the " + t.pickedAs),
                  "Day of the span",
                  "Requests (cumulative)",
                  U::Number,
                  U::Count,
                  {},
                  {},
                  {},
                  {}};
    const double start = static_cast<double>(t.spanStartMs);
    const auto day = [&](std::int64_t ms) { return (static_cast<double>(ms) - start) / 86.4e6; };
    const std::vector<TimelineEvent>& events = t.timeline.events;
    const std::size_t step = std::max<std::size_t>(1, events.size() / 2000);
    ReportSeries asked{"Asked", ReportSeries::Style::Line, {}, 0, true};
    ReportSeries served{"Served (by when they ran)", ReportSeries::Style::Line, {}, 2, true};
    ReportSeries blocked{"Blocked", ReportSeries::Style::Points, {}, 3, true};
    ReportSeries fellBack{"Fell back", ReportSeries::Style::Points, {}, 1, true};
    std::vector<double> ran;
    double count = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const TimelineEvent& e = events[i];
        count += 1;
        if (i % step == 0 || i + 1 == events.size())
            asked.points.emplace_back(day(e.timeMs), count);
        if (e.fate == RequestFate::Blocked && blocked.points.size() < 2000)
            blocked.points.emplace_back(day(e.timeMs), count);
        if (e.fate == RequestFate::FellBack && fellBack.points.size() < 2000)
            fellBack.points.emplace_back(day(e.timeMs), count);
        if (e.servedMs >= 0)
            ran.push_back(day(e.servedMs));
    }
    std::sort(ran.begin(), ran.end());
    const std::size_t ranStep = std::max<std::size_t>(1, ran.size() / 2000);
    for (std::size_t i = 0; i < ran.size(); ++i)
        if (i % ranStep == 0 || i + 1 == ran.size())
            served.points.emplace_back(ran[i], static_cast<double>(i + 1));
    c.series.push_back(std::move(asked));
    c.series.push_back(std::move(served));
    if (!fellBack.points.empty())
        c.series.push_back(std::move(fellBack));
    if (!blocked.points.empty())
        c.series.push_back(std::move(blocked));
    std::size_t refused = 0;
    for (const TimelineEvent& e : events)
        refused += e.fate == RequestFate::Blocked ? 1 : 0;
    c.caption = fmt::format(
        "{} requests asked over {} days, {} blocked; its month: cost {}, margin {}.",
        formatReportNumber(static_cast<double>(events.size()), U::Count),
        formatReportNumber(std::round(day(t.spanEndMs)), U::Count),
        formatReportNumber(static_cast<double>(refused), U::Count),
        formatReportNumber(t.outcome.out.costUsd, U::Usd),
        formatReportNumber(t.marginUsd, U::Usd));
    return c;
}

std::optional<SubscriberTimeline> reportTimeline(const Scenario& s, const UsageData* usage) {
    if (!usage || !usage->history)
        return std::nullopt;
    TimelineRequest request;
    request.pick = TimelineRequest::Pick::Heaviest;
    EvalOutcome e = evaluate(s, usage, &request);
    if (!e.ok())
        return std::nullopt;
    return std::move(e.results.timeline);
}

} // namespace tierlab::core
