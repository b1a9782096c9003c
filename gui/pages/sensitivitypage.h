// SPDX-License-Identifier: MIT
// Sensitivity & Goal Seek: how far one result swings when each input of the active scenario
// moves by +-X % (core::sensitivity, off the GUI thread), as a tornado chart and a table;
// and the goal-seek dialog. A run is automatic when the scenario changes if the last run was
// quick; otherwise the page says its figures are stale until Run is pressed.
#pragma once

#include "page.h"
#include "whatif/sensitivity.h"

#include <QFutureWatcher>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QComboBox;
class QDoubleSpinBox;
class QHorizontalBarSeries;
class QLabel;
class QLayout;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

// One sensitivity run as the worker hands it back.
struct SensitivityRun {
    quint64 id = 0;
    bool skipped = false; // superseded before it started
    core::SensitivityResult result;
    double elapsedMs = 0;
};

class SensitivityPage : public Page {
    Q_OBJECT

public:
    SensitivityPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    ~SensitivityPage() override;
    QString title() const override { return tr("Sensitivity & Goal Seek"); }

    // Runs the sensitivity of the chosen result on the latest evaluation; supersedes a run
    // in progress.
    void run();
    // Drops the run in progress (it finishes in the background; see cancel()).
    void cancel();
    bool isRunning() const { return m_running; }
    // Blocks, processing events, until no run is in progress (tests, screenshots).
    void waitForIdle() override;
    // The last finished run; null before one finished.
    const core::SensitivityResult* lastResult() const { return m_last ? &*m_last : nullptr; }
    // Runs more than this long are not repeated automatically on every edit.
    static constexpr double kAutoRunMs = 1500;

    // For tests. The tornado shows the top rows with the largest swing at the top, i.e. the
    // last category; bar values are results minus the base result.
    QComboBox* resultChooser() const { return m_result; }
    QDoubleSpinBox* deltaBox() const { return m_delta; }
    QHorizontalBarSeries* tornadoSeries() const { return m_tornado; }
    QBarSet* lowSet() const { return m_lowSet; }
    QBarSet* highSet() const { return m_highSet; }
    QBarCategoryAxis* tornadoInputs() const { return m_tornadoInputs; }
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void runFinished();
    // A cancelled or superseded run ended in the background; its result was dropped.
    void runDropped();

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    QLayout* buildControls();
    void buildTornado();
    void buildTable();
    void fillResultChooser(const EvalSnapshot& snapshot);
    void finished();
    void setBusy(bool busy);
    void showRun(const core::SensitivityResult& result);
    void fillTornado(const core::SensitivityResult& result);
    void fillTable(const core::SensitivityResult& result);
    void showTooltip(bool state, int index, QBarSet* set);
    void openGoalSeek();
    void setStatus(const QString& text, bool error = false);

    QComboBox* m_result;
    QDoubleSpinBox* m_delta;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_goalSeek;
    QProgressBar* m_busy;
    QLabel* m_status;
    QLabel* m_stale;
    ChartView* m_tornadoChart;
    QHorizontalBarSeries* m_tornado;
    QBarSet* m_lowSet;
    QBarSet* m_highSet;
    QBarCategoryAxis* m_tornadoInputs;
    QValueAxis* m_tornadoAxis;
    QTableWidget* m_table;

    QFutureWatcher<SensitivityRun> m_watcher;
    // The id of the run whose result is wanted; shared with the workers so that a run
    // superseded while still queued skips its work.
    std::shared_ptr<std::atomic<quint64>> m_wanted;
    bool m_running = false;
    bool m_attempted = false;
    quint64 m_runGeneration = 0; // the evaluation the current or last run started from
    SnapshotPtr m_runSnapshot;   // the evaluation the last finished run used
    double m_lastRunMs = 0;
    std::optional<core::SensitivityResult> m_last;
    std::vector<core::SensitivityRow> m_tornadoRows; // in category order
    std::map<std::string, std::string> m_inputNames; // canonical -> readable path
};

} // namespace tierlab::gui
