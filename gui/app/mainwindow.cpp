// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "app/convert.h"
#include "app/settings.h"
#include "charts/chartview.h"
#include "commands/scenariocommands.h"
#include "curves/curveimport.h"
#include "dialogs/importdialog.h"
#include "document/workspacedocument.h"
#include "pages/capacitypage.h"
#include "pages/comparepage.h"
#include "pages/hardwarepage.h"
#include "pages/modelspage.h"
#include "pages/overviewpage.h"
#include "pages/routingpage.h"
#include "pages/sensitivitypage.h"
#include "pages/tierspage.h"
#include "pages/usagepage.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

namespace tierlab::gui {

namespace {

bool isUsageFile(const QString& path) {
    const QString p = path.toLower();
    for (const char* suffix : {".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".json.gz", ".tsv"})
        if (p.endsWith(QLatin1String(suffix)))
            return true;
    return false;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_evaluator(new Evaluator) {
    setWindowIcon(QIcon(QStringLiteral(":/icons/tierlab.svg")));
    setAcceptDrops(true);
    setObjectName(QStringLiteral("MainWindow"));

    m_sidebar = new QListWidget;
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setMinimumWidth(150);
    m_sidebar->setSpacing(2);
    m_stack = new QStackedWidget;
    auto* splitter = new QSplitter;
    splitter->addWidget(m_sidebar);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({190, 1200});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_stack->setCurrentIndex(row);
    });

    m_scenarioLabel = new QLabel;
    m_datasetLabel = new QLabel;
    m_evalLabel = new QLabel;
    statusBar()->addWidget(m_scenarioLabel);
    statusBar()->addWidget(m_datasetLabel);
    statusBar()->addPermanentWidget(m_evalLabel);

    createActions();
    createMenus();
    createDock();

    connect(m_evaluator.get(), &Evaluator::evaluated, this, [this](SnapshotPtr snap) {
        showDiagnostics(*snap);
        updateStatus();
    });
    connect(m_evaluator.get(), &Evaluator::busyChanged, this, [this] { updateStatus(); });

    resize(1280, 820);
    restoreGeometry(settings::windowGeometry());
    restoreState(settings::windowState());
}

MainWindow::~MainWindow() {
    // Pages hold pointers into the document and evaluator: they go first.
    for (Page* p : m_pages)
        delete p;
    m_pages.clear();
}

void MainWindow::setDocument(std::unique_ptr<WorkspaceDocument> document) {
    for (Page* p : m_pages)
        delete p;
    m_pages.clear();
    m_document = std::move(document);
    WorkspaceDocument* doc = m_document.get();
    m_evaluator->setWorkspacePath(doc->filePath());

    const QString remembered = settings::activeScenario(doc->filePath());
    if (!doc->isUntitled() && doc->hasScenario(remembered))
        doc->setActiveScenario(remembered);

    m_undo->disconnect();
    m_redo->disconnect();
    connect(m_undo, &QAction::triggered, doc->undoStack(), &QUndoStack::undo);
    connect(m_redo, &QAction::triggered, doc->undoStack(), &QUndoStack::redo);
    connect(doc->undoStack(), &QUndoStack::canUndoChanged, m_undo, &QAction::setEnabled);
    connect(doc->undoStack(), &QUndoStack::canRedoChanged, m_redo, &QAction::setEnabled);
    connect(doc->undoStack(), &QUndoStack::undoTextChanged, this, [this](const QString& t) {
        m_undo->setText(t.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(t));
    });
    connect(doc->undoStack(), &QUndoStack::redoTextChanged, this, [this](const QString& t) {
        m_redo->setText(t.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(t));
    });
    m_undo->setEnabled(false);
    m_redo->setEnabled(false);

    connect(doc, &WorkspaceDocument::scenarioChanged, this, [this](const QString& name) {
        if (name == m_document->activeScenarioName())
            requestEvaluation();
    });
    connect(doc, &WorkspaceDocument::activeScenarioChanged, this, [this](const QString& name) {
        if (!m_document->isUntitled())
            settings::setActiveScenario(m_document->filePath(), name);
        updateScenarioChooser();
        requestEvaluation();
    });
    connect(doc, &WorkspaceDocument::scenarioListChanged, this, &MainWindow::updateScenarioChooser);
    connect(doc, &WorkspaceDocument::datasetsChanged, this, [this] {
        m_evaluator->invalidateUsage();
        requestEvaluation();
    });
    connect(doc, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(doc, &WorkspaceDocument::filePathChanged, this, [this] {
        m_evaluator->setWorkspacePath(m_document->filePath());
        settings::addRecentFile(m_document->filePath());
        updateRecentMenu();
        updateTitle();
    });

    rebuildPages();
    updateScenarioChooser();
    updateTitle();
    requestEvaluation();
}

void MainWindow::rebuildPages() {
    WorkspaceDocument* doc = m_document.get();
    Evaluator* ev = m_evaluator.get();
    m_pages = {new OverviewPage(doc, ev), new HardwarePage(doc, ev),    new ModelsPage(doc, ev),
               new TiersPage(doc, ev),    new UsagePage(doc, ev),       new RoutingPage(doc, ev),
               new ComparePage(doc, ev),  new SensitivityPage(doc, ev), new CapacityPage(doc, ev)};
    const int current = std::max(0, m_sidebar->currentRow());
    m_sidebar->clear();
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        Page* page = m_pages[i];
        page->setObjectName(page->title());
        auto* scroll = new QScrollArea;
        scroll->setWidget(page);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        m_stack->addWidget(scroll);
        auto* item = new QListWidgetItem(page->title());
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(page->title()).arg(i + 1));
        item->setSizeHint(QSize(0, 30));
        m_sidebar->addItem(item);
    }
    // Drop the previous pages' scroll areas (their pages are already gone).
    while (m_stack->count() > static_cast<int>(m_pages.size())) {
        QWidget* old = m_stack->widget(0);
        m_stack->removeWidget(old);
        delete old;
    }
    showPage(std::min(current, static_cast<int>(m_pages.size()) - 1));
}

void MainWindow::showPage(int index) {
    if (index < 0 || index >= static_cast<int>(m_pages.size()))
        return;
    m_sidebar->setCurrentRow(index);
    m_stack->setCurrentIndex(index);
}

int MainWindow::currentPage() const {
    return m_stack->currentIndex();
}

QAction* MainWindow::action(const QString& objectName) const {
    return findChild<QAction*>(objectName);
}

void MainWindow::requestEvaluation() {
    if (!m_document || !m_document->hasScenario(m_document->activeScenarioName()))
        return;
    m_evaluator->request(m_document->activeScenarioName(), m_document->activeScenario());
}

bool MainWindow::openFile(const QString& path) {
    std::unique_ptr<WorkspaceDocument> doc;
    try {
        doc = WorkspaceDocument::open(path);
    } catch (const std::exception& e) {
        QMessageBox::warning(
            this, tr("Open Workspace"),
            tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(path), toQ(e.what())));
        settings::removeRecentFile(QFileInfo(path).absoluteFilePath());
        updateRecentMenu();
        return false;
    }
    if (!maybeSave())
        return false;
    setDocument(std::move(doc));
    settings::addRecentFile(path);
    updateRecentMenu();
    return true;
}

void MainWindow::newFromTemplate(const QString& templateName) {
    if (m_document && !maybeSave())
        return;
    try {
        setDocument(WorkspaceDocument::createUntitled(templateName));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("New Workspace"), toQ(e.what()));
    }
}

