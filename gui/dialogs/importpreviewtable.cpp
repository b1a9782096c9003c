// SPDX-License-Identifier: MIT
#include "importpreviewtable.h"

#include "app/convert.h"
#include "charts/palette.h"
#include "pages/usagetext.h"
#include "usage/preview.h"
#include "widgets/tablecells.h"

#include <QFileInfo>
#include <QHeaderView>

namespace tierlab::gui {

namespace {

QTableWidgetItem* count(std::uint64_t value) {
    QTableWidgetItem* item = readOnlyCell(formatValue(double(value), Unit::Count), true);
    item->setData(Qt::UserRole, QVariant::fromValue<qulonglong>(value));
    return item;
}

// "file:line: reason" with the file's name instead of its whole path, to fit the row.
QString shortReason(const std::string& error) {
    const QString text = toQ(error);
    // The path itself may contain ':'; the line number is the first ":<digits>:".
    for (int at = text.indexOf(QLatin1Char(':')); at >= 0;
         at = text.indexOf(QLatin1Char(':'), at + 1)) {
        int end = at + 1;
        while (end < text.size() && text[end].isDigit())
            ++end;
        if (end > at + 1 && end < text.size() && text[end] == QLatin1Char(':'))
            return QFileInfo(text.left(at)).fileName() + text.mid(at);
    }
    return text;
}

} // namespace

ImportPreviewTable::ImportPreviewTable(QWidget* parent) : QTableWidget(0, kColumnCount, parent) {
    setObjectName(QStringLiteral("previewTable"));
    setHorizontalHeaderLabels({tr("Line"), tr("Time"), tr("Subscriber"), tr("Tier"), tr("Model"),
                               tr("Channel"), tr("Requests"), tr("Input"), tr("Output"),
                               tr("Cache read"), tr("Cache write")});
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setWordWrap(false);
    // Twenty compact rows rather than a dozen roomy ones.
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
}

void ImportPreviewTable::setPreview(const core::UsagePreview& preview) {
    clearSpans();
    setRowCount(static_cast<int>(preview.rows.size()));
    for (int r = 0; r < rowCount(); ++r) {
        const core::PreviewRow& p = preview.rows[static_cast<std::size_t>(r)];
        setItem(r, kLineColumn, readOnlyCell(QString::number(p.line), true));
        if (!p.ok) {
            for (int c = kTimeColumn; c < kColumnCount; ++c)
                setItem(r, c, nullptr);
            QTableWidgetItem* reason = readOnlyCell(shortReason(p.error));
            reason->setToolTip(toQ(p.error));
            reason->setForeground(kErrorTextColor);
            setItem(r, kTimeColumn, reason);
            setSpan(r, kTimeColumn, 1, kColumnCount - kTimeColumn);
            continue;
        }
        setItem(
            r, kTimeColumn,
            readOnlyCell(p.hasTime ? usageTimeText(p.timeUs, preview.relativeTime) : tr("(none)")));
        setItem(r, kSubscriberColumn, readOnlyCell(toQ(p.user)));
        setItem(r, kTierColumn, readOnlyCell(p.tier.empty() ? tr("(none)") : toQ(p.tier)));
        setItem(r, kModelColumn, readOnlyCell(toQ(p.model)));
        setItem(r, kChannelColumn,
                readOnlyCell(p.channel == core::Channel::Interactive ? tr("interactive")
                                                                     : tr("programmatic")));
        setItem(r, kRequestsColumn, count(p.requests));
        setItem(r, kInputColumn, count(p.input));
        setItem(r, kOutputColumn, count(p.output));
        setItem(r, kCacheReadColumn, count(p.cacheRead));
        setItem(r, kCacheWriteColumn, count(p.cacheWrite));
    }
}

} // namespace tierlab::gui
