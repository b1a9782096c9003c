// SPDX-License-Identifier: MIT
// The Routing page: a mix slider keeps the shares summing to 1 by scaling the other shares
// in proportion (evenly when they are all 0); a slider drag is one undo step; the stacked
// bars are each leg's runs x cost from the results; a cascade's escalation edit gives the
// expected cost c1 + e1 (c2 + e2 (c3 + ...)) + overhead of docs/model.md, "Routing"; the mode
// is an undoable edit, seeded with members when switched on.
#include "guitestutil.h"
#include "pages/routingcharts.h"
#include "pages/routingpage.h"
#include "pages/routingshareeditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSlider>
#include <QUndoStack>
#include <QtCharts/QBarSet>

#include <cmath>

using namespace tierlab;
using gui::RoutingPage;

namespace {

bool near(double actual, double expected, double relative) {
    return std::abs(actual - expected) <= relative * std::max(std::abs(expected), 1e-300);
}

core::Json mixOf(const test::GuiFixture& f) {
    return f.document->activeValue("routing.mix").value_or(core::Json::object());
}

double sumOf(const core::Json& mix) {
    double sum = 0;
    for (const auto& [id, share] : mix.items())
        sum += share.get<double>();
    return sum;
}

// The mix of the page's rule: `model` gets `share`, the others keep their proportions.
std::map<std::string, double> expectedMix(const core::Json& before, const std::string& model,
                                          double share) {
    double others = 0;
    for (const auto& [id, s] : before.items())
        if (id != model)
            others += s.get<double>();
    std::map<std::string, double> out;
    for (const auto& [id, s] : before.items())
        out[id] = id == model ? share : s.get<double>() / others * (1 - share);
    return out;
}

void drag(QSlider* slider, std::initializer_list<int> positions) {
    slider->setSliderDown(true);
    for (int p : positions)
        slider->setValue(p);
    slider->setSliderDown(false);
}

} // namespace

class TestRoutingPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void mixSlider_keepsSumOneAndScalesOthersProportionally() {
        test::GuiFixture f(QStringLiteral("routing-reference"));
        RoutingPage page(f.document.get(), f.evaluator.get());
        const core::Json before = mixOf(f); // haiku 0.8, sonnet 0.15, opus 0.05
        QVERIFY(before.size() >= 3);
        gui::RoutingShareEditor* opus = page.mixEditor("opus");
        QVERIFY(opus);
        const int steps = gui::RoutingShareEditor::kSteps;
        opus->slider()->setValue(steps / 5); // 20 %

