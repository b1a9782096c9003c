// SPDX-License-Identifier: MIT
// The report's content (core/report): the golden case's figures, computed by hand in
// tests/cli/tst_cli_report.cpp, land in the right cells with the right units; every input is
// listed with its unit; prices keep their as_of and source; a scenario without usage still
// gives a complete report; number formats; the SVG charts are well-formed SVG Tiny.
#include "eval/evaluate.h"
#include "report/reportbuilder.h"
#include "report/reportrender.h"
#include "scenario/reader.h"
#include "testutil.h"

#include <QXmlStreamReader>

#include <algorithm>
#include <set>

using namespace tierlab;
using core::ReportUnit;

namespace {

struct Built {
    core::Json doc;
    core::ReportContent report;
};

Built build(core::Json doc) {
    const core::ReadResult read = core::readScenario(doc);
    if (!read.ok())
        qFatal("scenario does not read");
    const core::EvalOutcome outcome = core::evaluate(read.scenario);
    if (!outcome.ok())
        qFatal("scenario does not evaluate");
    Built b{doc, core::buildReport(doc, read.scenario, outcome.results, {"2026-01-31", {}})};
    return b;
}

const core::ReportTable& table(const core::ReportContent& r, const std::string& id) {
    for (const core::ReportTable& t : r.tables)
        if (t.id == id)
            return t;
    qFatal("no table %s", id.c_str());
}

// The row whose first cell is `key`.
const std::vector<core::ReportCell>& row(const core::ReportTable& t, const std::string& key) {
    for (const auto& r : t.rows)
        if (!r.empty() && r[0].text == key)
            return r;
    qFatal("no row %s in %s", key.c_str(), t.id.c_str());
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void numbers_formatWithUnitsAndSeparators_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("text");
        const int usd = static_cast<int>(ReportUnit::Usd);
        QTest::newRow("thousands") << 1234.567 << usd << "$1,234.57";
        QTest::newRow("millions") << 1234567.0 << usd << "$1,234,567.00";
        QTest::newRow("negative") << -7.6 << usd << "-$7.60";
        QTest::newRow("cents") << 0.3 << usd << "$0.30";
        QTest::newRow("sub-cent") << 0.0135 << usd << "$0.0135";
        QTest::newRow("share") << 1.0 / 3 << static_cast<int>(ReportUnit::Share) << "33.3 %";
        QTest::newRow("count") << 5000.0 << static_cast<int>(ReportUnit::Count) << "5,000";
        QTest::newRow("plain") << 0.7 << static_cast<int>(ReportUnit::Number) << "0.7";
    }
    void numbers_formatWithUnitsAndSeparators() {
        QFETCH(double, value);
        QFETCH(int, unit);
        QFETCH(QString, text);
        QCOMPARE(
            QString::fromStdString(core::formatReportNumber(value, static_cast<ReportUnit>(unit))),
            text);
    }

    void goldenCase_summaryHoldsHandCalculatedFigures() {
        const Built b = build(test::loadJson("tests/fixtures/report/golden.json"));
        QCOMPARE(b.report.title.scenarioName, std::string("Report golden case"));
        QCOMPARE(b.report.title.date, std::string("2026-01-31"));
        QVERIFY(!b.report.title.version.empty());
        const core::ReportTable& tiers = table(b.report, "Tiers");
        QCOMPARE(b.report.tierTable, 0);
        const auto& pro = row(tiers, "Pro");
        // Hand calculation in tst_cli_report.cpp: revenue 60, cost 67.60, margin -7.60,
        // loss-making 1/3, u* = 20 / (1300 x 0.2), V_full 1300.
        QCOMPARE(*pro[3].value, 60.0);
        QVERIFY(test::near(*pro[5].value, 67.6, 1e-12));
        QVERIFY(test::near(*pro[6].value, -7.6, 1e-12));
        QCOMPARE(pro[6].text, std::string("-$7.60"));
        QVERIFY(test::near(*pro[7].value, 1.0 / 3, 1e-12));
        QVERIFY(test::near(*pro[8].value, 20.0 / 260, 1e-12));
        QCOMPARE(pro[8].unit, ReportUnit::Share);
        QCOMPARE(pro[9].text, std::string("$1,300.00"));
        QVERIFY(tiers.lastRowIsTotal);
        QCOMPARE(tiers.rows.back()[0].text, std::string("All tiers"));
    }

