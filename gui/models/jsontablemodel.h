// SPDX-License-Identifier: MIT
// A table over one array of the active scenario (pods, models, tiers, ...): one row per
// element, one column per key. A thin adapter: edits become SetValueCommands on the
// document, and the document's precise change signals become dataChanged (Tiled's
// LayerModel). Cells whose path has a diagnostic are tinted and explain it in a tooltip.
#pragma once

#include "app/convert.h"
#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace tierlab::gui {

class WorkspaceDocument;

struct JsonColumn {
    // List: an array of strings, shown and edited as "a, b"; emptied, the key is removed.
    enum class Kind { Number, Text, Bool, Choice, List };
    QString header;
    std::string key; // path inside an element: "price_usd_month", "price.input_per_mtok"
    Kind kind = Kind::Number;
    Unit unit = Unit::Plain;
    QStringList choices; // Kind::Choice
    bool readOnly = false;
    QString toolTip;
};

// A column; JsonColumn's aggregate form would need every field spelled out.
inline JsonColumn jsonColumn(const QString& header, std::string key,
                             JsonColumn::Kind kind = JsonColumn::Kind::Text,
                             Unit unit = Unit::Plain, const QString& toolTip = {},
                             QStringList choices = {}) {
    JsonColumn c;
    c.header = header;
    c.key = std::move(key);
    c.kind = kind;
    c.unit = unit;
    c.toolTip = toolTip;
    c.choices = std::move(choices);
    return c;
}

class JsonTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    JsonTableModel(WorkspaceDocument* document, std::string arrayPath,
                   std::vector<JsonColumn> columns, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const std::string& arrayPath() const { return m_arrayPath; }
    std::string cellPath(int row, int column) const;
    std::string rowPath(int row) const;
    QString rowId(int row) const; // the element's "id", or its index
    const JsonColumn& column(int c) const { return m_columns[static_cast<std::size_t>(c)]; }

    // Undoable structure edits: the whole array is set, so undo restores it exactly.
    bool appendRow(const core::Json& element, const QString& text);
    bool removeRowAt(int row, const QString& text);

    // Diagnostics of the latest evaluation, to mark the cells they name.
    void setDiagnostics(const core::Diagnostics& diagnostics);

private:
    core::Json array() const;
    void onValueChanged(const QString& scenario, const QString& path);

    WorkspaceDocument* m_document;
    std::string m_arrayPath;
    std::vector<JsonColumn> m_columns;
    int m_rows = 0;
    std::map<std::string, QString> m_problems; // cell path -> message
};

} // namespace tierlab::gui
