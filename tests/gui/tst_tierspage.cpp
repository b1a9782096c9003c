// SPDX-License-Identifier: MIT
// The Tiers page: a price edited in the tier table moves the margin line and the breakeven
// marker to the new results (docs/model.md, "Breakeven utilization and full use": margin(u) =
// price - u x V_full x ratio, u* = price / (V_full x ratio)); the utilization histogram holds
// every subscriber; adding a limit or a tier is undoable exactly; a tier without usage says so
// instead of empty axes.
#include "guitestutil.h"
#include "models/jsontablemodel.h"
#include "pages/tierscharts.h"
#include "pages/tierspage.h"
#include "pages/timelineview.h"
#include "app/samples.h"
#include "document/workspacedocument.h"

#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>

#include <QUndoStack>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>

#include <cmath>

using namespace tierlab;
using gui::TiersPage;

namespace {

int columnOf(const gui::JsonTableModel& model, const std::string& key) {
    for (int c = 0; c < model.columnCount(); ++c)
        if (model.column(c).key == key)
            return c;
    return -1;
}

bool near(double actual, double expected, double relative) {
    return std::abs(actual - expected) <= relative * std::max(std::abs(expected), 1e-300);
}

std::string tierPath(int row) {
    return "tiers[" + std::to_string(row) + "]";
}

} // namespace

class TestTiersPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void editPriceInTable_movesMarginLineAndBreakevenMarker() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        page.refreshNow();
        const int row = 1; // max5x in example-tiers
        const std::string tier = tierPath(row);
        const double oldPrice = f.result(tier + ".price_usd_month");
        const double oldBreakeven = f.result(tier + ".breakeven_utilization");
        const double newPrice = oldPrice * 1.5;

        gui::JsonTableModel* table = page.tierModel();
        const int priceColumn = columnOf(*table, "price_usd_month");
        QVERIFY(priceColumn >= 0);
        // The table edits in display units: USD/month shows as is.
        QVERIFY(table->setData(table->index(row, priceColumn), newPrice, Qt::EditRole));
        f.settle();
        page.refreshNow();

        QCOMPARE(f.result(tier + ".price_usd_month"), newPrice);
        QLineSeries* line = page.tierCharts()->marginLine(row);
        QVERIFY(line && line->count() == 2);
        QCOMPARE(line->at(0), QPointF(0, newPrice));
        QCOMPARE(line->at(1).x(), 1.0);
        QCOMPARE(line->at(1).y(), f.result(tier + ".margin_at_full_use_usd"));

        QScatterSeries* marker = page.tierCharts()->breakevenMarker(row);
        QVERIFY(marker && marker->count() == 1);
        const double uStar = marker->at(0).x();
        QCOMPARE(marker->at(0).y(), 0.0);
        QCOMPARE(uStar, f.result(tier + ".breakeven_utilization"));
        // docs/model.md, "Breakeven utilization and full use": u* = price / (V_full x
        // serving-cost ratio), from the results.
        const double formula = newPrice / (f.result(tier + ".full_use_value_usd") *
                                           f.result(tier + ".serving_cost_ratio"));
        QVERIFY2(near(uStar, formula, 1e-12), qPrintable(QString::number(uStar, 'g', 17)));
        // u* is proportional to the price, and the margin line crosses 0 there.
        QVERIFY(near(uStar, oldBreakeven * newPrice / oldPrice, 1e-12));
        const double marginAtBreakeven =
            line->at(0).y() + uStar * (line->at(1).y() - line->at(0).y());
        QVERIFY(std::abs(marginAtBreakeven) <= 1e-9 * newPrice);
    }

    // The Speed column edits tiers[i].speed.min_tps (creating the speed object), the tier's
    // roofline models are then served at that speed (example-tiers' Opus, model.md "The
    // roofline at a speed"), and undo removes it again.
    void editSpeedTarget_servesTheTierAtItAndUndoes() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        page.refreshNow();
        const int row = 2; // max20x, served by Opus
        gui::JsonTableModel* table = page.tierModel();
        const int speed = columnOf(*table, "speed.min_tps");
        QVERIFY(speed >= 0);
        QVERIFY(table->setData(table->index(row, speed), 40.0, Qt::EditRole));
        f.settle();
        QCOMPARE(*f.document->activeNumber(tierPath(row) + ".speed.min_tps"), 40.0);
        // Operating points in model order: haiku, sonnet, opus; the roofline's largest batch
        // meets the target to the bisection's tolerance.
        QVERIFY(near(f.result(tierPath(row) + ".operating_points[2].tokens_per_s_per_user"), 40.0,
                     1e-6));
        f.document->undoStack()->undo();
        f.settle();
        QVERIFY(!f.document->activeNumber(tierPath(row) + ".speed.min_tps"));
    }

    void utilizationHistogram_sumsToAllSubscribers() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        const int tiers = page.tierModel()->rowCount();
        QVERIFY(tiers > 0);
        for (int row = 0; row < tiers; ++row) {
            page.selectTier(row);
            page.refreshNow();
            QVERIFY(page.tierCharts()->populationShown());
            const std::string population = tierPath(row) + ".population";
            const QBarSet* bars = page.tierCharts()->histogram();
            QCOMPARE(bars->count(), core::kUtilizationBins);
            double sum = 0;
            for (int i = 0; i < bars->count(); ++i) {
                QCOMPARE(bars->at(i), f.result(population + ".utilization_histogram_share[" +
                                               std::to_string(i) + "]"));
                sum += bars->at(i);
            }
            QVERIFY2(std::abs(sum - 1) <= 1e-9, qPrintable(QString::number(sum, 'g', 17)));
            // The CDF: quantile q at the utilization of that quantile, up to q = 1.
            const QLineSeries* cdf = page.tierCharts()->cdf();
            QCOMPARE(cdf->count(), 101);
            QCOMPARE(cdf->at(50).x(), f.result(population + ".utilization_quantiles[50]"));
            QCOMPARE(cdf->at(50).y(), 0.5);
            QCOMPARE(cdf->at(100).y(), 1.0);
            QCOMPARE(page.tierCharts()->breakevenLine()->at(0).x(),
                     f.result(tierPath(row) + ".breakeven_utilization"));
        }
    }

    void addWindow_doUndoRedo_restoresJsonExactly() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        page.selectTier(2);
        const std::string before = f.document->activeScenario().dump();
        const std::size_t windows = f.document->activeValue("tiers[2].windows")->size();
        QVERIFY(page.addLimit(TiersPage::Limit::Windows));
        const std::string after = f.document->activeScenario().dump();
        QCOMPARE(f.document->activeValue("tiers[2].windows")->size(), windows + 1);
        QCOMPARE(page.limitModel(TiersPage::Limit::Windows)->rowCount(),
                 static_cast<int>(windows + 1));
        // Only the selected tier changed.
        QCOMPARE(f.document->activeValue("tiers[1].windows")->dump(),
                 core::Json::parse(before)["tiers"][1]["windows"].dump());

        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeScenario().dump(), before);
        QCOMPARE(page.limitModel(TiersPage::Limit::Windows)->rowCount(), static_cast<int>(windows));
        f.document->undoStack()->redo();
        QCOMPARE(f.document->activeScenario().dump(), after);
    }

    void selectTier_repointsLimitTablesAtThatTier() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        for (int row = 0; row < page.tierModel()->rowCount(); ++row) {
            page.selectTier(row);
            QCOMPARE(page.limitModel(TiersPage::Limit::Caps)->arrayPath(),
                     tierPath(row) + ".model_caps");
            QCOMPARE(page.limitModel(TiersPage::Limit::Pools)->rowCount(),
                     static_cast<int>(f.document->activeValue(tierPath(row) + ".pools")->size()));
        }
    }

    void addTierWithoutUsage_saysSoAndUndoRemovesIt() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        const std::string before = f.document->activeScenario().dump();
        const int tiers = page.tierModel()->rowCount();
        QVERIFY(page.addTier());
        QCOMPARE(page.tierModel()->rowCount(), tiers + 1);
        QCOMPARE(page.selectedTier(), tiers);
        f.settle();
        page.refreshNow();
        // The synthetic population names only the sample tiers: the new one has none.
        QVERIFY(f.evaluator->latest()->ok);
        QCOMPARE(f.result(tierPath(tiers) + ".population.subscribers"), 0.0);
        QVERIFY(!page.tierCharts()->populationShown());
        QVERIFY(page.tierCharts()->marginLine(tiers) != nullptr);

        f.document->undoStack()->undo();
        QCOMPARE(f.document->activeScenario().dump(), before);
        QCOMPARE(page.tierModel()->rowCount(), tiers);
        QVERIFY(page.selectedTier() < tiers);
        f.settle();
        page.refreshNow();
        QVERIFY(page.tierCharts()->populationShown());
    }

    // On the sample workspace (Pro with a session, a weekly token cap and a weekly Opus cap,
    // replayed over the bundled data set's every request): the limits tab lists the three
    // limits; tightening the session to 5 messages raises its hit share, and undo restores
    // the JSON and the figure exactly; the timeline tab replays the heaviest Pro subscriber.
    void sampleWorkspace_limitsReplayedEditedAndTimelined() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sample.tierlab"));
        QString error;
        QVERIFY2(gui::createSampleWorkspace(path, &error), qPrintable(error));
        auto document = gui::WorkspaceDocument::open(path);
        document->setActiveScenario(QString::fromLatin1(gui::kSampleScenario));
        gui::Evaluator evaluator;
        evaluator.setWorkspacePath(path);
        QObject::connect(document.get(), &gui::WorkspaceDocument::scenarioChanged, &evaluator,
                         [&](const QString& name) {
                             evaluator.request(name, document->activeScenario());
                         });
        evaluator.request(document->activeScenarioName(), document->activeScenario());
        evaluator.waitForIdle();
        TiersPage page(document.get(), &evaluator);
        page.refreshNow();
        QCoreApplication::processEvents();
        QVERIFY(page.limitsNote()->text().startsWith(QStringLiteral("Replayed")));
        QCOMPARE(page.limitResults()->rowCount(), 3);
        QCOMPARE(page.limitResults()->item(0, 0)->text(), QStringLiteral("session"));
        const auto hitOf = [&] {
            return evaluator.latest()->results.tiers.at(0).population->limits.at(0).hitShare;
        };
        const double before = hitOf();
        const std::string json = document->activeScenario().dump();

        gui::JsonTableModel* limits = page.limitModel(TiersPage::Limit::Timed);
        QVERIFY(limits);
        QCOMPARE(limits->rowCount(), 3);
        const int amount = columnOf(*limits, "amount");
        QVERIFY(limits->setData(limits->index(0, amount), 5, Qt::EditRole));
        evaluator.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(document->activeValue("tiers[0].limits[0].amount")->get<double>(), 5.0);
        QVERIFY2(hitOf() > before, qPrintable(QString::number(hitOf())));
        document->undoStack()->undo();
        evaluator.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(document->activeScenario().dump(), json);
        QCOMPARE(hitOf(), before);

        page.tabs()->setCurrentIndex(2);
        page.timeline()->waitForIdle();
        QVERIFY2(page.timeline()->shown().has_value(), qPrintable(page.timeline()->message()));
        const core::SubscriberTimeline& t = *page.timeline()->shown();
        QCOMPARE(t.tier, std::string("pro"));
        QCOMPARE(t.pickedAs, std::string("heaviest"));
        QCOMPARE(t.limitLabels.size(), std::size_t(3));
        QVERIFY(!t.timeline.events.empty());
        page.timeline()->pick(2, QStringLiteral("nobody"));
        page.timeline()->waitForIdle();
        QVERIFY(!page.timeline()->shown().has_value());
        QVERIFY(page.timeline()->message().contains(QStringLiteral("'nobody'")));
    }

    void scenarioWithoutUsage_showsNoPopulation() {
        test::GuiFixture f;
        TiersPage page(f.document.get(), f.evaluator.get());
        QVERIFY(f.document->edit("usage", nullptr)); // null is the same as no usage
        f.settle();
        page.refreshNow();
        QVERIFY(!f.evaluator->latest()->results.tiers.at(0).population);
        QVERIFY(!page.tierCharts()->populationShown());
        // The margin lines need no population.
        QCOMPARE(page.tierCharts()->marginLine(0)->at(0).y(), f.result("tiers[0].price_usd_month"));
    }
};

QTEST_MAIN(TestTiersPage)
#include "tst_tierspage.moc"
