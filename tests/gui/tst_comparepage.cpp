// SPDX-License-Identifier: MIT
// The Compare page: a scenario against an edited copy shows exactly the edited input, the
// results that moved with B - A equal to the difference of the two evaluations, and both
// sides in the charts. Reference values come from Evaluator::evaluateNow of each document.
#include "commands/scenariocommands.h"
#include "commands/setvaluecommand.h"
#include "guitestutil.h"
#include "pages/comparecharts.h"
#include "pages/comparepage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QUndoStack>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>

#include <cmath>

using namespace tierlab;

namespace {

const std::string kPrice = "tiers[id=pro].price_usd_month";
const std::string kMargin = "tiers[id=pro].population.margin_usd";

double numberAt(const gui::SnapshotPtr& snap, const std::string& path) {
    core::Json results = snap->resultsJson;
    const core::PathLookup at = core::lookupPath(results, path);
    if (!at.node || !at.node->is_number())
        qFatal("no number at %s", path.c_str());
    return at.node->get<double>();
}

int rowOf(const QTableWidget* table, const QString& path) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == path)
            return row;
    return -1;
}

double valueAt(const QTableWidget* table, int row, int column) {
    return table->item(row, column)->data(Qt::UserRole).toDouble();
}

// Duplicates the active scenario (it becomes active, as Scenario > Duplicate does) and
// returns the copy's name.
QString duplicateActive(test::GuiFixture& f) {
    const QString copy =
        f.document->uniqueScenarioName(f.document->activeScenarioName() + QStringLiteral(" copy"));
    f.document->undoStack()->push(new gui::ScenarioCommand(
        f.document.get(), copy, f.document->activeScenario(), QStringLiteral("Duplicate")));
    return copy;
}

} // namespace

class Test_comparepage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }
    void editedCopy_listsExactlyThatInputWithBothValues();
    void editedCopy_resultsShowMarginDifferenceOfEvaluations();
    void editedCopy_chartsShowBothSides();
    void visiblePage_editOfEitherSide_updatesTables();
    void keyOnlyInOneSide_showsDash();
    void filter_hidesOtherPaths();
    void oneScenario_showsDuplicateHint();
};

void Test_comparepage::editedCopy_listsExactlyThatInputWithBothValues() {
    test::GuiFixture f;
    const QString original = f.document->activeScenarioName();
    const QString copy = duplicateActive(f);
    QCOMPARE(f.document->activeScenarioName(), copy);
    QVERIFY(f.document->edit(kPrice, 27.5));
    f.settle();

    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.waitForIdle();
    // A is the active scenario (the copy), B the one it was duplicated from.
    QCOMPARE(page.scenarioA(), copy);
    QCOMPARE(page.scenarioB(), original);
    const QTableWidget* inputs = page.inputsTable();
    QCOMPARE(inputs->rowCount(), 1);
    QCOMPARE(inputs->item(0, 0)->text(), QString::fromStdString(kPrice));
    QCOMPARE(valueAt(inputs, 0, 1), 27.5);
    QCOMPARE(valueAt(inputs, 0, 2), 20.0); // example-tiers.json: Pro at $20
    QCOMPARE(inputs->item(0, 1)->text(), QStringLiteral("27.5"));
    QCOMPARE(inputs->item(0, 2)->text(), QStringLiteral("20"));
}

