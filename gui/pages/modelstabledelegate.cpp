// SPDX-License-Identifier: MIT
#include "modelstabledelegate.h"

#include "models/jsontablemodel.h"

#include <QComboBox>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>

namespace tierlab::gui {

namespace {

const JsonColumn* columnOf(const QModelIndex& index) {
    const auto* model = qobject_cast<const JsonTableModel*>(index.model());
    return model ? &model->column(index.column()) : nullptr;
}

} // namespace

ModelsTableDelegate::ModelsTableDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void ModelsTableDelegate::setChoices(int column, ChoicesFn choices) {
    m_choices[column] = std::move(choices);
}

QStringList ModelsTableDelegate::choicesFor(const QModelIndex& index) const {
    const auto found = m_choices.find(index.column());
    if (found != m_choices.end())
        return found->second();
    const JsonColumn* col = columnOf(index);
    return col ? col->choices : QStringList();
}

QWidget* ModelsTableDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                           const QModelIndex& index) const {
    const JsonColumn* col = columnOf(index);
    if (col && col->kind == JsonColumn::Kind::Choice) {
        auto* combo = new QComboBox(parent);
        combo->addItems(choicesFor(index));
        // A pick commits at once: no second click elsewhere to leave the editor.
        auto* self = const_cast<ModelsTableDelegate*>(this);
        connect(combo, &QComboBox::activated, self, [self, combo] {
            Q_EMIT self->commitData(combo);
            Q_EMIT self->closeEditor(combo);
        });
        return combo;
    }
    if (col && col->kind == JsonColumn::Kind::Number) {
        auto* line = new QLineEdit(parent);
        auto* validator = new QDoubleValidator(line);
        validator->setLocale(QLocale::c());
        validator->setNotation(QDoubleValidator::ScientificNotation);
        line->setValidator(validator);
        line->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return line;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void ModelsTableDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    const QVariant value = index.data(Qt::EditRole);
    const JsonColumn* col = columnOf(index);
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        const QString current = value.toString();
        if (combo->findText(current) < 0)
            combo->insertItem(0, current);
        combo->setCurrentText(current);
        return;
    }
    auto* line = qobject_cast<QLineEdit*>(editor);
    if (line && col && col->kind == JsonColumn::Kind::Number) {
        line->setText(QLocale::c().toString(value.toDouble(), 'g', 15));
        line->selectAll();
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ModelsTableDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                       const QModelIndex& index) const {
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, combo->currentText(), Qt::EditRole);
        return;
    }
    const JsonColumn* col = columnOf(index);
    auto* line = qobject_cast<QLineEdit*>(editor);
    if (line && col && col->kind == JsonColumn::Kind::Number) {
        bool ok = false;
        const double x = QLocale::c().toDouble(line->text().trimmed(), &ok);
        if (ok)
            model->setData(index, x, Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

void ModelsTableDelegate::initStyleOption(QStyleOptionViewItem* option,
                                          const QModelIndex& index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_dimmed && m_dimmed(index))
        option->palette.setColor(QPalette::Text,
                                 option->palette.color(QPalette::Disabled, QPalette::Text));
}

} // namespace tierlab::gui
