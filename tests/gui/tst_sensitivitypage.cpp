// SPDX-License-Identifier: MIT
// Sensitivity & Goal Seek: the goal-seek dialog solves a tier price for a breakeven
// utilization and writes it as one undoable edit; a sensitivity run gives rows sorted by
// swing, and the table and the tornado chart show them. Reference values: docs/model.md,
// "Breakeven utilization and full use" (u* = price / (V_full x serving-cost ratio), so price
// = u* x V_full x ratio) for the solved price, and core::Probe evaluations of the moved
// input for the sensitivity row.
#include "dialogs/goalseekdialog.h"
#include "guitestutil.h"
#include "pages/sensitivitypage.h"
#include "whatif/probe.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>

#include <cmath>

using namespace tierlab;

namespace {

const QString kPrice = QStringLiteral("tiers[id=pro].price_usd_month");
const QString kBreakeven = QStringLiteral("tiers[id=pro].breakeven_utilization");

double relativeError(double value, double reference) {
    return std::abs(value - reference) / std::abs(reference);
}

// Leaves the synthetic population out of the active scenario: breakeven utilization does
// not depend on it, and each of the many evaluations gets much cheaper.
void dropPopulation(test::GuiFixture& f) {
    QVERIFY(f.document->edit("usage", core::Json()));
    f.settle();
    QVERIFY(f.evaluator->latest()->ok);
}

// Chooses input, result and target in the dialog and waits for the solve.
void solve(gui::GoalSeekDialog& dialog, const QString& input, const QString& result,
           double target) {
    dialog.inputChooser()->setCurrentText(input);
    dialog.resultChooser()->setCurrentText(result);
    dialog.targetEdit()->setText(QString::number(target, 'g', 17));
    QVERIFY(dialog.solveButton()->isEnabled());
    dialog.solveButton()->click();
    dialog.waitForIdle();
    QVERIFY(dialog.solution() != nullptr);
}

} // namespace

class Test_sensitivitypage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }
    void goalSeek_proPriceForBreakeven_appliesSolvedValueAsOneUndoableEdit();
    void goalSeek_unreachableTarget_reportsRangeAndDisablesApply();
    void goalSeek_changedRequest_needsNewSolve();
    void sensitivity_rowsSortedBySwing_firstBarMatchesFirstRow();
    void sensitivity_cancelledRun_isDropped();
};

void Test_sensitivitypage::goalSeek_proPriceForBreakeven_appliesSolvedValueAsOneUndoableEdit() {
    test::GuiFixture f;
    const double originalPrice = f.result(kPrice.toStdString());
    const double originalBreakeven = f.result(kBreakeven.toStdString());
    const double target = 0.5;
    QVERIFY(std::abs(originalBreakeven - target) > 0.05); // the solve has to move the price

    gui::GoalSeekDialog dialog(f.document.get(), f.evaluator->latest());
    solve(dialog, kPrice, kBreakeven, target);
    const core::GoalSeekResult solution = *dialog.solution();
    QVERIFY2(solution.ok, solution.error.c_str());
    QCOMPARE(solution.input, std::string("tiers[0].price_usd_month"));
    QCOMPARE(solution.originalValue, originalPrice);
    QVERIFY(dialog.applyButton()->isEnabled());

    dialog.applyButton()->click();
    QCOMPARE(dialog.result(), static_cast<int>(QDialog::Accepted));
    QCOMPARE(f.document->undoStack()->count(), 1);
    QCOMPARE(f.document->activeNumber(kPrice.toStdString()).value(), solution.solvedValue);

    // Re-evaluated, the result reaches the target; and docs/model.md, "Breakeven utilization
    // and full use", gives the price that does: u* = price / (V_full x ratio), so price =
    // target x V_full x ratio.
    f.settle();
    QVERIFY(relativeError(f.result(kBreakeven.toStdString()), target) <= 1e-9);
    const double fullUseValueUsd = f.result("tiers[id=pro].full_use_value_usd");
    const double ratio = f.result("tiers[id=pro].serving_cost_ratio");
    QVERIFY(relativeError(solution.solvedValue, target * fullUseValueUsd * ratio) <= 1e-9);

    f.document->undoStack()->undo();
    QCOMPARE(f.document->activeNumber(kPrice.toStdString()).value(), originalPrice);
    f.settle();
    QCOMPARE(f.result(kBreakeven.toStdString()), originalBreakeven);
}

void Test_sensitivitypage::goalSeek_unreachableTarget_reportsRangeAndDisablesApply() {
    test::GuiFixture f;
    dropPopulation(f);
    gui::GoalSeekDialog dialog(f.document.get(), f.evaluator->latest());
    solve(dialog, kPrice, kBreakeven, -1); // u* >= 0 for any price >= 0
    QVERIFY(!dialog.solution()->ok);
    QVERIFY2(dialog.solution()->error.find("reachable results") != std::string::npos,
             dialog.solution()->error.c_str());
    QVERIFY(!dialog.applyButton()->isEnabled());
    QVERIFY(!dialog.apply());
    QCOMPARE(f.document->undoStack()->count(), 1); // only dropPopulation's edit
}

