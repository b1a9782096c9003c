// SPDX-License-Identifier: MIT
#include "capacitypage.h"

#include "capacitycharts.h"
#include "capacityeditor.h"
#include "capacityfit.h"
#include "charts/chartview.h"
#include "charts/palette.h"
#include "document/workerpools.h"
#include "document/workspacedocument.h"
#include "scenario/reader.h"
#include "widgets/tablecells.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>

namespace tierlab::gui {

namespace {

// The first stage's trials: few enough for a first estimate within about a second.
constexpr int kFirstStageTrials = 8;
constexpr int kStageGrowth = 5;

CapacityStage runStage(quint64 run, core::SimParams p, int trials, bool withTrace,
                       const std::shared_ptr<core::CancelToken>& cancel,
                       const std::shared_ptr<std::atomic<std::uint64_t>>& done) {
    CapacityStage out;
    out.run = run;
    out.trials = trials;
    const auto start = std::chrono::steady_clock::now();
    p.trials = trials;
    try {
        out.result = core::runCapacity(
            p, [done](std::uint64_t d, std::uint64_t) { done->store(d); }, cancel.get());
        if (withTrace && !cancel->cancelled())
            out.trace = core::sampleWeekTrace(p, 0);
    } catch (const core::Cancelled&) {
        out.cancelled = true;
    } catch (const std::exception& e) {
        // An exception would reach the GUI thread as QUnhandledException (Qt Concurrent).
        out.error = e.what();
    }
    out.elapsedMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

// What a run depends on: the capacity block and what prices a second pod.
std::string runKey(const core::Json& doc) {
    std::string key;
    for (const char* k : {"capacity", "pods", "accelerators", "hours_per_month"})
        key += doc.contains(k) ? doc[k].dump() : std::string("-");
    return key;
}

// Plain figures (concurrency, minutes, hours) with `decimals` digits; the others as every
// page shows them.
QString text(double value, Unit unit, int decimals) {
    return unit == Unit::Plain ? QLocale().toString(value, 'f', decimals)
                               : formatValue(value, unit);
}

QString interval(const core::Estimate& e, Unit unit, int decimals) {
    return QStringLiteral("%1 – %2").arg(text(e.low, unit, decimals), text(e.high, unit, decimals));
}

} // namespace

const core::CapacityResult* CapacityPage::finishedResultFor(const core::Json& doc) const {
    const bool finished = !m_running && m_last && m_last->trials == m_params.trials;
    return finished && doc.contains("capacity") && runKey(doc) == m_runKey ? &m_last->result
                                                                           : nullptr;
}

std::vector<int> CapacityPage::stagesFor(int trials) {
    std::vector<int> stages;
    for (int t = std::min(trials, kFirstStageTrials); t < trials; t *= kStageGrowth)
        stages.push_back(t);
    stages.push_back(trials);
    return stages;
}

CapacityPage::CapacityPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent), m_cancelToken(std::make_shared<core::CancelToken>()),
      m_trialsDone(std::make_shared<std::atomic<std::uint64_t>>(0)) {
    m_editor = new CapacityEditor(document);
    m_editor->setFixedWidth(380);
    m_charts = new CapacityCharts(this);
    m_fit = new CapacityFitPanel(document);
    m_figures = resultTable({tr("Figure"), tr("Value"), tr("95 % interval")},
                            QStringLiteral("capacityFigures"));
    m_figures->setMinimumHeight(320);
    m_figures->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_figures->horizontalHeader()->setStretchLastSection(false);
    m_figures->setWordWrap(true);
    m_missing = buildMissingBlock();

    // Figures beside the answer's chart; the distribution beside the gaps it comes from;
    // the sample week across.
    auto* grid = new QGridLayout;
    grid->addWidget(m_figures, 0, 0);
    grid->addWidget(m_charts->exceedView(), 0, 1);
    grid->addWidget(m_charts->concurrencyView(), 1, 0);
    grid->addWidget(m_fit, 1, 1);
    grid->addWidget(m_charts->traceView(), 2, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    auto* right = new QVBoxLayout;
    right->addWidget(buildRunBar());
    right->addWidget(m_missing);
    right->addLayout(grid, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_editor, 0, Qt::AlignTop);
    layout->addLayout(right, 1);

    connect(&m_watcher, &QFutureWatcher<CapacityStage>::finished, this,
            &CapacityPage::stageFinished);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &CapacityPage::updateProgress);
}

CapacityPage::~CapacityPage() {
    // A stage in progress holds copies of what it needs; stop it rather than wait for it.
    m_cancelToken->cancel();
}

QWidget* CapacityPage::buildRunBar() {
    m_run = new QPushButton(tr("Run"));
    m_run->setToolTip(tr("Simulate again (runs start by themselves when the inputs change)"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->setFormat(QStringLiteral("%v / %m trials"));
    m_progress->hide();
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("capacityStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_run, &QPushButton::clicked, this, &CapacityPage::run);
    connect(m_cancel, &QPushButton::clicked, this, &CapacityPage::cancel);
    auto* bar = new QWidget;
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_run);
    row->addWidget(m_cancel);
    row->addWidget(m_progress);
    row->addWidget(m_status, 1);
    return bar;
}

QWidget* CapacityPage::buildMissingBlock() {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto* text = new QLabel(tr("This scenario has no capacity block: the defaults of "
                               "docs/scenario.md section 12 are shown on the left."));
    text->setWordWrap(true);
    auto* add = new QPushButton(tr("Add Capacity Block"));
    add->setObjectName(QStringLiteral("addCapacity"));
    connect(add, &QPushButton::clicked, this, &CapacityPage::addCapacityBlock);
    row->addWidget(text, 1);
    row->addWidget(add);
    box->hide();
    return box;
}

void CapacityPage::addCapacityBlock() {
    core::Json block = core::Json::object();
    const auto pods = document()->activeValue("pods");
    if (pods && pods->is_array() && !pods->empty() && (*pods)[0].contains("id"))
        block["pod"] = (*pods)[0]["id"];
    document()->edit("capacity", block, tr("Add a capacity block"));
}

void CapacityPage::showResults(const EvalSnapshot& snap) {
    const bool block = snap.document.contains("capacity");
    m_missing->setVisible(!block);
    const std::string key = runKey(snap.document);
    if (key == m_runKey)
        return;
    if (block) {
        run();
        return;
    }
    // No capacity block: the scenario asks for no simulation, and the defaults take a while.
    m_cancelToken->cancel();
    setBusy(false);
    m_runKey = key;
    m_last.reset();
    m_figures->setRowCount(0);
    m_charts->clear(tr("No capacity block: press Run to simulate the defaults"));
    setStatus(tr("This scenario has no capacity block. Run simulates the defaults; Add "
                 "Capacity Block writes one to edit."));
}

void CapacityPage::run() {
    const SnapshotPtr snap = snapshot();
    if (!snap) {
        setStatus(tr("No evaluation yet."), true);
        return;
    }
    m_cancelToken->cancel(); // the run in progress, if any
    m_runKey = runKey(snap->document);
    const core::ReadResult read = core::readScenario(snap->document);
    if (!read.ok()) {
        setBusy(false);
        m_charts->clear(tr("The scenario has problems"));
        setStatus(tr("The scenario has problems (View > Problems): the simulation needs a "
                     "scenario that reads."),
                  true);
        Q_EMIT runEnded();
        return;
    }
    m_params = core::simParamsFromScenario(read.scenario);
    if (const std::string problem = core::checkSimParams(m_params); !problem.empty()) {
        setBusy(false);
        setStatus(tr("Capacity: %1").arg(toQ(problem)), true);
        Q_EMIT runEnded();
        return;
    }
    ++m_runId;
    m_stages = stagesFor(m_params.trials);
    m_stage = 0;
    m_runMs = 0;
    m_cancelToken = std::make_shared<core::CancelToken>();
    setBusy(true);
    startStage();
}

void CapacityPage::startStage() {
    const int trials = m_stages[m_stage];
    m_trialsDone->store(0);
    m_progress->setRange(0, trials);
    m_progress->setValue(0);
    m_watcher.setFuture(QtConcurrent::run(
        workerPool(WorkerPool::Capacity),
        [run = m_runId, p = m_params, trials, trace = m_stage == 0, cancel = m_cancelToken,
         done = m_trialsDone] { return runStage(run, p, trials, trace, cancel, done); }));
    if (m_stage == 0)
        setStatus(tr("Simulating %1 trials of %2 weeks for a first estimate…")
                      .arg(trials)
                      .arg(m_params.weeks));
}

void CapacityPage::cancel() {
    if (!m_running)
        return;
    m_cancelToken->cancel();
    setBusy(false);
    setStatus(m_last ? tr("Cancelled. The figures are those of %1 trials.").arg(m_last->trials)
                     : tr("Cancelled before a first estimate."));
    Q_EMIT runEnded();
}

void CapacityPage::waitForIdle() {
    while (m_running || m_watcher.isRunning())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents | QEventLoop::AllEvents, 50);
    QCoreApplication::processEvents();
}

void CapacityPage::setBusy(bool busy) {
    m_running = busy;
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (busy)
        m_progressTimer.start();
    else
        m_progressTimer.stop();
}

void CapacityPage::updateProgress() {
    m_progress->setValue(static_cast<int>(m_trialsDone->load()));
}

void CapacityPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? textStyle(kErrorTextColor) : QString());
}

