// SPDX-License-Identifier: MIT
// Words and times of imported usage as the Usage page and the import dialog show them: request
// times, a data set's span, and an import summary.
#pragma once

#include <QString>

#include <cstdint>

namespace tierlab::core {
struct DatasetSummary;
}

namespace tierlab::gui {

// A request time: ISO 8601 UTC ("2026-10-01T08:02:11Z", milliseconds only when there are
// some), or seconds from the trace start ("+12.345 s") when `relative`.
QString usageTimeText(std::int64_t us, bool relative);
// "first .. last (n h)", or a note that the data set has no time column.
QString usageSpanText(const core::DatasetSummary& d);
// The span in a table cell: dates only when it covers several days ("2026-10-01 .. 2026-10-30"),
// else as usageSpanText.
QString usageSpanShortText(const core::DatasetSummary& d);
// "12 rows read, 0 skipped; 12 requests by 3 subscribers on 3 models", the figures an import
// reports.
QString usageSummaryText(const core::DatasetSummary& d);

} // namespace tierlab::gui
