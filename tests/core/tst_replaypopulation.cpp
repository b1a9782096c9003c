// SPDX-License-Identifier: MIT
// A tier's limits over a population (core/eval/replaypopulation.h): replayed over request
// history in evaluate(), against hand-counted windows; the monthly bound of the same month;
// scaling to a month; the same outcomes on any number of threads.
#include "eval/replaypopulation.h"
#include "evalutil.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace tierlab;
using core::Json;
using tierlab::test::at;

namespace {

constexpr std::int64_t kT0 = 1'790'812'800'000; // 2026-10-01T00:00:00Z
constexpr std::int64_t kMinute = 60'000, kHour = 60 * kMinute;

// limits-pro.json with its Pro tier limited only by `limits` (no pools, no price response).
core::Scenario proWith(const Json& limits, const Json& whenBlocked = Json()) {
    Json doc = test::loadJson("tests/fixtures/scenarios/limits-pro.json");
    Json& pro = doc["tiers"][0];
    pro.erase("pools");
    pro.erase("credit_pools");
    pro.erase("price_response");
    pro.erase("when_blocked");
    pro["limits"] = limits;
    if (!whenBlocked.is_null())
        pro["when_blocked"] = whenBlocked;
    const core::ReadResult read = core::readScenario(doc);
    for (const core::Diagnostic& d : read.diagnostics)
        if (d.isError())
            qFatal("scenario: %s", core::formatDiagnostic(d).c_str());
    return read.scenario;
}

// Subscribers on tier 0 asking Sonnet (model 1) for 2,000 in / 500 out at the given times,
// each with a month's totals in its lines too.
core::UsageData usageAt(const std::vector<std::vector<std::int64_t>>& times,
                        const std::vector<int>& tiers = {}) {
    core::UsageData u;
    core::RequestLog log;
    const core::TokenCounts tokens{2000, 500, 0, 0};
    for (std::size_t s = 0; s < times.size(); ++s) {
        core::Subscriber sub{s < tiers.size() ? tiers[s] : 0, {}};
        sub.firstRequest = log.size();
        sub.requestCount = times[s].size();
        for (const std::int64_t t : times[s])
            log.push(t, 1, 0, 2000, 500, 0, 0);
        const auto n = static_cast<double>(times[s].size());
        sub.lines.push_back({1, core::Channel::Interactive, n, tokens.scaled(n)});
        u.subscribers.push_back(sub);
        u.names.push_back("u" + std::to_string(s));
    }
    u.history = std::move(log);
    u.description = "test";
    return u;
}

Json evaluated(const core::Scenario& s, const core::UsageData& u) {
    const core::EvalOutcome out = core::evaluate(s, &u);
    for (const core::Diagnostic& d : out.diagnostics)
        if (d.isError())
            qFatal("evaluate: %s", core::formatDiagnostic(d).c_str());
    return core::resultsToJson(out.results);
}

// The JSON value at `path` (fails the test when there is none).
Json valueAt(Json results, const std::string& path) {
    const core::PathLookup where = core::lookupPath(results, path);
    if (!where.node)
        qFatal("no value at %s: %s", path.c_str(), where.error.c_str());
    return *where.node;
}

const Json kSession3 = Json::parse(R"([{"id": "s", "kind": "session", "hours": 5, "amount": 3}])");

// A: five requests 10 minutes apart from t0; B: two, an hour in and one ms before a week
// is over (so that the span is exactly one week).
std::vector<std::vector<std::int64_t>> aAndB() {
    return {{kT0, kT0 + 10 * kMinute, kT0 + 20 * kMinute, kT0 + 30 * kMinute, kT0 + 40 * kMinute},
            {kT0 + kHour, kT0 + 168 * kHour - 1}};
}

} // namespace