void CapacityPage::stageFinished() {
    const CapacityStage stage = m_watcher.result();
    if (stage.run != m_runId || !m_running)
        return; // superseded or cancelled: a newer run (or none) is wanted
    m_runMs += stage.elapsedMs;
    if (stage.cancelled)
        return;
    if (!stage.error.empty()) {
        setBusy(false);
        setStatus(tr("Capacity: %1").arg(toQ(stage.error)), true);
        Q_EMIT runEnded();
        return;
    }
    showStage(stage);
    if (++m_stage < m_stages.size()) {
        startStage();
        return;
    }
    setBusy(false);
    Q_EMIT runEnded();
}

void CapacityPage::showStage(const CapacityStage& stage) {
    m_last = stage;
    const core::CapacityResult& r = stage.result;
    m_charts->showResult(r, m_params.confidence);
    if (stage.trace)
        m_charts->showTrace(*stage.trace);
    fillFigures(r);
    const bool last = m_stage + 1 == m_stages.size();
    const QString answer =
        tr("Users per pod at %1 confidence: %2%3 (95 % interval %4–%5). P(exceed) at %6 users: "
           "%7.")
            .arg(formatValue(m_params.confidence, Unit::Share))
            .arg(r.usersPerPodCensored ? QStringLiteral("≥ ") : QString())
            .arg(r.usersPerPod)
            .arg(r.usersPerPodLow)
            .arg(r.usersPerPodHigh)
            .arg(r.users)
            .arg(formatValue(r.exceedProbability.value, Unit::Share));
    setStatus(last ? tr("%1 %2 trials of %3 weeks in %4 s.")
                         .arg(answer)
                         .arg(stage.trials)
                         .arg(m_params.weeks)
                         .arg(m_runMs / 1000, 0, 'f', 1)
                   : tr("%1 Estimate from %2 of %3 trials; refining…")
                         .arg(answer)
                         .arg(stage.trials)
                         .arg(m_params.trials));
    Q_EMIT stageShown(stage.trials, m_params.trials);
}

