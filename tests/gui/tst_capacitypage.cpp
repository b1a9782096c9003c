// SPDX-License-Identifier: MIT
// The Capacity page: a run refines progressively (a first estimate from a few trials, then
// the scenario's trials) and shows exactly what core::runCapacity and core::sampleWeekTrace
// give for the scenario's capacity block (the same seed gives the same figures on any
// thread, so the reference is a direct call); a run can be cancelled and keeps its last
// finished stage; edits are undoable and start a new run; a gap mixture fitted to an imported
// data set becomes the scenario's capacity.gaps and drives the next run.
#include "guitestutil.h"
#include "models/jsontablemodel.h"
#include "pages/capacitycharts.h"
#include "pages/capacityeditor.h"
#include "pages/capacityfit.h"
#include "pages/capacitypage.h"
#include "scenario/reader.h"
#include "sim/gapfitdataset.h"
#include "usage/importer.h"
#include "widgets/valuespinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>

using namespace tierlab;

namespace {

const QString kPreset = QStringLiteral("capacity-replication");

// Small runs: the preset's model with fewer users, weeks and trials.
void shrink(test::GuiFixture& f, int trials, int weeks) {
    QVERIFY(f.document->edit("capacity.trials", trials));
    QVERIFY(f.document->edit("capacity.weeks", weeks));
    QVERIFY(f.document->edit("capacity.users", 60));
    f.settle();
}

core::SimParams paramsOf(const core::Json& doc) {
    const core::ReadResult read = core::readScenario(doc);
    if (!read.ok())
        qFatal("scenario does not read");
    return core::simParamsFromScenario(read.scenario);
}

} // namespace

