// SPDX-License-Identifier: MIT
#include "jsontablemodel.h"

#include "charts/palette.h"
#include "document/workspacedocument.h"

#include <QBrush>
#include <QColor>

namespace tierlab::gui {

JsonTableModel::JsonTableModel(WorkspaceDocument* document, std::string arrayPath,
                               std::vector<JsonColumn> columns, QObject* parent)
    : QAbstractTableModel(parent), m_document(document), m_arrayPath(std::move(arrayPath)),
      m_columns(std::move(columns)) {
    m_rows = static_cast<int>(array().size());
    connect(document, &WorkspaceDocument::valueChanged, this, &JsonTableModel::onValueChanged);
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, [this] {
        beginResetModel();
        m_rows = static_cast<int>(array().size());
        m_problems.clear();
        endResetModel();
    });
}

core::Json JsonTableModel::array() const {
    const auto v = m_document->activeValue(m_arrayPath);
    return v && v->is_array() ? *v : core::Json::array();
}

int JsonTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int JsonTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

std::string JsonTableModel::rowPath(int row) const {
    return core::childPath(m_arrayPath, static_cast<std::size_t>(row));
}

std::string JsonTableModel::cellPath(int row, int c) const {
    return rowPath(row) + "." + column(c).key;
}

QString JsonTableModel::rowId(int row) const {
    const auto id = m_document->activeValue(rowPath(row) + ".id");
    return id && id->is_string() ? toQ(id->get<std::string>()) : QString::number(row);
}

namespace {
// An array of strings as "a, b" (anything else as its JSON text).
QString joined(const core::Json& v) {
    if (!v.is_array())
        return v.is_string() ? toQ(v.get<std::string>()) : toQ(v.dump());
    QStringList items;
    for (const core::Json& item : v)
        items << (item.is_string() ? toQ(item.get<std::string>()) : toQ(item.dump()));
    return items.join(QStringLiteral(", "));
}
} // namespace

QVariant JsonTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const JsonColumn& col = column(index.column());
    const std::string path = cellPath(index.row(), index.column());
    const auto v = m_document->activeValue(path);
    const auto problem = m_problems.find(path);
    switch (role) {
    case Qt::DisplayRole:
        if (!v || v->is_null())
            return col.kind == JsonColumn::Kind::Bool ? QVariant() : QVariant(QStringLiteral("–"));
        if (v->is_number())
            return formatValue(v->get<double>(), col.unit);
        if (v->is_string())
            return toQ(v->get<std::string>());
        if (v->is_boolean())
            return {};
        if (col.kind == JsonColumn::Kind::List)
            return joined(*v);
        return toQ(v->dump());
    case Qt::EditRole:
        if (col.kind == JsonColumn::Kind::List)
            return v ? joined(*v) : QString();
        if (v && v->is_number())
            return v->get<double>() * displayScale(col.unit);
        if (v && v->is_string())
            return toQ(v->get<std::string>());
        return col.kind == JsonColumn::Kind::Number ? QVariant(0.0) : QVariant(QString());
    case Qt::CheckStateRole:
        if (col.kind != JsonColumn::Kind::Bool)
            return {};
        return v && v->is_boolean() && v->get<bool>() ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        if (problem != m_problems.end())
            return problem->second;
        return toQ(path) + (col.toolTip.isEmpty() ? QString() : QStringLiteral("\n") + col.toolTip);
    case Qt::BackgroundRole:
        if (problem != m_problems.end())
            return QBrush(kProblemFill);
        return {};
    case Qt::TextAlignmentRole:
        if (col.kind == JsonColumn::Kind::Number)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && section < static_cast<int>(m_columns.size())) {
        const JsonColumn& col = column(section);
        if (role == Qt::DisplayRole) {
            const QString unit = unitLabel(col.unit);
            return unit.isEmpty() || col.kind != JsonColumn::Kind::Number
                       ? col.header
                       : QStringLiteral("%1 (%2)").arg(col.header, unit);
        }
        if (role == Qt::ToolTipRole)
            return toQ(m_arrayPath + "[].") + toQ(col.key);
    }
    if (orientation == Qt::Vertical && role == Qt::DisplayRole)
        return section + 1;
    return {};
}

Qt::ItemFlags JsonTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || column(index.column()).readOnly)
        return f;
    if (column(index.column()).kind == JsonColumn::Kind::Bool)
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

bool JsonTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid())
        return false;
    const JsonColumn& col = column(index.column());
    core::Json v;
    if (col.kind == JsonColumn::Kind::Bool) {
        if (role != Qt::CheckStateRole)
            return false;
        v = value.toInt() == Qt::Checked;
    } else if (role != Qt::EditRole) {
        return false;
    } else if (col.kind == JsonColumn::Kind::List) {
        v = core::Json::array();
        for (const QString& item : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!item.trimmed().isEmpty())
                v.push_back(toStd(item.trimmed()));
        if (v.empty())
            return m_document->erase(cellPath(index.row(), index.column()),
                                     tr("Remove %1 of %2").arg(col.header.toLower(),
                                                               rowId(index.row())));
    } else if (col.kind == JsonColumn::Kind::Number) {
        bool ok = false;
        const double x = value.toDouble(&ok);
        if (!ok)
            return false;
        v = x / displayScale(col.unit);
    } else {
        v = toStd(value.toString());
    }
    const QString text = tr("Set %1 of %2").arg(col.header.toLower(), rowId(index.row()));
    return m_document->edit(cellPath(index.row(), index.column()), v, text);
}

bool JsonTableModel::appendRow(const core::Json& element, const QString& text) {
    core::Json a = array();
    a.push_back(element);
    return m_document->edit(m_arrayPath, a, text);
}

bool JsonTableModel::removeRowAt(int row, const QString& text) {
    core::Json a = array();
    if (row < 0 || row >= static_cast<int>(a.size()))
        return false;
    a.erase(static_cast<std::size_t>(row));
    return m_document->edit(m_arrayPath, a, text);
}

void JsonTableModel::setDiagnostics(const core::Diagnostics& diagnostics) {
    std::map<std::string, QString> problems;
    for (const core::Diagnostic& d : diagnostics)
        if (d.path.rfind(m_arrayPath + "[", 0) == 0)
            problems[d.path] = toQ(d.message);
    if (problems == m_problems)
        return;
    m_problems = std::move(problems);
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1),
                           {Qt::ToolTipRole, Qt::BackgroundRole});
}

void JsonTableModel::onValueChanged(const QString& scenario, const QString& path) {
    if (scenario != m_document->activeScenarioName())
        return;
    const std::string p = toStd(path);
    const bool inArray = p.rfind(m_arrayPath, 0) == 0 &&
                         (p.size() == m_arrayPath.size() || p[m_arrayPath.size()] == '[');
    // A change above the array (the whole scenario, or "usage" holding it) also counts.
    const bool above = m_arrayPath.rfind(p, 0) == 0;
    if (!inArray && !above)
        return;
    const int rows = static_cast<int>(array().size());
    if (rows != m_rows || p.size() <= m_arrayPath.size()) {
        // The array itself was replaced (a row added or removed, or an undo of that).
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    // One element changed: "tiers[2].price_usd_month" -> row 2.
    const auto close = p.find(']', m_arrayPath.size());
    const int row = std::stoi(p.substr(m_arrayPath.size() + 1, close - m_arrayPath.size() - 1));
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

} // namespace tierlab::gui