void Test_sensitivitypage::goalSeek_changedRequest_needsNewSolve() {
    test::GuiFixture f;
    dropPopulation(f);
    gui::GoalSeekDialog dialog(f.document.get(), f.evaluator->latest());
    solve(dialog, kPrice, kBreakeven, 0.5);
    QVERIFY(dialog.solution()->ok);
    QVERIFY(dialog.applyButton()->isEnabled());
    dialog.targetEdit()->setText(QStringLiteral("0.6"));
    QVERIFY(!dialog.applyButton()->isEnabled());
    QVERIFY(!dialog.apply());
    QCOMPARE(f.document->undoStack()->count(), 1);
}

void Test_sensitivitypage::sensitivity_rowsSortedBySwing_firstBarMatchesFirstRow() {
    test::GuiFixture f;
    gui::SensitivityPage page(f.document.get(), f.evaluator.get());
    QSignalSpy finished(&page, &gui::SensitivityPage::runFinished);
    page.resultChooser()->setCurrentText(kBreakeven);
    page.deltaBox()->setValue(20);
    page.refreshNow(); // the first showing runs once, on the chosen result
    QVERIFY(page.isRunning());
    page.waitForIdle();
    QCOMPARE(finished.count(), 1);
    QVERIFY(page.resultChooser()->findText(kBreakeven) >= 0);
    const core::SensitivityResult& r = *page.lastResult();
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.result, kBreakeven.toStdString());
    QCOMPARE(r.deltaShare, 0.2);
    QVERIFY(r.rows.size() > 3);
    for (std::size_t k = 1; k < r.rows.size(); ++k)
        QVERIFY(r.rows[k - 1].swing >= r.rows[k].swing);
    const core::SensitivityRow& first = r.rows.front();
    QVERIFY(first.swing > 0);

    // Reference: the first row's input moved by -20 % and +20 % (within its range, no note)
    // and evaluated through core::Probe gives the same results.
    const gui::SnapshotPtr snap = f.evaluator->latest();
    QCOMPARE(r.baseResult, f.result(kBreakeven.toStdString()));
    QVERIFY2(first.note.empty(), first.note.c_str());
    QCOMPARE(first.low, first.base * 0.8);
    QCOMPARE(first.high, first.base * 1.2);
    core::Probe probe(snap->document, nullptr);
    std::string error;
    QCOMPARE(probe.resultAt(first.input, first.low, kBreakeven.toStdString(), error).value(),
             first.resultLow);
    QCOMPARE(probe.resultAt(first.input, first.high, kBreakeven.toStdString(), error).value(),
             first.resultHigh);

    // The table lists every row in order; the tornado's top bar (the last category) is the
    // first row, as deviations from the base result.
    const QTableWidget* table = page.table();
    QCOMPARE(table->rowCount(), static_cast<int>(r.rows.size()));
    QCOMPARE(table->item(0, 6)->data(Qt::UserRole).toDouble(), first.swing);
    QCOMPARE(table->item(0, 0)->toolTip(), QString::fromStdString(first.input));
    const QStringList inputs = page.tornadoInputs()->categories();
    QCOMPARE(inputs.size(), static_cast<int>(std::min<std::size_t>(15, r.rows.size())));
    QCOMPARE(inputs.back(), table->item(0, 0)->text());
    QCOMPARE(page.lowSet()->count(), static_cast<int>(inputs.size()));
    const int top = static_cast<int>(inputs.size()) - 1;
    QCOMPARE(page.lowSet()->at(top), first.resultLow - r.baseResult);
    QCOMPARE(page.highSet()->at(top), first.resultHigh - r.baseResult);
    QCOMPARE(page.lowSet()->at(0), r.rows[static_cast<std::size_t>(top)].resultLow - r.baseResult);
}

void Test_sensitivitypage::sensitivity_cancelledRun_isDropped() {
    test::GuiFixture f;
    dropPopulation(f);
    gui::SensitivityPage page(f.document.get(), f.evaluator.get());
    page.resultChooser()->setCurrentText(kBreakeven);
    QSignalSpy finished(&page, &gui::SensitivityPage::runFinished);
    QSignalSpy dropped(&page, &gui::SensitivityPage::runDropped);
    page.deltaBox()->setValue(10);
    page.run();
    QVERIFY(page.isRunning());
    page.cancel();
    QVERIFY(!page.isRunning());
    QVERIFY(dropped.wait(120000));
    QCOMPARE(finished.count(), 0);
    QVERIFY(page.lastResult() == nullptr);

    page.deltaBox()->setValue(30);
    page.run();
    page.waitForIdle();
    QCOMPARE(finished.count(), 1);
    QVERIFY(page.lastResult() != nullptr);
    QCOMPARE(page.lastResult()->deltaShare, 0.3);
}

QTEST_MAIN(Test_sensitivitypage)
#include "tst_sensitivitypage.moc"
