// SPDX-License-Identifier: MIT
// Builds a tier report's content from one evaluation (docs/architecture.md, idea 1: the report shows
// Results and the scenario's inputs; it computes no economics of its own).
#pragma once

#include "eval/evaluate.h"
#include "eval/results.h"
#include "report/reportcontent.h"
#include "scenario/jsonpath.h"
#include "scenario/scenario.h"
#include "sim/capacity.h"
#include "sim/simparams.h"

#include <string>

namespace tierlab::core {

struct ReportOptions {
    std::string date;    // ISO 8601 date on the title page; empty: today (UTC)
    std::string dataset; // data set name; empty: the scenario's usage in words
    // A finished capacity simulation of the scenario and its parameters: both set, the
    // report has a Capacity section; the caller keeps them alive during buildReport.
    const CapacityResult* capacity = nullptr;
    const SimParams* capacityParams = nullptr;
    // One subscriber's replay (evaluate() with a TimelineRequest): the Limits section shows
    // it as a chart. The caller keeps it alive during buildReport.
    const SubscriberTimeline* timeline = nullptr;
};

// The report of a scenario (its JSON document as evaluated, its structs) and the results
// core::evaluate gave for it: summary tables, chart series, every input with its unit, the
// prices with their as_of and source, and the methods. Never throws for missing population
// figures (a scenario without usage, or an empty data set): those cells are "-".
ReportContent buildReport(const Json& scenarioDoc, const Scenario& scenario, const Results& results,
                          const ReportOptions& options = {});

// Parts of buildReport (reportinputs.cpp): tables of every input, of the models' prices with
// their provenance, and of the formulas used.
ReportTable inputsTable(const Json& scenarioDoc);
ReportTable pricesTable(const Scenario& scenario);
// With `capacity`, the capacity simulation (docs/model.md, "Capacity") too.
ReportTable methodsTable(bool capacity = false);

// Parts of the capacity section (reportcapacity.cpp): what was simulated and the answer in
// words, the figures with their intervals, and P(exceed) against users.
std::string capacityText(const CapacityResult& r, const SimParams& p);
ReportTable capacityTable(const CapacityResult& r, const SimParams& p);
ReportChart capacityChart(const CapacityResult& r, const SimParams& p);

// Parts of the Limits section (reportlimits.cpp): how the limits were applied, what each
// limit and credit pool did to each tier's subscribers, and one subscriber's timeline.
std::string limitsText(const Results& r);
ReportTable limitFiguresTable(const Results& r);
ReportTable creditPoolsTable(const Results& r);
ReportChart timelineChart(const SubscriberTimeline& t);
// The timeline a report shows: the heaviest subscriber's, when the usage has request
// history (one more evaluation); nullopt otherwise.
std::optional<SubscriberTimeline> reportTimeline(const Scenario& s, const UsageData* usage);

// The unit of an input from its JSON key ("price_usd_month" -> "USD/month"); "" if none.
std::string inputUnit(const std::string& key);

} // namespace tierlab::core
