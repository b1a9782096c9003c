// SPDX-License-Identifier: MIT
// The main window end to end: every page opens without a warning (also on a workspace with
// no scenario), a price edit moves the chart, undo/redo through the menu actions, the
// modified marker, drag and drop of a scenario file, recent files, screenshots.
#include "app/mainwindow.h"
#include "app/settings.h"
#include "commands/scenariocommands.h"
#include "guitestutil.h"
#include "pages/overviewpage.h"
#include "pages/page.h"
#include "widgets/valuespinbox.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>

using namespace tierlab;
using gui::MainWindow;

namespace {

// Any warning fails the test, except the offscreen platform's note that it has no window
// manager to propagate size hints to.
void failOnAnyWarning() {
    QTest::failOnWarning(QRegularExpression(
        QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void settle(MainWindow& w) {
    for (int i = 0; i < 3; ++i) {
        w.evaluator()->waitForIdle();
        QCoreApplication::processEvents();
    }
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void everyPage_opensWithoutWarnings_onEverySampleScenario() {
        failOnAnyWarning();
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        w.show();
        for (const QString& name : w.document()->scenarioNames()) {
            w.document()->setActiveScenario(name);
            settle(w);
            QVERIFY2(w.evaluator()->latest()->ok, qPrintable(name));
            for (std::size_t i = 0; i < w.pages().size(); ++i) {
                w.showPage(static_cast<int>(i));
                settle(w);
                QCOMPARE(w.currentPage(), static_cast<int>(i));
            }
        }
        w.document()->undoStack()->clear();
    }

    // File > Import Serving Benchmarks stores a file's curves in the open workspace (it was
    // seeded with the SGLang curve only) and the measured-curve scenario re-evaluates.
    void importCurves_storesTheFilesCurvesInTheWorkspace() {
        MainWindow w;
        w.newFromTemplate(QStringLiteral("measured-curve"));
        settle(w);
        QCOMPARE(w.document()->workspace().curveNames().size(), std::size_t(1));
        w.importCurves({QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/serving/"
                                       "01_DeepSeek_R1_0528_1K_____1K_interactivity.json")});
        settle(w);
        const auto names = w.document()->workspace().curveNames();
        QVERIFY(std::find(names.begin(), names.end(),
                          "DeepSeek R1 0528 on h200 (TensorRT-LLM, fp8)") != names.end());
        QVERIFY(w.evaluator()->latest()->ok);
        w.document()->undoStack()->clear();
    }

    void everyPage_opensOnAWorkspaceWithoutScenarios() {
        failOnAnyWarning();
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        w.show();
        gui::WorkspaceDocument* doc = w.document();
        for (const QString& name : doc->scenarioNames())
            doc->undoStack()->push(
                new gui::ScenarioCommand(doc, name, std::nullopt, QStringLiteral("Delete")));
        QVERIFY(doc->scenarioNames().isEmpty());
        for (std::size_t i = 0; i < w.pages().size(); ++i) {
            w.showPage(static_cast<int>(i));
            w.pages()[i]->refreshNow();
            settle(w);
        }
        doc->undoStack()->clear();
    }

    void everyPage_opensOnAMinimalScenario() {
        failOnAnyWarning();
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        w.show();
        gui::WorkspaceDocument* doc = w.document();
        doc->undoStack()->push(new gui::ScenarioCommand(
            doc, QStringLiteral("empty"), core::Json{{"schema", "tierlab.scenario/1"}},
            QStringLiteral("Add")));
        QCOMPARE(doc->activeScenarioName(), QStringLiteral("empty"));
        for (std::size_t i = 0; i < w.pages().size(); ++i) {
            w.showPage(static_cast<int>(i));
            settle(w);
        }
        doc->undoStack()->clear();
    }

    // Editing a price in the overview's editor updates the comparison chart: the revenue
    // bar of the tier is its population revenue in the new results (price x subscribers +
    // extra usage, docs/model.md, "Tiers: revenue, cost and margin").
    void priceEdit_updatesChartSeries_andUndoRestoresIt() {
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        w.show();
        settle(w);
        auto* overview = qobject_cast<gui::OverviewPage*>(w.pages()[0]);
        QVERIFY(overview);
        QBarSet* revenue = overview->comparisonSeries()->barSets().at(0);
        const double before = revenue->at(0);
        auto* box = overview->findChild<gui::ValueSpinBox*>(QStringLiteral("price_pro"));
        QVERIFY(box);
        box->setValue(box->value() + 5);
        settle(w);
        const auto snap = w.evaluator()->latest();
        const auto& pro = snap->results.tiers.at(0);
        QCOMPARE(pro.priceUsdMonth, 25.0);
        QCOMPARE(revenue->at(0), pro.population->revenueUsd);
        QCOMPARE(pro.population->subscriptionRevenueUsd, 25.0 * pro.population->subscribers);
        QVERIFY(revenue->at(0) > before);
        QVERIFY(w.isWindowModified());
        w.action(QStringLiteral("actionUndo"))->trigger();
        settle(w);
        QCOMPARE(revenue->at(0), before);
        QCOMPARE(box->value(), 20.0);
        QVERIFY(!w.isWindowModified());
        w.action(QStringLiteral("actionRedo"))->trigger();
        settle(w);
        QCOMPARE(box->value(), 25.0);
        w.document()->undoStack()->clear();
    }

    void dropScenarioFile_addsItAsUndoableScenario() {
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        const QString file =
            QStringLiteral(TIERLAB_SOURCE_DIR "/data/scenarios/routing-reference.json");
        const QStringList before = w.document()->scenarioNames();
        QVERIFY(w.acceptDrops());
        w.openDroppedFiles({QUrl::fromLocalFile(file)});
        // The file's name is taken: the import gets a unique one.
        QCOMPARE(w.document()->activeScenarioName(), QStringLiteral("routing-reference (2)"));
        QCOMPARE(w.document()->scenarioNames().size(), before.size() + 1);
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->scenarioNames(), before);
    }

    void openFile_addsRecentFile_andRemembersActiveScenario() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.tierlab"));
        {
            MainWindow w;
            w.newFromTemplate(QStringLiteral("example-tiers"));
            QString error;
            QVERIFY(w.document()->saveAs(path, &error));
        }
        MainWindow w;
        QVERIFY(w.openFile(path));
        QCOMPARE(gui::settings::recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        w.document()->setActiveScenario(QStringLiteral("routing-cascade"));
        MainWindow again;
        QVERIFY(again.openFile(path));
        QCOMPARE(again.document()->activeScenarioName(), QStringLiteral("routing-cascade"));
    }

    void openBadFile_keepsCurrentWorkspace() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.tierlab"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a workspace");
        f.close();
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        gui::WorkspaceDocument* before = w.document();
        // openFile reports the error in a message box: close it as soon as it shows.
        QTimer::singleShot(0, [] {
            for (QWidget* top : QApplication::topLevelWidgets())
                if (top->inherits("QMessageBox"))
                    top->close();
        });
        QVERIFY(!w.openFile(path));
        QCOMPARE(w.document(), before);
    }