class TestReplayPopulation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Utilization from demand (model.md): two weeks from Monday 2026-10-05 00:00 UTC with one
    // request at half past every hour, and five in the hour of Monday 10:00 both weeks. Each
    // hour of the week occurs twice: 167 hours at 1 request an hour, one at 5, so the mean is
    // 172 / 168 and the peak 5; with 25 % headroom u = (172 / 168) / (5 x 1.25) = 0.163810.
    void podUtilization_fromDemand() {
        Json doc = test::loadJson("tests/fixtures/scenarios/limits-pro.json");
        doc["pods"][0]["utilization"] = {{"from", "demand"}, {"headroom", 0.25}};
        doc["tiers"][0].erase("price_response");
        const core::ReadResult read = core::readScenario(doc);
        QVERIFY(read.ok());
        const std::int64_t monday = 1791158400000; // 2026-10-05 00:00 UTC, a Monday
        std::vector<std::int64_t> times;
        for (std::int64_t h = 0; h < 336; ++h) {
            const bool busy = h % 168 == 10;
            for (int k = 0; k < (busy ? 5 : 1); ++k)
                times.push_back(monday + h * kHour + 30 * kMinute + k * kMinute);
        }
        const Json r = evaluated(read.scenario, usageAt({times}));
        TL_COMPARE_REL(valueAt(r, "pods[0].utilization").get<double>(),
                       (172.0 / 168.0) / (5 * 1.25), 1e-12);
        QVERIFY(valueAt(r, "pods[0].utilization_source").get<std::string>().starts_with(
            "from demand: mean 1.024 requests/hour against a peak hour of 5 x 1.25 headroom"));
        // The cost per token follows: serving cost per Mtok scales as 1 / u against 0.7.
        Json typedDoc = doc;
        typedDoc["pods"][0]["utilization"] = 0.7;
        const Json typed = evaluated(core::readScenario(typedDoc).scenario, usageAt({times}));
        TL_COMPARE_REL(valueAt(r, "models[1].serving_usd_per_mtok_output").get<double>(),
                       valueAt(typed, "models[1].serving_usd_per_mtok_output").get<double>() *
                           0.7 / ((172.0 / 168.0) / 6.25),
                       1e-9);
        // Without request history it is an error naming the pod's utilization.
        core::UsageData daily = usageAt({times});
        daily.history.reset();
        const core::EvalOutcome d = core::evaluate(read.scenario, &daily);
        QVERIFY(!d.ok());
        QCOMPARE(d.diagnostics.front().path, std::string("pods[0].utilization"));
    }

    // A session of 3 messages per 5 hours opens at A's first request: the 4th and 5th
    // (30 and 40 minutes in) are refused, and A is locked out from 0:30 to 5:00, 4.5 hours in
    // a one-week span. B never fills a window.
    void session_replayedOverHistory() {
        const Json r = evaluated(proWith(kSession3), usageAt(aAndB()));
        const std::string p = "tiers[id=pro].population.";
        QVERIFY(valueAt(r, p + "limits_replayed") == Json(true));
        QCOMPARE(at(r, p + "limits[id=s].hit_share"), 0.5);
        TL_COMPARE_REL(at(r, p + "limits[id=s].blocked_share"), 2.0 / 7, 1e-12);
        QCOMPARE(at(r, p + "limits[id=s].fallback_share"), 0.0);
        TL_COMPARE_REL(at(r, p + "limits[id=s].lockout_hours_per_week_p50"), 4.5, 1e-9);
        TL_COMPARE_REL(at(r, p + "limits[id=s].first_hit_hours_p50"), 0.5, 1e-9);
        QCOMPARE(at(r, p + "requests"), 5.0);
        QCOMPARE(at(r, p + "blocked_requests"), 2.0);
        QCOMPARE(at(r, p + "blocked_behaviour.abandoned_requests"), 2.0);
        QCOMPARE(at(r, p + "subscribers"), 2.0);
    }

    // The same month without its history: the session bounds the month at 3 x 730 / 5 = 438
    // messages, which neither subscriber reaches, and the results say it was a bound.
    void session_monthlyBoundWithoutHistory() {
        core::UsageData u = usageAt(aAndB());
        u.history.reset();
        const Json r = evaluated(proWith(kSession3), u);
        const std::string p = "tiers[id=pro].population.";
        QVERIFY(valueAt(r, p + "limits_replayed") == Json(false));
        QCOMPARE(at(r, p + "limits[id=s].hit_share"), 0.0);
        QCOMPARE(at(r, p + "requests"), 7.0);
        QVERIFY(valueAt(r, p + "limits[id=s].lockout_hours_per_week_p50").is_null());
    }

    // Scaled to a month (x2): counts and money double after the replay, shares and hours stay.
    void session_scaledAfterReplay() {
        core::UsageData u = usageAt(aAndB());
        const Json once = evaluated(proWith(kSession3), u);
        u.scale = 2;
        const Json twice = evaluated(proWith(kSession3), u);
        const std::string p = "tiers[id=pro].population.";
        QCOMPARE(at(twice, p + "requests"), 10.0);
        QCOMPARE(at(twice, p + "blocked_requests"), 4.0);
        TL_COMPARE_REL(at(twice, p + "cost_usd"), 2 * at(once, p + "cost_usd"), 1e-12);
        QCOMPARE(at(twice, p + "limits[id=s].hit_share"), 0.5);
        TL_COMPARE_REL(at(twice, p + "limits[id=s].blocked_share"), 2.0 / 7, 1e-12);
    }

    // A monthly limit over a half-month span scaled x2 meets half its amount: 4 messages a
    // month allow 2 in the span, so A's third request is refused.
    void monthlyLimit_metAtTheSpansShare() {
        const Json limits =
            Json::parse(R"([{"id": "m", "kind": "monthly", "amount": 4, "anchor": "first_use"}])");
        core::UsageData u = usageAt({{kT0, kT0 + kHour, kT0 + 2 * kHour}, {kT0 + 365 * kHour - 1}});
        u.scale = 2;
        const Json r = evaluated(proWith(limits), u);
        const std::string p = "tiers[id=pro].population.";
        QCOMPARE(at(r, p + "limits[id=m].hit_share"), 0.5);
        QCOMPARE(at(r, p + "blocked_requests"), 2.0); // one refused, x2
    }

    // Many subscribers with waits and abandons (the behaviour hash per subscriber and
    // request): one thread and four give the same outcome, subscriber by subscriber.
    void replayTier_sameOnAnyThreadCount() {
        std::mt19937_64 rng(11);
        std::vector<std::vector<std::int64_t>> times(3000);
        for (auto& t : times) {
            std::int64_t at = kT0 + static_cast<std::int64_t>(rng() % (24 * kHour));
            const int n = 1 + static_cast<int>(rng() % 40);
            for (int i = 0; i < n; ++i) {
                t.push_back(at);
                at += static_cast<std::int64_t>(rng() % (30 * kMinute));
            }
        }
        const core::Scenario s =
            proWith(kSession3, Json::parse(R"({"wait": 0.5, "abandon": 0.5})"));
        const core::UsageData u = usageAt(times);
        const core::EvalOutcome base = core::evaluate(s);
        QVERIFY(base.ok());
        const core::TierResult& tr = base.results.tiers.at(0);
        std::vector<core::ModelRate> rates; // Sonnet's list prices, a typed serving cost
        std::vector<std::size_t> members(u.subscribers.size());
        for (std::size_t i = 0; i < members.size(); ++i)
            members[i] = i;
        core::ModelRate rate;
        rate.price.inputPerMtokUsd = 3;
        rate.price.outputPerMtokUsd = 15;
        rate.servingInputPerMtokUsd = 0.5;
        rate.servingOutputPerMtokUsd = 2;
        rates.assign(s.models.size(), rate);
        const core::LinePricer pricer{&rates, nullptr, 0};
        core::TierReplaySettings settings;
        settings.pricer = &pricer;
        settings.typicalListUsdPerToken = tr.typicalListUsd / 2500;
        settings.threads = 1;
        const auto one = core::replayTier(s.tiers[0], u, members, settings);
        settings.threads = 4;
        const auto four = core::replayTier(s.tiers[0], u, members, settings);
        QCOMPARE(one.size(), four.size());
        double waited = 0, blocked = 0;
        for (std::size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(one[i].out.requests, four[i].out.requests);
            QCOMPARE(one[i].out.blockedRequests, four[i].out.blockedRequests);
            QCOMPARE(one[i].waitedRequests, four[i].waitedRequests);
            QCOMPARE(one[i].limits[0].lockoutHours, four[i].limits[0].lockoutHours);
            waited += one[i].waitedRequests;
            blocked += one[i].out.blockedRequests;
        }
        QVERIFY(waited > 100); // both behaviours were drawn
        QVERIFY(blocked > 100);
    }

    // evaluate() with a TimelineRequest keeps one subscriber's replay: A by name has five
    // events, the last two blocked by the session, and one full window [0:00, 5:00); A is
    // also the heaviest. Unknown names, and usage without history, are errors at "timeline".
    void timeline_namedAndPicked() {
        const core::Scenario s = proWith(kSession3);
        const core::UsageData u = usageAt(aAndB());
        core::TimelineRequest named{core::TimelineRequest::Pick::Named, "u0", ""};
        const core::EvalOutcome a = core::evaluate(s, &u, &named);
        QVERIFY(a.ok());
        QVERIFY(a.results.timeline.has_value());
        const core::SubscriberTimeline& t = *a.results.timeline;
        QCOMPARE(t.subscriber, std::string("u0"));
        QCOMPARE(t.tier, std::string("pro"));
        QCOMPARE(t.timeline.events.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i) {
            const bool refused = i >= 3;
            QCOMPARE(t.timeline.events[i].fate,
                     refused ? core::RequestFate::Blocked : core::RequestFate::Served);
            QCOMPARE(t.timeline.events[i].limit, refused ? 0 : -1);
            QCOMPARE(t.timeline.events[i].timeMs, kT0 + std::int64_t(i) * 10 * kMinute);
        }
        QCOMPARE(t.timeline.windows.size(), std::size_t(1));
        QCOMPARE(t.timeline.windows[0].startMs, kT0);
        QCOMPARE(t.timeline.windows[0].endMs, kT0 + 5 * kHour);
        QVERIFY(t.timeline.windows[0].full);
        QCOMPARE(t.timeline.windows[0].used, 3.0);
        QCOMPARE(t.spanEndMs - t.spanStartMs, 168 * kHour);
        const Json j = core::resultsToJson(a.results);
        QVERIFY(valueAt(j, "timeline.events[3].fate") == Json("blocked"));
        QVERIFY(valueAt(j, "timeline.events[3].limit") == Json("s"));

        core::TimelineRequest heaviest{core::TimelineRequest::Pick::Heaviest, "", ""};
        const core::EvalOutcome h = core::evaluate(s, &u, &heaviest);
        QVERIFY(h.ok());
        QCOMPARE(h.results.timeline->subscriber, std::string("u0"));
        QCOMPARE(h.results.timeline->pickedAs, std::string("heaviest"));

        core::TimelineRequest onMax{core::TimelineRequest::Pick::Heaviest, "", "max"};
        const core::EvalOutcome m = core::evaluate(s, &u, &onMax);
        QVERIFY(!m.ok());
        QVERIFY(m.diagnostics.back().message.find("tier 'max' has no subscribers") !=
                std::string::npos);

        core::TimelineRequest unknown{core::TimelineRequest::Pick::Named, "nobody", ""};
        const core::EvalOutcome n = core::evaluate(s, &u, &unknown);
        QVERIFY(!n.ok());
        QCOMPARE(n.diagnostics.back().path, std::string("timeline"));
        QVERIFY(n.diagnostics.back().message.find("'nobody'") != std::string::npos);

        core::UsageData daily = u;
        daily.history.reset();
        const core::EvalOutcome d = core::evaluate(s, &daily, &named);
        QVERIFY(!d.ok());
        QVERIFY(d.diagnostics.back().message.find("no request history") != std::string::npos);

        // At $20 a month, A's and B's few requests cost far less: nobody loses money.
        core::TimelineRequest loser{core::TimelineRequest::Pick::MedianLossMaker, "", ""};
        const core::EvalOutcome l = core::evaluate(s, &u, &loser);
        QVERIFY(!l.ok());
        QVERIFY(l.diagnostics.back().message.find("no subscriber loses money") !=
                std::string::npos);
    }

    // Price response, elasticity: at $25 against a $20 reference with elasticity -0.8, each
    // subscriber counts (25/20)^-0.8 = 0.83666 of a subscriber: revenue and cost scale, shares
    // do not.
    void priceResponse_elasticityKeepsAShare() {
        core::Scenario s = proWith(kSession3);
        s.tiers[0].priceUsdMonth = 25;
        const Json base = evaluated(s, usageAt(aAndB()));
        s.tiers[0].priceResponse = core::PriceResponse{20, -0.8, {}, -1};
        const Json r = evaluated(s, usageAt(aAndB()));
        const std::string p = "tiers[id=pro].population.";
        const double kept = std::pow(25.0 / 20, -0.8);
        TL_COMPARE_REL(at(r, p + "retained_share"), kept, 1e-12);
        TL_COMPARE_REL(at(r, p + "subscribers"), 2 * kept, 1e-12);
        TL_COMPARE_REL(at(r, p + "revenue_usd"), 50 * kept, 1e-12);
        TL_COMPARE_REL(at(r, p + "cost_usd"), at(base, p + "cost_usd") * kept, 1e-12);
        QCOMPARE(at(r, p + "limits[id=s].hit_share"), 0.5);
        QVERIFY(valueAt(base, p + "retained_share").is_null());
    }

    // Price response by band, moving down: Max raised from $100 to $110 (limits-pro.json's
    // bands: below 20 % utilization, 0.2 % leave and 0.4 % move to Pro per dollar). C, a
    // light Max subscriber, counts 1 - 0.02 - 0.04 = 0.94 on Max, and 0.04 of C joins Pro,
    // replayed through Pro's session there.
    void priceResponse_bandsMoveSubscribersDown() {
        core::Scenario s = proWith(kSession3);
        const int max = core::indexOfId(s.tiers, "max");
        QVERIFY(max >= 0);
        s.tiers[static_cast<std::size_t>(max)].priceUsdMonth = 110;
        std::vector<std::vector<std::int64_t>> times = aAndB();
        times.push_back({kT0 + 2 * kHour, kT0 + 3 * kHour});
        const Json r = evaluated(s, usageAt(times, {0, 0, max}));
        TL_COMPARE_REL(at(r, "tiers[id=max].population.subscribers"), 0.94, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=max].population.retained_share"), 0.94, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=max].population.revenue_usd"), 0.94 * 110, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.subscribers"), 2.04, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.moved_in_subscribers"), 0.04, 1e-12);
        // A and B are served 3 + 2 requests (session_replayedOverHistory), C's 0.04 two.
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.requests"), 5 + 0.04 * 2, 1e-12);
        // Hit shares weigh subscribers: A (1 of 2.04) hit the session.
        TL_COMPARE_REL(at(r, "tiers[id=pro].population.limits[id=s].hit_share"), 1 / 2.04, 1e-12);
    }

    // Everyone leaves: at $1,000 against $100, the light band's 0.2 % + 0.4 % per dollar caps
    // at the whole of C (min(1, 900 x 0.002) = 1 leaves, nothing is left to move): Max has no
    // subscribers and no figure, and Pro gets nobody.
    void priceResponse_everyoneLeaving_leavesNoSubscribers() {
        core::Scenario s = proWith(kSession3);
        const int max = core::indexOfId(s.tiers, "max");
        s.tiers[static_cast<std::size_t>(max)].priceUsdMonth = 1000;
        std::vector<std::vector<std::int64_t>> times = aAndB();
        times.push_back({kT0 + 2 * kHour, kT0 + 3 * kHour});
        const Json r = evaluated(s, usageAt(times, {0, 0, max}));
        QCOMPARE(at(r, "tiers[id=max].population.subscribers"), 0.0);
        QCOMPARE(at(r, "tiers[id=max].population.retained_share"), 0.0);
        QCOMPARE(at(r, "tiers[id=max].population.revenue_usd"), 0.0);
        QCOMPARE(at(r, "tiers[id=pro].population.subscribers"), 2.0);
        QCOMPARE(at(r, "tiers[id=pro].population.moved_in_subscribers"), 0.0);
    }

    // FNV-1a of the name: the published test vector for "a", and stable per index without.
    void subscriberKey_isFnv1a() {
        QCOMPARE(core::subscriberKey("a", 0), std::uint64_t(0xaf63dc4c8601ec8cull));
        QCOMPARE(core::subscriberKey("", 7), core::subscriberKey("", 7));
        QVERIFY(core::subscriberKey("", 7) != core::subscriberKey("", 8));
    }
};

QTEST_APPLESS_MAIN(TestReplayPopulation)
#include "tst_replaypopulation.moc"