void Test_comparepage::editedCopy_resultsShowMarginDifferenceOfEvaluations() {
    test::GuiFixture f;
    const QString original = f.document->activeScenarioName();
    const QString copy = duplicateActive(f);
    QVERIFY(f.document->edit(kPrice, 27.5));
    f.settle();

    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.setScenarios(original, copy);
    page.waitForIdle();

    const auto a = gui::Evaluator::evaluateNow(original, f.document->scenario(original),
                                               f.document->filePath());
    const auto b =
        gui::Evaluator::evaluateNow(copy, f.document->scenario(copy), f.document->filePath());
    QVERIFY(a->ok && b->ok);
    const double marginA = numberAt(a, kMargin);
    const double marginB = numberAt(b, kMargin);
    QVERIFY(marginB != marginA);

    const QTableWidget* results = page.resultsTable();
    const int row = rowOf(results, QString::fromStdString(kMargin));
    QVERIFY2(row >= 0, "the Pro margin is listed among the results that differ");
    QCOMPARE(valueAt(results, row, 1), marginA);
    QCOMPARE(valueAt(results, row, 2), marginB);
    const double delta = valueAt(results, row, 3);
    QVERIFY2(std::abs(delta - (marginB - marginA)) <= 1e-12 * std::abs(marginB - marginA),
             qPrintable(QStringLiteral("B-A %1, evaluations differ by %2")
                            .arg(delta, 0, 'g', 17)
                            .arg(marginB - marginA, 0, 'g', 17)));
    QCOMPARE(valueAt(results, row, 4), (marginB - marginA) / std::abs(marginA));
    // The price itself is a result too (tiers[].price_usd_month echoes the input).
    QVERIFY(rowOf(results, QStringLiteral("tiers[id=pro].price_usd_month")) >= 0);
    // Rows are sorted by path, and no row shows an unchanged value.
    for (int r = 1; r < results->rowCount(); ++r)
        QVERIFY(results->item(r - 1, 0)->text().toStdString() <
                results->item(r, 0)->text().toStdString());
    for (int r = 0; r < results->rowCount(); ++r) {
        const QVariant left = results->item(r, 1)->data(Qt::UserRole);
        const QVariant right = results->item(r, 2)->data(Qt::UserRole);
        QVERIFY(!left.isValid() || !right.isValid() || left.toDouble() != right.toDouble());
    }
    // Big arrays are left out.
    for (int r = 0; r < results->rowCount(); ++r)
        QVERIFY(!results->item(r, 0)->text().contains(QStringLiteral("quantiles")));
}

void Test_comparepage::editedCopy_chartsShowBothSides() {
    test::GuiFixture f;
    const QString original = f.document->activeScenarioName();
    const QString copy = duplicateActive(f);
    QVERIFY(f.document->edit(kPrice, 27.5));
    f.settle();
    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.setScenarios(original, copy);
    page.waitForIdle();

    const auto a = gui::Evaluator::evaluateNow(original, f.document->scenario(original),
                                               f.document->filePath());
    const auto b =
        gui::Evaluator::evaluateNow(copy, f.document->scenario(copy), f.document->filePath());
    const QList<QBarSet*> sets = page.compareCharts()->marginSeries()->barSets();
    QCOMPARE(sets.size(), 2);
    QCOMPARE(sets[0]->count(), static_cast<int>(a->results.tiers.size()));
    QCOMPARE(sets[0]->at(0), numberAt(a, kMargin)); // Pro is the first tier
    QCOMPARE(sets[1]->at(0), numberAt(b, kMargin));

    // The selected tier (Pro) utilization CDF: 101 quantiles, x the utilization.
    const core::Json quantilesA = a->resultsJson["tiers"][0]["population"]["utilization_quantiles"];
    QCOMPARE(page.compareCharts()->cdfSeriesA()->count(), static_cast<int>(quantilesA.size()));
    QCOMPARE(page.compareCharts()->cdfSeriesA()->at(50).x(), quantilesA[50].get<double>());
    QCOMPARE(page.compareCharts()->cdfSeriesA()->at(50).y(), 0.5);
    QCOMPARE(page.compareCharts()->cdfSeriesB()->count(), static_cast<int>(quantilesA.size()));
}

