// SPDX-License-Identifier: MIT
// Fitting the gap mixture of a data set stored in a workspace: its gap histogram (what import
// keeps, docs/import.md) fitted by interval-censored EM, ready for a scenario's
// capacity.gaps. Traces without a user column (Azure, Mooncake, BurstGPT v1) have only the
// aggregate arrival process; the result says which one was fitted.
#pragma once

#include "gapfit.h"
#include "scenario/jsonpath.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tierlab::core {

class Database;
class Workspace;
struct DatasetSummary;

// What the gaps of a data set are.
enum class GapSource {
    PerSubscriber, // gaps between each subscriber's consecutive requests
    Aggregate,     // no user column: gaps between consecutive requests of the whole trace
};

struct DatasetGapFit {
    GapFit fit; // fit.ok false and fit.error set when there is no fit
    GapSource source = GapSource::PerSubscriber;
    // One sentence for a report: what was fitted and, for the aggregate, that it is not a
    // user's behaviour.
    std::string sourceNote;
    std::int64_t subscribers = 0; // in the data set
    // The scenario's capacity.gaps array ([{weight, median_min, sigma}]); null without a fit.
    Json capacityGaps;
    // The histogram fitted (as fitGapHistogram takes it), to show the empirical distribution
    // beside the fitted one; empty when the data set keeps no gaps.
    std::vector<double> gapLowerEdgesS;
    std::vector<std::uint64_t> gapCounts;
};

// Fits the stored gap histogram of data set `summary` (as Workspace::datasets() gives it).
// The gaps are Aggregate when the import assumed there is no user column (its assumptions
// say "no user column", or the only subscriber is "(trace)"), PerSubscriber otherwise: one
// real subscriber's gaps are still a user's gaps. Never throws: a data set that keeps no gaps
// (daily and windowed formats), too few gaps, gaps all in one bin or a database error give
// fit.error naming the data set.
DatasetGapFit fitDatasetGaps(Database& db, const DatasetSummary& summary,
                             const GapFitOptions& options = {});

// The same for the data set called `name`; an unknown name is an error value.
DatasetGapFit fitDatasetGaps(Workspace& ws, const std::string& name,
                             const GapFitOptions& options = {});

} // namespace tierlab::core
