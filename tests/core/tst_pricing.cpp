// SPDX-License-Identifier: MIT
// List value, cost per token and per request (docs/model.md, "API price catalogs and pricing
// of usage" and "Cost per token and per request").
#include "model/pricing.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestPricing : public QObject {
    Q_OBJECT

private:
    // The reference list prices of docs/model.md, "API price catalogs and pricing of usage"
    // (per million tokens).
    static Price haiku() { return {0.25, 1.25, 0.03, 0.30, 0.5, {}, {}, 0, 0}; }
    static Price sonnet() { return {3, 15, 0.30, 3.75, 0.5, {}, {}, 0, 0}; }
    static Price opus() { return {15, 75, 1.5, 18.75, 0.5, {}, {}, 0, 0}; }
    static TokenCounts conversation() { return {2000, 500, 0, 0}; }

private Q_SLOTS:
    // Cache writes at two TTLs (Anthropic's list: 5 minutes at 1.25x input, an hour at 2x):
    // Sonnet's $3.75 and $6 per Mtok; with half the writes at an hour, a million cache-write
    // tokens list at 0.5 x 3.75 + 0.5 x 6 = $4.875.
    void listValue_cacheWritesAtTwoTtls() {
        Price p;
        p.inputPerMtokUsd = 3;
        p.cacheWritePerMtokUsd = 3.75;
        p.cacheWrite1hPerMtokUsd = 6;
        const TokenCounts writes{0, 0, 0, 1e6};
        QCOMPARE(listValueUsd(p, writes), 3.75); // no share: all at five minutes
        p.cacheWrite1hShare = 0.5;
        TL_COMPARE_REL(listValueUsd(p, writes), 4.875, 1e-12);
        p.cacheWrite1hShare = 1;
        TL_COMPARE_REL(listValueUsd(p, writes), 6.0, 1e-12);
    }

    void opusConversation_costs0_0675() {
        // The reference prices: one Opus conversation of 2,000 input and 500 output tokens
        // costs $0.0675 at list price (2000 x 15 + 500 x 75) / 1e6.
        TL_COMPARE_REL(listValueUsd(opus(), conversation()), 0.0675, 1e-12);
    }

    void referenceFamily_is1x12x60x() {
        // The reference prices: Haiku / Sonnet / Opus are 1x / 12x / 60x relative cost.
        const double h = listValueUsd(haiku(), conversation());
        TL_COMPARE_REL(h, 0.001125, 1e-12);
        TL_COMPARE_REL(listValueUsd(sonnet(), conversation()) / h, 12.0, 1e-12);
        TL_COMPARE_REL(listValueUsd(opus(), conversation()) / h, 60.0, 1e-12);
    }

    void cacheTokens_pricedAtCacheRates() {
        // 1M cache-read tokens at $1.50 plus 1M cache-write tokens at $18.75.
        TL_COMPARE_REL(listValueUsd(opus(), {0, 0, 1e6, 1e6}), 20.25, 1e-12);
    }

    void batch_appliesDiscount() {
        TL_COMPARE_REL(listValueUsd(opus(), conversation(), true), 0.03375, 1e-12);
    }

    void costPerToken_isPodHourOver3600TimesThroughputTimesU() {
        // $36/hour, 1000 tokens/s, u = 0.5: 36 / (3600 x 1000 x 0.5) = $2e-5 per token.
        TL_COMPARE_REL(servingCostPerTokenUsd(36, 1000, 0.5), 2e-5, 1e-12);
    }

    void costPerToken_fallsAsOneOverU() {
        // docs/model.md, "Cost per token and per request": cost per million tokens falls as 1/u.
        const double atFull = servingCostPerTokenUsd(33.94, 16666.7, 1.0);
        for (double u : {0.05, 0.1, 0.25, 0.5, 0.7, 0.9}) {
            TL_COMPARE_REL(servingCostPerTokenUsd(33.94, 16666.7, u), atFull / u, 1e-12);
            TL_COMPARE_REL(servingCostPerRequestUsd(33.94, 1.8, u),
                           servingCostPerRequestUsd(33.94, 1.8, 1.0) / u, 1e-12);
        }
    }

    void costPerRequest_referencePod() {
        // C x s / (3600 u): $33.9357/hour x 1.8 s / (3600 x 0.7).
        const double c = 24773.07115 / 730;
        TL_COMPARE_REL(servingCostPerRequestUsd(c, 1.8, 0.7), c * 1.8 / 2520, 1e-12);
    }

    void servingCost_aggregateEqualsPerRequestTimesCount() {
        ModelRate rate;
        rate.podHourUsd = 36;
        rate.utilization = 0.5;
        rate.prefillTokensPerS = 10000;
        rate.decodeTokensPerS = 100;
        rate.overlap = false;
        const double one = servingCostUsd(rate, conversation(), 1);
        // (2000 / 10000 + 500 / 100) s x 36 / (3600 x 0.5) = 5.2 x 0.02 = $0.104.
        TL_COMPARE_REL(one, 0.104, 1e-12);
        TL_COMPARE_REL(servingCostUsd(rate, conversation().scaled(250), 250), 250 * one, 1e-12);
        QCOMPARE(servingCostUsd(rate, {}, 0), 0.0);
    }

    void servingCost_cacheReadsAreNotPrefilled() {
        ModelRate rate;
        rate.podHourUsd = 36;
        rate.prefillTokensPerS = 1000;
        rate.decodeTokensPerS = 1e9;
        rate.overlap = false;
        // Only input + cache write (1500 tokens) is prefilled: 1.5 s x $0.01/s.
        TL_COMPARE_REL(servingCostUsd(rate, {1000, 0, 5000, 500}, 1), 0.015, 1e-9);
    }

    void servingCost_typedPerMtokOverridesPod() {
        ModelRate rate;
        rate.servingInputPerMtokUsd = 2.0;
        rate.servingOutputPerMtokUsd = 10.0;
        // (2000 x 2 + 500 x 10) / 1e6 = $0.009, whatever the request count.
        TL_COMPARE_REL(servingCostUsd(rate, conversation(), 1), 0.009, 1e-12);
        QVERIFY(!podSecondsFor(rate, conversation()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
