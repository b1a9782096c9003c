// SPDX-License-Identifier: MIT
// The Hardware & Pods page: its pod results against docs/model.md, "Hardware and pods", its
// serving-cost curves against the core results and the 1/u law of "Cost per token and per
// request", the operating-curve chart against the results' curve plot and operating points, and
// the undo of every table edit.
#include "charts/chartview.h"
#include "../core/curvefixtures.h"
#include "curves/curvejson.h"
#include "guitestutil.h"
#include "models/jsontablemodel.h"
#include "pages/curvechart.h"
#include "pages/hardwarepage.h"
#include "pages/tierspage.h"

#include <QComboBox>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QUndoStack>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <cmath>

using namespace tierlab;
using gui::HardwarePage;

// QCOMPARE cannot take JSON values (its overloads probe qfloat16): compare and print both.
#define JSON_COMPARE(actual, expected)                                                             \
    QVERIFY2((actual) == (expected),                                                               \
             qPrintable(QString::fromStdString((actual).dump() + "\n  != " + (expected).dump())))

namespace {

constexpr double kRelTol = 1e-9;

bool near(double a, double b, double rel = kRelTol) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

int columnOf(const gui::JsonTableModel* model, const std::string& key) {
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->column(c).key == key)
            return c;
    qFatal("no column %s", key.c_str());
}

double number(const gui::WorkspaceDocument& doc, const std::string& path) {
    const auto v = doc.activeNumber(path);
    if (!v)
        qFatal("no number at %s", path.c_str());
    return *v;
}

const core::ModelResult& modelResult(const gui::SnapshotPtr& snap, const std::string& id) {
    for (const core::ModelResult& m : snap->results.models)
        if (m.id == id)
            return m;
    qFatal("no model %s", id.c_str());
}

// The points of a series, compared with a relative tolerance.
void compareSeries(const QXYSeries* series, const QList<QPointF>& expected) {
    const QList<QPointF> actual = series->points();
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QVERIFY2(near(actual[i].x(), expected[i].x()) && near(actual[i].y(), expected[i].y()),
                 qPrintable(QStringLiteral("%1 point %2: (%3, %4) vs (%5, %6)")
                                .arg(series->name())
                                .arg(i)
                                .arg(actual[i].x())
                                .arg(actual[i].y())
                                .arg(expected[i].x())
                                .arg(expected[i].y())));
    }
}

QList<QPointF> curveOf(const core::ModelResult& m) {
    QList<QPointF> points;
    for (const auto& [u, usd] : m.servingCurve)
        points.append(QPointF(u, usd));
    return points;
}

using test::curveScenario;

// Makes `doc` the fixture's active scenario and waits for its evaluation.
gui::SnapshotPtr evaluateScenario(test::GuiFixture& f, const core::Json& doc) {
    f.document->applyScenario(QStringLiteral("curve"), doc);
    const gui::SnapshotPtr snap = f.settle();
    if (!snap || snap->scenarioName != QStringLiteral("curve") || !snap->ok)
        qFatal("the curve scenario was not evaluated without errors");
    return snap;
}

} // namespace

class Test_hardwarepage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }
    void podResults_showMonthlyAndHourlyCostOfModelMdSection1();
    void servingCurves_matchResultsFallAsOneOverU_breakevenAtListPrice();
    void editUtilization_movesOperatingPointAsOneOverU_undoRestores();
    void editCapex_scalesServingCurveByPodCostPerHour_undoRestores();
    void addAndRemoveAccelerator_doUndoRedoRestoresJson();
    void addPod_copiesSelectedPodWithUniqueId_undoRemovesIt();
    void addModel_rebuildsCurves_undoRestoresSeriesCount();
    void podTableEditors_offerCostModesAndAcceleratorIds();
    void operatingCurve_drawsMeasuredPointsFrontierAndTierPointsOfResults();
    void operatingCurve_twoModelsWithCurves_choiceSwitchesModel();
    void operatingCurve_hiddenWithoutCurves();
    void tiersPage_summarySaysWhereTheTierRuns();
};