    void goldenCase_sectionsChartsAndAssumptions() {
        const Built b = build(test::loadJson("tests/fixtures/report/golden.json"));
        std::vector<std::string> titles;
        for (const auto& s : b.report.sections)
            titles.push_back(s.title);
        QCOMPARE(titles, (std::vector<std::string>{"Summary", "Limits", "Charts", "Assumptions",
                                                   "Methods"}));
        std::vector<std::string> charts;
        for (const auto& c : b.report.charts)
            charts.push_back(c.id);
        QCOMPARE(charts, (std::vector<std::string>{"tier-comparison", "margin-utilization",
                                                   "utilization-pro"}));
        // The breakeven marker sits at u*.
        QVERIFY(test::near(b.report.charts[1].markers.at(0).x, 20.0 / 260, 1e-12));
        const core::ReportTable& inputs = table(b.report, "Inputs");
        const auto& price = row(inputs, "tiers[id=pro].price_usd_month");
        QCOMPARE(*price[1].value, 20.0);
        QCOMPARE(price[2].text, std::string("USD/month"));
        QCOMPARE(row(inputs, "models[id=m].price.input_per_mtok")[2].text, std::string("USD/Mtok"));
        QCOMPARE(row(inputs, "usage.records[1].requests")[1].text, std::string("200"));
        const auto& m = row(table(b.report, "Prices"), "Model M");
        QCOMPARE(m[1].text, std::string("$10.00"));
        QCOMPARE(m[6].text, std::string("2025-06-30"));
        QCOMPARE(m[7].text, std::string("hand-made test price"));
        QVERIFY(table(b.report, "Methods").rows.size() >= 10);
    }

    // The Limits section: one row per limit of each priced tier with the results' figures,
    // and the text says these usage records (no request history) only bounded the month.
    void limits_sectionHoldsEachLimitsFigures() {
        const core::Json doc = test::loadJson("tests/fixtures/report/golden.json");
        const core::ReadResult read = core::readScenario(doc);
        QVERIFY(read.ok());
        const core::EvalOutcome outcome = core::evaluate(read.scenario);
        QVERIFY(outcome.ok());
        const core::ReportContent r =
            core::buildReport(doc, read.scenario, outcome.results, {"2026-01-31", {}});
        const core::ReportTable& t = table(r, "Limit figures");
        std::size_t limits = 0;
        for (const core::TierResult& x : outcome.results.tiers)
            limits += x.population ? x.population->limits.size() : 0;
        QVERIFY(limits > 0);
        QCOMPARE(t.rows.size(), limits);
        const core::LimitFigures& first = outcome.results.tiers.at(0).population->limits.at(0);
        QCOMPARE(t.rows[0][1].text, first.label);
        QCOMPARE(*t.rows[0][3].value, first.hitShare);
        const auto limitsSection =
            std::find_if(r.sections.begin(), r.sections.end(),
                         [](const core::ReportSection& s) { return s.title == "Limits"; });
        QVERIFY(limitsSection != r.sections.end());
        QVERIFY(limitsSection->blocks.at(0).text.find("no request history") != std::string::npos);
    }

    // A timeline as a chart: asked requests cumulated over days of the span, the blocked
    // ones as points on that line, the served ones by when they ran (a delayed one later).
    void timelineChart_cumulatesAskedAndServed() {
        core::SubscriberTimeline t;
        t.subscriber = "u1";
        t.tier = "pro";
        t.pickedAs = "heaviest";
        t.spanStartMs = 0;
        t.spanEndMs = 2 * 86'400'000;
        const std::int64_t h = 3'600'000;
        t.timeline.events = {{0, 0, 0, core::RequestFate::Served, -1},
                             {h, h, 0, core::RequestFate::Served, -1},
                             {2 * h, -1, 0, core::RequestFate::Blocked, 0},
                             {3 * h, 30 * h, 0, core::RequestFate::Delayed, 0}};
        const core::ReportChart c = core::timelineChart(t);
        QCOMPARE(c.title, std::string("Timeline of u1 (pro, the heaviest)"));
        QCOMPARE(c.series.size(), std::size_t(3)); // asked, served, blocked
        QCOMPARE(c.series[0].points.back(), (std::pair<double, double>(3.0 / 24, 4)));
        QCOMPARE(c.series[1].points.size(), std::size_t(3));
        QCOMPARE(c.series[1].points.back(), (std::pair<double, double>(30.0 / 24, 3)));
        QCOMPARE(c.series[2].name, std::string("Blocked"));
        QCOMPARE(c.series[2].points.at(0), (std::pair<double, double>(2.0 / 24, 3)));
        QVERIFY(c.caption.find("4 requests asked over 2 days, 1 blocked") != std::string::npos);
    }

    void noUsage_stillGivesACompleteReport() {
        core::Json doc = test::loadJson("tests/fixtures/report/golden.json");
        doc.erase("usage");
        const Built b = build(doc);
        const auto& pro = row(table(b.report, "Tiers"), "Pro");
        QCOMPARE(pro[3].text, std::string("-"));
        QVERIFY(!pro[3].value);
        QVERIFY(test::near(*pro[8].value, 20.0 / 260, 1e-12));
        QCOMPARE(b.report.tables[0].rows.size(), std::size_t(1)); // no total row
        QCOMPARE(b.report.charts.size(), std::size_t(2));         // no distribution
        QVERIFY(!core::renderHtml(b.report).empty());
        QVERIFY(!core::renderCsv(b.report).empty());
    }