        const core::Json after = mixOf(f);
        const auto expected = expectedMix(before, "opus", 0.2);
        for (const auto& [id, share] : expected)
            QVERIFY2(near(after[id].get<double>(), share, 1e-12), id.c_str());
        QVERIFY(std::abs(sumOf(after) - 1) <= 1e-12);
        // Sonnet : Haiku stays 0.15 : 0.8.
        QVERIFY(near(after["sonnet"].get<double>() / after["haiku"].get<double>(),
                     before["sonnet"].get<double>() / before["haiku"].get<double>(), 1e-12));
        // The core accepts the mix and routes by it.
        const gui::SnapshotPtr snap = f.settle();
        QVERIFY(snap->ok);
        for (const core::RouteLegResult& leg : snap->results.routing->legs)
            QVERIFY(near(leg.runs, expected.at(leg.model), 1e-12));
        // The other editors follow.
        QVERIFY(near(page.mixEditor("haiku")->share(), expected.at("haiku"), 1e-3));
    }

    void mixSlider_othersAllZero_spreadsEvenly() {
        test::GuiFixture f(QStringLiteral("routing-reference"));
        RoutingPage page(f.document.get(), f.evaluator.get());
        QVERIFY(f.document->edit("routing.mix", {{"haiku", 1.0}, {"sonnet", 0.0}, {"opus", 0.0}}));
        const int steps = gui::RoutingShareEditor::kSteps;
        page.mixEditor("haiku")->slider()->setValue(steps * 2 / 5); // 40 %
        const core::Json mix = mixOf(f);
        QCOMPARE(mix["haiku"].get<double>(), 0.4);
        QVERIFY(near(mix["sonnet"].get<double>(), (1 - 0.4) / 2, 1e-12));
        QVERIFY(near(mix["opus"].get<double>(), (1 - 0.4) / 2, 1e-12));
    }

    void sliderDrag_isOneUndoStep() {
        test::GuiFixture f(QStringLiteral("routing-reference"));
        RoutingPage page(f.document.get(), f.evaluator.get());
        QUndoStack* stack = f.document->undoStack();
        const std::string before = f.document->activeScenario().dump();
        const core::Json start = mixOf(f);
        const int count = stack->count();
        QSlider* haiku = page.mixEditor("haiku")->slider();
        const int steps = gui::RoutingShareEditor::kSteps;
        drag(haiku, {steps * 7 / 10, steps * 6 / 10, steps / 2});
        QCOMPARE(stack->count(), count + 1);
        // Rescaled from the mix the drag started with.
        const auto expected = expectedMix(start, "haiku", 0.5);
        for (const auto& [id, share] : expected)
            QVERIFY2(near(mixOf(f)[id].get<double>(), share, 1e-12), id.c_str());
        const std::string afterFirst = f.document->activeScenario().dump();

        // A second drag of the same slider is a step of its own.
        drag(haiku, {steps * 3 / 10, steps / 4});
        QCOMPARE(stack->count(), count + 2);
        stack->undo();
        QCOMPARE(f.document->activeScenario().dump(), afterFirst);
        stack->undo();
        QCOMPARE(f.document->activeScenario().dump(), before);
        QCOMPARE(page.mixEditor("haiku")->share(), start["haiku"].get<double>());
    }

    void stackedBars_equalEachLegsCostInResults_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("mix") << QStringLiteral("routing-reference");
        QTest::newRow("cascade") << QStringLiteral("routing-cascade");
    }

    void stackedBars_equalEachLegsCostInResults() {
        QFETCH(QString, scenario);
        test::GuiFixture f(scenario);
        RoutingPage page(f.document.get(), f.evaluator.get());
        page.refreshNow();
        const core::RoutingResult& r = *f.evaluator->latest()->results.routing;
        const gui::RoutingCharts* charts = page.routingCharts();
        double serving = 0, list = 0;
        for (const core::RouteLegResult& leg : r.legs) {
            QVERIFY(charts->servingSet(leg.model) && charts->listSet(leg.model));
            QVERIFY(near(charts->servingSet(leg.model)->at(0), leg.runs * leg.servingUsd, 1e-12));
            QVERIFY(near(charts->listSet(leg.model)->at(0), leg.runs * leg.listUsd, 1e-12));
            serving += charts->servingSet(leg.model)->at(0);
            list += charts->listSet(leg.model)->at(0);
        }
        const double overhead = f.document->activeNumber("routing.router_overhead_usd").value_or(0);
        QCOMPARE(charts->overheadSet()->at(0), overhead);
        // The stacks add up to the routed cost per request, with the overhead at serving cost.
        QVERIFY(near(serving + overhead, f.result("routing.serving_usd_per_request"), 1e-12));
        QVERIFY(near(list, f.result("routing.list_usd_per_request"), 1e-12));
        // The baseline bar is the baseline model alone.
        QCOMPARE(charts->servingSet(r.baselineModel)->at(1),
                 f.result("routing.baseline_serving_usd_per_request"));
        QCOMPARE(charts->listSet(r.baselineModel)->at(1),
                 f.result("routing.baseline_list_usd_per_request"));
    }

    void cascadeEscalationEdit_givesNestedExpectedCost() {
        test::GuiFixture f(QStringLiteral("routing-cascade"));
        RoutingPage page(f.document.get(), f.evaluator.get());
        const core::Json cascade = *f.document->activeValue("routing.cascade");
        QCOMPARE(cascade.size(), std::size_t(3));
        const double before = f.result("routing.serving_usd_per_request");
        const double e1Before = cascade[0]["escalate"].get<double>();
        QVERIFY(page.escalationEditor(0) && page.escalationEditor(1));
        QVERIFY(!page.escalationEditor(2)); // the last stage answers
        page.escalationEditor(0)->spinBox()->setValue(e1Before * 100 + 25);
        f.settle();

        const double e1 = f.document->activeNumber("routing.cascade[0].escalate").value();
        QVERIFY(near(e1, e1Before + 0.25, 1e-12));
        const double e2 = f.document->activeNumber("routing.cascade[1].escalate").value();
        const auto cost = [&](int stage, const char* field) {
            const auto model = cascade[static_cast<std::size_t>(stage)]["model"].get<std::string>();
            return f.result("models[id=" + model + "]." + field);
        };
        const double overhead = f.document->activeNumber("routing.router_overhead_usd").value();
        // docs/model.md, "Routing": c1 + e1 (c2 + e2 c3), plus the router overhead per request.
        const double serving =
            cost(0, "serving_usd_per_request") +
            e1 * (cost(1, "serving_usd_per_request") + e2 * cost(2, "serving_usd_per_request")) +
            overhead;
        QVERIFY2(near(f.result("routing.serving_usd_per_request"), serving, 1e-12),
                 qPrintable(QString::number(serving, 'g', 17)));
        QVERIFY(f.result("routing.serving_usd_per_request") > before);
        const double list =
            cost(0, "list_usd_per_request") +
            e1 * (cost(1, "list_usd_per_request") + e2 * cost(2, "list_usd_per_request"));
        QVERIFY(near(f.result("routing.list_usd_per_request"), list, 1e-12));
        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeNumber("routing.cascade[0].escalate").value(), e1Before);
    }

    void modeNone_showsHintAndUndoRestoresMix() {
        test::GuiFixture f(QStringLiteral("routing-reference"));
        RoutingPage page(f.document.get(), f.evaluator.get());
        const std::string before = f.document->activeScenario().dump();
        QVERIFY(page.setMode("none"));
        QCOMPARE(page.modeBox()->currentData().toString(), QStringLiteral("none"));
        QVERIFY(page.findChild<QWidget*>(QStringLiteral("routingHint"))->isVisibleTo(&page));
        QVERIFY(!page.mixEditor("haiku")->isVisibleTo(&page));
        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeScenario().dump(), before);
        QCOMPARE(page.modeBox()->currentData().toString(), QStringLiteral("mix"));
        QVERIFY(!page.findChild<QWidget*>(QStringLiteral("routingHint"))->isVisibleTo(&page));
    }

    void modeMixFromNone_seedsAValidMixInOneUndoStep() {
        test::GuiFixture f; // example-tiers: routing none, no mix
        RoutingPage page(f.document.get(), f.evaluator.get());
        const std::string before = f.document->activeScenario().dump();
        const int count = f.document->undoStack()->count();
        QVERIFY(page.setMode("mix"));
        QCOMPARE(f.document->undoStack()->count(), count + 1);
        QVERIFY(std::abs(sumOf(mixOf(f)) - 1) <= 1e-9);
        const gui::SnapshotPtr snap = f.settle();
        QVERIFY(snap->ok);
        QVERIFY(snap->results.routing.has_value());
        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeScenario().dump(), before);
    }
};

QTEST_MAIN(TestRoutingPage)
#include "tst_routingpage.moc"
