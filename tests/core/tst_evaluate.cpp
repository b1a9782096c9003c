// SPDX-License-Identifier: MIT
// evaluate() end to end on the sample scenarios, against hand calculations and properties.
#include "evalutil.h"

#include <QTest>

#include <cmath>

using namespace tierlab;
using tierlab::test::at;
using tierlab::test::evalDoc;

class TestEvaluate : public QObject {
    Q_OBJECT

private:
    core::Json m_referencePod = test::loadJson("data/scenarios/reference-pod.json");
    core::Json m_tiers = test::loadJson("data/scenarios/example-tiers.json");
    core::Json m_routing = test::loadJson("data/scenarios/routing-reference.json");
    core::Json m_cascade = test::loadJson("data/scenarios/routing-cascade.json");

private Q_SLOTS:
    void referencePod_matchesModelMd() {
        const core::Json r = evalDoc(m_referencePod);
        // Section 1: $1M over 24 months at 10 % = $46,144.93 a month, halved by the
        // discount; energy 32 x 0.7 kW x 1.3 x $0.08 x 730 h = $1,700.61.
        TL_COMPARE_REL(at(r, "pods[id=h200-owned].finance_usd_month"), 23072.46317, 1e-9);
        TL_COMPARE_REL(at(r, "pods[id=h200-owned].energy_usd_month"), 1700.608, 1e-12);
        TL_COMPARE_REL(at(r, "pods[id=h200-owned].cost_usd_hour"), 24773.07117 / 730, 1e-9);
        TL_COMPARE_REL(at(r, "pods[id=h200-rented].cost_usd_hour"), 120.0, 1e-12);
        // Section 2: 20 KV slots; 30k in / 240 out at 1M and 8k tokens per minute: 1.8 s,
        // 33 requests per minute.
        QCOMPARE(at(r, "models[id=opus].kv_slots"), 20.0);
        TL_COMPARE_REL(at(r, "models[id=opus].pod_seconds_per_request"), 1.8, 1e-12);
        TL_COMPARE_REL(at(r, "models[id=opus].requests_per_pod_minute"), 100.0 / 3, 1e-12);
        // Section 3: serving cost C s / (3600 u) against list (30000 x 15 + 240 x 75) / 1e6.
        const double c = 24773.07117 / 730;
        TL_COMPARE_REL(at(r, "models[id=opus].serving_usd_per_request"), c * 1.8 / 2520, 1e-9);
        TL_COMPARE_REL(at(r, "models[id=opus].list_usd_per_request"), 0.468, 1e-12);
        TL_COMPARE_REL(at(r, "models[id=opus].serving_usd_per_mtok_output"),
                       c / (3600 * 8000.0 / 60 * 0.7) * 1e6, 1e-9);
        // Section 7: (0.7 - 0.25) x 2,000 requests per busy hour x $0.468 x 730 h.
        TL_COMPARE_REL(at(r, "opportunity.cost_usd"), 307476.0, 1e-9);
        TL_COMPARE_REL(at(r, "batch.minutes"), 302.4, 1e-12);
    }

    void routingReference_matchesModelMd() {
        const core::Json r = evalDoc(m_routing);
        // Section 3: 1x / 12x / 60x and the $0.0675 Opus conversation.
        TL_COMPARE_REL(at(r, "models[id=opus].list_usd_per_request"), 0.0675, 1e-12);
        TL_COMPARE_REL(at(r, "models[id=sonnet].list_usd_per_request") /
                           at(r, "models[id=haiku].list_usd_per_request"),
                       12.0, 1e-12);
        // Section 5: 0.8 x 0.001125 + 0.15 x 0.0135 + 0.05 x 0.0675 = $0.0063, 90.67 % off.
        TL_COMPARE_REL(at(r, "routing.list_usd_per_request"), 0.0063, 1e-12);
        TL_COMPARE_REL(at(r, "routing.savings_list"), 1 - 0.0063 / 0.0675, 1e-12);
        const double serving = 0.8 * at(r, "models[id=haiku].serving_usd_per_request") +
                               0.15 * at(r, "models[id=sonnet].serving_usd_per_request") +
                               0.05 * at(r, "models[id=opus].serving_usd_per_request");
        TL_COMPARE_REL(at(r, "routing.serving_usd_per_request"), serving, 1e-12);
    }

