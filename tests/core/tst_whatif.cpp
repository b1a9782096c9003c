// SPDX-License-Identifier: MIT
// Goal seek and sensitivity (issue #2, item 4).
#include "evalutil.h"
#include "whatif/goalseek.h"
#include "whatif/sensitivity.h"

#include <QTest>

using namespace tierlab;
using tierlab::test::at;
using tierlab::test::evalDoc;

class TestWhatIf : public QObject {
    Q_OBJECT

private:
    core::Json m_tiers = test::loadJson("data/scenarios/example-tiers.json");

private Q_SLOTS:
    void goalSeek_invertsEval_price() {
        // Which Pro price makes its breakeven utilization 50 %? Evaluating at the solved
        // price must give 50 % back.
        const auto r = core::goalSeek(
            m_tiers, {"tiers[id=pro].price_usd_month", "tiers[id=pro].breakeven_utilization", 0.5});
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.input, std::string("tiers[0].price_usd_month"));
        QCOMPARE(r.originalValue, 20.0);
        const core::Json check =
            evalDoc(m_tiers, {"tiers[0].price_usd_month=" + std::to_string(r.solvedValue)});
        TL_COMPARE_REL(at(check, "tiers[id=pro].breakeven_utilization"), 0.5, 1e-6);
        TL_COMPARE_REL(r.achievedResult, 0.5, 1e-12);
        // Breakeven is linear in price, so the solution is exact: 20 x 0.5 / u*(20).
        const double u20 = at(evalDoc(m_tiers), "tiers[id=pro].breakeven_utilization");
        TL_COMPARE_REL(r.solvedValue, 20 * 0.5 / u20, 1e-12);
    }

    void goalSeek_invertsEval_populationMargin() {
        // Which Opus input price makes the whole population's margin $150,000?
        const auto r =
            core::goalSeek(m_tiers, {"pods[0].utilization", "totals.margin_usd", 150000});
        QVERIFY2(r.ok, r.error.c_str());
        const core::Json solved = evalDoc(r.solvedDocument);
        TL_COMPARE_REL(at(solved, "totals.margin_usd"), 150000.0, 1e-9);
        TL_COMPARE_REL(at(r.solvedDocument, "pods[0].utilization"), r.solvedValue, 0);
    }

    void goalSeek_unreachable_reportsReachableRange() {
        // Utilization is bounded to (0, 1]: no utilization gets breakeven to 500 %.
        const auto r = core::goalSeek(
            m_tiers, {"pods[0].utilization", "tiers[id=pro].breakeven_utilization", 5.0});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("not reachable") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("reachable results: [") != std::string::npos, r.error.c_str());
        QVERIFY(r.reachableMax < 5.0);
        QVERIFY(r.reachableMin > 0.0);
    }

    void goalSeek_badPaths_sayWhy() {
        auto r = core::goalSeek(
            m_tiers, {"tiers[id=nope].price_usd_month", "tiers[0].breakeven_utilization", 1});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("no element with id=nope") != std::string::npos, r.error.c_str());
        r = core::goalSeek(m_tiers, {"tiers[0].price_usd_month", "tiers[0].no_such", 1});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("no_such") != std::string::npos, r.error.c_str());
        r = core::goalSeek(m_tiers, {"pods[0].nodes", "tiers[0].breakeven_utilization", 1});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("whole numbers") != std::string::npos, r.error.c_str());
    }

    void sensitivity_sortedBySwing_andMatchesDirectEval() {
        const auto r = core::sensitivity(m_tiers, "tiers[id=pro].breakeven_utilization",
                                         {"tiers[0].price_usd_month", "pods[0].utilization",
                                          "models[id=opus].price.input_per_mtok"},
                                         0.1);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.rows.size(), std::size_t(3));
        for (std::size_t k = 1; k < r.rows.size(); ++k)
            QVERIFY(r.rows[k - 1].swing >= r.rows[k].swing);
        // Opus prices do not touch a Sonnet-served tier's breakeven.
        QCOMPARE(r.rows.back().input, std::string("models[2].price.input_per_mtok"));
        QCOMPARE(r.rows.back().swing, 0.0);
        // Price row: breakeven is linear in price, so +-10 % gives +-10 %.
        for (const core::SensitivityRow& row : r.rows) {
            if (row.input != "tiers[0].price_usd_month")
                continue;
            TL_COMPARE_REL(row.low, 18.0, 1e-12);
            TL_COMPARE_REL(row.resultLow, r.baseResult * 0.9, 1e-12);
            TL_COMPARE_REL(row.resultHigh, r.baseResult * 1.1, 1e-12);
        }
    }

    void sensitivity_clampsToValidRange() {
        // Utilization 0.7 + 50 % would be 1.05 > 1: clamped to 1, and said so.
        const auto r = core::sensitivity(m_tiers, "tiers[id=pro].breakeven_utilization",
                                         {"pods[0].utilization"}, 0.5);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.rows[0].high, 1.0);
        QVERIFY(r.rows[0].note.find("clamped") != std::string::npos);
    }

    void sensitivity_defaultInputs_coverPricesAndPods() {
        const auto r = core::sensitivity(m_tiers, "totals.margin_usd", {}, 0.1);
        QVERIFY2(r.ok, r.error.c_str());
        bool price = false, capacity = false;
        for (const core::SensitivityRow& row : r.rows) {
            price |= row.input == "tiers[0].price_usd_month";
            capacity |= row.input.starts_with("capacity");
        }
        QVERIFY(price);
        QVERIFY(!capacity);
        QVERIFY(r.rows.front().swing > 0);
    }

    void sensitivity_wholeNumberInput_isRefused() {
        const auto r = core::sensitivity(m_tiers, "totals.margin_usd", {"pods[0].nodes"}, 0.1);
        QVERIFY(!r.ok);
        QCOMPARE(r.error, std::string("pods[0].nodes takes whole numbers only; sensitivity moves "
                                      "inputs by a percentage"));
    }

    void sensitivity_defaultInputs_leaveOutSharesThatCannotMoveAlone() {
        const auto r = core::sensitivity(m_tiers, "totals.margin_usd", {}, 0.1);
        QVERIFY2(r.ok, r.error.c_str());
        for (const core::SensitivityRow& row : r.rows)
            QVERIFY2(row.input.find(".models.") == std::string::npos, row.input.c_str());
    }
};

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_whatif.moc"