class Test_capacitypage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void stages_growFromAFirstEstimateToTheScenariosTrials() {
        QCOMPARE(gui::CapacityPage::stagesFor(200), (std::vector<int>{8, 40, 200}));
        QCOMPARE(gui::CapacityPage::stagesFor(40), (std::vector<int>{8, 40}));
        QCOMPARE(gui::CapacityPage::stagesFor(9), (std::vector<int>{8, 9}));
        QCOMPARE(gui::CapacityPage::stagesFor(8), (std::vector<int>{8}));
        QCOMPARE(gui::CapacityPage::stagesFor(3), (std::vector<int>{3}));
    }

    void run_isProgressiveAndShowsCoresFigures() {
        test::GuiFixture f(kPreset);
        shrink(f, 40, 1);
        gui::CapacityPage page(f.document.get(), f.evaluator.get());
        QSignalSpy stages(&page, &gui::CapacityPage::stageShown);
        page.refreshNow(); // starts the run
        QVERIFY(page.isRunning());
        page.waitForIdle();
        QCOMPARE(stages.count(), 2);
        QCOMPARE(stages[0][0].toInt(), 8);
        QCOMPARE(stages[1][0].toInt(), 40);

        const core::SimParams p = paramsOf(f.document->activeScenario());
        QCOMPARE(page.lastParams().trials, 40);
        const core::CapacityResult want = core::runCapacity(p);
        const core::CapacityResult& got = page.lastStage()->result;
        QCOMPARE(got.usersPerPod, want.usersPerPod);
        QCOMPARE(got.exceedProbability.value, want.exceedProbability.value);
        QCOMPARE(got.firstExceedingUsers, want.firstExceedingUsers);
        // The figures table shows them.
        QCOMPARE(page.figures()->item(0, 1)->data(Qt::UserRole).toDouble(),
                 static_cast<double>(want.usersPerPod));
        QCOMPARE(page.figures()->item(1, 1)->data(Qt::UserRole).toDouble(),
                 want.exceedProbability.value);

        // P(exceed) against users: from (0, 0) through core's points, never falling.
        gui::CapacityCharts* charts = page.capacityCharts();
        const QList<QPointF> curve = charts->exceedCurve()->points();
        QCOMPARE(curve.size(), static_cast<qsizetype>(want.exceedByUsers.size() + 1));
        for (qsizetype i = 1; i < curve.size(); ++i) {
            QCOMPARE(curve[i].x(), static_cast<double>(want.exceedByUsers[i - 1].first));
            QVERIFY(curve[i].y() >= curve[i - 1].y());
        }
        QCOMPARE(charts->usersPerPodMarker()->points().front().x(),
                 static_cast<double>(want.usersPerPod));
        QCOMPARE(charts->usersPerPodMarker()->points().front().y(), 1 - p.confidence);
        // The concurrency distribution sums to 1 (shares of seconds).
        double total = 0;
        for (const QPointF& point : charts->concurrencyCurve()->points())
            total += point.y();
        QVERIFY(std::abs(total - 1) < 1e-9);

        // The sample week is core's, minute by minute, with its autoscaling events.
        const core::WeekTrace trace = core::sampleWeekTrace(p, 0);
        const QList<QPointF> week = charts->traceCurve()->points();
        QCOMPARE(week.size(), static_cast<qsizetype>(7 * 24 * 60));
        for (qsizetype m = 0; m < week.size(); m += 97)
            QCOMPARE(week[m].y(), static_cast<double>(trace.peakByMinute[m]));
        qsizetype events = 0;
        for (auto kind :
             {core::AutoscaleEvent::Kind::Requested, core::AutoscaleEvent::Kind::Serving,
              core::AutoscaleEvent::Kind::Released})
            events += charts->eventMarkers(kind)->count();
        QCOMPARE(events, static_cast<qsizetype>(trace.events.size()));

        // A report takes the finished run of the block as it is, and nothing once it changed.
        QCOMPARE(page.finishedResultFor(f.document->activeScenario()), &page.lastStage()->result);
        core::Json changed = f.document->activeScenario();
        changed["capacity"]["users"] = 61;
        QVERIFY(!page.finishedResultFor(changed));
    }

    void cancel_keepsTheLastFinishedStage() {
        test::GuiFixture f(kPreset);
        shrink(f, 2000, 2);
        gui::CapacityPage page(f.document.get(), f.evaluator.get());
        QSignalSpy stages(&page, &gui::CapacityPage::stageShown);
        page.refreshNow();
        QVERIFY(stages.wait(60000)); // the first estimate
        QVERIFY(page.isRunning());
        QVERIFY(page.cancelButton()->isEnabled());
        page.cancelButton()->click();
        QVERIFY(!page.isRunning());
        page.waitForIdle(); // the cancelled stage ends promptly
        QCOMPARE(stages.count(), 1);
        QCOMPARE(page.lastStage()->trials, 8);
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("Cancelled")));
        QVERIFY(!page.cancelButton()->isEnabled());
    }

    void edit_isUndoableAndStartsANewRun() {
        test::GuiFixture f(kPreset);
        shrink(f, 8, 1);
        gui::CapacityPage page(f.document.get(), f.evaluator.get());
        page.refreshNow();
        page.waitForIdle();
        QCOMPARE(page.lastParams().users, 60);
        gui::ValueSpinBox* users = page.editor()->spinBox("capacity.users");
        QVERIFY(users);
        users->setValue(45);
        QCOMPARE(f.document->activeNumber("capacity.users").value(), 45.0);
        f.settle();
        page.refreshNow();
        page.waitForIdle();
        QCOMPARE(page.lastParams().users, 45);
        QCOMPARE(page.lastStage()->result.users, 45);
        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeNumber("capacity.users").value(), 60.0);
        QCOMPARE(users->value(), 60.0);
        // The autoscaling switch writes the block's enabled key, undoably.
        QVERIFY(page.editor()->autoscalingSwitch()->isChecked());
        page.editor()->autoscalingSwitch()->click();
        QVERIFY(f.document->activeValue("capacity.autoscaling.enabled").value() ==
                core::Json(false));
        f.document->undoStack()->undo();
        QVERIFY(page.editor()->autoscalingSwitch()->isChecked());
    }

    void fittedGaps_driveTheSimulation() {
        test::GuiFixture f(kPreset);
        shrink(f, 8, 1);
        // tests/fixtures/usage/canonical.csv: 500 requests of 10 subscribers (gen_usage.py).
        core::ImportOptions o;
        o.path = TIERLAB_SOURCE_DIR "/tests/fixtures/usage/canonical.csv";
        o.name = "canonical";
        QVERIFY(core::importUsage(f.document->workspace(), o).ok);
        gui::CapacityPage page(f.document.get(), f.evaluator.get());
        f.document->notifyDatasetsChanged();
        gui::CapacityFitPanel* fit = page.fitPanel();
        QCOMPARE(fit->datasetChooser()->currentText(), QStringLiteral("canonical"));
        QVERIFY(fit->lastFit().has_value()); // fitted without a click
        const core::DatasetGapFit want = core::fitDatasetGaps(f.document->workspace(), "canonical");
        QVERIFY(want.fit.ok);
        QVERIFY(fit->lastFit()->capacityGaps == want.capacityGaps);
        QVERIFY(fit->fittedCurve()->count() > 0);
        QVERIFY(fit->empiricalPoints()->count() > 0);

        const core::Json before = f.document->activeValue("capacity.gaps").value();
        QVERIFY(fit->useFit());
        QVERIFY(f.document->activeValue("capacity.gaps").value() == want.capacityGaps);
        f.settle();
        page.refreshNow();
        page.waitForIdle();
        const std::vector<core::GapLaw>& used = page.lastParams().gaps;
        QCOMPARE(used.size(), want.fit.components.size());
        for (std::size_t i = 0; i < used.size(); ++i)
            QVERIFY(std::abs(used[i].medianS - want.fit.components[i].medianMinutes * 60) <
                    1e-9 * used[i].medianS);
        f.document->undoStack()->undo();
        QVERIFY(f.document->activeValue("capacity.gaps").value() == before);
    }

    void scenarioWithoutCapacity_getsABlockWithItsPod() {
        test::GuiFixture f(QStringLiteral("example-tiers"));
        QVERIFY(!f.document->activeValue("capacity"));
        gui::CapacityPage page(f.document.get(), f.evaluator.get());
        auto* add = page.findChild<QPushButton*>(QStringLiteral("addCapacity"));
        QVERIFY(add);
        // Nothing runs by itself without a block (the defaults take a while); Run simulates
        // them.
        page.refreshNow();
        QVERIFY(!page.isRunning());
        QVERIFY(!page.lastStage());
        add->click();
        QVERIFY(f.document->activeValue("capacity.pod").value() ==
                f.document->activeValue("pods[0].id").value());
        f.document->undoStack()->undo();
        QVERIFY(!f.document->activeValue("capacity"));
    }
};

QTEST_MAIN(Test_capacitypage)
#include "tst_capacitypage.moc"