    void cascade_matchesNestedFormula() {
        const core::Json r = evalDoc(m_cascade);
        const double c1 = at(r, "models[id=haiku].list_usd_per_request");
        const double c2 = at(r, "models[id=sonnet].list_usd_per_request");
        const double c3 = at(r, "models[id=opus].list_usd_per_request");
        // c1 + e1 (c2 + e2 c3), e1 = 0.3, e2 = 0.2; the router overhead ($0.0001) is a
        // serving cost, not list value.
        TL_COMPARE_REL(at(r, "routing.list_usd_per_request"), c1 + 0.3 * (c2 + 0.2 * c3), 1e-12);
        const double s1 = at(r, "models[id=haiku].serving_usd_per_request");
        const double s2 = at(r, "models[id=sonnet].serving_usd_per_request");
        const double s3 = at(r, "models[id=opus].serving_usd_per_request");
        TL_COMPARE_REL(at(r, "routing.serving_usd_per_request"),
                       s1 + 0.3 * (s2 + 0.2 * s3) + 0.0001, 1e-12);
    }

    void mixOfOneModel_equalsThatModel() {
        const core::Json r = evalDoc(m_routing, {R"(routing.mix={"sonnet": 1})"});
        TL_COMPARE_REL(at(r, "routing.serving_usd_per_request"),
                       at(r, "models[id=sonnet].serving_usd_per_request"), 1e-12);
        TL_COMPARE_REL(at(r, "routing.list_usd_per_request"),
                       at(r, "models[id=sonnet].list_usd_per_request"), 1e-12);
        // And a routed tier then prices like a tier pinned to that model.
        const core::Json pinned = evalDoc(
            m_routing, {R"(routing.mix={"sonnet": 1})", "tiers[0].typical_request.model=sonnet"});
        TL_COMPARE_REL(at(r, "tiers[0].breakeven_utilization"),
                       at(pinned, "tiers[0].breakeven_utilization"), 1e-12);
    }

    void cascadeWithoutEscalation_equalsFirstStage() {
        const core::Json r =
            evalDoc(m_cascade, {"routing.cascade[0].escalate=0", "routing.router_overhead_usd=0"});
        TL_COMPARE_REL(at(r, "routing.serving_usd_per_request"),
                       at(r, "models[id=haiku].serving_usd_per_request"), 1e-12);
    }

    void costPerToken_fallsAsOneOverUtilization() {
        const double full = at(evalDoc(m_tiers, {"pods[0].utilization=1"}),
                               "models[id=sonnet].serving_usd_per_mtok_output");
        for (double u : {0.1, 0.35, 0.7}) {
            const core::Json r = evalDoc(m_tiers, {"pods[0].utilization=" + std::to_string(u)});
            TL_COMPARE_REL(at(r, "models[id=sonnet].serving_usd_per_mtok_output"), full / u, 1e-12);
        }
    }

