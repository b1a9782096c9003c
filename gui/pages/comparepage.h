// SPDX-License-Identifier: MIT
// Compare: two scenarios of the workspace side by side. The inputs that differ and the
// results that differ (by JSON path, with B - A and the relative change), the tier margins
// of both, and a tier's utilization CDF of both. A side showing the active scenario uses the
// shared evaluation; any other is evaluated off the GUI thread by an Evaluator the page owns,
// so comparing never disturbs the active scenario's evaluation.
#pragma once

#include "page.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QGroupBox;
class QLabel;
class QLayout;
class QLineEdit;
class QTableWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class CompareCharts;

class ComparePage : public Page {
    Q_OBJECT

public:
    ComparePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Compare"); }

    QString scenarioA() const;
    QString scenarioB() const;
    // Chooses the two scenarios (names of the workspace) and evaluates them.
    void setScenarios(const QString& a, const QString& b);
    // Blocks, processing events, until both sides are evaluated and shown (tests,
    // screenshots).
    void waitForIdle() override;

    // For tests. Inputs: path, A, B. Results: path, A, B, B - A, relative change; number
    // cells hold their value in Qt::UserRole.
    QTableWidget* inputsTable() const { return m_inputs; }
    QTableWidget* resultsTable() const { return m_results; }
    CompareCharts* compareCharts() const { return m_charts; }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
    void showEvent(QShowEvent* event) override;

private:
    QLayout* buildChoosers();
    QWidget* buildTables();
    void connectDocument();
    void fillChoosers();
    void onActiveScenarioChanged(const QString& name);
    void onScenarioChanged(const QString& name);
    // One side's own evaluator and what it was last asked to evaluate.
    struct Side {
        Evaluator* evaluator = nullptr;
        QString requestedName;
        core::Json requested;
        bool stale = false; // its latest evaluation used a data set since replaced
    };
    // An evaluation of the scenario's current document: the shared evaluator's (the active
    // scenario) or the side's own; null while there is none.
    SnapshotPtr current(const QString& name, const Side& side) const;
    void requestSide(const QString& name, Side& side);
    // Asks for what is missing and shows the comparison when both sides are current.
    void requestEvaluations();
    bool isEvaluating() const;
    void showComparison();
    void fillInputs(const EvalSnapshot& a, const EvalSnapshot& b);
    void fillResults(const EvalSnapshot& a, const EvalSnapshot& b);
    void applyFilter();
    void clearComparison(const QString& status);

    Side m_sideA;
    Side m_sideB;
    SnapshotPtr m_shownA; // what the tables and charts show
    SnapshotPtr m_shownB;
    bool m_filling = false;

    QComboBox* m_chooserA;
    QComboBox* m_chooserB;
    QLabel* m_status;
    QLabel* m_hint;
    QLineEdit* m_filter;
    QGroupBox* m_inputsBox;
    QTableWidget* m_inputs;
    QGroupBox* m_resultsBox;
    QTableWidget* m_results;

    CompareCharts* m_charts;
};

} // namespace tierlab::gui