void Test_hardwarepage::podResults_showMonthlyAndHourlyCostOfModelMdSection1() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    const gui::WorkspaceDocument& doc = *f.document;
    // docs/model.md, "Hardware and pods", owned: PMT = K i / (1 - (1 + i)^-n), i = r / 12,
    // times (1 - discount), plus energy gpus x watts / 1000 x PUE x $/kWh x hours; per hour:
    // monthly / 730.
    const double capexUsd = number(doc, "pods[0].cost.capex_usd");
    const double i = number(doc, "pods[0].cost.annual_rate") / 12;
    const double months = number(doc, "pods[0].cost.months");
    const double paymentUsd =
        capexUsd * i / (1 - std::pow(1 + i, -months)) * (1 - number(doc, "pods[0].cost.discount"));
    const double gpus = number(doc, "pods[0].nodes") * number(doc, "pods[0].gpus_per_node");
    const double hours = number(doc, "hours_per_month");
    const double energyUsd = gpus * number(doc, "accelerators[0].watts") / 1000 *
                             number(doc, "pods[0].cost.pue") *
                             number(doc, "pods[0].cost.usd_per_kwh") * hours;
    const double hourlyUsd = (paymentUsd + energyUsd) / hours;
    const core::PodResult& pod = f.evaluator->latest()->results.pods.at(0);
    QVERIFY(near(pod.hourlyUsd, hourlyUsd));
    // The seed analysis: about $35 per hour for this pod (docs/model.md, "Hardware and pods").
    QVERIFY(pod.hourlyUsd > 30 && pod.hourlyUsd < 40);

    QTableWidget* table = page.podResultsTable();
    // One column per pod; rows GPUs, HBM, payment, energy, hosting, total, per hour, u.
    QCOMPARE(table->columnCount(), 1);
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("h200-4x8"));
    QCOMPARE(table->item(0, 0)->text(), gui::formatValue(gpus, gui::Unit::Count));
    QCOMPARE(table->item(2, 0)->text(), gui::formatValue(paymentUsd, gui::Unit::UsdPerMonth));
    QCOMPARE(table->item(3, 0)->text(), gui::formatValue(energyUsd, gui::Unit::UsdPerMonth));
    QCOMPARE(table->item(6, 0)->text(), gui::formatValue(hourlyUsd, gui::Unit::UsdPerHour));
}

void Test_hardwarepage::servingCurves_matchResultsFallAsOneOverU_breakevenAtListPrice() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    const gui::SnapshotPtr snap = f.evaluator->latest();
    QCOMPARE(page.curves().size(), snap->results.models.size()); // all three served on the pod
    for (const core::ModelResult& m : snap->results.models) {
        const HardwarePage::ModelCurve* c = page.curve(m.id);
        QVERIFY(c);
        compareSeries(c->serving, curveOf(m));
        // Cost per token = C / (3600 x rate x u), so u x cost is the same at every u.
        const QList<QPointF> points = c->serving->points();
        for (const QPointF& p : points)
            QVERIFY(near(p.x() * p.y(), points.last().x() * points.last().y(), 1e-12));
        compareSeries(c->listPrice, {{0, m.listUsdPerMtok}, {1, m.listUsdPerMtok}});
        // Breakeven: where cost equals list value, u* = cost(u = 1) / list (docs/model.md,
        // "Cost per token and per request").
        const double uStar = points.last().y() / m.listUsdPerMtok;
        QVERIFY(near(*m.breakevenUtilization, uStar));
        if (uStar > 0 && uStar <= 1)
            compareSeries(c->breakeven, {{uStar, m.listUsdPerMtok}});
        else
            QCOMPARE(c->breakeven->count(), 0);
        compareSeries(c->current, {{snap->results.pods[0].utilization, *m.servingUsdPerMtok}});
    }
    // Tooltips and CSV: x is a share, y USD per Mtok.
    QVERIFY(page.servingChart()->dataAsCsv().contains(QStringLiteral("%,USD/Mtok")));
}