void Test_comparepage::visiblePage_editOfEitherSide_updatesTables() {
    test::GuiFixture f;
    const QString original = f.document->activeScenarioName();
    const QString copy = duplicateActive(f);
    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.waitForIdle();
    QCOMPARE(page.inputsTable()->rowCount(), 0);

    // A (the active copy) is edited: the shared evaluation of it is shown.
    QVERIFY(f.document->edit(kPrice, 30.0));
    f.settle();
    page.waitForIdle();
    QCOMPARE(page.inputsTable()->rowCount(), 1);
    QCOMPARE(valueAt(page.inputsTable(), 0, 1), 30.0);
    const int row = rowOf(page.resultsTable(), QString::fromStdString(kMargin));
    QVERIFY(row >= 0);
    QCOMPARE(valueAt(page.resultsTable(), row, 1), f.result(kMargin));

    // B (not the active scenario) is edited: the page's own evaluation of it follows.
    QCOMPARE(page.scenarioB(), original);
    auto command = gui::SetValueCommand::create(f.document.get(), original, kPrice, 30.0,
                                                QStringLiteral("Set B"), false);
    QVERIFY(command);
    f.document->undoStack()->push(command.release());
    QCOMPARE(f.document->activeScenarioName(), copy);
    page.waitForIdle(); // now both at 30: nothing differs
    QCOMPARE(page.inputsTable()->rowCount(), 0);
    QCOMPARE(page.resultsTable()->rowCount(), 0);
}

void Test_comparepage::keyOnlyInOneSide_showsDash() {
    test::GuiFixture f;
    const QString original = f.document->activeScenarioName();
    const QString copy = duplicateActive(f);
    QVERIFY(f.document->erase("models[id=haiku].price.source"));
    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.setScenarios(original, copy);
    page.waitForIdle();
    const QTableWidget* inputs = page.inputsTable();
    QCOMPARE(inputs->rowCount(), 1);
    QCOMPARE(inputs->item(0, 0)->text(), QStringLiteral("models[id=haiku].price.source"));
    QCOMPARE(inputs->item(0, 1)->text(), QStringLiteral("reference prices (docs/model.md, API price catalogs)"));
    QCOMPARE(inputs->item(0, 2)->text(), QStringLiteral("—"));
    QCOMPARE(page.resultsTable()->rowCount(), 0);
}

void Test_comparepage::filter_hidesOtherPaths() {
    test::GuiFixture f;
    duplicateActive(f);
    QVERIFY(f.document->edit(kPrice, 27.5));
    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.waitForIdle();
    const QTableWidget* results = page.resultsTable();
    QVERIFY(results->rowCount() > 1);
    page.findChild<QLineEdit*>()->setText(QStringLiteral("POPULATION.MARGIN_USD"));
    int visible = 0;
    for (int r = 0; r < results->rowCount(); ++r)
        if (!results->isRowHidden(r)) {
            ++visible;
            QVERIFY(results->item(r, 0)->text().endsWith(QStringLiteral("population.margin_usd")));
        }
    QVERIFY(visible >= 1);
    QVERIFY(page.inputsTable()->isRowHidden(0)); // the price path does not match
}

void Test_comparepage::oneScenario_showsDuplicateHint() {
    test::GuiFixture f;
    const QString keep = f.document->activeScenarioName();
    for (const QString& name : f.document->scenarioNames())
        if (name != keep)
            f.document->undoStack()->push(new gui::ScenarioCommand(
                f.document.get(), name, std::nullopt, QStringLiteral("Remove")));
    QCOMPARE(f.document->scenarioNames(), QStringList{keep});
    gui::ComparePage page(f.document.get(), f.evaluator.get());
    page.show();
    page.waitForIdle();
    const auto* hint = page.findChild<QLabel*>(QStringLiteral("oneScenarioHint"));
    QVERIFY(hint && hint->isVisible());
    QVERIFY(hint->text().contains(QStringLiteral("Ctrl+D")));
    QVERIFY(!page.findChild<QComboBox*>(QStringLiteral("scenarioB"))->isEnabled());
    QCOMPARE(page.inputsTable()->rowCount(), 0);

    // Duplicating makes the copy active: A follows it, B becomes the original, hint goes.
    const QString copy = duplicateActive(f);
    page.waitForIdle();
    QVERIFY(!hint->isVisible());
    QCOMPARE(page.scenarioA(), copy);
    QCOMPARE(page.scenarioB(), keep);
    QCOMPARE(page.inputsTable()->rowCount(), 0); // identical documents
}

QTEST_MAIN(Test_comparepage)
#include "tst_comparepage.moc"
