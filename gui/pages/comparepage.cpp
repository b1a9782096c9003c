// SPDX-License-Identifier: MIT
#include "comparepage.h"

#include "comparecharts.h"
#include "comparepaths.h"
#include "document/workspacedocument.h"
#include "widgets/tablecells.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <optional>
#include <set>

namespace tierlab::gui {

namespace {

const QString kMissing = QStringLiteral("—");

QTableWidgetItem* cell(const QString& text, std::optional<double> number = std::nullopt) {
    if (number)
        return numberCell(text, *number);
    QTableWidgetItem* item = readOnlyCell(text);
    item->setToolTip(text); // long paths and strings are elided in the table
    return item;
}

QTableWidget* makeTable(const QStringList& headers, const QString& name) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    // Paths take what the numbers leave, elided in the middle (the tooltip has them whole).
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->setTextElideMode(Qt::ElideMiddle);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setMinimumHeight(table->verticalHeader()->defaultSectionSize() * 4);
    return table;
}

std::optional<double> numberOf(const std::map<std::string, JsonLeaf>& leaves,
                               const std::string& path) {
    const auto it = leaves.find(path);
    if (it == leaves.end() || !it->second.value.is_number())
        return std::nullopt;
    return it->second.value.get<double>();
}

} // namespace

ComparePage::ComparePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {
    m_sideA.evaluator = new Evaluator(this);
    m_sideB.evaluator = new Evaluator(this);
    for (Evaluator* own : {m_sideA.evaluator, m_sideB.evaluator}) {
        own->setWorkspacePath(document->filePath());
        connect(own, &Evaluator::evaluated, this, &ComparePage::showComparison);
    }
    // Tables above charts, each part as tall as the user drags it.
    auto* parts = new QSplitter(Qt::Vertical);
    parts->setChildrenCollapsible(false);
    parts->addWidget(buildTables());
    m_charts = new CompareCharts;
    parts->addWidget(m_charts);
    parts->setStretchFactor(0, 1);
    parts->setStretchFactor(1, 1);
    parts->setSizes({1000, 1000}); // half and half, whatever the size hints
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buildChoosers());
    layout->addWidget(m_hint);
    layout->addWidget(parts, 1);
    connectDocument();
    fillChoosers();
}

QLayout* ComparePage::buildChoosers() {
    m_chooserA = new QComboBox;
    m_chooserA->setObjectName(QStringLiteral("scenarioA"));
    m_chooserB = new QComboBox;
    m_chooserB->setObjectName(QStringLiteral("scenarioB"));
    for (QComboBox* chooser : {m_chooserA, m_chooserB}) {
        chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(chooser, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling && isVisible())
                requestEvaluations();
        });
    }
    m_status = new QLabel;
    m_hint = new QLabel(tr("This workspace has one scenario. To compare, duplicate it "
                           "(Scenario > Duplicate Scenario, Ctrl+D), change the copy, and "
                           "choose both here."));
    m_hint->setObjectName(QStringLiteral("oneScenarioHint"));
    m_hint->setWordWrap(true);
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter paths…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(260);
    connect(m_filter, &QLineEdit::textChanged, this, &ComparePage::applyFilter);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("A:")));
    row->addWidget(m_chooserA);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("B:")));
    row->addWidget(m_chooserB);
    row->addSpacing(12);
    row->addWidget(m_status, 1);
    row->addWidget(m_filter);
    return row;
}

QWidget* ComparePage::buildTables() {
    m_inputs = makeTable({tr("Input"), tr("A"), tr("B")}, QStringLiteral("inputsTable"));
    m_inputs->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_results = makeTable({tr("Result"), tr("A"), tr("B"), tr("B − A"), tr("Change")},
                          QStringLiteral("resultsTable"));
    m_inputsBox = new QGroupBox(tr("Inputs that differ"));
    (new QVBoxLayout(m_inputsBox))->addWidget(m_inputs);
    m_resultsBox = new QGroupBox(tr("Results that differ"));
    (new QVBoxLayout(m_resultsBox))->addWidget(m_results);
    auto* tables = new QSplitter(Qt::Vertical);
    tables->setChildrenCollapsible(false);
    tables->addWidget(m_inputsBox);
    tables->addWidget(m_resultsBox);
    tables->setStretchFactor(0, 2);
    tables->setStretchFactor(1, 3);
    return tables;
}

void ComparePage::connectDocument() {
    WorkspaceDocument* doc = document();
    connect(doc, &WorkspaceDocument::scenarioListChanged, this, &ComparePage::fillChoosers);
    connect(doc, &WorkspaceDocument::activeScenarioChanged, this,
            &ComparePage::onActiveScenarioChanged);
    connect(doc, &WorkspaceDocument::scenarioChanged, this, &ComparePage::onScenarioChanged);
    // A new file or new data sets change what a scenario's usage decodes to: evaluate again.
    const auto reevaluate = [this](bool newFile) {
        for (Side* side : {&m_sideA, &m_sideB}) {
            if (newFile)
                side->evaluator->setWorkspacePath(document()->filePath());
            side->evaluator->invalidateUsage();
            side->requestedName.clear();
            side->stale = true;
        }
        m_shownA.reset();
        m_shownB.reset();
        if (isVisible())
            requestEvaluations();
    };
    connect(doc, &WorkspaceDocument::filePathChanged, this, [reevaluate] { reevaluate(true); });
    connect(doc, &WorkspaceDocument::datasetsChanged, this, [reevaluate] { reevaluate(false); });
}

