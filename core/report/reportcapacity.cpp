// SPDX-License-Identifier: MIT
// The capacity section of a report: a finished capacity simulation (docs/model.md,
// "Capacity") as a table of its figures with their 95 % intervals and the chart of P(exceed)
// against users.
#include "report/reportbuilder.h"

#include <fmt/format.h>

namespace tierlab::core {

namespace {

using Cell = ReportCell;
using U = ReportUnit;

// Means over trials are shown to two decimals (their intervals are wider than that); the
// cell keeps the exact value.
Cell figure(double value, U unit) {
    Cell c = Cell::number(value, unit);
    if (unit == U::Number)
        c.text = fmt::format("{:.2f}", value);
    return c;
}

std::vector<Cell> row(const std::string& name, double value, U unit,
                      std::optional<Estimate> range = std::nullopt) {
    return {Cell::of(name), figure(value, unit), range ? figure(range->low, unit) : Cell::missing(),
            range ? figure(range->high, unit) : Cell::missing()};
}

} // namespace

std::string capacityText(const CapacityResult& r, const SimParams& p) {
    return fmt::format(
        "The capacity Monte Carlo of the scenario's capacity block: {} trials of {} weeks "
        "(seed {}), {} slots, gaps modulated in '{}' mode, time of day {}, session clustering "
        "{}, cross-user correlation {}. At {} confidence one pod carries {}{} users (95% "
        "interval {} to {}).",
        r.trials, p.weeks, p.seed, r.podSlots, enumName(kModulateNames, p.modulateAll),
        p.timeOfDay ? "on" : "off", p.sessionClustering ? "on" : "off",
        formatReportNumber(p.crossUserRho, U::Number), formatReportNumber(p.confidence, U::Share),
        r.usersPerPodCensored ? "at least " : "", r.usersPerPod, r.usersPerPodLow,
        r.usersPerPodHigh);
}

ReportTable capacityTable(const CapacityResult& r, const SimParams& p) {
    ReportTable t{"Capacity", "Capacity: users per pod and concurrency", {}, {}, false, {}};
    t.columns = {
        {"Figure", "", false}, {"Value", "", true}, {"95% low", "", true}, {"95% high", "", true}};
    t.rows.push_back(row(
        fmt::format("Users per pod at {} confidence", formatReportNumber(p.confidence, U::Share)),
        r.usersPerPod, U::Count,
        Estimate{static_cast<double>(r.usersPerPod), static_cast<double>(r.usersPerPodLow),
                 static_cast<double>(r.usersPerPodHigh)}));
    const std::string at = fmt::format(" at {} users", r.users);
    if (p.figuresAtUsers) {
        t.rows.push_back(row(fmt::format("P(concurrency > {} slots){}", r.podSlots, at),
                             r.exceedProbability.value, U::Share, r.exceedProbability));
        t.rows.push_back(row("Mean concurrency" + at, r.meanConcurrency, U::Number));
        t.rows.push_back(row("Largest concurrency of a trial" + at, r.maxConcurrency.value,
                             U::Number, r.maxConcurrency));
        t.rows.push_back(row("Outage minutes per week" + at, r.outageMinutesPerWeek.value,
                             U::Number, r.outageMinutesPerWeek));
        t.rows.push_back(row("Most slots one user holds at the peak" + at,
                             r.topUserSlotsAtPeak.value, U::Number, r.topUserSlotsAtPeak));
    }
    if (r.autoscaled) {
        t.rows.push_back(row("Outage minutes per week with a second pod" + at,
                             r.outageMinutesPerWeekAutoscaled.value, U::Number,
                             r.outageMinutesPerWeekAutoscaled));
        t.rows.push_back(row("Second pod: hours per week" + at, r.extraPodHoursPerWeek.value,
                             U::Number, r.extraPodHoursPerWeek));
        t.rows.push_back(row("Second pod: cost per week" + at, r.extraCostUsdPerWeek, U::Usd));
    }
    t.note = "Means over trials with normal 95% intervals; P(exceed) with a Wilson interval; "
             "users per pod from order statistics of each trial's first exceeding user count.";
    return t;
}

ReportChart capacityChart(const CapacityResult& r, const SimParams& p) {
    ReportChart c{"capacity-exceed",
                  fmt::format("P(concurrency exceeds {} slots) against users", r.podSlots),
                  "Users on the pod",
                  "P(exceed at some second)",
                  U::Count,
                  U::Share,
                  {},
                  {},
                  {},
                  {}};
    ReportSeries curve{"P(exceed)", ReportSeries::Style::Line, {{0, 0}}, 0, true};
    for (const auto& [users, share] : r.exceedByUsers)
        curve.points.emplace_back(users, share);
    const double right = curve.points.back().first;
    c.series.push_back(std::move(curve));
    const double risk = 1 - p.confidence;
    c.series.push_back({fmt::format("allowed risk {}", formatReportNumber(risk, U::Share)),
                        ReportSeries::Style::Line,
                        {{0, risk}, {right, risk}},
                        3,
                        true});
    c.markers.push_back(
        {static_cast<double>(r.usersPerPod), fmt::format("{} users per pod", r.usersPerPod), 2});
    c.caption = fmt::format("Share of {} trials in which some second's concurrency passes the "
                            "slots, by number of users (common random numbers); the pod carries "
                            "the most users whose share stays at or below the allowed risk.",
                            r.trials);
    return c;
}

} // namespace tierlab::core
