// SPDX-License-Identifier: MIT
#include "tierschoicedelegate.h"

#include "document/workspacedocument.h"
#include "models/jsontablemodel.h"

#include <QComboBox>

#include <algorithm>

namespace tierlab::gui {

namespace {

const QString kNone = QStringLiteral("(none)");

} // namespace

TiersChoiceDelegate::TiersChoiceDelegate(WorkspaceDocument* document, Choices choices,
                                         QObject* parent)
    : QStyledItemDelegate(parent), m_document(document), m_choices(std::move(choices)) {}

const JsonColumn* TiersChoiceDelegate::choiceColumn(const QModelIndex& index) const {
    const auto* model = qobject_cast<const JsonTableModel*>(index.model());
    if (!model)
        return nullptr;
    const JsonColumn& column = model->column(index.column());
    return column.kind == JsonColumn::Kind::Choice ? &column : nullptr;
}

QWidget* TiersChoiceDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                           const QModelIndex& index) const {
    const JsonColumn* column = choiceColumn(index);
    if (!column)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto* box = new QComboBox(parent);
    for (const QString& choice : m_choices(*column))
        box->addItem(choice.isEmpty() ? kNone : choice, choice);
    // A choice is made when picked, not when the editor loses focus.
    auto* self = const_cast<TiersChoiceDelegate*>(this);
    connect(box, &QComboBox::activated, self, [self, box] {
        Q_EMIT self->commitData(box);
        Q_EMIT self->closeEditor(box);
    });
    return box;
}

void TiersChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    auto* box = qobject_cast<QComboBox*>(editor);
    if (!box || !choiceColumn(index))
        return QStyledItemDelegate::setEditorData(editor, index);
    const int at = box->findData(index.data(Qt::EditRole).toString());
    box->setCurrentIndex(std::max(at, 0));
}

void TiersChoiceDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                       const QModelIndex& index) const {
    auto* box = qobject_cast<QComboBox*>(editor);
    const JsonColumn* column = choiceColumn(index);
    if (!box || !column)
        return QStyledItemDelegate::setModelData(editor, model, index);
    const QString chosen = box->currentData().toString();
    if (!chosen.isEmpty()) {
        model->setData(index, chosen, Qt::EditRole);
        return;
    }
    const auto* table = static_cast<const JsonTableModel*>(model);
    m_document->erase(
        table->cellPath(index.row(), index.column()),
        tr("Remove %1 of %2").arg(column->header.toLower(), table->rowId(index.row())));
}

} // namespace tierlab::gui