void Test_hardwarepage::editUtilization_movesOperatingPointAsOneOverU_undoRestores() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    gui::JsonTableModel* pods = page.podModel();
    const int column = columnOf(pods, "utilization");
    const double before = number(*f.document, "pods[0].utilization");
    const gui::SnapshotPtr old = f.evaluator->latest();
    const QXYSeries* opusCurve = page.curve("opus")->serving;
    const QList<QPointF> opusPoints = opusCurve->points();
    const QPointF opusNow = page.curve("opus")->current->at(0);

    // The table edits in percent (displayScale of Unit::Share).
    const double after = before / 2;
    QVERIFY(pods->setData(pods->index(0, column), after * 100, Qt::EditRole));
    QVERIFY(near(number(*f.document, "pods[0].utilization"), after));
    QCOMPARE(pods->index(0, column).data().toString(), gui::formatValue(after, gui::Unit::Share));
    const gui::SnapshotPtr snap = f.settle();
    page.refreshNow();
    for (const core::ModelResult& m : snap->results.models) {
        const HardwarePage::ModelCurve* c = page.curve(m.id);
        // Cost falls as 1/u, so halving u doubles the serving cost per Mtok now.
        const double expected = *modelResult(old, m.id).servingUsdPerMtok * before / after;
        QVERIFY(near(*m.servingUsdPerMtok, expected));
        compareSeries(c->current, {{after, expected}});
        // The curve over u and the breakeven do not depend on where the pod runs now.
        compareSeries(c->serving, curveOf(modelResult(old, m.id)));
        QVERIFY(near(*m.breakevenUtilization, *modelResult(old, m.id).breakevenUtilization));
    }
    QCOMPARE(page.curve("opus")->serving, opusCurve); // same series, points replaced

    f.document->undoStack()->undo();
    f.settle();
    page.refreshNow();
    QCOMPARE(number(*f.document, "pods[0].utilization"), before);
    compareSeries(page.curve("opus")->current, {opusNow});
    compareSeries(page.curve("opus")->serving, opusPoints);
}

void Test_hardwarepage::editCapex_scalesServingCurveByPodCostPerHour_undoRestores() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    gui::JsonTableModel* pods = page.podModel();
    const gui::SnapshotPtr old = f.evaluator->latest();
    const double oldHourly = old->results.pods[0].hourlyUsd;
    const QList<QPointF> sonnetBefore = page.curve("sonnet")->serving->points();

    const double capex = number(*f.document, "pods[0].cost.capex_usd");
    QVERIFY(
        pods->setData(pods->index(0, columnOf(pods, "cost.capex_usd")), capex * 2, Qt::EditRole));
    const gui::SnapshotPtr snap = f.settle();
    page.refreshNow();
    const double newHourly = snap->results.pods[0].hourlyUsd;
    QVERIFY(newHourly > oldHourly * 1.5); // the payment dominates this pod's cost
    QCOMPARE(page.podResultsTable()->item(6, 0)->text(),
             gui::formatValue(newHourly, gui::Unit::UsdPerHour));
    for (const core::ModelResult& m : snap->results.models) {
        // Cost per token = C / (3600 x rate x u) is proportional to the pod's C.
        QList<QPointF> expected = curveOf(modelResult(old, m.id));
        for (QPointF& p : expected)
            p.setY(p.y() * newHourly / oldHourly);
        compareSeries(page.curve(m.id)->serving, expected);
        compareSeries(page.curve(m.id)->serving, curveOf(m));
    }

    f.document->undoStack()->undo();
    f.settle();
    page.refreshNow();
    compareSeries(page.curve("sonnet")->serving, sonnetBefore);
    QCOMPARE(page.podResultsTable()->item(6, 0)->text(),
             gui::formatValue(oldHourly, gui::Unit::UsdPerHour));
}

void Test_hardwarepage::addAndRemoveAccelerator_doUndoRedoRestoresJson() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    auto* add = page.findChild<QPushButton*>(QStringLiteral("addAccelerator"));
    auto* remove = page.findChild<QPushButton*>(QStringLiteral("removeAccelerator"));
    QVERIFY(add && remove);
    QUndoStack* stack = f.document->undoStack();
    const core::Json original = *f.document->activeValue("accelerators");

    add->click();
    const core::Json added = *f.document->activeValue("accelerators");
    QCOMPARE(added.size(), original.size() + 1);
    const core::Json& fresh = added.back();
    // A unique id, and the H200 SXM row of docs/model.md, "Hardware and pods".
    QCOMPARE(fresh["id"].get<std::string>(), std::string("h200-2"));
    QCOMPARE(fresh["hbm_gb"].get<double>(), 141.0);
    QCOMPARE(fresh["hbm_tbs"].get<double>(), 4.8);
    QCOMPARE(page.acceleratorModel()->rowCount(), static_cast<int>(added.size()));
    stack->undo();
    JSON_COMPARE(*f.document->activeValue("accelerators"), original);
    QCOMPARE(page.acceleratorModel()->rowCount(), static_cast<int>(original.size()));
    stack->redo();
    JSON_COMPARE(*f.document->activeValue("accelerators"), added);

    // Remove acts on the current row and is disabled without one.
    page.acceleratorView()->setCurrentIndex({});
    QVERIFY(!remove->isEnabled());
    page.acceleratorView()->setCurrentIndex(page.acceleratorModel()->index(0, 0));
    QVERIFY(remove->isEnabled());
    remove->click();
    const core::Json removed = *f.document->activeValue("accelerators");
    QCOMPARE(removed.size(), original.size());
    JSON_COMPARE(removed[0], fresh);
    stack->undo();
    JSON_COMPARE(*f.document->activeValue("accelerators"), added);
    stack->redo();
    JSON_COMPARE(*f.document->activeValue("accelerators"), removed);
    stack->undo();
    stack->undo();
    JSON_COMPARE(*f.document->activeValue("accelerators"), original);
}

