// SPDX-License-Identifier: MIT
// Hardware & Pods: the accelerators and pods of the active scenario as editable tables
// (docs/model.md, "Hardware and pods"), each pod's evaluated cost, and how the serving cost per
// million tokens of every pod-served model falls with pod utilization (as 1/u: "Cost per token
// and per request") against its list price, with the breakeven utilization marked; and, for a
// model served from an operating curve, the curve's measured points with where each tier runs
// on it (CurveChart).
#pragma once

#include "page.h"

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPushButton;
class QScatterSeries;
class QTableView;
class QTableWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;
class CurveChart;
class JsonTableModel;

class HardwarePage : public Page {
    Q_OBJECT

public:
    HardwarePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Hardware & Pods"); }

    // The series of one pod-served model on the utilization chart.
    struct ModelCurve {
        std::string modelId;
        QLineSeries* serving = nullptr;      // serving USD/Mtok at u = 0.05 ... 1
        QLineSeries* listPrice = nullptr;    // list USD/Mtok, dashed, across u
        QScatterSeries* breakeven = nullptr; // (u*, list USD/Mtok) when 0 < u* <= 1
        QScatterSeries* current = nullptr;   // (pod utilization, serving USD/Mtok)
    };

    // For tests.
    JsonTableModel* acceleratorModel() const { return m_accelerators; }
    JsonTableModel* podModel() const { return m_pods; }
    QTableView* acceleratorView() const { return m_acceleratorView; }
    QTableView* podView() const { return m_podView; }
    QTableWidget* podResultsTable() const { return m_podResults; }
    ChartView* servingChart() const { return m_chart; }
    CurveChart* operatingCurveChart() const { return m_curveChart; }
    const std::vector<ModelCurve>& curves() const { return m_curves; }
    const ModelCurve* curve(const std::string& modelId) const;

    // Undoable row edits, as the Add and Remove buttons do them (Remove: the current row).
    void addAccelerator();
    void removeAccelerator();
    void addPod();
    void removePod();

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    QWidget* buildTables();
    void buildChart();
    void fillPodResults(const EvalSnapshot& snapshot);
    void fillChart(const EvalSnapshot& snapshot);
    void rebuildCurves(const std::vector<const core::ModelResult*>& served);
    void fitAxes(const std::vector<const core::ModelResult*>& served);
    QStringList idsOf(const char* arrayPath) const;
    QString uniqueId(const char* arrayPath, const QString& base) const;
    void updateButtons();

    JsonTableModel* m_accelerators;
    JsonTableModel* m_pods;
    QTableView* m_acceleratorView = nullptr;
    QTableView* m_podView = nullptr;
    QPushButton* m_removeAccelerator = nullptr;
    QPushButton* m_removePod = nullptr;
    QTableWidget* m_podResults = nullptr;
    ChartView* m_chart = nullptr;
    QCategoryAxis* m_utilizationAxis = nullptr;
    QLogValueAxis* m_costAxis = nullptr;
    QLabel* m_chartNote = nullptr;
    CurveChart* m_curveChart = nullptr;
    std::vector<ModelCurve> m_curves;
};

} // namespace tierlab::gui
