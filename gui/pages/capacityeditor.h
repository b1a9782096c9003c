// SPDX-License-Identifier: MIT
// The parameters of the capacity Monte Carlo (the scenario's `capacity` block, docs/scenario.md
// section 12) as editors bound to their JSON paths: every change is one undoable edit, and
// keys the scenario leaves out show the reader's defaults.
#pragma once

#include "app/convert.h"

#include <QWidget>

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace tierlab::gui {

class JsonTableModel;
class ValueSpinBox;
class WorkspaceDocument;

class CapacityEditor : public QWidget {
    Q_OBJECT

public:
    explicit CapacityEditor(WorkspaceDocument* document, QWidget* parent = nullptr);

    // For tests: the editor of a path such as "capacity.users"; null when there is none.
    ValueSpinBox* spinBox(const std::string& path) const;
    QComboBox* modulateChooser() const { return m_modulate; }
    QCheckBox* autoscalingSwitch() const { return m_autoscaling; }
    JsonTableModel* gapsModel() const { return m_gapsModel; }

private:
    QGroupBox* buildPopulation();
    QGroupBox* buildBehaviour();
    QGroupBox* buildCorrelates();
    QGroupBox* buildScaling();
    ValueSpinBox* number(QFormLayout* form, const QString& label, const std::string& key,
                         double fallback, double minimum, double maximum, int decimals,
                         const QString& toolTip, Unit unit = Unit::Plain);
    void refresh();

    WorkspaceDocument* m_document;
    std::vector<ValueSpinBox*> m_numbers;
    QComboBox* m_pod = nullptr;
    QComboBox* m_modulate = nullptr;
    QCheckBox* m_autoscaling = nullptr;
    ValueSpinBox* m_threshold = nullptr;
    JsonTableModel* m_gapsModel = nullptr;
    QTableView* m_gaps = nullptr;
    QLabel* m_gapsNote = nullptr;
};

} // namespace tierlab::gui
