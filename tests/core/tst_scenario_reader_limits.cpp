// SPDX-License-Identifier: MIT
// Reading a tier's limits in time (issue #10; docs/scenario.md section 6): limits[],
// credit_pools[], when_blocked and price_response, their legacy forms, and each invalid value
// as an error naming its JSON path and the reason.
#include "eval/evaluate.h"
#include "readerutil.h"
#include "scenario/reader.h"
#include "testutil.h"

#include <QStringList>
#include <QTest>

#include <algorithm>
#include <string>

using namespace tierlab::core;
using namespace tierlab::test::reader;

class TestScenarioReaderLimits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- limits in time (issue #10): limits[], credit_pools[], when_blocked, price_response --

    void limitsFixture_readsEveryField() {
        const ReadResult r =
            readScenario(tierlab::test::loadJson("tests/fixtures/scenarios/limits-pro.json"));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        QCOMPARE(warnings(r.diagnostics), QString());
        const Scenario& s = r.scenario;
        const int haiku = indexOfId(s.models, "haiku");
        const int sonnet = indexOfId(s.models, "sonnet");
        const int opus = indexOfId(s.models, "opus");
        QCOMPARE(s.tiers.size(), std::size_t(2));
        const Tier& pro = s.tiers[0];
        QCOMPARE(pro.limits.size(), std::size_t(3));

        const Limit& session = pro.limits[0];
        QCOMPARE(QString::fromStdString(session.label), QString("session"));
        QCOMPARE(QString::fromStdString(session.path), QString("tiers[0].limits[0]"));
        QVERIFY(session.kind == LimitKind::Session);
        QCOMPARE(session.hours, 5.0);
        QCOMPARE(session.amount, 45.0);
        QVERIFY(session.unit == LimitUnit::Messages);
        QVERIFY(session.scope.models.empty());
        QVERIFY(!session.scope.channel);
        QVERIFY(session.policy == LimitPolicy::Block);
        QVERIFY(session.floorToHour);

        const Limit& weekly = pro.limits[1];
        QCOMPARE(QString::fromStdString(weekly.label), QString("weekly-tokens"));
        QVERIFY(weekly.kind == LimitKind::Weekly);
        QCOMPARE(weekly.hours, 0.0);
        QCOMPARE(weekly.amount, 2e6);
        QVERIFY(weekly.unit == LimitUnit::Tokens);
        QCOMPARE(weekly.weights.input, 1.0);
        QCOMPARE(weekly.weights.output, 1.0);
        QCOMPARE(weekly.weights.cacheRead, 0.1);
        QCOMPARE(weekly.weights.cacheWrite, 1.0);
        QVERIFY(weekly.anchor == PeriodAnchor::Calendar);
        QCOMPARE(weekly.resetWeekday, 0);
        QCOMPARE(weekly.resetHour, 0.0);
        QCOMPARE(QString::fromStdString(weekly.timeZone), QString("America/Los_Angeles"));
        QVERIFY(!weekly.floorToHour);

        const Limit& opusCap = pro.limits[2];
        QCOMPARE(QString::fromStdString(opusCap.path), QString("tiers[0].limits[2]"));
        QVERIFY(opusCap.kind == LimitKind::Weekly);
        QCOMPARE(opusCap.amount, 100.0);
        QCOMPARE(opusCap.scope.models, std::vector<int>{opus});
        QVERIFY(opusCap.policy == LimitPolicy::Fallback);
        QCOMPARE(opusCap.fallbackModel, sonnet);
        QVERIFY(opusCap.anchor == PeriodAnchor::FirstUse);
        QCOMPARE(QString::fromStdString(opusCap.timeZone), QString("UTC"));

        // The legacy pool first, then the tier's own.
        QCOMPARE(pro.creditPools.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(pro.creditPools[0].label), QString("pools[0]"));
        QCOMPARE(pro.creditPools[0].grant, 5.0);
        const CreditPool& pool = pro.creditPools[1];
        QCOMPARE(QString::fromStdString(pool.label), QString("api-credit"));
        QCOMPARE(QString::fromStdString(pool.path), QString("tiers[0].credit_pools[0]"));
        QVERIFY(pool.unit == LimitUnit::ListUsd);
        QCOMPARE(pool.grant, 10.0);
        QVERIFY(pool.period == LimitKind::Monthly);
        QVERIFY(pool.anchor == PeriodAnchor::Calendar);
        QCOMPARE(pool.resetHour, 6.0);
        QCOMPARE(QString::fromStdString(pool.timeZone), QString("Europe/Berlin"));
        QVERIFY(pool.expiresAfterHours);
        QCOMPARE(*pool.expiresAfterHours, 720.0);
        QCOMPARE(pool.rolloverCap, 5.0);
        QCOMPARE(pool.order, 1);
        QCOMPARE(pool.scope.models, (std::vector<int>{haiku, sonnet}));
        QVERIFY(pool.scope.channel == Channel::Programmatic);
        QVERIFY(pool.policy == LimitPolicy::ExtraUsage);

        QCOMPARE(pro.blocked.wait, 0.5);
        QCOMPARE(pro.blocked.abandon, 0.3);
        QCOMPARE(pro.blocked.extraUsage, 0.2);
        QVERIFY(pro.priceResponse);
        QCOMPARE(pro.priceResponse->referencePriceUsd, 20.0);
        QVERIFY(pro.priceResponse->elasticity);
        QCOMPARE(*pro.priceResponse->elasticity, -0.8);
        QVERIFY(pro.priceResponse->bands.empty());

        const Tier& max = s.tiers[1];
        QCOMPARE(max.limits.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(max.limits[0].label), QString("limits[0]"));
        QCOMPARE(QString::fromStdString(max.limits[0].path), QString("tiers[1].limits[0]"));
        QVERIFY(max.limits[0].kind == LimitKind::Sliding);
        QVERIFY(max.limits[0].scope.channel == Channel::Interactive);
        QVERIFY(max.limits[1].kind == LimitKind::Daily);
        QVERIFY(max.limits[1].unit == LimitUnit::ListUsd);
        QVERIFY(max.creditPools.empty());
        // Missing when_blocked: every blocked request is abandoned.
        QCOMPARE(max.blocked.wait, 0.0);
        QCOMPARE(max.blocked.abandon, 1.0);
        QCOMPARE(max.blocked.extraUsage, 0.0);
        QVERIFY(max.priceResponse);
        QVERIFY(!max.priceResponse->elasticity);
        QCOMPARE(max.priceResponse->moveDownTier, 0);
        QCOMPARE(max.priceResponse->bands.size(), std::size_t(3));
        QCOMPARE(max.priceResponse->bands[0].utilizationBelow, 0.2);
        QCOMPARE(max.priceResponse->bands[0].leavePerUsd, 0.002);
        QCOMPARE(max.priceResponse->bands[0].moveDownPerUsd, 0.004);
        QCOMPARE(max.priceResponse->bands[1].utilizationBelow, 0.8);
        QCOMPARE(max.priceResponse->bands[1].moveDownPerUsd, 0.0);
        QVERIFY(std::isinf(max.priceResponse->bands[2].utilizationBelow));
        QCOMPARE(max.priceResponse->bands[2].leavePerUsd, 0.0005);
    }

    void limitsFixture_evaluatesToFiniteResults() {
        const ReadResult r =
            readScenario(tierlab::test::loadJson("tests/fixtures/scenarios/limits-pro.json"));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(nonFinite(e.results), QStringList());
        QCOMPARE(e.results.tiers.size(), std::size_t(2));
    }

    void legacyKeys_comeBeforeLimits() {
        Json doc = minimal();
        doc["tiers"][0]["model_caps"] = Json::parse(R"([{"model": "opus", "per_month": 300}])");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "daily", "amount": 40}, {"kind": "monthly", "amount": 900}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        QStringList labels;
        for (const Limit& l : r.scenario.tiers[0].limits)
            labels << QString::fromStdString(l.label);
        QCOMPARE(labels, (QStringList{"windows[0]", "model_caps[0]", "limits[0]", "limits[1]"}));
        QCOMPARE(QString::fromStdString(r.scenario.tiers[0].limits[2].path),
                 QString("tiers[0].limits[0]"));
    }

    // "Nothing bounds interactive use" must not fire for a tier bounded by limits[] alone.
    void onlySessionLimit_boundsFullUse() {
        Json doc = minimal();
        doc["tiers"][0].erase("windows");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "session", "hours": 5, "amount": 45}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(e.results.tiers.size(), std::size_t(1));
        TL_COMPARE_REL(e.results.tiers[0].fullUse.interactiveRequests, 45.0 * 730 / 5, 1e-12);
    }

    void onlyOtherModelLimit_nothingBoundsInteractiveUse() {
        Json doc = minimal();
        doc["tiers"][0].erase("windows");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "weekly", "amount": 45, "models": ["haiku"]}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY(!e.ok());
        QVERIFY2(errors(e.diagnostics).contains("tiers[0]: nothing bounds interactive use"),
                 qPrintable(errors(e.diagnostics)));
    }

    // Each bad input is an error at its exact JSON path. `patch` is merged into tiers[1] of a
    // two-tier scenario (pro, max).
    void badLimits_reportPathAndReason_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const char* patch, const char* path,
                            const char* message) {
            QTest::newRow(name) << QString(patch) << QString(path) << QString(message);
        };
        row("hours on weekly", R"({"limits": [{"kind": "weekly", "amount": 10, "hours": 5}]})",
            "tiers[1].limits[0].hours", "is only allowed with a sliding or session kind");
        row("session without hours", R"({"limits": [{"kind": "session", "amount": 45}]})",
            "tiers[1].limits[0].hours", "is required");
        row("zero hours", R"({"limits": [{"kind": "sliding", "hours": 0, "amount": 45}]})",
            "tiers[1].limits[0].hours", "must be > 0, got 0");
        row("unknown kind", R"({"limits": [{"kind": "hourly", "amount": 1}]})",
            "tiers[1].limits[0].kind",
            "must be one of sliding, session, daily, weekly, monthly, got \"hourly\"");
        row("missing kind", R"({"limits": [{"amount": 1}]})", "tiers[1].limits[0].kind",
            "is required");
        row("missing amount", R"({"limits": [{"kind": "daily"}]})", "tiers[1].limits[0].amount",
            "is required");
        row("negative amount", R"({"limits": [{"kind": "daily", "amount": -1}]})",
            "tiers[1].limits[0].amount", "must be >= 0, got -1");
        row("unknown unit", R"({"limits": [{"kind": "daily", "amount": 1, "unit": "usd"}]})",
            "tiers[1].limits[0].unit", "must be one of messages, tokens, list_usd, compute");
        row("unknown model in models[1]",
            R"({"limits": [{"kind": "monthly", "amount": 1, "models": ["opus", "gpt"]}]})",
            "tiers[1].limits[0].models[1]", "unknown model 'gpt' (models: opus, haiku)");
        row("fallback model in models",
            R"({"limits": [{"kind": "weekly", "amount": 1, "models": ["opus", "haiku"],
                 "when_exceeded": "fallback", "fallback_model": "haiku"}]})",
            "tiers[1].limits[0].fallback_model", "must not be one of the limit's models");
        row("fallback without fallback_model",
            R"({"limits": [{"kind": "weekly", "amount": 1, "models": ["opus"],
                 "when_exceeded": "fallback"}]})",
            "tiers[1].limits[0].fallback_model", "is required");
        row("fallback_model without fallback",
            R"({"limits": [{"kind": "weekly", "amount": 1, "fallback_model": "haiku"}]})",
            "tiers[1].limits[0].fallback_model", "is only allowed with when_exceeded fallback");
        row("unknown channel", R"({"limits": [{"kind": "weekly", "amount": 1, "channel": "api"}]})",
            "tiers[1].limits[0].channel", "must be one of interactive, programmatic, both");
        row("token_weights with messages",
            R"({"limits": [{"kind": "weekly", "amount": 1, "token_weights": {"input": 1}}]})",
            "tiers[1].limits[0].token_weights", "is only allowed with unit tokens");
        row("negative token weight",
            R"({"limits": [{"kind": "weekly", "amount": 1, "unit": "tokens",
                 "token_weights": {"cache_read": -0.1}}]})",
            "tiers[1].limits[0].token_weights.cache_read", "must be >= 0, got -0.1");
        row("unknown time zone",
            R"({"limits": [{"kind": "weekly", "amount": 1,
                 "reset": {"time_zone": "Mars/Olympus_Mons"}}]})",
            "tiers[1].limits[0].reset.time_zone",
            "unknown time zone 'Mars/Olympus_Mons' (an IANA name such as America/Los_Angeles)");
        row("reset hour 24",
            R"({"limits": [{"kind": "daily", "amount": 1, "reset": {"hour": 24}}]})",
            "tiers[1].limits[0].reset.hour", "must be >= 0 and < 24, got 24");
        row("unknown weekday",
            R"({"limits": [{"kind": "weekly", "amount": 1, "reset": {"weekday": "funday"}}]})",
            "tiers[1].limits[0].reset.weekday", "must be one of monday, tuesday");
        row("weekday on daily",
            R"({"limits": [{"kind": "daily", "amount": 1, "reset": {"weekday": "friday"}}]})",
            "tiers[1].limits[0].reset.weekday", "is only allowed with a weekly period");
        row("reset with first_use",
            R"({"limits": [{"kind": "daily", "amount": 1, "anchor": "first_use",
                 "reset": {"hour": 3}}]})",
            "tiers[1].limits[0].reset", "is only allowed with anchor calendar");
        row("anchor on sliding",
            R"({"limits": [{"kind": "sliding", "hours": 5, "amount": 1, "anchor": "calendar"}]})",
            "tiers[1].limits[0].anchor", "is only allowed with a daily, weekly or monthly kind");
        row("floor_to_hour on sliding",
            R"({"limits": [{"kind": "sliding", "hours": 5, "amount": 1,
                 "floor_to_hour": true}]})",
            "tiers[1].limits[0].floor_to_hour", "is only allowed with a session kind");
        row("duplicate limit id",
            R"({"limits": [{"id": "a", "kind": "daily", "amount": 1},
                           {"id": "a", "kind": "weekly", "amount": 5}]})",
            "tiers[1].limits[1].id", "duplicate id 'a' (also tiers[1].limits[0])");
        row("duplicate id of a bad limit",
            R"({"limits": [{"id": "a", "kind": "weekly", "amount": -1},
                           {"id": "a", "kind": "weekly", "amount": 5}]})",
            "tiers[1].limits[1].id", "duplicate id 'a' (also tiers[1].limits[0])");
        row("limits not an array", R"({"limits": {"kind": "daily"}})", "tiers[1].limits",
            "must be an array");
        row("pool without grant", R"({"credit_pools": [{"id": "p"}]})",
            "tiers[1].credit_pools[0].grant", "is required");
        row("pool unit messages", R"({"credit_pools": [{"grant": 1, "unit": "messages"}]})",
            "tiers[1].credit_pools[0].unit", "must be one of list_usd, tokens, compute");
        row("pool period sliding", R"({"credit_pools": [{"grant": 1, "period": "sliding"}]})",
            "tiers[1].credit_pools[0].period", "must be one of daily, weekly, monthly");
        row("pool token_weights with list_usd",
            R"({"credit_pools": [{"grant": 1, "token_weights": {"output": 2}}]})",
            "tiers[1].credit_pools[0].token_weights", "is only allowed with unit tokens");
        row("pool expiry zero", R"({"credit_pools": [{"grant": 1, "expires_after_hours": 0}]})",
            "tiers[1].credit_pools[0].expires_after_hours", "must be > 0, got 0");
        row("pool fractional order", R"({"credit_pools": [{"grant": 1, "order": 1.5}]})",
            "tiers[1].credit_pools[0].order", "a whole number");
        row("pool fallback", R"({"credit_pools": [{"grant": 1, "when_exceeded": "fallback"}]})",
            "tiers[1].credit_pools[0].when_exceeded", "must be one of block, extra_usage");
        row("pool unknown time zone",
            R"({"credit_pools": [{"grant": 1, "reset": {"time_zone": "Nowhere"}}]})",
            "tiers[1].credit_pools[0].reset.time_zone", "unknown time zone 'Nowhere'");
        row("duplicate pool id",
            R"({"credit_pools": [{"id": "p", "grant": 1}, {"id": "p", "grant": 2}]})",
            "tiers[1].credit_pools[1].id", "duplicate id 'p' (also tiers[1].credit_pools[0])");
        row("blocked shares 0.9", R"({"when_blocked": {"wait": 0.5, "abandon": 0.4}})",
            "tiers[1].when_blocked", "shares must sum to 1 (within 1e-9), got 0.9");
        row("blocked share above 1", R"({"when_blocked": {"wait": 1.5}})",
            "tiers[1].when_blocked.wait", "must be >= 0 and <= 1, got 1.5");
        row("elasticity and bands",
            R"({"price_response": {"reference_price_usd": 100, "elasticity": -1,
                 "bands": [{"leave_per_usd": 0.01}]}})",
            "tiers[1].price_response", "needs exactly one of elasticity and bands");
        row("neither elasticity nor bands", R"({"price_response": {"reference_price_usd": 100}})",
            "tiers[1].price_response", "needs exactly one of elasticity and bands");
        row("positive elasticity",
            R"({"price_response": {"reference_price_usd": 100, "elasticity": 0.5}})",
            "tiers[1].price_response.elasticity", "must be <= 0, got 0.5");
        row("reference price zero",
            R"({"price_response": {"reference_price_usd": 0, "elasticity": -1}})",
            "tiers[1].price_response.reference_price_usd", "must be > 0, got 0");
        row("elasticity at a free price",
            R"({"price_usd_month": 0,
                "price_response": {"reference_price_usd": 100, "elasticity": -1}})",
            "tiers[1].price_response.elasticity",
            "needs a price above 0: (price / reference)^elasticity is infinite at $0");
        row("move_down_to unknown tier",
            R"({"price_response": {"reference_price_usd": 100, "move_down_to": "basic",
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to", "unknown tier 'basic' (tiers: pro, max)");
        row("move_down_to itself",
            R"({"price_response": {"reference_price_usd": 100, "move_down_to": "max",
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to", "must be another tier");
        row("move down without move_down_to",
            R"({"price_response": {"reference_price_usd": 100,
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to",
            "is required when a band has move_down_per_usd > 0");
        row("bands not increasing",
            R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"utilization_below": 0.5}, {"utilization_below": 0.5}]}})",
            "tiers[1].price_response.bands[1].utilization_below",
            "must be above the previous band's (0.5), got 0.5");
        row("open band not last",
            R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"leave_per_usd": 0.01}, {"utilization_below": 0.5}]}})",
            "tiers[1].price_response.bands[0].utilization_below",
            "is required (only the last band may leave it out)");
        row("negative leave", R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"leave_per_usd": -0.01}]}})",
            "tiers[1].price_response.bands[0].leave_per_usd", "must be >= 0");
    }

    void badLimits_reportPathAndReason() {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        Json doc = minimal();
        Json max = doc["tiers"][0];
        max["id"] = "max";
        max["price_usd_month"] = 100;
        max.update(Json::parse(patch.toStdString()));
        doc["tiers"].push_back(max);
        const ReadResult r = readScenario(doc);
        QVERIFY(!r.ok());
        const QStringList at = errorsAt(r.diagnostics, path.toStdString());
        QVERIFY2(std::any_of(at.begin(), at.end(),
                             [&](const QString& m) { return m.contains(message); }),
                 qPrintable("expected at " + path + ": " + message + "\ngot:\n" +
                            errors(r.diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestScenarioReaderLimits)
#include "tst_scenario_reader_limits.moc"
