// SPDX-License-Identifier: MIT
#include "gapfitdataset.h"

#include "store/datasetstore.h"
#include "store/workspace.h"

#include <algorithm>
#include <exception>

namespace tierlab::core {

namespace {

// The subscriber the importer gives every row of a file without a user column
// (usage/formats.cpp, rowmapper.cpp, mooncake.cpp).
const std::string kTraceSubscriber = "(trace)";

bool hasNoUserColumn(Database& db, const DatasetSummary& summary) {
    const bool assumed =
        std::any_of(summary.assumptions.begin(), summary.assumptions.end(),
                    [](const std::string& a) { return a.rfind("no user column", 0) == 0; });
    if (assumed)
        return true;
    const DatasetNames names = readDatasetNames(db, summary.id);
    return names.subscribers.size() == 1 && names.subscribers.front() == kTraceSubscriber;
}

std::string noteFor(const DatasetGapFit& r, const DatasetSummary& summary) {
    if (r.source == GapSource::Aggregate)
        return "aggregate arrival process: '" + summary.name +
               "' has no user column, so these are gaps between consecutive requests of the "
               "whole trace, not one user's gaps; use them for arrivals, not for users per pod";
    std::string note = "gaps between each subscriber's consecutive requests (" +
                       std::to_string(summary.subscribers) + " subscribers)";
    if (summary.subscribers == 1)
        note += "; with one subscriber they are also the aggregate arrival process";
    return note;
}

} // namespace

DatasetGapFit fitDatasetGaps(Database& db, const DatasetSummary& summary,
                             const GapFitOptions& options) {
    DatasetGapFit r;
    r.subscribers = summary.subscribers;
    try {
        r.source = hasNoUserColumn(db, summary) ? GapSource::Aggregate : GapSource::PerSubscriber;
        r.sourceNote = noteFor(r, summary);
        const DatasetProfiles p = readDatasetProfiles(db, summary.id);
        std::uint64_t gaps = 0;
        for (const std::uint64_t c : p.gapCounts)
            gaps += c;
        if (gaps == 0) {
            r.fit.error = "data set '" + summary.name +
                          "' keeps no gaps between requests (format " + summary.format +
                          ": daily or windowed rows, or one request)";
            return r;
        }
        r.fit = fitGapHistogram(p.gapLowerEdgesS, p.gapCounts, options);
        r.gapLowerEdgesS = p.gapLowerEdgesS;
        r.gapCounts = p.gapCounts;
    } catch (const std::exception& e) {
        r.fit = GapFit{};
        r.fit.error = e.what();
    }
    if (!r.fit.ok) {
        r.fit.error = "data set '" + summary.name + "': " + r.fit.error;
        return r;
    }
    r.capacityGaps = gapsJson(r.fit.components);
    return r;
}

DatasetGapFit fitDatasetGaps(Workspace& ws, const std::string& name, const GapFitOptions& options) {
    try {
        if (const auto summary = ws.dataset(name))
            return fitDatasetGaps(ws.db(), *summary, options);
    } catch (const std::exception& e) {
        DatasetGapFit r;
        r.fit.error = "data set '" + name + "': " + e.what();
        return r;
    }
    DatasetGapFit r;
    r.fit.error = "no data set '" + name + "' in the workspace";
    return r;
}

} // namespace tierlab::core