    void routing_addsSavingsChartAndTable() {
        const Built b = build(test::loadJson("data/scenarios/routing-reference.json"));
        const auto chart = std::find_if(b.report.charts.begin(), b.report.charts.end(),
                                        [](const auto& c) { return c.id == "routing-savings"; });
        QVERIFY(chart != b.report.charts.end());
        QCOMPARE(chart->series.size(), std::size_t(2));
        QVERIFY(!table(b.report, "Routing").rows.empty());
        // A mix is keyed by model id: its values are shares all the same.
        const core::ReportTable& inputs = table(b.report, "Inputs");
        QCOMPARE(row(inputs, "routing.mix.haiku")[2].text, std::string("share"));
        QCOMPARE(row(inputs, "models[id=haiku].quality")[2].text, std::string(""));
    }

    void charts_areWellFormedSvgTiny_withEscapedText() {
        core::Json doc = test::loadJson("tests/fixtures/report/golden.json");
        doc["tiers"][0]["name"] = "<b>&\"Pro\"";
        const Built b = build(doc);
        const std::set<QString> allowed = {"svg",      "title", "rect",  "line",
                                           "polyline", "text",  "circle"};
        for (const core::ReportChart& c : b.report.charts) {
            const std::string svg = core::chartToSvg(c);
            QVERIFY(svg.find("style") == std::string::npos);
            QXmlStreamReader xml(QByteArray::fromStdString(svg));
            while (!xml.atEnd())
                if (xml.readNext() == QXmlStreamReader::StartElement)
                    QVERIFY2(allowed.count(xml.name().toString()),
                             qPrintable(xml.name().toString()));
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        }
        QVERIFY(core::chartToSvg(b.report.charts[1]).find("&lt;b&gt;&amp;&quot;Pro&quot;") !=
                std::string::npos);
    }

    // A finished simulation adds a Capacity section whose table and chart are the
    // CapacityResult's own numbers (10 trials of 1 week of the replication preset); without
    // one there is no such section and the methods stop at Routing.
    void capacity_addsSectionWithTheSimulationsFigures() {
        const core::Json doc = tierlab::test::loadJson("data/scenarios/capacity-replication.json");
        const core::ReadResult read = core::readScenario(doc);
        QVERIFY(read.ok());
        const core::EvalOutcome outcome = core::evaluate(read.scenario);
        QVERIFY(outcome.ok());
        core::SimParams p = core::simParamsFromScenario(read.scenario);
        p.trials = 10;
        p.weeks = 1;
        const core::CapacityResult r = core::runCapacity(p);
        core::ReportOptions options{"2026-01-31", {}};
        options.capacity = &r;
        options.capacityParams = &p;
        const core::ReportContent with =
            core::buildReport(doc, read.scenario, outcome.results, options);
        QVERIFY(std::any_of(with.sections.begin(), with.sections.end(),
                            [](const auto& s) { return s.title == "Capacity"; }));
        const auto& perPod = row(table(with, "Capacity"), "Users per pod at 95.0 % confidence");
        QCOMPARE(perPod[1].value.value(), static_cast<double>(r.usersPerPod));
        QCOMPARE(perPod[2].value.value(), static_cast<double>(r.usersPerPodLow));
        QCOMPARE(perPod[3].value.value(), static_cast<double>(r.usersPerPodHigh));
        const auto& exceed = row(table(with, "Capacity"), "P(concurrency > 20 slots) at 100 users");
        QCOMPARE(exceed[1].value.value(), r.exceedProbability.value);
        const auto chart = std::find_if(with.charts.begin(), with.charts.end(),
                                        [](const auto& c) { return c.id == "capacity-exceed"; });
        QVERIFY(chart != with.charts.end());
        QCOMPARE(chart->series[0].points.size(), r.exceedByUsers.size() + 1);
        QCOMPARE(chart->series[0].points.back().second, r.exceedByUsers.back().second);
        QCOMPARE(chart->markers.at(0).x, static_cast<double>(r.usersPerPod));
        const auto capacityMethods = [](const core::ReportContent& c) {
            const auto& rows = table(c, "Methods").rows;
            return std::count_if(rows.begin(), rows.end(),
                                 [](const auto& r) { return r[2].text == "Capacity"; });
        };
        QCOMPARE(capacityMethods(with), 4);

        const core::ReportContent without =
            core::buildReport(doc, read.scenario, outcome.results, {"2026-01-31", {}});
        QVERIFY(std::none_of(without.sections.begin(), without.sections.end(),
                             [](const auto& s) { return s.title == "Capacity"; }));
        QCOMPARE(capacityMethods(without), 0);
    }

    void formatOfFile_byExtension() {
        QCOMPARE(core::reportFormatOf("a/b.PDF"), std::optional(core::ReportFormat::Pdf));
        QCOMPARE(core::reportFormatOf("r.htm"), std::optional(core::ReportFormat::Html));
        QCOMPARE(core::reportFormatOf("r.xlsx"), std::optional(core::ReportFormat::Xlsx));
        QCOMPARE(core::reportFormatOf("r.csv"), std::optional(core::ReportFormat::Csv));
        QVERIFY(!core::reportFormatOf("r.docx"));
        QVERIFY(!core::reportFormatOf("report"));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
