// SPDX-License-Identifier: MIT
// The main window's actions and menus: every action has a keyboard shortcut.
#include "app/convert.h"
#include "app/settings.h"
#include "app/theme.h"
#include "charts/chartview.h"
#include "dialogs/goalseekdialog.h"
#include "document/workspacedocument.h"
#include "mainwindow.h"
#include "pages/page.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>
#include <QUndoStack>

namespace tierlab::gui {

namespace {

QAction* makeAction(QObject* parent, const QString& name, const QString& text,
                    const QKeySequence& shortcut) {
    auto* a = new QAction(text, parent);
    a->setObjectName(name);
    a->setShortcut(shortcut);
    a->setShortcutContext(Qt::ApplicationShortcut);
    return a;
}

// The sample scenarios a new workspace can start from (seeded from data/scenarios).
// The labels are translated by MainWindow::tr, whose context is the class's qualified name.
const std::pair<const char*, const char*> kTemplates[] = {
    {"example-tiers", QT_TRANSLATE_NOOP("tierlab::gui::MainWindow", "$20 / $100 / $200 Tiers")},
    {"reference-pod", QT_TRANSLATE_NOOP("tierlab::gui::MainWindow", "Reference 4x8 H200 Pod")},
    {"routing-reference", QT_TRANSLATE_NOOP("tierlab::gui::MainWindow", "Routing Mix")},
    {"routing-cascade", QT_TRANSLATE_NOOP("tierlab::gui::MainWindow", "Routing Cascade")},
};

} // namespace

void MainWindow::createActions() {
    auto add = [this](const QString& name, const QString& text, const QKeySequence& key,
                      auto slot) {
        QAction* a = makeAction(this, name, text, key);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    add(QStringLiteral("actionNew"), tr("&New Workspace"), QKeySequence::New,
        [this] { newFromTemplate(QStringLiteral("example-tiers")); });
    add(QStringLiteral("actionOpen"), tr("&Open…"), QKeySequence::Open, [this] { openDialog(); });
    add(QStringLiteral("actionSave"), tr("&Save"), QKeySequence::Save, [this] { save(); });
    add(QStringLiteral("actionSaveAs"), tr("Save &As…"), QKeySequence(tr("Ctrl+Shift+S")),
        [this] { saveAs(); });
    add(QStringLiteral("actionImportUsage"), tr("&Import Usage…"), QKeySequence(tr("Ctrl+I")),
        [this] { importUsage(); });
    add(QStringLiteral("actionImportCurves"), tr("Import Serving &Benchmarks…"),
        QKeySequence(tr("Ctrl+Shift+B")),
        [this] { importCurves(); });
    add(QStringLiteral("actionImportScenario"), tr("Import Scenario &JSON…"),
        QKeySequence(tr("Ctrl+Shift+I")), [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Import Scenario"), QString(), tr("Scenario files (*.json)"));
            if (!path.isEmpty())
                importScenarioFile(path);
        });
    add(QStringLiteral("actionExportScenario"), tr("&Export Scenario JSON…"),
        QKeySequence(tr("Ctrl+E")), [this] { exportScenario(); });
    add(QStringLiteral("actionExportReport"), tr("Export &Report…"),
        QKeySequence(tr("Ctrl+Shift+E")), [this] { exportReportDialog(); });
    add(QStringLiteral("actionQuit"), tr("&Quit"), QKeySequence(tr("Ctrl+Q")), [this] { close(); });

    m_undo = makeAction(this, QStringLiteral("actionUndo"), tr("&Undo"), QKeySequence::Undo);
    m_redo = makeAction(this, QStringLiteral("actionRedo"), tr("&Redo"), QKeySequence::Redo);
    addAction(m_undo);
    addAction(m_redo);
    add(QStringLiteral("actionGoalSeek"), tr("&Goal Seek…"), QKeySequence(tr("Ctrl+G")),
        [this] { goalSeek(); });

    add(QStringLiteral("actionDuplicateScenario"), tr("&Duplicate Scenario"),
        QKeySequence(tr("Ctrl+D")), [this] { duplicateScenario(); });
    add(QStringLiteral("actionRenameScenario"), tr("&Rename Scenario…"), QKeySequence(tr("F2")),
        [this] { renameScenario(); });
    add(QStringLiteral("actionDeleteScenario"), tr("De&lete Scenario"),
        QKeySequence(tr("Ctrl+Shift+Del")), [this] { deleteScenario(); });
    add(QStringLiteral("actionNextScenario"), tr("&Next Scenario"), QKeySequence(tr("Ctrl+PgDown")),
        [this] {
            if (m_scenarioBox->count() > 0)
                m_scenarioBox->setCurrentIndex((m_scenarioBox->currentIndex() + 1) %
                                               m_scenarioBox->count());
        });

    add(QStringLiteral("actionResetZoom"), tr("&Reset Zoom"), QKeySequence(tr("Ctrl+0")), [this] {
        if (currentPage() >= 0)
            for (ChartView* c : m_pages[static_cast<std::size_t>(currentPage())]->charts())
                c->resetZoom();
    });
    QAction* dark = add(QStringLiteral("actionDarkPalette"), tr("&Dark Palette"),
                        QKeySequence(tr("Ctrl+Shift+D")), [](bool on) {
                            applyPalette(on);
                            settings::setDarkPalette(on);
                        });
    dark->setCheckable(true);
    dark->setChecked(settings::darkPalette());
    add(QStringLiteral("actionProblems"), tr("&Problems"), QKeySequence(tr("Ctrl+Shift+P")),
        [this] { m_problemsDock->setVisible(!m_problemsDock->isVisible()); });
    for (int i = 0; i < 9; ++i) // one per page
        add(QStringLiteral("actionPage%1").arg(i + 1), QString(),
            QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)), [this, i] { showPage(i); });
    add(QStringLiteral("actionAbout"), tr("&About TierLab"), QKeySequence(tr("F1")),
        [this] { about(); });
}

