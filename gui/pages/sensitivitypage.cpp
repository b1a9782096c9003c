// SPDX-License-Identifier: MIT
#include "sensitivitypage.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"
#include "comparepaths.h"
#include "dialogs/goalseekdialog.h"
#include "document/workerpools.h"
#include "document/workspacedocument.h"
#include "widgets/tablecells.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QCursor>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tierlab::gui {

namespace {

constexpr std::size_t kTornadoRows = 15;

struct Column {
    const char* header;
    bool number;
};
// Headers translated by SensitivityPage::tr, whose context is the class's qualified name.
const Column kColumns[] = {
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Input"), false},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Base"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Low"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "High"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Result at low"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Result at high"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Swing"), true},
    {QT_TRANSLATE_NOOP("tierlab::gui::SensitivityPage", "Note"), false}};

SensitivityRun compute(quint64 id, const std::shared_ptr<std::atomic<quint64>>& wanted,
                       const core::Json& doc, const std::string& resultPath, double deltaShare,
                       const std::shared_ptr<const core::UsageData>& usage) {
    SensitivityRun out;
    out.id = id;
    if (wanted->load() != id) {
        out.skipped = true; // superseded while queued: nobody wants this result
        return out;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        out.result = core::sensitivity(doc, resultPath, {}, deltaShare, usage.get());
    } catch (const std::exception& e) {
        // An exception would reach the GUI thread as QUnhandledException (Qt Concurrent).
        out.result.ok = false;
        out.result.error = e.what();
    }
    out.elapsedMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

QTableWidgetItem* cell(const QString& text, std::optional<double> number = std::nullopt) {
    return number ? numberCell(text, *number) : readOnlyCell(text);
}

} // namespace

SensitivityPage::SensitivityPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent), m_wanted(std::make_shared<std::atomic<quint64>>(0)) {
    QLayout* controls = buildControls();
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stale = new QLabel(tr("Results are stale: the scenario changed since this run, which "
                            "took too long to repeat on every edit. Press Run to update."));
    m_stale->setObjectName(QStringLiteral("staleNote"));
    m_stale->setWordWrap(true);
    m_stale->setStyleSheet(textStyle(kStaleTextColor));
    m_stale->hide();
    buildTornado();
    buildTable();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_stale);
    layout->addWidget(m_tornadoChart, 3);
    layout->addWidget(m_table, 2);
    connect(&m_watcher, &QFutureWatcher<SensitivityRun>::finished, this,
            &SensitivityPage::finished);
}

