// SPDX-License-Identifier: MIT
// Weight memory, KV slots, roofline throughput and pod-seconds (docs/model.md, "Serving
// throughput").
#include "model/serving.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestServing : public QObject {
    Q_OBJECT

private:
    // Reference pod (4x8 H200) serving a 1000B dense FP16 model with 1 MB of KV per token
    // and 100k tokens of context per sequence (data/scenarios/example-tiers.json, opus).
    static DecodeRoofline referenceOpus() { return {32, 4.8, 989, 0.6, 0.4, 2000, 1000, 1e6, 1e5}; }

private Q_SLOTS:
    void weights_fp16_matchModelMd() {
        // docs/model.md, "Serving throughput": FP16 examples 70B -> 140 GB, 9B -> 18 GB, 47B ->
        // 94 GB.
        QCOMPARE(weightMemoryGb(70, 2), 140.0);
        QCOMPARE(weightMemoryGb(9, 2), 18.0);
        QCOMPARE(weightMemoryGb(47, 2), 94.0);
        QCOMPARE(weightMemoryGb(70, 1), 70.0);   // FP8
        QCOMPARE(weightMemoryGb(70, 0.5), 35.0); // 4-bit
    }

    void kvBytes_llama2_70b_is320KiB() {
        // Llama 2 70B: 80 layers, 8 KV heads (GQA), head dim 128, FP16 KV ->
        // 2 x 80 x 8 x 128 x 2 = 327,680 bytes per token (Touvron et al. 2023, table 1 dims).
        QCOMPARE(kvBytesPerToken(80, 8, 128, 2), 327680.0);
    }

    void kvSlots_referencePod_isAbout20() {
        // (4512 GB x 0.9 - 2000 GB) / (1 MB x 100k tokens) = 2060.8 / 100 = 20.6 -> 20;
        // The seed analysis (docs/model.md, "Serving throughput"): "about 20 mid-context slots
        // for a frontier model on one pod".
        QCOMPARE(kvSlots(32 * 141, 0.9, 2000, 1e6, 1e5), 20);
    }

    void kvSlots_weightsLeaveNoRoom_isZero() {
        QCOMPARE(kvSlots(80, 0.9, 140, 327680, 4096), 0); // 70B FP16 on one H100
        QCOMPARE(kvSlots(80, 0.9, 72, 1e6, 1e5), 0);      // room, but less than one sequence
    }

    void prefill_roofline_isComputeBound() {
        // 32 x 989e12 x 0.4 / (2 x 1000e9) = 6,329.6 tokens/s.
        TL_COMPARE_REL(rooflinePrefillTokensPerS(32, 989, 0.4, 1000), 6329.6, 1e-12);
    }

    void decode_roofline_memoryBound() {
        // Memory: (2000e9 + 20 x 1e5 x 1e6) / (32 x 4.8e12 x 0.6) = 4e12 / 9.216e13 s;
        // compute: 20 x 2e12 / (32 x 989e12 x 0.4) = 0.00316 s. Memory wins: D = 20 / step.
        const double step = 4e12 / 9.216e13;
        TL_COMPARE_REL(decodeStepSeconds(referenceOpus(), 20), step, 1e-12);
        TL_COMPARE_REL(rooflineDecodeTokensPerS(referenceOpus(), 20), 20 / step, 1e-12);
    }

    void decode_roofline_computeBoundWhenBandwidthIsHuge() {
        DecodeRoofline r = referenceOpus();
        r.hbmTbPerS = 1e6; // memory time ~0: the compute term decides
        const double compute = 20 * 2e12 / (32 * 989e12 * 0.4);
        TL_COMPARE_REL(decodeStepSeconds(r, 20), compute, 1e-12);
    }

    void decode_throughputGrowsWithBatch() {
        double previous = 0;
        for (int b = 1; b <= 20; ++b) {
            const double d = rooflineDecodeTokensPerS(referenceOpus(), b);
            QVERIFY(d > previous);
            previous = d;
        }
    }

    void podSeconds_seedFigures_give33RequestsPerMinute() {
        // docs/model.md, "Serving throughput": 1M input and 8k output tokens per minute per
        // pod give 33 requests per minute for requests of 30k input and 240 output tokens
        // (overlap).
        const double s = podSecondsPerRequest(30000, 240, 1e6 / 60, 8000.0 / 60, true);
        TL_COMPARE_REL(s, 1.8, 1e-12);
        QCOMPARE(static_cast<int>(60 / s), 33);
        // Without overlap the phases add: 3.6 s, 16.7 requests per minute.
        TL_COMPARE_REL(podSecondsPerRequest(30000, 240, 1e6 / 60, 8000.0 / 60, false), 3.6, 1e-12);
    }

    void podSeconds_overlapIsMaxOfPhases() {
        QCOMPARE(podSecondsPerRequest(1000, 100, 1000, 10, true), 10.0);
        QCOMPARE(podSecondsPerRequest(1000, 100, 1000, 10, false), 11.0);
    }
};

QTEST_GUILESS_MAIN(TestServing)
#include "tst_serving.moc"
