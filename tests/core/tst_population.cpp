// SPDX-License-Identifier: MIT
// A tier's limits applied to subscribers' months and the population figures (docs/model.md,
// "The monthly bound (daily data)" and "Tiers: revenue, cost and margin"). Every expected
// value is computed by hand in the comments.
#include "model/population.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

namespace {

constexpr int kSonnet = 0;
constexpr int kOpus = 1;
const TokenCounts kRequest{2000, 500, 0, 0};

// Typed serving costs make per-request costs easy to follow:
// Sonnet list $0.0135, serving (2000 x 1.5 + 500 x 6) / 1e6 = $0.006;
// Opus list $0.0675, serving (2000 x 3 + 500 x 15) / 1e6 = $0.0135.
std::vector<ModelRate> rates() {
    ModelRate sonnet, opus;
    sonnet.price = {3, 15, 0.3, 3.75, 0.5, {}, {}};
    sonnet.servingInputPerMtokUsd = 1.5;
    sonnet.servingOutputPerMtokUsd = 6;
    opus.price = {15, 75, 1.5, 18.75, 0.5, {}, {}};
    opus.servingInputPerMtokUsd = 3;
    opus.servingOutputPerMtokUsd = 15;
    return {sonnet, opus};
}

// $20 a month; 45 messages per 5 hours (6,570 a month); 150 Opus a month, then Sonnet;
// a $20 programmatic pool with extra usage at list price.
Tier proTier() {
    Tier t;
    t.id = "pro";
    t.priceUsdMonth = 20;
    t.typicalModel = kSonnet;
    t.typicalRequest = kRequest;
    t.windows = {{45, 5}};
    t.caps = {{kOpus, 150, LimitPolicy::Fallback, kSonnet}};
    t.pools = {{Channel::Programmatic, 20.0, std::nullopt, LimitPolicy::ExtraUsage}};
    t.extraUsage = true;
    return t;
}

Subscriber subscriber(int model, Channel channel, double requests) {
    return {0, {{model, channel, requests, kRequest.scaled(requests)}}};
}

constexpr double kFullUse = 6570 * 0.0135 + 20; // $108.695

// The tiers here are built from the legacy members (windows, caps, pools), which the
// reader turns into limits (addLegacyLimits); so does this.
SubscriberOutcome applyLegacy(Tier tier, const Subscriber& sub, double hoursPerMonth,
                              const LinePricer& pricer) {
    addLegacyLimits(tier, "tiers[0]");
    return applyTier(tier, sub, hoursPerMonth, pricer);
}

} // namespace

class TestPopulation : public QObject {
    Q_OBJECT

private:
    const std::vector<ModelRate> m_rates = rates();
    const LinePricer m_pricer{&m_rates, nullptr, 0};

    SubscriberOutcome apply(const Tier& t, const Subscriber& s) {
        return applyLegacy(t, s, 730, m_pricer);
    }

private Q_SLOTS:
    void capFallback_movesExcessToFallbackModel() {
        // 200 Opus: 150 stay on Opus, 50 fall back to Sonnet.
        const auto o = apply(proTier(), subscriber(kOpus, Channel::Interactive, 200));
        QVERIFY(o.capHit[0]);
        TL_COMPARE_REL(o.fallbackRequests, 50.0, 1e-12);
        TL_COMPARE_REL(o.includedListUsd, 150 * 0.0675 + 50 * 0.0135, 1e-12); // $10.80
        TL_COMPARE_REL(o.costUsd, 150 * 0.0135 + 50 * 0.006, 1e-12);          // $2.325
        QCOMPARE(o.extraUsageUsd, 0.0);
        TL_COMPARE_REL(o.requests, 200.0, 1e-12);
    }

    void capBlock_dropsExcess() {
        Tier t = proTier();
        t.caps[0].policy = LimitPolicy::Block;
        const auto o = apply(t, subscriber(kOpus, Channel::Interactive, 200));
        TL_COMPARE_REL(o.blockedRequests, 50.0, 1e-12);
        TL_COMPARE_REL(o.requests, 150.0, 1e-12);
        TL_COMPARE_REL(o.costUsd, 150 * 0.0135, 1e-12);
    }

    void capExtraUsage_billsExcessAtListPrice_onlyWhenOptedIn() {
        Tier t = proTier();
        t.caps[0].policy = LimitPolicy::ExtraUsage;
        auto o = apply(t, subscriber(kOpus, Channel::Interactive, 200));
        TL_COMPARE_REL(o.extraUsageUsd, 50 * 0.0675, 1e-12);
        TL_COMPARE_REL(o.includedListUsd, 150 * 0.0675, 1e-12);
        TL_COMPARE_REL(o.costUsd, 200 * 0.0135, 1e-12);
        t.extraUsage = false; // not opted in: blocked instead
        o = apply(t, subscriber(kOpus, Channel::Interactive, 200));
        QCOMPARE(o.extraUsageUsd, 0.0);
        TL_COMPARE_REL(o.blockedRequests, 50.0, 1e-12);
    }