void MainWindow::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Workspace"), QString(), tr("TierLab workspaces (*.tierlab);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save() {
    if (!m_document)
        return false;
    if (m_document->isUntitled())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        QMessageBox::warning(this, tr("Save"), tr("Cannot save: %1").arg(error));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_document->displayName()), 3000);
    return true;
}

bool MainWindow::saveAs() {
    if (!m_document)
        return false;
    QString path = QFileDialog::getSaveFileName(this, tr("Save Workspace As"),
                                                m_document->isUntitled() ? tr("Untitled.tierlab")
                                                                         : m_document->filePath(),
                                                tr("TierLab workspaces (*.tierlab)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".tierlab")))
        path += QLatin1String(".tierlab");
    QString error;
    if (!m_document->saveAs(path, &error)) {
        QMessageBox::warning(this, tr("Save As"), tr("Cannot save: %1").arg(error));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_document->displayName()), 3000);
    return true;
}

bool MainWindow::maybeSave() {
    if (!m_document || !m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved Changes"),
        tr("%1 has unsaved changes. Save them?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    settings::setWindowGeometry(saveGeometry());
    settings::setWindowState(saveState());
    settings::setLastPage(currentPage());
    event->accept();
}

void MainWindow::updateTitle() {
    if (!m_document)
        return;
    setWindowTitle(QStringLiteral("%1[*] — TierLab").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateScenarioChooser() {
    const QSignalBlocker block(m_scenarioBox);
    m_scenarioBox->clear();
    if (!m_document)
        return;
    m_scenarioBox->addItems(m_document->scenarioNames());
    m_scenarioBox->setCurrentText(m_document->activeScenarioName());
    updateStatus();
}

void MainWindow::updateStatus() {
    if (!m_document)
        return;
    m_scenarioLabel->setText(tr("Scenario: %1").arg(m_document->activeScenarioName()));
    const auto usage = m_document->activeValue("usage");
    QString dataset = tr("none");
    if (usage && usage->is_string())
        dataset = toQ(usage->get<std::string>());
    else if (usage && usage->is_object() && usage->contains("dataset"))
        dataset = toQ((*usage)["dataset"].dump());
    else if (usage && usage->is_object() && usage->contains("synthetic"))
        dataset = tr("synthetic population");
    else if (usage && usage->is_object() && usage->contains("records"))
        dataset = tr("records in the scenario");
    dataset.remove(QLatin1Char('"'));
    m_datasetLabel->setText(tr("Data set: %1").arg(dataset));
    const SnapshotPtr snap = m_evaluator->latest();
    if (m_evaluator->isBusy())
        m_evalLabel->setText(tr("Evaluating…"));
    else if (snap && snap->ok)
        m_evalLabel->setText(tr("Evaluated in %1 ms").arg(snap->evaluationMs, 0, 'f', 1));
    else if (snap)
        m_evalLabel->setText(tr("%n problem(s)", "", static_cast<int>(snap->diagnostics.size())));
}

void MainWindow::showDiagnostics(const EvalSnapshot& snap) {
    m_problems->clear();
    for (const core::Diagnostic& d : snap.diagnostics) {
        auto* item = new QListWidgetItem(QStringLiteral("%1: %2").arg(
            d.path.empty() ? tr("scenario") : toQ(d.path), toQ(d.message)));
        item->setData(Qt::UserRole, toQ(d.path));
        item->setIcon(style()->standardIcon(d.isError() ? QStyle::SP_MessageBoxCritical
                                                        : QStyle::SP_MessageBoxWarning));
        m_problems->addItem(item);
    }
    const bool errors = core::hasErrors(snap.diagnostics);
    if (errors)
        m_problemsDock->show();
    m_problemsDock->setWindowTitle(snap.diagnostics.empty()
                                       ? tr("Problems")
                                       : tr("Problems (%1)").arg(snap.diagnostics.size()));
}

void MainWindow::createDock() {
    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problems = new QListWidget;
    m_problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();
    // A problem's path names its page: tiers[...] -> Tiers, pods[...] -> Hardware, ...
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const QString path = item->data(Qt::UserRole).toString();
        const std::pair<const char*, int> pages[] = {{"accelerators", 1}, {"pods", 1},
                                                     {"models", 2},       {"tiers", 3},
                                                     {"usage", 4},        {"routing", 5}};
        for (const auto& [prefix, page] : pages)
            if (path.startsWith(QLatin1String(prefix)))
                showPage(page);
        statusBar()->showMessage(item->text(), 8000);
    });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    openDroppedFiles(event->mimeData()->urls());
    event->acceptProposedAction();
}

void MainWindow::openDroppedFiles(const QList<QUrl>& urls) {
    for (const QUrl& url : urls) {
        const QString path = url.toLocalFile();
        if (path.isEmpty())
            continue;
        if (path.endsWith(QLatin1String(".tierlab")))
            openFile(path);
        else if (path.endsWith(QLatin1String(".json")))
            importScenarioFile(path);
        else if (isUsageFile(path))
            importUsage(path);
        else
            statusBar()->showMessage(tr("Not a workspace, scenario or usage file: %1").arg(path),
                                     8000);
    }
}

void MainWindow::importUsage(const QString& path) {
    if (!m_document)
        return;
    ImportDialog dialog(m_document.get(), path, this);
    if (dialog.exec() == QDialog::Accepted) {
        m_document->notifyDatasetsChanged();
        showPage(4);
    }
}

void MainWindow::importCurves(const QStringList& given) {
    if (!m_document)
        return;
    QStringList paths = given;
    if (paths.isEmpty())
        paths = QFileDialog::getOpenFileNames(
            this, tr("Import Serving Benchmarks"), QString(),
            tr("Serving benchmarks (*.json *.jsonl *.csv);;All files (*)"));
    if (paths.isEmpty())
        return;
    // Every file is read before anything is stored: a file that does not read stores nothing.
    std::vector<core::Curve> curves;
    std::string format;
    try {
        for (const QString& path : paths) {
            core::CurveImport imported = core::importCurveFile(toStd(path));
            const std::string name = core::curveFormatName(imported.format);
            format = format.empty() || format == name ? name : "mixed";
            core::mergeCurves(curves, std::move(imported.curves));
        }
        if (curves.empty())
            throw core::CurveImportError("the files hold no operating point");
        core::Transaction t(m_document->workspace().db());
        QStringList names;
        for (const core::Curve& c : curves)
            names << toQ(m_document->workspace().putCurve(c, format));
        t.commit();
        m_document->notifyDatasetsChanged(); // re-read the stored curves and re-evaluate
        statusBar()->showMessage(
            tr("Stored %n operating curve(s): %1. A model serves from one when its "
               "serving.curve names it.",
               nullptr, static_cast<int>(names.size()))
                .arg(names.join(QStringLiteral("; "))),
            15000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Import Serving Benchmarks"), toQ(e.what()));
    }
}

bool MainWindow::importScenarioFile(const QString& path) {
    std::string readError;
    const auto text = core::readTextFile(toStd(path), readError);
    const core::ParsedJson parsed = core::parseJsonText(text.value_or(std::string()));
    QString problem;
    if (!text)
        problem = toQ(readError);
    else if (parsed.error)
        problem = toQ(core::formatDiagnostic(*parsed.error));
    else if (!parsed.doc.is_object())
        problem = tr("not a scenario (a JSON object)");
    if (problem.isEmpty()) {
        // Invalid values are kept and listed under Problems, so the user can fix them here.
        const QString name = m_document->uniqueScenarioName(QFileInfo(path).completeBaseName());
        m_document->undoStack()->push(new ScenarioCommand(m_document.get(), name, parsed.doc,
                                                          tr("Import scenario %1").arg(name)));
        return true;
    }
    QMessageBox::warning(this, tr("Import Scenario"),
                         tr("%1: %2").arg(QDir::toNativeSeparators(path), problem));
    return false;
}

void MainWindow::exportScenario() {
    if (!m_document)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Scenario"), m_document->activeScenarioName() + QStringLiteral(".json"),
        tr("Scenario files (*.json)"));
    if (path.isEmpty())
        return;
    std::string error;
    if (!core::writeTextFileAtomic(toStd(path), core::writeJsonText(m_document->activeScenario()),
                                   error))
        QMessageBox::warning(this, tr("Export Scenario"),
                             tr("Cannot write %1: %2").arg(path, toQ(error)));
}

void MainWindow::duplicateScenario() {
    const QString from = m_document->activeScenarioName();
    const QString name = m_document->uniqueScenarioName(from + tr(" copy"));
    m_document->undoStack()->push(new ScenarioCommand(m_document.get(), name,
                                                      m_document->activeScenario(),
                                                      tr("Duplicate scenario %1").arg(from)));
}

void MainWindow::renameScenario() {
    const QString from = m_document->activeScenarioName();
    bool ok = false;
    const QString to = QInputDialog::getText(this, tr("Rename Scenario"), tr("New name:"),
                                             QLineEdit::Normal, from, &ok)
                           .trimmed();
    if (!ok || to.isEmpty() || to == from)
        return;
    if (m_document->hasScenario(to)) {
        QMessageBox::warning(this, tr("Rename Scenario"),
                             tr("A scenario named %1 already exists.").arg(to));
        return;
    }
    ScenarioCommand::pushRename(m_document.get(), from, to);
}

void MainWindow::deleteScenario() {
    if (m_document->scenarioNames().size() <= 1) {
        QMessageBox::information(this, tr("Delete Scenario"),
                                 tr("A workspace keeps at least one scenario."));
        return;
    }
    const QString name = m_document->activeScenarioName();
    m_document->undoStack()->push(new ScenarioCommand(m_document.get(), name, std::nullopt,
                                                      tr("Delete scenario %1").arg(name)));
}

} // namespace tierlab::gui