QLayout* SensitivityPage::buildControls() {
    m_result = new QComboBox;
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setEditable(true);
    m_result->setInsertPolicy(QComboBox::NoInsert);
    m_result->setMinimumContentsLength(36);
    m_result->setToolTip(tr("The result to watch, by JSON path in the results (docs/cli.md)"));
    connect(m_result->lineEdit(), &QLineEdit::returnPressed, this, &SensitivityPage::run);
    m_delta = new QDoubleSpinBox;
    m_delta->setObjectName(QStringLiteral("delta"));
    m_delta->setRange(0.5, 100);
    m_delta->setDecimals(1);
    m_delta->setValue(10);
    m_delta->setPrefix(QStringLiteral("± "));
    m_delta->setSuffix(QStringLiteral(" %"));
    m_run = new QPushButton(tr("Run"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0); // indeterminate: core reports no progress for a sensitivity run
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_goalSeek = new QPushButton(tr("Goal Seek…"));
    m_goalSeek->setToolTip(tr("Solve one input so that one result reaches a target (Ctrl+G)"));
    connect(m_run, &QPushButton::clicked, this, &SensitivityPage::run);
    connect(m_cancel, &QPushButton::clicked, this, &SensitivityPage::cancel);
    connect(m_goalSeek, &QPushButton::clicked, this, &SensitivityPage::openGoalSeek);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Result:")));
    row->addWidget(m_result, 1);
    row->addWidget(new QLabel(tr("Move each input by")));
    for (QWidget* w : std::initializer_list<QWidget*>{m_delta, m_run, m_cancel, m_busy})
        row->addWidget(w);
    row->addSpacing(16);
    row->addWidget(m_goalSeek);
    return row;
}

void SensitivityPage::buildTable() {
    QStringList headers;
    for (const Column& c : kColumns)
        headers << tr(c.header);
    m_table = resultTable(headers, QStringLiteral("sensitivityTable"));
    m_table->setMinimumHeight(200);
}

SensitivityPage::~SensitivityPage() {
    // Nothing to wait for: a run in progress holds copies of what it needs, and its result
    // goes nowhere once the watcher is gone.
    m_wanted->store(0);
}

void SensitivityPage::buildTornado() {
    m_tornadoChart = new ChartView(tr("Tornado: change of the result when each input moves"));
    m_tornadoChart->setMinimumHeight(440);
    m_tornado = new QHorizontalBarSeries;
    m_tornado->setBarWidth(0.85);
    // The value axis is titled with the result once there is one (fillTornado).
    const BarChart tornado =
        addBarChart(m_tornadoChart, m_tornado, {tr("Input −10 %"), tr("Input +10 %")}, {},
                    Unit::Plain, QStringLiteral("%.3g"));
    m_lowSet = tornado.sets[0];
    m_highSet = tornado.sets[1];
    m_tornadoInputs = tornado.categories;
    m_tornadoInputs->setTruncateLabels(false); // input paths are the point of the chart
    m_tornadoAxis = tornado.values;
    // After ChartView's own tooltip: this one, with the input value and the result, wins.
    connect(m_tornado, &QHorizontalBarSeries::hovered, this, &SensitivityPage::showTooltip);
}

void SensitivityPage::showResults(const EvalSnapshot& snap) {
    fillResultChooser(snap);
    if (snap.generation == m_runGeneration && m_attempted)
        return;
    if (!m_attempted || m_lastRunMs <= kAutoRunMs) {
        run();
        return;
    }
    m_stale->setVisible(m_last.has_value());
}

void SensitivityPage::fillResultChooser(const EvalSnapshot& snap) {
    QStringList paths;
    for (const std::string& path : usefulResultPaths(snap.resultsJson))
        paths << toQ(path);
    QStringList current;
    for (int i = 0; i < m_result->count(); ++i)
        current << m_result->itemText(i);
    if (paths == current)
        return;
    const QString text = m_result->currentText().trimmed();
    m_result->clear();
    m_result->addItems(paths);
    // Keep a chosen (or typed) path while it still leads to a number.
    if (!text.isEmpty() && std::isfinite(resultAt(snap, toStd(text))))
        m_result->setCurrentText(text);
    else if (!paths.isEmpty())
        m_result->setCurrentIndex(0);
}

void SensitivityPage::run() {
    const SnapshotPtr snap = snapshot();
    if (!snap) {
        setStatus(tr("No evaluation yet."), true);
        return;
    }
    m_attempted = true;
    m_runGeneration = snap->generation;
    m_stale->hide();
    if (!snap->ok) {
        setStatus(tr("The scenario has problems (View > Problems): sensitivity needs a "
                     "scenario that evaluates."),
                  true);
        return;
    }
    const std::string path = toStd(m_result->currentText().trimmed());
    if (path.empty()) {
        setStatus(tr("Choose a result to watch."), true);
        return;
    }
    const double deltaShare = m_delta->value() / 100.0;
    const quint64 id = m_wanted->load() + 1;
    m_wanted->store(id);
    m_watcher.setFuture(QtConcurrent::run(
        workerPool(WorkerPool::Sensitivity),
        [id, wanted = m_wanted, doc = snap->probeDocument, path, deltaShare, usage = snap->usage] {
            return compute(id, wanted, doc, path, deltaShare, usage);
        }));
    m_runSnapshot = snap;
    setBusy(true);
    setStatus(tr("Moving every input by ±%1 % and evaluating %2 at both ends…")
                  .arg(m_delta->value())
                  .arg(toQ(path)));
}

void SensitivityPage::cancel() {
    if (!m_running)
        return;
    // core::sensitivity takes no cancel token: the run goes on in the background and its
    // result is dropped when it arrives (its id is no longer the wanted one).
    m_wanted->store(m_wanted->load() + 1);
    setBusy(false);
    setStatus(tr("Cancelled. The figures below are from the previous run."));
}

void SensitivityPage::waitForIdle() {
    while (m_running)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents | QEventLoop::AllEvents, 50);
    QCoreApplication::processEvents();
}

void SensitivityPage::setBusy(bool busy) {
    m_running = busy;
    m_busy->setVisible(busy);
    m_cancel->setEnabled(busy);
}

void SensitivityPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? textStyle(kErrorTextColor) : QString());
}

void SensitivityPage::finished() {
    const SensitivityRun done = m_watcher.result();
    if (done.skipped || done.id != m_wanted->load()) {
        if (!m_running)
            setStatus(tr("The cancelled run has ended; its result was dropped."));
        Q_EMIT runDropped();
        return;
    }
    setBusy(false);
    m_lastRunMs = done.elapsedMs;
    if (!done.result.ok) {
        setStatus(tr("Sensitivity: %1").arg(toQ(done.result.error)), true);
        Q_EMIT runFinished();
        return;
    }
    m_last = done.result;
    m_inputNames = readablePaths(m_runSnapshot->document);
    showRun(*m_last);
    const SnapshotPtr latest = snapshot();
    m_stale->setVisible(latest && latest->generation != m_runGeneration);
    Q_EMIT runFinished();
}

void SensitivityPage::showRun(const core::SensitivityResult& r) {
    const Unit unit = unitOfPath(r.result);
    setStatus(tr("%1 = %2 at base; each input moved by ±%3 %: %4 inputs, %5 evaluations "
                 "in %6 s. Largest swing first.")
                  .arg(toQ(r.result), formatValue(r.baseResult, unit))
                  .arg(r.deltaShare * 100)
                  .arg(r.rows.size())
                  .arg(r.evaluations)
                  .arg(m_lastRunMs / 1000.0, 0, 'f', 1));
    fillTornado(r);
    fillTable(r);
}