void MainWindow::createMenus() {
    const auto a = [this](const char* name) { return action(QString::fromLatin1(name)); };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(a("actionNew"));
    m_templateMenu = file->addMenu(tr("New from &Template"));
    int n = 0;
    for (const auto& [id, label] : kTemplates) {
        QAction* t = m_templateMenu->addAction(tr(label));
        t->setObjectName(QStringLiteral("actionTemplate_%1").arg(QLatin1String(id)));
        t->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+%1").arg(++n)));
        connect(t, &QAction::triggered, this,
                [this, id = QString::fromLatin1(id)] { newFromTemplate(id); });
    }
    file->addAction(a("actionOpen"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addSeparator();
    file->addAction(a("actionSave"));
    file->addAction(a("actionSaveAs"));
    file->addSeparator();
    file->addAction(a("actionImportUsage"));
    file->addAction(a("actionImportScenario"));
    file->addAction(a("actionExportScenario"));
    file->addAction(a("actionExportReport"));
    file->addSeparator();
    file->addAction(a("actionQuit"));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    edit->addAction(a("actionGoalSeek"));

    QMenu* scenario = menuBar()->addMenu(tr("&Scenario"));
    scenario->addAction(a("actionDuplicateScenario"));
    scenario->addAction(a("actionRenameScenario"));
    scenario->addAction(a("actionDeleteScenario"));
    scenario->addAction(a("actionNextScenario"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QStringList pageNames = {tr("&Overview"),
                                   tr("&Hardware && Pods"),
                                   tr("&Models && Prices"),
                                   tr("&Tiers"),
                                   tr("&Usage"),
                                   tr("&Routing"),
                                   tr("&Compare"),
                                   tr("&Sensitivity && Goal Seek")};
    for (int i = 0; i < pageNames.size(); ++i) {
        QAction* page = a(QStringLiteral("actionPage%1").arg(i + 1).toLatin1().constData());
        page->setText(pageNames[i]);
        view->addAction(page);
    }
    view->addSeparator();
    view->addAction(a("actionResetZoom"));
    view->addAction(a("actionProblems"));
    view->addAction(a("actionDarkPalette"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(a("actionAbout"));

    QToolBar* bar = addToolBar(tr("Scenario"));
    bar->setObjectName(QStringLiteral("scenarioToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Scenario: ")));
    m_scenarioBox = new QComboBox;
    m_scenarioBox->setObjectName(QStringLiteral("scenarioBox"));
    m_scenarioBox->setMinimumContentsLength(28);
    m_scenarioBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(m_scenarioBox);
    connect(m_scenarioBox, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        if (m_document && !name.isEmpty())
            m_document->setActiveScenario(name);
    });
    bar->addSeparator();
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    bar->addAction(a("actionImportUsage"));
    bar->addAction(a("actionGoalSeek"));
}

void MainWindow::updateRecentMenu() {
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = settings::recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction* open = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        open->setToolTip(files[i]);
        open->setStatusTip(files[i]);
        if (i < 9)
            open->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+%1").arg(i + 1)));
        connect(open, &QAction::triggered, this, [this, path = files[i]] { openFile(path); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::goalSeek() {
    const SnapshotPtr snap = m_evaluator->latest();
    if (!m_document || !snap || !snap->ok) {
        QMessageBox::information(this, tr("Goal Seek"),
                                 tr("Goal seek needs a scenario without problems."));
        return;
    }
    GoalSeekDialog dialog(m_document.get(), snap, this);
    dialog.exec();
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About TierLab"),
                       tr("<h3>TierLab %1</h3><p>The economics of serving large language "
                          "models: from GPU pods to tier margins, driven by your own usage "
                          "data.</p><p>Workspace: %2</p>")
                           .arg(QStringLiteral(TIERLAB_VERSION),
                                m_document ? m_document->filePath().toHtmlEscaped() : QString()));
}

} // namespace tierlab::gui
