// SPDX-License-Identifier: MIT
// Read-only cells of the result tables (QTableWidget) every page shows.
#pragma once

#include <QString>
#include <QTableWidgetItem>

namespace tierlab::gui {

// A cell the user cannot edit; numbers are right-aligned.
inline QTableWidgetItem* readOnlyCell(const QString& text, bool number = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// A read-only number shown as `text`, keeping the exact value (Qt::UserRole, for sorting and
// tests) and all its digits in the tooltip.
inline QTableWidgetItem* numberCell(const QString& text, double value) {
    QTableWidgetItem* item = readOnlyCell(text, true);
    item->setData(Qt::UserRole, value);
    item->setToolTip(QString::number(value, 'g', 17));
    return item;
}

} // namespace tierlab::gui