QString ComparePage::scenarioA() const {
    return m_chooserA->currentText();
}

QString ComparePage::scenarioB() const {
    return m_chooserB->currentText();
}

void ComparePage::setScenarios(const QString& a, const QString& b) {
    m_filling = true;
    m_chooserA->setCurrentIndex(m_chooserA->findText(a));
    m_chooserB->setCurrentIndex(m_chooserB->findText(b));
    m_filling = false;
    requestEvaluations();
}

void ComparePage::fillChoosers() {
    const QStringList names = document()->scenarioNames();
    QString a = scenarioA();
    QString b = scenarioB();
    if (!names.contains(a))
        a = document()->activeScenarioName();
    if (!names.contains(b) || b == a) {
        // A copy ("X copy", "X copy (2)", as Scenario > Duplicate names it) is compared with
        // the scenario it was made from; anything else with the first other scenario that
        // has the same tiers, or else the first other one.
        b.clear();
        const qsizetype copyAt = a.lastIndexOf(tr(" copy"));
        const QString origin = copyAt > 0 ? a.left(copyAt) : QString();
        if (!origin.isEmpty() && names.contains(origin))
            b = origin;
        const auto tierIds = [this](const QString& name) {
            QStringList ids;
            const core::Json& doc = document()->scenario(name);
            if (doc.contains("tiers") && doc["tiers"].is_array())
                for (const core::Json& tier : doc["tiers"])
                    if (tier.is_object())
                        ids << toQ(tier.value("id", std::string()));
            return ids;
        };
        const QStringList tiersOfA = tierIds(a);
        for (const QString& name : names)
            if (b.isEmpty() && name != a && !tiersOfA.isEmpty() && tierIds(name) == tiersOfA)
                b = name;
        for (const QString& name : names)
            if (b.isEmpty() && name != a)
                b = name;
    }
    m_filling = true;
    for (QComboBox* chooser : {m_chooserA, m_chooserB}) {
        chooser->clear();
        chooser->addItems(names);
    }
    m_chooserA->setCurrentIndex(m_chooserA->findText(a));
    m_chooserB->setCurrentIndex(m_chooserB->findText(b));
    m_filling = false;
    const bool alone = names.size() < 2;
    m_hint->setVisible(alone);
    m_chooserB->setEnabled(!alone);
    if (isVisible())
        requestEvaluations();
}

void ComparePage::onActiveScenarioChanged(const QString& name) {
    // A follows the active scenario; B keeps its choice unless that is now A (a duplicate
    // becomes active: compare it with the scenario it came from).
    const QString previous = scenarioA();
    if (name.isEmpty() || name == previous)
        return;
    m_filling = true;
    m_chooserA->setCurrentIndex(m_chooserA->findText(name));
    if (scenarioB() == name || scenarioB().isEmpty())
        m_chooserB->setCurrentIndex(m_chooserB->findText(previous));
    m_filling = false;
    if (isVisible())
        requestEvaluations();
}

void ComparePage::onScenarioChanged(const QString& name) {
    if (name != scenarioA() && name != scenarioB())
        return;
    if (isVisible())
        requestEvaluations();
}

void ComparePage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    requestEvaluations();
}

void ComparePage::showResults(const EvalSnapshot&) {
    // A new evaluation of the active scenario: the side showing it takes it from there.
    requestEvaluations();
}

SnapshotPtr ComparePage::current(const QString& name, const Side& side) const {
    const core::Json& doc = document()->scenario(name);
    const SnapshotPtr own = side.stale ? nullptr : side.evaluator->latest();
    for (const SnapshotPtr& snap : {snapshot(), own})
        if (snap && snap->scenarioName == name && snap->document == doc)
            return snap;
    return nullptr;
}

void ComparePage::requestSide(const QString& name, Side& side) {
    if (current(name, side))
        return;
    // The active scenario is being evaluated by the shared evaluator after every edit: wait
    // for that rather than evaluate (and hold a data set) twice.
    if (name == document()->activeScenarioName() && evaluator()->isBusy())
        return;
    const core::Json& doc = document()->scenario(name);
    if (side.evaluator->isBusy() && side.requestedName == name && side.requested == doc)
        return; // on its way
    side.requestedName = name;
    side.requested = doc;
    side.stale = false;
    side.evaluator->request(name, doc);
}

void ComparePage::requestEvaluations() {
    const QString a = scenarioA();
    const QString b = scenarioB();
    if (a.isEmpty() || b.isEmpty()) {
        clearComparison(tr("Choose two scenarios."));
        return;
    }
    requestSide(a, m_sideA);
    requestSide(b, m_sideB);
    showComparison();
}

bool ComparePage::isEvaluating() const {
    return m_sideA.evaluator->isBusy() || m_sideB.evaluator->isBusy() || evaluator()->isBusy();
}

