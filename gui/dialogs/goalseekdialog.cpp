// SPDX-License-Identifier: MIT
#include "goalseekdialog.h"

#include "app/convert.h"
#include "charts/palette.h"
#include "commands/setvaluecommand.h"
#include "document/workerpools.h"
#include "document/workspacedocument.h"
#include "pages/comparepaths.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <functional>
#include <limits>

namespace tierlab::gui {

namespace {

core::GoalSeekResult compute(const core::Json& doc, const core::GoalSeekRequest& request,
                             const std::shared_ptr<const core::UsageData>& usage) {
    try {
        return core::goalSeek(doc, request, usage.get());
    } catch (const std::exception& e) {
        // An exception would reach the GUI thread as QUnhandledException (Qt Concurrent).
        core::GoalSeekResult failed;
        failed.error = e.what();
        return failed;
    }
}

QString number(double v) {
    return QLocale::c().toString(v, 'g', 10);
}

int indexWhere(const QComboBox* box, const std::function<bool(const QString&)>& wanted) {
    for (int i = 0; i < box->count(); ++i)
        if (wanted(box->itemText(i)))
            return i;
    return box->count() > 0 ? 0 : -1;
}

} // namespace

GoalSeekDialog::GoalSeekDialog(WorkspaceDocument* document, SnapshotPtr snapshot, QWidget* parent)
    : QDialog(parent), m_document(document), m_snapshot(std::move(snapshot)) {
    setWindowTitle(tr("Goal Seek — %1").arg(m_snapshot ? m_snapshot->scenarioName : QString()));
    QLayout* form = buildForm();
    m_solve = new QPushButton(tr("Solve"));
    m_solve->setDefault(true);
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0); // core reports no progress for a solve
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->setMinimumHeight(60);
    m_outcome->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close);
    m_apply = buttons->button(QDialogButtonBox::Apply);
    m_apply->setToolTip(tr("Write the solved value into the scenario (one undoable edit)"));
    m_apply->setEnabled(false);
    m_apply->setAutoDefault(false);
    connect(m_apply, &QPushButton::clicked, this, &GoalSeekDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_solve, &QPushButton::clicked, this, &GoalSeekDialog::solve);
    connect(&m_watcher, &QFutureWatcher<core::GoalSeekResult>::finished, this,
            &GoalSeekDialog::finished);

    auto* solveRow = new QHBoxLayout;
    solveRow->addWidget(m_solve);
    solveRow->addWidget(m_busy, 1);
    solveRow->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(solveRow);
    layout->addWidget(m_outcome, 1);
    layout->addWidget(buttons);
    fillChoosers();
    connectRequest();
    showCurrentValues();
    resize(620, sizeHint().height());
}

QLayout* GoalSeekDialog::buildForm() {
    m_input = new QComboBox;
    m_input->setObjectName(QStringLiteral("input"));
    m_result = new QComboBox;
    m_result->setObjectName(QStringLiteral("result"));
    for (QComboBox* box : {m_input, m_result}) {
        box->setEditable(true);
        box->setInsertPolicy(QComboBox::NoInsert);
        box->setMinimumContentsLength(40);
    }
    m_target = new QLineEdit;
    m_target->setObjectName(QStringLiteral("target"));
    m_current = new QLabel;
    m_current->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Vary input:"), m_input);
    form->addRow(tr("So that result:"), m_result);
    form->addRow(tr("Reaches:"), m_target);
    form->addRow(QString(), m_current);
    return form;
}

void GoalSeekDialog::connectRequest() {
    connect(m_input, &QComboBox::currentTextChanged, this, &GoalSeekDialog::requestChanged);
    connect(m_result, &QComboBox::currentTextChanged, this, [this] {
        // A new result: start from its current value.
        const double now = resultAtPath(toStd(m_result->currentText().trimmed()));
        if (std::isfinite(now))
            m_target->setText(number(now));
        requestChanged();
    });
    connect(m_target, &QLineEdit::textChanged, this, &GoalSeekDialog::requestChanged);
}

GoalSeekDialog::~GoalSeekDialog() = default;

double GoalSeekDialog::resultAtPath(const std::string& path) const {
    if (!m_snapshot)
        return std::numeric_limits<double>::quiet_NaN();
    const core::ConstPathLookup at = core::lookupPath(m_snapshot->resultsJson, path);
    return at.node && at.node->is_number() ? at.node->get<double>()
                                           : std::numeric_limits<double>::quiet_NaN();
}

void GoalSeekDialog::fillChoosers() {
    if (!m_snapshot || !m_snapshot->ok) {
        m_solve->setEnabled(false);
        m_outcome->setText(tr("Goal seek needs a scenario without problems."));
        return;
    }
    for (const InputChoice& input : continuousInputs(m_snapshot->document, m_snapshot->fields)) {
        m_input->addItem(toQ(input.readable), toQ(input.canonical));
        m_input->setItemData(
            m_input->count() - 1,
            tr("%1, now %2; %3")
                .arg(toQ(input.canonical), number(input.value), toQ(input.range.describe())),
            Qt::ToolTipRole);
    }
    for (const std::string& path : usefulResultPaths(m_snapshot->resultsJson))
        m_result->addItem(toQ(path));
    // A tier price against that tier's margin: the question goal seek is most often asked.
    m_input->setCurrentIndex(indexWhere(m_input, [](const QString& path) {
        return path.startsWith(QLatin1String("tiers[")) &&
               path.endsWith(QLatin1String(".price_usd_month"));
    }));
    m_result->setCurrentIndex(indexWhere(
        m_result, [](const QString& path) { return path.startsWith(QLatin1String("tiers[")); }));
    const double now = resultAtPath(toStd(m_result->currentText()));
    if (std::isfinite(now))
        m_target->setText(number(now));
}

