// SPDX-License-Identifier: MIT
// Batch experiments, opportunity cost (docs/model.md, "Batch and opportunity cost") and
// trends ("Trends").
#include "model/batch.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestBatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void batch_durationStreamsAndProfit() {
        // 10,000 requests of 30,240 tokens under 1M tokens/minute: N T / L = 302.4 minutes;
        // 1e6 / 30240 = 33.07 requests/minute x 0.5 min each = 16.53 parallel streams.
        BatchExperiment b;
        b.requests = 10000;
        b.perRequest = {30000, 240, 0, 0};
        b.tpmLimit = 1e6;
        b.minutesPerRequest = 0.5;
        b.batchPricing = true;
        b.pods = 1;
        const Price opus{15, 75, 1.5, 18.75, 0.5, {}, {}};
        const BatchResult r = batchExperiment(b, opus, 33.94);
        TL_COMPARE_REL(r.minutes, 302.4, 1e-12);
        TL_COMPARE_REL(r.requestsPerMinute, 1e6 / 30240, 1e-12);
        TL_COMPARE_REL(r.parallelStreams, 0.5e6 / 30240, 1e-12);
        // Revenue: 10,000 x $0.468 x (1 - 0.5) = $2,340; pod: $33.94 x 302.4 / 60 h.
        TL_COMPARE_REL(r.revenueUsd, 2340.0, 1e-12);
        TL_COMPARE_REL(r.podCostUsd, 33.94 * 5.04, 1e-12);
        TL_COMPARE_REL(r.profitUsd, 2340.0 - 33.94 * 5.04, 1e-12);
    }

    void opportunity_isUtilizationGapTimesRevenueRate() {
        // (0.7 - 0.25) x 3600 / 1.8 s x $0.468 x 1 pod x 730 h = $307,476.
        TL_COMPARE_REL(opportunityCostUsd(1, 730, 0.25, 0.7, 1.8, 0.468), 307476.0, 1e-12);
        QCOMPARE(opportunityCostUsd(1, 730, 0.7, 0.7, 1.8, 0.468), 0.0);
    }

    void trend_halvingYearly_60_30_15_7_50() {
        // docs/model.md, "Trends": $60 (2023) -> $30 -> $15 -> $7.50 projected for 2026.
        QCOMPARE(60 * compoundFactor(-0.5, 1), 30.0);
        QCOMPARE(60 * compoundFactor(-0.5, 2), 15.0);
        QCOMPARE(60 * compoundFactor(-0.5, 3), 7.5);
        QCOMPARE(compoundFactor(1.0, 3), 8.0); // usage doubling yearly
        QCOMPARE(compoundFactor(0.3, 0), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