void ComparePage::waitForIdle() {
    // A shared evaluation that turns out stale calls for one of our own: at most one round
    // more.
    for (int round = 0; round < 3; ++round) {
        requestEvaluations();
        if (!isEvaluating())
            break;
        evaluator()->waitForIdle();
        m_sideA.evaluator->waitForIdle();
        m_sideB.evaluator->waitForIdle();
        QCoreApplication::processEvents();
    }
}

void ComparePage::clearComparison(const QString& status) {
    m_status->setText(status);
    m_inputs->setRowCount(0);
    m_results->setRowCount(0);
    m_charts->showComparison(nullptr, nullptr);
    m_shownA.reset();
    m_shownB.reset();
}

void ComparePage::showComparison() {
    const SnapshotPtr a = current(scenarioA(), m_sideA);
    const SnapshotPtr b = current(scenarioB(), m_sideB);
    if (!a || !b) {
        m_status->setText(tr("Evaluating…"));
        return; // the side still evaluating calls again
    }
    if (a == m_shownA && b == m_shownB)
        return;
    m_shownA = a;
    m_shownB = b;
    QStringList notes;
    if (a->scenarioName == b->scenarioName)
        notes << tr("A and B are the same scenario.");
    if (!a->ok)
        notes << tr("A has problems: its results are incomplete.");
    if (!b->ok)
        notes << tr("B has problems: its results are incomplete.");
    m_status->setText(notes.join(QLatin1Char(' ')));
    fillInputs(*a, *b);
    fillResults(*a, *b);
    m_charts->showComparison(a, b);
    applyFilter();
}

void ComparePage::fillInputs(const EvalSnapshot& a, const EvalSnapshot& b) {
    const auto left = flattenJson(a.document);
    const auto right = flattenJson(b.document);
    std::set<std::string> paths;
    for (const auto* side : {&left, &right})
        for (const auto& [path, leaf] : *side)
            paths.insert(path);
    m_inputs->setRowCount(0);
    for (const std::string& path : paths) {
        const auto l = left.find(path);
        const auto r = right.find(path);
        if (l != left.end() && r != right.end() && l->second.value == r->second.value)
            continue;
        const auto valueCell = [&path](const std::map<std::string, JsonLeaf>& side) {
            const auto found = side.find(path);
            if (found == side.end())
                return cell(kMissing);
            const core::Json& v = found->second.value;
            return v.is_number() ? cell(formatJsonValue(v), v.get<double>())
                                 : cell(formatJsonValue(v));
        };
        const int row = m_inputs->rowCount();
        m_inputs->insertRow(row);
        m_inputs->setItem(row, 0, cell(toQ(path)));
        m_inputs->setItem(row, 1, valueCell(left));
        m_inputs->setItem(row, 2, valueCell(right));
    }
    m_inputsBox->setTitle(tr("Inputs that differ (%1)").arg(m_inputs->rowCount()));
}

void ComparePage::fillResults(const EvalSnapshot& a, const EvalSnapshot& b) {
    const auto left = flattenJson(a.resultsJson, true);
    const auto right = flattenJson(b.resultsJson, true);
    std::set<std::string> paths;
    for (const auto* side : {&left, &right})
        for (const auto& [path, leaf] : *side)
            if (leaf.value.is_number())
                paths.insert(path);
    m_results->setRowCount(0);
    for (const std::string& path : paths) {
        const std::optional<double> va = numberOf(left, path);
        const std::optional<double> vb = numberOf(right, path);
        if (va && vb && *va == *vb)
            continue;
        const Unit unit = unitOfPath(path);
        const int row = m_results->rowCount();
        m_results->insertRow(row);
        m_results->setItem(row, 0, cell(toQ(path)));
        m_results->setItem(row, 1, va ? cell(formatValue(*va, unit), *va) : cell(kMissing));
        m_results->setItem(row, 2, vb ? cell(formatValue(*vb, unit), *vb) : cell(kMissing));
        if (!va || !vb) {
            m_results->setItem(row, 3, cell(kMissing));
            m_results->setItem(row, 4, cell(kMissing));
            continue;
        }
        const double delta = *vb - *va;
        const QString sign = delta > 0 ? QStringLiteral("+") : QString();
        m_results->setItem(row, 3, cell(sign + formatValue(delta, unit), delta));
        if (*va != 0) {
            const double relative = delta / std::abs(*va);
            m_results->setItem(row, 4, cell(sign + formatValue(relative, Unit::Share), relative));
        } else {
            m_results->setItem(row, 4, cell(kMissing));
        }
    }
    m_resultsBox->setTitle(tr("Results that differ (%1)").arg(m_results->rowCount()));
}

void ComparePage::applyFilter() {
    const QString text = m_filter->text().trimmed();
    for (QTableWidget* table : {m_inputs, m_results})
        for (int row = 0; row < table->rowCount(); ++row)
            table->setRowHidden(row, !text.isEmpty() && !table->item(row, 0)->text().contains(
                                                            text, Qt::CaseInsensitive));
}

} // namespace tierlab::gui