    void everyMenuAction_hasAShortcut() {
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        int checked = 0;
        for (QAction* a : w.findChildren<QAction*>()) {
            if (!a->objectName().startsWith(QLatin1String("action")))
                continue; // Qt's own (a line edit's clear button), not a menu action
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
            ++checked;
        }
        QVERIFY(checked >= 20);
    }

    void exportReport_writesPdfHtmlXlsxCsv_withoutADialog() {
        QTemporaryDir dir;
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        settle(w);
        QString error;
        const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
        QVERIFY2(w.exportReport(pdf, &error), qPrintable(error));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QVERIFY(f.size() > 10000);
        const QString html = dir.filePath(QStringLiteral("report.html"));
        QVERIFY2(w.exportReport(html, &error), qPrintable(error));
        QFile h(html);
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QByteArray text = h.readAll();
        QVERIFY(text.startsWith("<!DOCTYPE html>"));
        QVERIFY(text.contains("<svg"));
        for (const char* name : {"report.xlsx", "report.csv"})
            QVERIFY2(w.exportReport(dir.filePath(QString::fromLatin1(name)), &error),
                     qPrintable(error));
        QVERIFY(!w.exportReport(dir.filePath(QStringLiteral("report.doc")), &error));
        QVERIFY(error.contains(QStringLiteral(".pdf, .html, .xlsx or .csv")));
        QVERIFY(w.action(QStringLiteral("actionExportReport")) != nullptr);
    }

    void screenshots_writeOnePngPerPage() {
        QTemporaryDir dir;
        MainWindow w;
        w.newFromTemplate(QStringLiteral("example-tiers"));
        w.resize(1200, 800);
        w.show();
        QString error;
        QVERIFY2(w.saveScreenshots(dir.path(), &error), qPrintable(error));
        const QStringList files = QDir(dir.path()).entryList({QStringLiteral("*.png")});
        // One per page and one per further view of a page (the Tiers page's tabs), and a
        // second, scrolled to the end, of pages taller than the window.
        const QStringList ends = files.filter(QStringLiteral("-end.png"));
        qsizetype views = 0;
        for (const auto* page : w.pages())
            views += page->screenshotViews().size();
        QCOMPARE(views, qsizetype(2));
        QCOMPARE(files.size() - ends.size(), static_cast<qsizetype>(w.pages().size()) + views);
        QVERIFY(files.contains(QStringLiteral("04-tiers-limits.png")));
        QVERIFY(files.contains(QStringLiteral("04-tiers-timeline.png")));
        for (const QString& end : ends)
            QVERIFY(files.contains(QString(end).replace(QStringLiteral("-end"), QString())));
        QVERIFY(files.contains(QStringLiteral("01-overview.png")));
        for (const QString& f : files)
            QVERIFY(QFileInfo(dir.filePath(f)).size() > 10000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
