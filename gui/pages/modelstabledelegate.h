// SPDX-License-Identifier: MIT
// The item delegate of the JsonTableModel tables on the Hardware & Pods and Models & Prices
// pages: Choice columns edit through a combo box (fixed choices, or ids read from the
// scenario when the editor opens, such as accelerator or pod ids), Number columns through a
// line edit that keeps every digit (a spin box rounds to its decimals), and cells that do
// not apply to their row (the cost keys of another pod cost mode) are drawn dimmed.
#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

#include <functional>
#include <map>

namespace tierlab::gui {

class ModelsTableDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using ChoicesFn = std::function<QStringList()>;
    using DimmedFn = std::function<bool(const QModelIndex&)>;

    explicit ModelsTableDelegate(QObject* parent = nullptr);

    // Choices of `column` read when an editor opens, instead of the column's fixed ones.
    void setChoices(int column, ChoicesFn choices);
    // Cells for which `dimmed` is true are drawn in the disabled text colour.
    void setDimmed(DimmedFn dimmed) { m_dimmed = std::move(dimmed); }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    QStringList choicesFor(const QModelIndex& index) const;

    std::map<int, ChoicesFn> m_choices;
    DimmedFn m_dimmed;
};

} // namespace tierlab::gui