void Test_hardwarepage::addPod_copiesSelectedPodWithUniqueId_undoRemovesIt() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    const core::Json original = *f.document->activeValue("pods");
    page.podView()->setCurrentIndex(page.podModel()->index(0, 0));
    page.findChild<QPushButton*>(QStringLiteral("addPod"))->click();
    const core::Json pods = *f.document->activeValue("pods");
    QCOMPARE(pods.size(), original.size() + 1);
    QCOMPARE(pods.back()["id"].get<std::string>(), original[0]["id"].get<std::string>() + "-2");
    core::Json copy = pods.back();
    copy["id"] = original[0]["id"];
    JSON_COMPARE(copy, original[0]);

    const gui::SnapshotPtr snap = f.settle();
    page.refreshNow();
    QCOMPARE(snap->results.pods.size(), pods.size());
    QCOMPARE(page.podResultsTable()->columnCount(), static_cast<int>(pods.size()));
    // The same pod costs the same (docs/model.md, "Hardware and pods", has no term for a pod's
    // position).
    QCOMPARE(snap->results.pods[1].hourlyUsd, snap->results.pods[0].hourlyUsd);

    f.document->undoStack()->undo();
    JSON_COMPARE(*f.document->activeValue("pods"), original);
}

void Test_hardwarepage::addModel_rebuildsCurves_undoRestoresSeriesCount() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    const std::size_t before = page.curves().size();
    const int seriesBefore = static_cast<int>(page.servingChart()->chart()->series().size());
    core::Json models = *f.document->activeValue("models");
    core::Json twin = models[0];
    twin["id"] = "haiku-twin";
    twin["name"] = "Haiku twin";
    models.push_back(twin);
    QVERIFY(f.document->edit("models", models));
    const gui::SnapshotPtr snap = f.settle();
    page.refreshNow();
    QCOMPARE(page.curves().size(), before + 1);
    QCOMPARE(page.curve("haiku-twin")->serving->name(), QStringLiteral("Haiku twin"));
    // The same model on the same pod has the same curve as the original.
    compareSeries(page.curve("haiku-twin")->serving, curveOf(modelResult(snap, "haiku")));
    QCOMPARE(static_cast<int>(page.servingChart()->chart()->series().size()),
             seriesBefore / static_cast<int>(before) * static_cast<int>(before + 1));

    f.document->undoStack()->undo();
    f.settle();
    page.refreshNow();
    QCOMPARE(page.curves().size(), before);
    QVERIFY(!page.curve("haiku-twin"));
    QCOMPARE(static_cast<int>(page.servingChart()->chart()->series().size()), seriesBefore);
}

