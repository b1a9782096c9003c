// SPDX-License-Identifier: MIT
// Edits the Choice columns of a JsonTableModel with a combo box (the Tiers page's tables:
// typical and capped models, cap and pool policies, channels). Choices come from a
// function, so that model ids follow edits of the scenario's models; an empty choice
// removes the key (a tier without a typical model is served by the routing).
#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace tierlab::gui {

class WorkspaceDocument;
struct JsonColumn;

class TiersChoiceDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using Choices = std::function<QStringList(const JsonColumn& column)>;

    TiersChoiceDelegate(WorkspaceDocument* document, Choices choices, QObject* parent = nullptr);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;

private:
    const JsonColumn* choiceColumn(const QModelIndex& index) const;

    WorkspaceDocument* m_document;
    Choices m_choices;
};

} // namespace tierlab::gui
