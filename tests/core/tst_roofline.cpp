// SPDX-License-Identifier: MIT
// The roofline at an operating point (model.md, "The roofline at a speed") against hand
// calculations, and the comparison with measured points (docs/validation.md).
#include "curves/curveimport.h"
#include "curves/validation.h"
#include "model/roofline.h"
#include "testutil.h"

#include <QTest>

#include <cmath>

using namespace tierlab::core;

namespace {

// 10B dense parameters at 1 byte, 100 kB of KV per token, no attention FLOPs; one GPU of
// 100 GB, 1 TB/s and 1,000 TFLOPS, all achieved, no overheads.
ModelShape dense() {
    ModelShape m;
    m.paramsB = 10;
    m.activeParamsB = 10;
    m.bytesPerParam = 1;
    m.kvBytesPerToken = 1e5;
    return m;
}

InstanceSpec oneGpu() {
    InstanceSpec s;
    s.gpus = 1;
    s.hbmGbPerGpu = 100;
    s.hbmTbPerSPerGpu = 1;
    s.peakTflopsPerGpu = 1000;
    s.usableHbm = 0.9;
    s.mbu = 1;
    s.mfu = 1;
    return s;
}

} // namespace

class TestRoofline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // MoE of 80B: 16B shared, 64B in 8 experts, 2 active. One token touches 2 of 8 experts:
    // 16 + 64 x (1 - (6/8)^1) = 32B; four tokens 16 + 64 x (1 - 0.75^4) = 16 + 64 x 0.68359375;
    // a large batch touches them all. With k = E every expert is always read: the dense sum.
    void weightBytesTouched_moeAgainstHand() {
        ModelShape m;
        m.paramsB = 80;
        m.sharedParamsB = 16;
        m.experts = 8;
        m.activeExperts = 2;
        m.bytesPerParam = 1;
        TL_COMPARE_REL(weightBytesTouched(m, 1), 32e9, 1e-12);
        TL_COMPARE_REL(weightBytesTouched(m, 4), (16 + 64 * 0.68359375) * 1e9, 1e-12);
        TL_COMPARE_REL(weightBytesTouched(m, 1e6), 80e9, 1e-9);
        m.activeExperts = 8;
        TL_COMPARE_REL(weightBytesTouched(m, 1), 80e9, 1e-12);
        m.experts = 0;
        TL_COMPARE_REL(weightBytesTouched(m, 1), 80e9, 1e-12);
    }

    // Batch 10 of 1000/1000 tokens: context c = 1500. A step reads 10 GB of weights and
    // 10 x 1500 x 100 kB = 1.5 GB of KV: 11.5 ms at 1 TB/s (compute 10 x 2e10 / 1e15 =
    // 0.2 ms). Pooled over a request: memory 1000 x (1e10 / 10 + 1500 x 1e5) = 1.15e12 bytes,
    // 1.15 s; compute 2e10 x 1000 (prefill) + 1000 x 2e10 = 4e13 FLOPs, 0.04 s: memory-bound,
    // t = 1.15 s, 1000 / 1.15 output tok/s; each stream's decode lasts
    // max(10 x 1.15 - 0.02, 1000 steps x 11.5 ms) = 11.5 s: 1000 / 11.5 tok/s.
    void rooflineAt_pooledBoundAgainstHand() {
        const RooflinePoint p = rooflineAt(dense(), oneGpu(), 1000, 1000, 10);
        TL_COMPARE_REL(p.context, 1500.0, 1e-12);
        TL_COMPARE_REL(p.stepSeconds, 0.0115, 1e-12);
        TL_COMPARE_REL(p.prefillSeconds, 0.02, 1e-12);
        TL_COMPARE_REL(p.requestSeconds, 1.15, 1e-12);
        QVERIFY(p.memoryBound);
        TL_COMPARE_REL(p.outputTokensPerSPerGpu, 1000 / 1.15, 1e-12);
        TL_COMPARE_REL(p.tokensPerSPerUser, 1000 / 11.5, 1e-12);
        // KV slots: (100 GB x 0.9 - 10 GB) / (2000 tokens x 100 kB) = 400.
        QCOMPARE(p.kvSlots, 400);
    }

    // A cached prefix is context without prefill: 500 cached + 500 new + 1000 output tokens
    // read the same 1,500-token mean context as 1,000 new (memory 1.15 s again), but prefill
    // computes only 500 tokens: 2e10 x 500 = 1e13 FLOPs, 0.01 s.
    void rooflineAt_cachedPrefixIsContextWithoutPrefill() {
        const RooflinePoint p = rooflineAt(dense(), oneGpu(), 500, 1000, 10, 500);
        TL_COMPARE_REL(p.context, 1500.0, 1e-12);
        TL_COMPARE_REL(p.requestSeconds, 1.15, 1e-12);
        TL_COMPARE_REL(p.prefillSeconds, 0.01, 1e-12);
        QCOMPARE(p.kvSlots, 400);
        // With attention, the new tokens attend over the cached ones: a x 500 x (500 + 250).
        ModelShape m = dense();
        m.attentionFlopsPerContextToken = 1e6;
        TL_COMPARE_REL(rooflineAt(m, oneGpu(), 500, 1000, 10, 500).prefillSeconds,
                       (1e13 + 1e6 * 500 * 750) / 1e15, 1e-12);
    }

    // Speculative decoding at 2 accepted tokens per step: the 1000-token request needs 500
    // steps, so the memory traffic halves (0.575 s; compute 0.04 s) and a stream's decode
    // lasts max(10 x 0.575 - 0.02, 500 x 11.5 ms) = 5.75 s: twice the speed and throughput.
    void rooflineAt_speculativeDecodingHalvesTheSteps() {
        ModelShape m = dense();
        m.tokensPerStep = 2;
        const RooflinePoint p = rooflineAt(m, oneGpu(), 1000, 1000, 10);
        TL_COMPARE_REL(p.requestSeconds, 0.575, 1e-12);
        TL_COMPARE_REL(p.stepSeconds, 0.0115, 1e-12);
        TL_COMPARE_REL(p.tokensPerSPerUser, 1000 / 5.75, 1e-12);
        TL_COMPARE_REL(p.outputTokensPerSPerGpu, 1000 / 0.575, 1e-12);
    }

    // Split pools on 2 GPUs: one prefills, one decodes. The decode GPU alone: memory 1.15 s
    // per request as on one GPU (the batch's weights and KV per step are the same), compute
    // 2e10 x 1000 / 1e15 = 0.02 s; the prefill GPU 0.02 s per request. The pod serves one
    // request per max(0.02, 1.15) s; per GPU of the pod, 1000 / 1.15 / 2. Prefill's share of
    // the GPU time: 0.02 / (0.02 + 1.15).
    void rooflineAt_splitPrefillAndDecodePools() {
        InstanceSpec s = oneGpu();
        s.gpus = 2;
        s.prefillGpus = 1;
        const RooflinePoint p = rooflineAt(dense(), s, 1000, 1000, 10);
        TL_COMPARE_REL(p.prefillSeconds, 0.02, 1e-12);
        TL_COMPARE_REL(p.requestSeconds, 1.15, 1e-12);
        TL_COMPARE_REL(p.outputTokensPerSPerGpu, 1000 / 1.15 / 2, 1e-12);
        TL_COMPARE_REL(p.prefillShare, 0.02 / 1.17, 1e-12);
        // The decode stream is not slowed by its prefill: 1000 steps of 11.5 ms.
        TL_COMPARE_REL(p.tokensPerSPerUser, 1000 / 11.5, 1e-12);
        QCOMPARE(p.kvSlots, 400); // the decode GPU's HBM
    }

    // Attention: 1e6 FLOPs per token of context. Prefill of 1000 tokens adds
    // 1e6 x 1000^2 / 2 = 5e11; each decode token 1e6 x 1500; with 100 GFLOPS achieved the
    // request is compute-bound.
    void rooflineAt_attentionFlops() {
        ModelShape m = dense();
        m.attentionFlopsPerContextToken = 1e6;
        InstanceSpec s = oneGpu();
        s.peakTflopsPerGpu = 0.1; // 1e11 FLOPS
        const RooflinePoint p = rooflineAt(m, s, 1000, 1000, 10);
        const double compute = 2e10 * 1000 + 5e11 + 1000 * (2e10 + 1e6 * 1500);
        QVERIFY(!p.memoryBound);
        TL_COMPARE_REL(p.requestSeconds, compute / 1e11, 1e-12);
        TL_COMPARE_REL(p.prefillSeconds, (2e10 * 1000 + 5e11) / 1e11, 1e-12);
    }

    // Overheads: 50 layers x (60 + 40) us = 5 ms per step on 2 GPUs, 3 ms on one (no
    // all-reduce); a request of 1000 output tokens at batch 10 carries 1000 x 5 ms / 10.
    void rooflineAt_stepOverheads() {
        ModelShape m = dense();
        m.layers = 50;
        InstanceSpec s = oneGpu();
        s.layerOverheadS = 60e-6;
        s.parallelOverheadS = 40e-6;
        const RooflinePoint one = rooflineAt(m, s, 1000, 1000, 10);
        TL_COMPARE_REL(one.stepSeconds, 0.0115 + 0.003, 1e-12);
        s.gpus = 2;
        const RooflinePoint two = rooflineAt(m, s, 1000, 1000, 10);
        TL_COMPARE_REL(two.requestSeconds, 1.15 / 2 + 1000 * 0.005 / 10, 1e-12);
    }

    // The batch at a speed target: the speed per user falls with the batch; the point found
    // meets the target (to 1e-6) and one more sequence would miss it.
    void rooflineAtSpeed_meetsTargetAtTheLargestBatch() {
        const auto p = rooflineAtSpeed(dense(), oneGpu(), 1000, 1000, 50);
        QVERIFY(p);
        QVERIFY(p->tokensPerSPerUser >= 50 * (1 - 1e-6));
        QVERIFY(rooflineAt(dense(), oneGpu(), 1000, 1000, p->batch + 1).tokensPerSPerUser < 50);
        double previous = 1e300;
        for (double b = 1; b <= 400; b *= 2) {
            const double s = rooflineAt(dense(), oneGpu(), 1000, 1000, b).tokensPerSPerUser;
            QVERIFY(s < previous);
            previous = s;
        }
        // Faster than one stream alone can go: none. Slower than a full cache: the cache.
        QVERIFY(!rooflineAtSpeed(dense(), oneGpu(), 1000, 1000, 1000));
        QCOMPARE(rooflineAtSpeed(dense(), oneGpu(), 1000, 1000, 1)->batch, 400.0);
    }

    // Precision: FP4 runs FP4 math where the GPU has it, else BF16 (W4A16 on Hopper).
    void precision_picksPeakAndBytes() {
        Accelerator hopper{"h200", 141, 4.8, 989, 1979, 0, 700, 0, 0};
        Accelerator blackwell{"b200", 192, 8, 2250, 4500, 9000, 1000, 0, 0};
        QCOMPARE(peakForPrecision(hopper, "fp4"), 989.0);
        QCOMPARE(peakForPrecision(blackwell, "fp4"), 9000.0);
        QCOMPARE(peakForPrecision(hopper, "fp8"), 1979.0);
        QCOMPARE(peakForPrecision(hopper, "bf16"), 989.0);
        QCOMPARE(bytesForPrecision("fp4"), 0.5625);
        QCOMPARE(bytesForPrecision("fp8"), 1.0);
        QCOMPARE(bytesForPrecision("bf16"), 2.0);
    }

    // The comparison reads the measured frontier of a real file (InferenceX dashboard,
    // tests/fixtures/serving/01_..._1K_____1K_interactivity.json, DeepSeek R1 on h200 with
    // SGLang) and models each point at its concurrency: data[21] of the file is
    // {"x": 30.697, "y": 481.523, "conc": 64, "tp": 8, "hwKey": "h200"}, so 481.523 x 1024 /
    // 2048 = 240.7615 output tok/s/GPU at 30.7 tok/s per user, batch 64 on TP8.
    void validateCurve_realFileRowsAtTheirConcurrency() {
        const CurveImport imported = importCurveFile(tierlab::test::sourcePath(
            "tests/fixtures/serving/01_DeepSeek_R1_0528_1K_____1K_interactivity.json"));
        const Curve* sglang = nullptr;
        for (const Curve& c : imported.curves)
            if (c.hardware == "h200" && c.engine == "SGLang")
                sglang = &c;
        QVERIFY(sglang);
        ModelShape m;
        m.paramsB = 671, m.activeParamsB = 37, m.experts = 256, m.activeExperts = 8;
        m.sharedParamsB = 17, m.kvBytesPerToken = 70272, m.layers = 61;
        m.attentionFlopsPerContextToken = 16990208;
        const Accelerator h200{"h200", 141, 4.8, 989, 1979, 0, 700, 0, 0};
        const auto rows = validateCurve(*sglang, m, h200);
        QCOMPARE(rows.size(), std::size_t(5)); // the frontier of its five points
        const ValidationRow* row = nullptr;
        for (const ValidationRow& r : rows)
            if (r.source == "data[21]")
                row = &r;
        QVERIFY(row);
        QCOMPARE(row->gpus, 8);
        TL_COMPARE_REL(row->measuredOutputPerGpu, 240.7615, 1e-9);
        // The same point through rooflineAt: 921.6/921.6 tokens (0.9 of nominal), batch 64,
        // FP8 weights and peak, the default efficiencies and overheads.
        InstanceSpec s;
        s.gpus = 8, s.hbmGbPerGpu = 141, s.hbmTbPerSPerGpu = 4.8, s.peakTflopsPerGpu = 1979;
        s.layerOverheadS = 60e-6, s.parallelOverheadS = 40e-6;
        m.bytesPerParam = 1;
        const RooflinePoint p = rooflineAt(m, s, 921.6, 921.6, 64);
        TL_COMPARE_REL(*row->modelledOutputPerGpu, p.outputTokensPerSPerGpu, 1e-12);
        TL_COMPARE_REL(*row->ratio, p.outputTokensPerSPerGpu / 240.7615, 1e-9);
        QCOMPARE(row->batch, 64.0);
    }
};

QTEST_GUILESS_MAIN(TestRoofline)
#include "tst_roofline.moc"