void CapacityPage::fillFigures(const core::CapacityResult& r) {
    struct Row {
        QString figure;
        double value;
        Unit unit;
        std::optional<core::Estimate> range;
        int decimals = 2;
    };
    std::vector<Row> rows = {
        {tr("Users per pod at %1 confidence%2")
             .arg(formatValue(m_params.confidence, Unit::Share),
                  r.usersPerPodCensored ? tr(" (search cap reached: a lower bound)") : QString()),
         static_cast<double>(r.usersPerPod), Unit::Count,
         core::Estimate{static_cast<double>(r.usersPerPod), static_cast<double>(r.usersPerPodLow),
                        static_cast<double>(r.usersPerPodHigh)}},
        {tr("P(concurrency > %1 slots) at %2 users").arg(r.podSlots).arg(r.users),
         r.exceedProbability.value, Unit::Share, r.exceedProbability},
        {tr("Mean concurrency at %1 users").arg(r.users), r.meanConcurrency, Unit::Plain, {}},
        {tr("Largest concurrency of a trial (mean)"), r.maxConcurrency.value, Unit::Plain,
         r.maxConcurrency},
        {tr("Largest concurrency of all trials"),
         static_cast<double>(r.maxConcurrencyOverall),
         Unit::Count,
         {}},
        {tr("Outage minutes per week (one pod)"), r.outageMinutesPerWeek.value, Unit::Plain,
         r.outageMinutesPerWeek},
        {tr("Most slots one user holds at the peak"), r.topUserSlotsAtPeak.value, Unit::Plain,
         r.topUserSlotsAtPeak},
        {tr("Most slots one user holds at any second"), r.topUserSlotsAnytime.value, Unit::Plain,
         r.topUserSlotsAnytime},
    };
    if (r.autoscaled) {
        rows.push_back({tr("Outage minutes per week with a second pod"),
                        r.outageMinutesPerWeekAutoscaled.value, Unit::Plain,
                        r.outageMinutesPerWeekAutoscaled});
        rows.push_back({tr("Second pod: hours per week"), r.extraPodHoursPerWeek.value, Unit::Plain,
                        r.extraPodHoursPerWeek});
        rows.push_back({r.extraCostUsdPerWeek > 0
                            ? tr("Second pod: cost per week")
                            : tr("Second pod: cost per week (choose a pod to price it)"),
                        r.extraCostUsdPerWeek,
                        Unit::Usd,
                        {}});
    }
    m_figures->setRowCount(static_cast<int>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        const int r0 = static_cast<int>(i);
        m_figures->setItem(r0, 0, readOnlyCell(row.figure));
        m_figures->setItem(r0, 1, numberCell(text(row.value, row.unit, row.decimals), row.value));
        m_figures->setItem(
            r0, 2,
            readOnlyCell(row.range ? interval(*row.range, row.unit, row.decimals) : QString(),
                         true));
    }
}

} // namespace tierlab::gui