void SensitivityPage::fillTornado(const core::SensitivityResult& r) {
    const std::size_t shown = std::min(r.rows.size(), kTornadoRows);
    // A horizontal bar chart draws its first category at the bottom: add the rows in
    // reverse so that the largest swing is on top.
    m_tornadoRows.assign(r.rows.rbegin() + static_cast<std::ptrdiff_t>(r.rows.size() - shown),
                         r.rows.rend());
    QStringList names;
    QList<double> low, high;
    double extent = 0;
    for (const core::SensitivityRow& row : m_tornadoRows) {
        const auto name = m_inputNames.find(row.input);
        names << toQ(name != m_inputNames.end() ? name->second : row.input);
        low << row.resultLow - r.baseResult;
        high << row.resultHigh - r.baseResult;
        extent = std::max({extent, std::abs(low.back()), std::abs(high.back())});
    }
    setBarValues(m_lowSet, low);
    setBarValues(m_highSet, high);
    const QString percent = QString::number(r.deltaShare * 100, 'g', 4);
    m_lowSet->setLabel(tr("Input −%1 %").arg(percent));
    m_highSet->setLabel(tr("Input +%1 %").arg(percent));
    if (m_tornadoInputs->categories() != names)
        m_tornadoInputs->setCategories(names);
    extent = extent > 0 ? extent * 1.08 : 1;
    m_tornadoAxis->setRange(-extent, extent);
    m_tornadoAxis->applyNiceNumbers();
    m_tornadoAxis->setLabelFormat(extent >= 100 ? QStringLiteral("%.0f") : QStringLiteral("%.3g"));
    const Unit unit = unitOfPath(r.result);
    ChartView::setUnits(m_tornado, Unit::Plain, unit);
    const QString suffix = unitLabel(unit);
    m_tornadoAxis->setTitleText(
        tr("change of %1 from its base %2%3")
            .arg(toQ(r.result), formatValue(r.baseResult, unit),
                 suffix.isEmpty() ? QString() : QStringLiteral(" (") + suffix + QLatin1Char(')')));
    m_tornadoChart->chart()->setTitle(
        tr("Tornado: %1, top %2 of %3 inputs").arg(toQ(r.result)).arg(shown).arg(r.rows.size()));
}

void SensitivityPage::fillTable(const core::SensitivityResult& r) {
    const Unit resultUnit = unitOfPath(r.result);
    m_table->setRowCount(static_cast<int>(r.rows.size()));
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const core::SensitivityRow& row = r.rows[i];
        const auto name = m_inputNames.find(row.input);
        const std::string& input = name != m_inputNames.end() ? name->second : row.input;
        const Unit inputUnit = unitOfPath(input);
        const double values[] = {
            0, row.base, row.low, row.high, row.resultLow, row.resultHigh, row.swing};
        const int r0 = static_cast<int>(i);
        m_table->setItem(r0, 0, cell(toQ(input)));
        for (int c = 1; c <= 6; ++c)
            m_table->setItem(
                r0, c, cell(formatValue(values[c], c <= 3 ? inputUnit : resultUnit), values[c]));
        m_table->setItem(r0, 7, cell(toQ(row.note)));
        m_table->item(r0, 0)->setToolTip(toQ(row.input));
    }
}

void SensitivityPage::showTooltip(bool state, int index, QBarSet* set) {
    if (!state || !m_last || index < 0 || index >= static_cast<int>(m_tornadoRows.size()))
        return;
    const core::SensitivityRow& row = m_tornadoRows[static_cast<std::size_t>(index)];
    const bool low = set == m_lowSet;
    const Unit resultUnit = unitOfPath(m_last->result);
    const auto name = m_inputNames.find(row.input);
    const std::string& input = name != m_inputNames.end() ? name->second : row.input;
    const Unit inputUnit = unitOfPath(input);
    const double result = low ? row.resultLow : row.resultHigh;
    QString text =
        tr("%1\n%2 → %3 (base %4)\n%5 = %6 (%7 from base)")
            .arg(toQ(input), set->label(), formatValue(low ? row.low : row.high, inputUnit),
                 formatValue(row.base, inputUnit), toQ(m_last->result),
                 formatValue(result, resultUnit))
            .arg((result >= m_last->baseResult ? QStringLiteral("+") : QString()) +
                 formatValue(result - m_last->baseResult, resultUnit));
    if (!row.note.empty())
        text += QLatin1Char('\n') + toQ(row.note);
    QToolTip::showText(QCursor::pos(), text, m_tornadoChart);
}

void SensitivityPage::openGoalSeek() {
    const SnapshotPtr snap = snapshot();
    if (!snap || !snap->ok) {
        QMessageBox::information(this, tr("Goal Seek"),
                                 tr("Goal seek needs a scenario without problems."));
        return;
    }
    GoalSeekDialog dialog(document(), snap, this);
    dialog.exec();
}

} // namespace tierlab::gui
