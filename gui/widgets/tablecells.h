// SPDX-License-Identifier: MIT
// The result tables (QTableWidget) pages show, and their read-only cells.
#pragma once

#include <QHeaderView>
#include <QString>
#include <QStringList>
#include <QTableWidget>
#include <QTableWidgetItem>

namespace tierlab::gui {

// An empty result table: one column per header, sized to contents with the last stretched,
// no row numbers, whole rows selected.
inline QTableWidget* resultTable(const QStringList& headers, const QString& objectName) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    return table;
}

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
