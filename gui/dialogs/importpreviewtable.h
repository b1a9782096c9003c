// SPDX-License-Identifier: MIT
// The first rows of a usage file as parsed (core::previewUsage): time, subscriber, tier,
// model, channel, requests and token counts after the format's mapping; a row that would be
// skipped shows its reason ("file:line: reason") across the row.
#pragma once

#include <QTableWidget>

namespace tierlab::core {
struct UsagePreview;
}

namespace tierlab::gui {

class ImportPreviewTable : public QTableWidget {
    Q_OBJECT

public:
    // Column numbers.
    static constexpr int kLineColumn = 0;
    static constexpr int kTimeColumn = 1;
    static constexpr int kSubscriberColumn = 2;
    static constexpr int kTierColumn = 3;
    static constexpr int kModelColumn = 4;
    static constexpr int kChannelColumn = 5;
    static constexpr int kRequestsColumn = 6;
    static constexpr int kInputColumn = 7;
    static constexpr int kOutputColumn = 8;
    static constexpr int kCacheReadColumn = 9;
    static constexpr int kCacheWriteColumn = 10;
    static constexpr int kColumnCount = 11;

    explicit ImportPreviewTable(QWidget* parent = nullptr);

    // Shows `preview`'s rows; an empty preview clears the table.
    void setPreview(const core::UsagePreview& preview);
};

} // namespace tierlab::gui
