// SPDX-License-Identifier: MIT
// Goal seek: choose a numeric input and a result, give a target, and the value that reaches
// it is solved (core::goalSeek, off the GUI thread) and written back as one undoable edit.
#pragma once

#include "document/evaluator.h"
#include "whatif/goalseek.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>
#include <string>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLayout;
class QLineEdit;
class QProgressBar;
class QPushButton;
QT_END_NAMESPACE

namespace tierlab::gui {

class WorkspaceDocument;

class GoalSeekDialog : public QDialog {
    Q_OBJECT

public:
    // `snapshot` is the evaluation of the scenario to solve in (the active one); the solved
    // value is written into that scenario.
    GoalSeekDialog(WorkspaceDocument* document, SnapshotPtr snapshot, QWidget* parent = nullptr);
    ~GoalSeekDialog() override;

    // Solves for the chosen input, result and target (Solve is disabled while one runs).
    void solve();
    // Blocks, processing events, until no solve is in progress (tests).
    void waitForIdle();
    // Writes the solved value into the scenario as one undoable edit and accepts the dialog.
    // False (and nothing written) without a successful solve of the current request.
    bool apply();
    bool isSolving() const { return m_solving; }
    // The last finished solve, successful or not; null before one finished.
    const core::GoalSeekResult* solution() const { return m_solution ? &*m_solution : nullptr; }

    // For tests and keyboard users: the choosers take any JSON path typed in.
    QComboBox* inputChooser() const { return m_input; }
    QComboBox* resultChooser() const { return m_result; }
    QLineEdit* targetEdit() const { return m_target; }
    QPushButton* solveButton() const { return m_solve; }
    QPushButton* applyButton() const { return m_apply; }

Q_SIGNALS:
    void solved();

private:
    QLayout* buildForm();
    void connectRequest();
    void fillChoosers();
    void requestChanged();
    void showCurrentValues();
    void finished();
    std::optional<double> target() const;
    double resultAtPath(const std::string& path) const; // NaN when not a number

    WorkspaceDocument* m_document;
    SnapshotPtr m_snapshot;
    QComboBox* m_input;
    QComboBox* m_result;
    QLineEdit* m_target;
    QLabel* m_current;
    QPushButton* m_solve;
    QProgressBar* m_busy;
    QLabel* m_outcome;
    QPushButton* m_apply;
    QFutureWatcher<core::GoalSeekResult> m_watcher;
    bool m_solving = false;
    std::optional<core::GoalSeekResult> m_solution;
    QString m_solvedInput; // the input as chosen when the solution was asked for
};

} // namespace tierlab::gui