    // docs/model.md, "Cost per token and per request": cost per request = C s / (3600 u), so
    // at the pod's own utilization the curve gives the model's serving cost, at u = 1 that
    // cost x u_pod, and serving cost meets list value at u* = u_pod x serving-cost ratio.
    void servingCurve_followsOneOverU_andCrossesListAtBreakeven() {
        const core::Json r = evalDoc(m_tiers, {"pods[0].utilization=0.7"});
        const core::Json& m = r["models"][1];
        QCOMPARE(m["id"].get<std::string>(), std::string("sonnet"));
        const double perMtok = at(r, "models[id=sonnet].serving_usd_per_mtok");
        const core::Json& curve = m["serving_curve"];
        QCOMPARE(curve.size(), std::size_t(20));
        TL_COMPARE_REL(curve[13][0].get<double>(), 0.7, 1e-12);
        TL_COMPARE_REL(curve[13][1].get<double>(), perMtok, 1e-12);
        TL_COMPARE_REL(curve[19][1].get<double>(), perMtok * 0.7, 1e-12);
        const double ratio = at(r, "models[id=sonnet].serving_cost_ratio");
        const double breakeven = at(r, "models[id=sonnet].breakeven_utilization");
        TL_COMPARE_REL(breakeven, 0.7 * ratio, 1e-12);
        TL_COMPARE_REL(perMtok * 0.7 / breakeven, at(r, "models[id=sonnet].list_usd_per_mtok"),
                       1e-12);
        // Sonnet list: (2,000 x $3 + 500 x $15) / 1e6 per 2,500 tokens = $5.40 per Mtok.
        TL_COMPARE_REL(at(r, "models[id=sonnet].list_usd_per_mtok"), 5.4, 1e-12);
    }

    // The utilization distribution agrees with the percentiles, and its histogram counts
    // every subscriber once.
    void utilizationDistribution_agreesWithPercentiles() {
        const core::Json r = evalDoc(m_tiers);
        const core::Json& pop = r["tiers"][0]["population"];
        const core::Json& q = pop["utilization_quantiles"];
        QCOMPARE(q.size(), std::size_t(101));
        TL_COMPARE_REL(q[50].get<double>(), pop["utilization_p50"].get<double>(), 1e-12);
        TL_COMPARE_REL(q[99].get<double>(), pop["utilization_p99"].get<double>(), 1e-12);
        double total = 0;
        for (const auto& share : pop["utilization_histogram_share"])
            total += share.get<double>();
        TL_COMPARE_REL(total, 1.0, 1e-9);
        const double top = pop["utilization_histogram_max"].get<double>();
        QVERIFY(top >= pop["utilization_p99"].get<double>());
        QVERIFY(top >= 1.5 * r["tiers"][0]["breakeven_utilization"].get<double>());
    }

    void breakeven_risesWithPrice_fallsWithServingCost() {
        const auto breakeven = [&](std::vector<std::string> sets) {
            return at(evalDoc(m_tiers, sets), "tiers[id=pro].breakeven_utilization");
        };
        QVERIFY(breakeven({"tiers[0].price_usd_month=30"}) > breakeven({}));
        QVERIFY(breakeven({"tiers[0].price_usd_month=10"}) < breakeven({}));
        // Serving cost up (pod dearer) -> breakeven down.
        QVERIFY(breakeven({"pods[0].cost.capex_usd=2000000"}) < breakeven({}));
        // Serving cost down (busier pod) -> breakeven up.
        QVERIFY(breakeven({"pods[0].utilization=0.9"}) > breakeven({}));
    }

    void tier_fullUseAndBreakeven_byHand() {
        const core::Json r = evalDoc(m_tiers);
        // Pro: 45 messages per 5 h -> 6,570 x $0.0135 + $20 programmatic credit.
        TL_COMPARE_REL(at(r, "tiers[id=pro].full_use_value_usd"), 6570 * 0.0135 + 20, 1e-12);
        const double ratio = at(r, "models[id=sonnet].serving_cost_ratio");
        TL_COMPARE_REL(at(r, "tiers[id=pro].breakeven_utilization"),
                       20 / ((6570 * 0.0135 + 20) * ratio), 1e-12);
        // Max 20x: weekly window binds (10,000 x 730 / 168 = 43,452), but its Opus cap of
        // 6,000 with extra usage bounds the included value: 6,000 x $0.0675 + $200.
        TL_COMPARE_REL(at(r, "tiers[id=max20x].full_use_value_usd"), 6000 * 0.0675 + 200, 1e-12);
    }

