// SPDX-License-Identifier: MIT
// Capacity: how many users one pod carries when demand is bursty and correlated (docs/model.md,
// "Capacity"). The scenario's capacity block is edited on the left; the Monte Carlo runs off
// the GUI thread whenever it changes, progressively (a first estimate from a few trials within
// about a second, then more trials up to the scenario's), and can be cancelled. Every trial
// depends only on the seed, so a later stage extends the earlier one's trials.
#pragma once

#include "page.h"
#include "sim/capacity.h"
#include "sim/trace.h"

#include <QFutureWatcher>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class CapacityCharts;
class CapacityEditor;
class CapacityFitPanel;

// One stage of a run as the worker hands it back.
struct CapacityStage {
    quint64 run = 0;
    int trials = 0;
    core::CapacityResult result;
    std::optional<core::WeekTrace> trace; // the first stage's
    std::string error;
    bool cancelled = false;
    double elapsedMs = 0;
};

class CapacityPage : public Page {
    Q_OBJECT

public:
    CapacityPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    ~CapacityPage() override;
    QString title() const override { return tr("Capacity"); }

    // Simulates the latest evaluation's capacity block from its first stage; supersedes a
    // run in progress.
    void run();
    // Stops the run in progress; the figures shown stay those of its last finished stage.
    void cancel();
    bool isRunning() const { return m_running; }
    void waitForIdle() override;

    // The last run's figures when it finished every stage and simulated the capacity block
    // of `doc` as it is now (a report includes them); null otherwise.
    const core::CapacityResult* finishedResultFor(const core::Json& doc) const;

    // Trials of each stage for a scenario asking for `trials` (the last is `trials`).
    static std::vector<int> stagesFor(int trials);

    // For tests.
    CapacityEditor* editor() const { return m_editor; }
    CapacityCharts* capacityCharts() const { return m_charts; }
    CapacityFitPanel* fitPanel() const { return m_fit; }
    QTableWidget* figures() const { return m_figures; }
    const std::optional<CapacityStage>& lastStage() const { return m_last; }
    const core::SimParams& lastParams() const { return m_params; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    // A stage's figures are shown (every stage, the last included).
    void stageShown(int trials, int totalTrials);
    void runEnded();

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    QWidget* buildRunBar();
    QWidget* buildMissingBlock();
    void startStage();
    void stageFinished();
    void showStage(const CapacityStage& stage);
    void fillFigures(const core::CapacityResult& r);
    void setBusy(bool busy);
    void setStatus(const QString& text, bool error = false);
    void updateProgress();
    void addCapacityBlock();

    CapacityEditor* m_editor;
    CapacityCharts* m_charts;
    CapacityFitPanel* m_fit;
    QWidget* m_missing;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableWidget* m_figures;

    QFutureWatcher<CapacityStage> m_watcher;
    QTimer m_progressTimer;
    std::shared_ptr<core::CancelToken> m_cancelToken;
    std::shared_ptr<std::atomic<std::uint64_t>> m_trialsDone;
    core::SimParams m_params; // of the current or last run
    std::vector<int> m_stages;
    std::size_t m_stage = 0;
    quint64 m_runId = 0;
    bool m_running = false;
    std::string m_runKey; // the inputs of the current or last run
    double m_runMs = 0;   // time spent so far in the current run's stages
    std::optional<CapacityStage> m_last;
};

} // namespace tierlab::gui
