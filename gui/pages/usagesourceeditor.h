// SPDX-License-Identifier: MIT
// What usage the active scenario prices, editable in place: no usage, its synthetic population
// or inline records, or one of the workspace's data sets (with the default tier and scaling to
// a month); below, how the last evaluation described what it priced. Every change is one
// undoable edit of the scenario's `usage`.
#pragma once

#include "document/evaluator.h"

#include <QGroupBox>

#include <map>
#include <optional>
#include <string>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
QT_END_NAMESPACE

namespace tierlab::gui {

class WorkspaceDocument;

class UsageSourceEditor : public QGroupBox {
    Q_OBJECT

public:
    explicit UsageSourceEditor(WorkspaceDocument* document, QWidget* parent = nullptr);

    // The `usage` block that prices data set `name`: {"dataset": name}, keeping tier_map,
    // model_map, default_tier and scale_to_month when `current` already names a data set.
    static core::Json usageForDataset(const std::optional<core::Json>& current,
                                      const std::string& name);
    // Points the active scenario at data set `name` (one undoable edit); false when nothing
    // changed.
    bool useDataset(const QString& name);

    // What the evaluation priced, and its usage problems.
    void showPriced(const EvalSnapshot& snapshot);

    QComboBox* sourceCombo() const { return m_source; }
    QComboBox* defaultTierCombo() const { return m_defaultTier; }
    QCheckBox* scaleBox() const { return m_scale; }

    // Rereads the scenario's usage and the workspace's data sets.
    void rebuild();

private:
    void sourceChosen(int index);
    bool removeUsage();
    void setDatasetKey(const std::string& key, const std::optional<core::Json>& value,
                       const QString& text);
    void addRememberedSources(const QString& current);
    QString mapsText(const core::Json& usage) const;

    WorkspaceDocument* m_document;
    // The last synthetic / records / csv usage seen per scenario, to switch back to it.
    std::map<QString, std::map<QString, core::Json>> m_remembered;
    QComboBox* m_source;
    QComboBox* m_defaultTier;
    QCheckBox* m_scale;
    QLabel* m_maps;
    QLabel* m_priced;
};

} // namespace tierlab::gui