void Test_hardwarepage::podTableEditors_offerCostModesAndAcceleratorIds() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.addAccelerator(); // a second accelerator id to choose from
    QTableView* view = page.podView();
    gui::JsonTableModel* pods = page.podModel();
    QAbstractItemDelegate* delegate = view->itemDelegate();
    const auto editorFor = [&](const std::string& key) {
        const QModelIndex index = pods->index(0, columnOf(pods, key));
        QWidget* editor = delegate->createEditor(view->viewport(), {}, index);
        delegate->setEditorData(editor, index);
        return std::make_pair(editor, index);
    };

    // cost.mode: the three modes of docs/scenario.md section 4, committed through the undo stack.
    auto [modeEditor, modeIndex] = editorFor("cost.mode");
    auto* modes = qobject_cast<QComboBox*>(modeEditor);
    QVERIFY(modes);
    QCOMPARE(modes->count(), 3);
    QCOMPARE(modes->currentText(), QStringLiteral("owned"));
    modes->setCurrentText(QStringLiteral("given"));
    delegate->setModelData(modes, pods, modeIndex);
    QCOMPARE(f.document->activeValue("pods[0].cost.mode")->get<std::string>(),
             std::string("given"));
    f.document->undoStack()->undo();
    QCOMPARE(f.document->activeValue("pods[0].cost.mode")->get<std::string>(),
             std::string("owned"));
    delete modeEditor;

    // accelerator: the scenario's accelerator ids, read when the editor opens.
    auto [accelEditor, accelIndex] = editorFor("accelerator");
    auto* accelerators = qobject_cast<QComboBox*>(accelEditor);
    QVERIFY(accelerators);
    QCOMPARE(accelerators->count(), 2);
    QCOMPARE(accelerators->itemText(1), QStringLiteral("h200-2"));
    delete accelEditor;

    // Numbers edit as typed, every digit kept (a spin box would round to its decimals).
    auto [rateEditor, rateIndex] = editorFor("cost.annual_rate");
    auto* line = qobject_cast<QLineEdit*>(rateEditor);
    QVERIFY(line);
    QCOMPARE(line->text(), QStringLiteral("10")); // percent: Unit::Share
    line->setText(QStringLiteral("7.125"));
    delegate->setModelData(line, pods, rateIndex);
    QVERIFY(near(*f.document->activeNumber("pods[0].cost.annual_rate"), 0.07125));
    delete rateEditor;
}

void Test_hardwarepage::operatingCurve_drawsMeasuredPointsFrontierAndTierPointsOfResults() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    const gui::SnapshotPtr snap = evaluateScenario(f, curveScenario());
    page.refreshNow();
    gui::CurveChart* chart = page.operatingCurveChart();
    QVERIFY(!chart->isHidden());
    QCOMPARE(chart->modelId(), std::string("m"));
    QVERIFY(chart->modelChoice()->isHidden()); // one model with a curve: nothing to choose

    // The plot of the results: four points at 1024/1024 sorted by speed, (30, 500) dominated
    // by (40, 600).
    const core::CurvePlot& plot = *modelResult(snap, "m").curvePlot;
    QCOMPARE(plot.points.size(), std::size_t(4));
    compareSeries(chart->frontierPoints(), {{20, 1000}, {40, 600}, {60, 200}});
    compareSeries(chart->dominatedPoints(), {{30, 500}});
    compareSeries(chart->frontierLine(), {{20, 1000}, {40, 600}, {60, 200}});
    QCOMPARE(chart->dominatedPoints()->brush().style(), Qt::NoBrush); // hollow
    QCOMPARE(chart->frontierPoints()->brush().style(), Qt::SolidPattern);

    // One marker per tier, labelled with its id, at the tier's operating point in the results;
    // tst_operating: (30, 800) and (50, 400).
    const std::vector<QScatterSeries*>& markers = chart->tierMarkers();
    QCOMPARE(markers.size(), std::size_t(2));
    const QList<QPointF> handPoints = {{30, 800}, {50, 400}};
    for (std::size_t i = 0; i < markers.size(); ++i) {
        const core::TierResult& tier = snap->results.tiers[i];
        QCOMPARE(tier.operatingPoints.size(), std::size_t(1));
        const core::OperatingPointResult& p = tier.operatingPoints[0];
        compareSeries(markers[i], {{p.tokensPerSPerUser, p.throughputPerGpu}});
        compareSeries(markers[i], {handPoints[static_cast<qsizetype>(i)]});
        QCOMPARE(chart->tierLabels().at(i)->text(), QString::fromStdString(tier.id));
    }

    // Title, axis and caption name what is drawn and at which lengths.
    const QString title = chart->chartView()->chart()->title();
    QVERIFY2(title.contains(QString::fromStdString(plot.curve)) &&
                 title.contains(QStringLiteral("1024/1024")),
             qPrintable(title));
    const auto* y =
        qobject_cast<QValueAxis*>(chart->chartView()->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(y);
    QCOMPARE(y->titleText().toLower(), QString::fromStdString(plot.basis).toLower());
    QVERIFY(y->max() >= 1000);
    const QString caption = chart->caption()->text();
    QVERIFY2(caption.contains(QStringLiteral("(1024/1024)")) &&
                 caption.contains(QStringLiteral("measured 1024/1024")),
             qPrintable(caption));

    // A new evaluation replaces the points in place: the same series, no rebuild.
    const std::vector<QScatterSeries*> before = markers;
    QScatterSeries* frontier = chart->frontierPoints();
    QVERIFY(f.document->edit("pods[0].utilization", 0.6));
    f.settle();
    page.refreshNow();
    QCOMPARE(chart->frontierPoints(), frontier);
    QVERIFY(chart->tierMarkers() == before);
    compareSeries(chart->tierMarkers()[1], {handPoints[1]});
}