std::optional<double> GoalSeekDialog::target() const {
    const QString text = m_target->text().trimmed();
    bool ok = false;
    double value = QLocale::c().toDouble(text, &ok);
    if (!ok)
        value = QLocale().toDouble(text, &ok);
    return ok && std::isfinite(value) ? std::optional(value) : std::nullopt;
}

void GoalSeekDialog::requestChanged() {
    // A solution answers the request it was asked for; a changed request needs a new solve.
    if (m_solution && m_solution->ok) {
        m_outcome->setStyleSheet(QString());
        m_outcome->setText(tr("The request changed: solve again to apply."));
    }
    m_solution.reset();
    m_apply->setEnabled(false);
    showCurrentValues();
}

void GoalSeekDialog::showCurrentValues() {
    if (!m_snapshot || !m_snapshot->ok)
        return;
    const QString input = m_input->currentText().trimmed();
    core::Json doc = m_snapshot->document;
    const core::PathLookup at = core::lookupPath(doc, toStd(input));
    const auto range = at.node ? m_snapshot->fields.find(at.canonical) : m_snapshot->fields.end();
    QString text =
        at.node && at.node->is_number() && range != m_snapshot->fields.end()
            ? tr("%1 is now %2 (%3).")
                  .arg(input, number(at.node->get<double>()), toQ(range->second.describe()))
            : tr("%1 is not a numeric input set in the scenario.").arg(input);
    const QString result = m_result->currentText().trimmed();
    const double now = resultAtPath(toStd(result));
    text += QLatin1Char(' ') + (std::isfinite(now)
                                    ? tr("%1 is now %2.").arg(result, number(now))
                                    : tr("%1 is not a number in the results.").arg(result));
    m_current->setText(text);
}

void GoalSeekDialog::solve() {
    if (m_solving || !m_snapshot || !m_snapshot->ok)
        return;
    const std::optional<double> goal = target();
    if (!goal) {
        m_outcome->setStyleSheet(textStyle(kErrorTextColor));
        m_outcome->setText(tr("The target must be a number."));
        return;
    }
    const core::GoalSeekRequest request{toStd(m_input->currentText().trimmed()),
                                        toStd(m_result->currentText().trimmed()), *goal};
    m_solvedInput = m_input->currentText().trimmed();
    m_solving = true;
    m_solution.reset();
    for (QWidget* w : std::initializer_list<QWidget*>{m_input, m_result, m_target, m_solve})
        w->setEnabled(false);
    m_apply->setEnabled(false);
    m_busy->show();
    m_outcome->setStyleSheet(QString());
    m_outcome->setText(tr("Solving…"));
    m_watcher.setFuture(
        QtConcurrent::run(workerPool(WorkerPool::GoalSeek),
                          [doc = m_snapshot->probeDocument, request, usage = m_snapshot->usage] {
                              return compute(doc, request, usage);
                          }));
}

void GoalSeekDialog::finished() {
    m_solving = false;
    for (QWidget* w : std::initializer_list<QWidget*>{m_input, m_result, m_target, m_solve})
        w->setEnabled(true);
    m_busy->hide();
    m_solution = m_watcher.result();
    const core::GoalSeekResult& r = *m_solution;
    if (!r.ok) {
        m_outcome->setStyleSheet(textStyle(kErrorTextColor));
        m_outcome->setText(tr("No solution: %1").arg(toQ(r.error)));
        Q_EMIT solved();
        return;
    }
    m_outcome->setText(tr("%1 = %2 (was %3)\n%4 = %5 (target %6)\n%7 evaluations")
                           .arg(m_solvedInput, number(r.solvedValue), number(r.originalValue),
                                m_result->currentText().trimmed(), number(r.achievedResult),
                                m_target->text().trimmed())
                           .arg(r.evaluations));
    m_apply->setEnabled(true);
    m_apply->setDefault(true);
    Q_EMIT solved();
}

void GoalSeekDialog::waitForIdle() {
    while (m_solving)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents | QEventLoop::AllEvents, 50);
}

bool GoalSeekDialog::apply() {
    if (!m_solution || !m_solution->ok || !m_document->hasScenario(m_snapshot->scenarioName))
        return false;
    const std::string& path = m_solution->input; // canonical
    const double value = m_solution->solvedValue;
    const QString text = tr("Goal seek %1").arg(m_solvedInput);
    // Into the scenario that was solved, which is the active one unless it changed meanwhile.
    const QString& scenario = m_snapshot->scenarioName;
    bool written = false;
    if (scenario == m_document->activeScenarioName()) {
        written = m_document->edit(path, value, text);
    } else if (auto command =
                   SetValueCommand::create(m_document, scenario, path, value, text, false)) {
        m_document->undoStack()->push(command.release());
        written = true;
    }
    const std::optional<core::Json> now = m_document->value(scenario, path);
    if (!written && !(now && now->is_number() && now->get<double>() == value)) {
        m_outcome->setText(tr("Cannot write %1 into %2.").arg(toQ(path), scenario));
        return false;
    }
    accept();
    return true;
}

} // namespace tierlab::gui