    void population_totalsAddUp() {
        const core::Json r = evalDoc(m_tiers);
        double subscribers = 0, revenue = 0, cost = 0;
        for (const char* t : {"pro", "max5x", "max20x"}) {
            const std::string p = std::string("tiers[id=") + t + "].population.";
            subscribers += at(r, p + "subscribers");
            revenue += at(r, p + "revenue_usd");
            cost += at(r, p + "cost_usd");
            TL_COMPARE_REL(at(r, p + "margin_usd"),
                           at(r, p + "revenue_usd") - at(r, p + "cost_usd"), 1e-12);
        }
        QCOMPARE(subscribers, 5000.0);
        TL_COMPARE_REL(at(r, "totals.revenue_usd"), revenue, 1e-12);
        TL_COMPARE_REL(at(r, "totals.cost_usd"), cost, 1e-12);
        // Subscription revenue is price x subscribers.
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.subscription_revenue_usd"), 20 * 4000.0,
                       1e-12);
    }

    void synthetic_isDeterministic_andSeedMatters() {
        const double a = at(evalDoc(m_tiers), "totals.cost_usd");
        QCOMPARE(at(evalDoc(m_tiers), "totals.cost_usd"), a);
        QVERIFY(at(evalDoc(m_tiers, {"usage.synthetic.seed=8"}), "totals.cost_usd") != a);
    }

    void synthetic_lognormalMedianIsRecovered() {
        // 20,001 subscribers with a lognormal median of 300 requests: the sample median of
        // tokens is near 300 x 2,500 (standard error of a median ~ 1.2533 sigma / sqrt(n)
        // in log space = 0.0097 for sigma 1.1; allow 4 standard errors).
        const core::Json r = evalDoc(m_tiers, {"usage.synthetic.tiers[0].subscribers=20001",
                                               "tiers[0].windows[0].messages=100000",
                                               "tiers[0].pools=[]", "tiers[0].model_caps=[]"});
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.tokens_p50"), 300 * 2500.0, 0.04);
    }

    void trend_breakevenScalesWithCostFactor() {
        const core::Json r = evalDoc(m_tiers);
        const double base = at(r, "tiers[id=pro].breakeven_utilization");
        TL_COMPARE_REL(at(r, "trend[2].tiers[0].breakeven_utilization"), base / 0.25, 1e-12);
        TL_COMPARE_REL(at(r, "trend[3].price_factor"), 0.125, 1e-12);
    }

    void routedTier_aboveBreakevenIsALoss_belowIsAProfit() {
        // docs/model.md, "Breakeven utilization and full use": above u* a subscriber is a
        // loss. For a routed tier, the subscriber's list value and cost are both taken under
        // the mix, like V_full. A looser window (1,000 per 5 h) keeps the breakeven within
        // what the tier allows.
        const std::string window = "tiers[0].windows[0].messages=1000";
        const core::Json base = evalDoc(m_routing, {window});
        const double uStar = at(base, "tiers[0].breakeven_utilization");
        const double fullUse = at(base, "tiers[0].full_use_value_usd");
        const double listPerRequest = at(base, "tiers[0].typical_list_usd");
        const double breakevenRequests = uStar * fullUse / listPerRequest;
        for (double factor : {0.98, 1.02}) {
            const double n = std::round(breakevenRequests * factor);
            const std::string records =
                R"(usage={"records": [{"subscriber": "u", "tier": "pro", "model": "opus", )"
                R"("requests": )" +
                std::to_string(n) + R"(, "input_tokens": )" + std::to_string(n * 2000) +
                R"(, "output_tokens": )" + std::to_string(n * 500) + "}]}";
            const core::Json r = evalDoc(m_routing, {window, records});
            const double u = at(r, "tiers[0].population.utilization_p50");
            const double margin = at(r, "tiers[0].margin_usd");
            QVERIFY((u > uStar) == (margin < 0));
            QCOMPARE(at(r, "tiers[0].population.loss_making_share"), factor > 1 ? 1.0 : 0.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestEvaluate)
#include "tst_evaluate.moc"