    void pool_excessBilledAsExtraUsage() {
        // 3,000 programmatic Sonnet requests: list $40.50 against a $20 credit -> $20.50
        // extra; all 3,000 are served at $0.006.
        const auto o = apply(proTier(), subscriber(kSonnet, Channel::Programmatic, 3000));
        QVERIFY(o.poolHit[0]);
        TL_COMPARE_REL(o.extraUsageUsd, 20.5, 1e-12);
        TL_COMPARE_REL(o.includedListUsd, 20.0, 1e-12);
        TL_COMPARE_REL(o.costUsd, 18.0, 1e-12);
        QVERIFY(!o.windowHit); // windows bound interactive messages only
    }

    void window_blocksInteractiveBeyondMonthlyBound() {
        // 7,000 interactive Sonnet requests: 6,570 allowed, 430 blocked.
        const auto o = apply(proTier(), subscriber(kSonnet, Channel::Interactive, 7000));
        QVERIFY(o.windowHit);
        TL_COMPARE_REL(o.blockedRequests, 430.0, 1e-12);
        TL_COMPARE_REL(o.includedListUsd, 6570 * 0.0135, 1e-12);
        TL_COMPARE_REL(o.costUsd, 6570 * 0.006, 1e-12); // $39.42: a loss on a $20 plan
    }

    void routedTier_repricesListAndServingUnderTheMix() {
        // Routed through a 50/50 Sonnet/Opus mix: serving 0.5 x 0.006 + 0.5 x 0.0135 per
        // request plus $0.001 overhead (a cost); list value 0.5 x 0.0135 + 0.5 x 0.0675, the
        // same basis as the routed tier's full-use value.
        const std::vector<RouteLeg> legs = mixLegs({kSonnet, kOpus}, {0.5, 0.5});
        const LinePricer routed{&m_rates, &legs, 0.001};
        Tier t = proTier();
        t.caps.clear();
        const auto o = applyLegacy(t, subscriber(kSonnet, Channel::Interactive, 100), 730, routed);
        TL_COMPARE_REL(o.costUsd, 100 * (0.5 * 0.006 + 0.5 * 0.0135 + 0.001), 1e-12);
        TL_COMPARE_REL(o.includedListUsd, 100 * (0.5 * 0.0135 + 0.5 * 0.0675), 1e-12);
    }

    void populationFigures_handComputed() {
        const Tier t = proTier();
        std::vector<SubscriberOutcome> outs{
            apply(t, subscriber(kOpus, Channel::Interactive, 200)),     // A: margin 17.675
            apply(t, subscriber(kSonnet, Channel::Programmatic, 3000)), // B: 20 + 20.5 - 18
            apply(t, subscriber(kSonnet, Channel::Interactive, 7000)),  // C: 20 - 39.42 < 0
            apply(t, Subscriber{0, {}}),                                // D: no usage
        };
        const PopulationFigures f = populationFigures(t, outs, kFullUse);
        QCOMPARE(f.subscribers, 4.0);
        TL_COMPARE_REL(f.subscriptionRevenueUsd, 80.0, 1e-12);
        TL_COMPARE_REL(f.extraUsageRevenueUsd, 20.5, 1e-12);
        TL_COMPARE_REL(f.revenueUsd, 100.5, 1e-12);
        TL_COMPARE_REL(f.costUsd, 2.325 + 18 + 39.42, 1e-12);
        TL_COMPARE_REL(f.marginUsd, 100.5 - 59.745, 1e-12);
        QCOMPARE(f.lossMakingShare, 0.25); // C only
        QCOMPARE(f.capHitShare[0], 0.25);
        QCOMPARE(f.poolHitShare[0], 0.25);
        QCOMPARE(f.windowHitShare, 0.25);
        TL_COMPARE_REL(f.fallbackRequests, 50.0, 1e-12);
        TL_COMPARE_REL(f.blockedRequests, 430.0, 1e-12);
        // Utilization = included list value / V_full: sorted 0, 10.8, 20, 88.695 over 108.695;
        // p50 (type 7) interpolates halfway between 10.8 and 20.
        TL_COMPARE_REL(f.utilizationP50, (10.8 + 20) / 2 / kFullUse, 1e-12);
        TL_COMPARE_REL(f.utilizationP99, (20 + 0.97 * (88.695 - 20)) / kFullUse, 1e-12);
        // Tokens per subscriber: 0; 500k; 7.5M; 16.425M (2,500 per request).
        // Gini = 2 (2 x 0.5 + 3 x 7.5 + 4 x 16.425) / (4 x 24.425) - 5/4 = 0.57600...
        TL_COMPARE_REL(f.gini, 2 * (2 * 0.5 + 3 * 7.5 + 4 * 16.425) / (4 * 24.425) - 1.25, 1e-12);
        TL_COMPARE_REL(f.top10TokenShare, 16.425 / 24.425, 1e-12);
        TL_COMPARE_REL(f.tokens, 24.425e6, 1e-12);
    }

    void populationFigures_empty_isZeroNotNaN() {
        const PopulationFigures f = populationFigures(proTier(), {}, kFullUse);
        QCOMPARE(f.subscribers, 0.0);
        QCOMPARE(f.lossMakingShare, 0.0);
        QCOMPARE(f.gini, 0.0);
        QCOMPARE(f.utilizationP90, 0.0);
        QCOMPARE(f.capHitShare[0], 0.0);
    }
};

QTEST_GUILESS_MAIN(TestPopulation)
#include "tst_population.moc"