void Test_hardwarepage::operatingCurve_twoModelsWithCurves_choiceSwitchesModel() {
    test::GuiFixture f;
    HardwarePage page(f.document.get(), f.evaluator.get());
    core::Json doc = curveScenario();
    // A second model on the same curve with every throughput halved.
    core::Json twin = doc["models"][0];
    twin["id"] = "half";
    twin["name"] = "Half";
    for (core::Json& p : twin["serving"]["curve"]["points"])
        p["output_tokens_per_s_per_gpu"] = p["output_tokens_per_s_per_gpu"].get<double>() / 2;
    doc["models"].push_back(twin);
    const gui::SnapshotPtr snap = evaluateScenario(f, doc);
    page.refreshNow();
    gui::CurveChart* chart = page.operatingCurveChart();
    QComboBox* choice = chart->modelChoice();
    QVERIFY(!choice->isHidden());
    QCOMPARE(choice->count(), 2);
    QCOMPARE(chart->modelId(), std::string("m")); // the first with a curve
    QCOMPARE(chart->frontierPoints()->count(), 3);

    choice->setCurrentIndex(1);
    QCOMPARE(chart->modelId(), std::string("half"));
    compareSeries(chart->frontierPoints(), {{20, 500}, {40, 300}, {60, 100}});
    compareSeries(chart->dominatedPoints(), {{30, 250}});
    // Every tier has a point on each model with a curve: the results' points, which are
    // tst_operating's (30, 800) and (50, 400) halved.
    std::size_t onHalf = 0;
    for (const core::TierResult& t : snap->results.tiers)
        for (const core::OperatingPointResult& p : t.operatingPoints)
            if (p.model == "half")
                compareSeries(chart->tierMarkers().at(onHalf++),
                              {{p.tokensPerSPerUser, p.throughputPerGpu}});
    QCOMPARE(onHalf, std::size_t(2));
    QCOMPARE(chart->tierMarkers().size(), onHalf);
    compareSeries(chart->tierMarkers()[0], {{30, 400}});
    compareSeries(chart->tierMarkers()[1], {{50, 200}});

    // A new evaluation keeps the model chosen.
    QVERIFY(f.document->edit("pods[0].utilization", 0.6));
    f.settle();
    page.refreshNow();
    QCOMPARE(chart->modelId(), std::string("half"));
    compareSeries(chart->dominatedPoints(), {{30, 250}});
}

void Test_hardwarepage::operatingCurve_hiddenWithoutCurves() {
    test::GuiFixture f; // example-tiers: roofline serving, no curve
    HardwarePage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    for (const core::ModelResult& m : f.evaluator->latest()->results.models)
        QVERIFY(!m.curvePlot);
    QVERIFY(page.operatingCurveChart()->isHidden());

    // Shown with a curve, hidden again when the scenario has none.
    evaluateScenario(f, curveScenario());
    page.refreshNow();
    QVERIFY(!page.operatingCurveChart()->isHidden());
    f.document->setActiveScenario(QStringLiteral("example-tiers"));
    f.settle();
    page.refreshNow();
    QVERIFY(page.operatingCurveChart()->isHidden());
}

// The Tiers page says where the selected tier runs on its model's curve: "slow" at its
// 30 tok/s per user target reads 800 output tok/s/GPU, interpolated (tst_operating).
void Test_hardwarepage::tiersPage_summarySaysWhereTheTierRuns() {
    test::GuiFixture f;
    gui::TiersPage page(f.document.get(), f.evaluator.get());
    evaluateScenario(f, curveScenario());
    page.refreshNow();
    const auto* summary = page.findChild<QLabel*>(QStringLiteral("tierSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral(
                 "Served at least 30 tok/s per user on M on h200 (E, fp8): 30.0 tok/s per user at "
                 "800 output tok/s/GPU (interpolated, 1024/1024 tokens).")),
             qPrintable(summary->text()));
}

QTEST_MAIN(Test_hardwarepage)
#include "tst_hardwarepage.moc"
