// SPDX-License-Identifier: MIT
// Serving from operating curves (docs/model.md, "Serving from an operating curve"): the
// operating rate of a curve at a speed
// target, and a scenario whose tiers promise different speeds on one measured curve.
//
// Expected values are computed by hand in the comments from a hand-made curve: output
// tokens/s per GPU of 1000, 600 and 200 at 20, 40 and 60 tokens/s per user (1024/1024
// tokens), plus a dominated point (30, 500) that the frontier drops.
#include "curvefixtures.h"
#include "curves/curvejson.h"
#include "curves/operating.h"
#include "model/roofline.h"
#include "evalutil.h"
#include "store/workspace.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;
using tierlab::test::at;
using tierlab::test::curveScenario;
using tierlab::test::evalDoc;
using tierlab::test::handCurve;

namespace {

// curveScenario() with its model a 70B dense roofline model instead (FP8 weights, Llama 3.3
// 70B's 327,680 bytes of KV per token, 80 layers).
Json rooflineScenario() {
    Json doc = curveScenario();
    Json& serving = doc["models"][0]["serving"];
    serving.erase("curve");
    serving["params_b"] = 70;
    serving["bytes_per_param"] = 1;
    serving["kv_bytes_per_token"] = 327680;
    serving["layers"] = 80;
    return doc;
}

// The same shape and pod as the roofline sees them: 16 H200 (141 GB, 4.8 TB/s, FP8 1979
// TFLOPS), mfu 0.4, mbu 0.6, 80 x (60 + 40) us per step.
ModelShape rooflineShape() {
    ModelShape m;
    m.paramsB = m.activeParamsB = 70, m.bytesPerParam = 1, m.kvBytesPerToken = 327680;
    m.layers = 80;
    return m;
}

InstanceSpec rooflinePod() {
    InstanceSpec inst;
    inst.gpus = 16, inst.hbmGbPerGpu = 141, inst.hbmTbPerSPerGpu = 4.8;
    inst.peakTflopsPerGpu = 1979, inst.layerOverheadS = 60e-6, inst.parallelOverheadS = 40e-6;
    return inst;
}

std::string firstError(const Json& doc) {
    const ReadResult read = readScenario(doc);
    for (const Diagnostic& d : read.diagnostics)
        if (d.isError())
            return formatDiagnostic(d);
    const EvalOutcome out = evaluate(read.scenario);
    for (const Diagnostic& d : out.diagnostics)
        if (d.isError())
            return formatDiagnostic(d);
    return {};
}

} // namespace

class TestOperating : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // At 30 tok/s per user: 800 output tok/s/GPU (halfway 1000..600). On 16 GPUs one
    // 1024/1024 request takes 1024 / (800 x 16) = 0.08 pod-s. No TTFT, no roofline: the
    // tokens share the time alike, 1024 / 2048 = 0.5, so P = D = 1024 / 0.04 = 25,600 tok/s.
    void operatingRate_tokensAlike() {
        const auto r = operatingRate(handCurve(), {30, {}}, 1024, 1024, 16);
        QVERIFY2(r.ok(), r.error.c_str());
        TL_COMPARE_REL(r.value->throughputPerGpu, 800.0, 1e-12);
        TL_COMPARE_REL(r.value->podSecondsPerRequest, 0.08, 1e-12);
        TL_COMPARE_REL(r.value->prefillShare, 0.5, 1e-12);
        TL_COMPARE_REL(r.value->prefillTokensPerS, 25600.0, 1e-12);
        TL_COMPARE_REL(r.value->decodeTokensPerS, 25600.0, 1e-12);
        QCOMPARE(r.value->split, OperatingRate::Split::Tokens);
        QVERIFY(!r.value->lengthsClamped);
        // I/P + O/D is the pod time again.
        TL_COMPARE_REL(1024 / r.value->prefillTokensPerS + 1024 / r.value->decodeTokensPerS, 0.08,
                       1e-12);
    }

    // With a TTFT of 0.5 s on every point, at the measured 40 tok/s point (600/GPU):
    // t = 1024 / (600 x 16) = 0.1066667 s; share = 0.5 / (0.5 + 1024 / 40) = 0.5 / 26.1.
    void operatingRate_ttftSplitsTheTime() {
        Curve c = handCurve();
        for (CurvePoint& p : c.points)
            p.ttftMedianS = 0.5;
        const auto r = operatingRate(c, {40, {}}, 1024, 1024, 16);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.value->split, OperatingRate::Split::Ttft);
        TL_COMPARE_REL(r.value->podSecondsPerRequest, 1024.0 / 9600.0, 1e-12);
        TL_COMPARE_REL(r.value->prefillShare, 0.5 / 26.1, 1e-12);
        TL_COMPARE_REL(r.value->prefillTokensPerS, 1024.0 / (1024.0 / 9600.0 * (0.5 / 26.1)),
                       1e-12);
    }

    // Without a TTFT, a roofline prefill of 100,000 tok/s takes 1024 / 1e5 = 0.01024 s of
    // the 0.08 s: share 0.128; decode gets the rest, D = 1024 / (0.08 x 0.872).
    void operatingRate_rooflinePrefillSplits() {
        const auto r = operatingRate(handCurve(), {30, {}}, 1024, 1024, 16, 100000.0);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.value->split, OperatingRate::Split::Roofline);
        TL_COMPARE_REL(r.value->prefillShare, 0.128, 1e-12);
        TL_COMPARE_REL(r.value->prefillTokensPerS, 100000.0, 1e-12);
        TL_COMPARE_REL(r.value->decodeTokensPerS, 1024.0 / (0.08 * 0.872), 1e-12);
        // A roofline slower than the whole measured time cannot split it: tokens alike.
        const auto slow = operatingRate(handCurve(), {30, {}}, 1024, 1024, 16, 10000.0);
        QCOMPARE(slow.value->split, OperatingRate::Split::Tokens);
    }

    // Lengths outside the measured box are read at its edge, and say so.
    void operatingRate_clampsLengthsIntoTheMeasuredBox() {
        const auto r = operatingRate(handCurve(), {30, {}}, 500, 4000, 16);
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.value->lengthsClamped);
        QCOMPARE(r.value->inputTokens, 1024.0);
        QCOMPARE(r.value->outputTokens, 1024.0);
    }

    // Property: a faster target never costs less (pod time per request rises with speed).
    void operatingRate_podTimeRisesWithTheTarget() {
        double previous = 0;
        for (double tps = 5; tps <= 60; tps += 2.5) {
            const auto r = operatingRate(handCurve(), {tps, {}}, 1024, 1024, 16);
            QVERIFY2(r.ok(), r.error.c_str());
            QVERIFY2(r.value->podSecondsPerRequest >= previous, std::to_string(tps).c_str());
            previous = r.value->podSecondsPerRequest;
        }
    }

    void sameHardware_matchesSpellings() {
        QVERIFY(sameHardware("h200", "h200"));
        QVERIFY(sameHardware("h200_sxm", "h200"));
        QVERIFY(sameHardware("H200-SXM5", "h200-sxm"));
        QVERIFY(!sameHardware("h100", "h200"));
        QVERIFY(!sameHardware("gb200", "b200"));
    }

    // The curve's JSON form reads back to the same curve.
    void curveJson_roundTrips() {
        Curve c = handCurve();
        c.points[0].ttftP90S = 1.5;
        c.points[0].concurrency = 64;
        c.points[1].kind = PointKind::Modelled;
        Diagnostics d;
        FieldIndex f;
        ReadContext ctx{d, f};
        const auto back = readCurveJson(curveToJson(c), "curve", ctx);
        QVERIFY(back);
        QCOMPARE(curveToJson(*back).dump(), curveToJson(c).dump());
        // A point without a speed's number names its path.
        Json bad = curveToJson(c);
        bad["points"][2]["tokens_per_s_per_user"] = "fast";
        Diagnostics d2;
        ReadContext ctx2{d2, f};
        QVERIFY(!readCurveJson(bad, "models[0].serving.curve", ctx2));
        QVERIFY(d.empty()); // the round trip: not even a warning
        QCOMPARE(formatDiagnostic(d2.front()),
                 std::string("models[0].serving.curve.points[2].tokens_per_s_per_user: must be a "
                             "number, got \"fast\""));
    }

    // Each tier is served at its own target: slow at 30 tok/s per user costs 0.08 pod-s
    // per 1024/1024 request, $32 x 0.08 / (3600 x 0.5) = $0.00142222; fast at 50 tok/s
    // (400 tok/s/GPU, halfway 600..200) 1024 / (400 x 16) = 0.16 pod-s, $0.00284444. The
    // model's own figures are at its default target, 20 tok/s per user (1000/GPU, 0.064 s).
    void scenario_tiersAtTheirOwnSpeed() {
        const Json r = evalDoc(curveScenario());
        TL_COMPARE_REL(at(r, "tiers[id=slow].typical_serving_usd"), 32 * 0.08 / 1800, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=fast].typical_serving_usd"), 32 * 0.16 / 1800, 1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=fast].operating_points[0].throughput_per_gpu"), 400.0,
                       1e-12);
        TL_COMPARE_REL(at(r, "tiers[id=fast].operating_points[0].tokens_per_s_per_user"), 50.0,
                       1e-12);
        TL_COMPARE_REL(at(r, "models[id=m].pod_seconds_per_request"), 0.064, 1e-12);
        QCOMPARE(r["tiers"][1]["operating_points"][0]["kind"].get<std::string>(),
                 std::string("interpolated"));
        // Breakeven falls as the promised speed rises (same price, same full use).
        QVERIFY(at(r, "tiers[id=fast].breakeven_utilization") <
                at(r, "tiers[id=slow].breakeven_utilization"));
        // Goal seek and sensitivity address the target by path.
        const Json faster = evalDoc(curveScenario(), {"tiers[id=slow].speed.min_tps=50"});
        TL_COMPARE_REL(at(faster, "tiers[id=slow].typical_serving_usd"), 32 * 0.16 / 1800, 1e-12);
    }

    void scenario_noPointMeetsTheTarget_namesTierTargetAndFastest() {
        Json doc = curveScenario();
        doc["tiers"][1]["speed"]["min_tps"] = 75;
        QCOMPARE(firstError(doc),
                 std::string("tiers[1].speed: tier 'fast' on model 'm': no point of M on h200 "
                             "(E, fp8) at 1024/1024 tokens meets at least 75 tok/s per user: the "
                             "fastest is 60.0 tok/s per user at 200 output tok/s/GPU (TP8; "
                             "hand.json data[60])"));
    }

    void scenario_storedCurveNotLoaded_isAnError() {
        Json doc = curveScenario();
        doc["models"][0]["serving"]["curve"] = "M on h200 (E, fp8)";
        QVERIFY(firstError(doc).starts_with(
            "models[0].serving.curve: names the stored curve 'M on h200 (E, fp8)', which is "
            "not loaded"));
        // Resolved from the curves a workspace holds, it evaluates like the inline one.
        ReadResult read = readScenario(doc);
        QVERIFY(read.ok());
        QVERIFY(namesStoredCurves(read.scenario));
        const std::vector<StoredCurve> none;
        QCOMPARE(formatDiagnostic(resolveCurves(read.scenario, none, "w.tierlab").at(0)),
                 std::string("models[0].serving.curve: no curve 'M on h200 (E, fp8)' in "
                             "w.tierlab (it has none: tierlab-cli curve import FILE "
                             "--workspace W)"));
        const std::vector<StoredCurve> stored{
            {curveName(handCurve()), "hand", {}, "", handCurve()}};
        QVERIFY(resolveCurves(read.scenario, stored, "w.tierlab").empty());
        const EvalOutcome out = evaluate(read.scenario);
        QVERIFY(out.ok());
        TL_COMPARE_REL(out.results.tiers[1].typicalServingUsd,
                       at(evalDoc(curveScenario()), "tiers[id=fast].typical_serving_usd"), 1e-12);
    }

    void scenario_curveAndTypedCosts_excludeEachOther() {
        Json doc = curveScenario();
        doc["models"][0]["serving"]["input_usd_per_mtok"] = 1;
        doc["models"][0]["serving"]["output_usd_per_mtok"] = 2;
        QVERIFY(firstError(doc).starts_with("models[0].serving.curve: and typed-in serving costs"));
    }

    // A roofline model (no curve) served at each tier's speed: the tier's rate is the
    // roofline's largest batch meeting the target at the tier's typical request
    // (model.md, "The roofline at a speed"); a faster tier or a longer request costs more.
    void scenario_rooflineAtEachTiersSpeed() {
        Json doc = rooflineScenario();
        doc["tiers"][0]["typical_request"]["input_tokens"] = 2000;
        doc["tiers"][0]["typical_request"]["output_tokens"] = 2000;
        doc["tiers"][1]["typical_request"]["input_tokens"] = 2000;
        doc["tiers"][1]["typical_request"]["output_tokens"] = 2000;
        const Json r = evalDoc(doc);
        // By hand through the same pieces.
        const ModelShape m = rooflineShape();
        const InstanceSpec inst = rooflinePod();
        const auto slow = rooflineAtSpeed(m, inst, 2000, 2000, 30);
        const auto fast = rooflineAtSpeed(m, inst, 2000, 2000, 50);
        QVERIFY(slow && fast);
        TL_COMPARE_REL(at(r, "tiers[id=slow].typical_serving_usd"),
                       32 * slow->requestSeconds / (3600 * 0.5), 1e-9);
        TL_COMPARE_REL(at(r, "tiers[id=fast].typical_serving_usd"),
                       32 * fast->requestSeconds / (3600 * 0.5), 1e-9);
        QVERIFY(fast->requestSeconds > slow->requestSeconds);
        QCOMPARE(r["tiers"][0]["operating_points"][0]["kind"].get<std::string>(),
                 std::string("modelled"));
        // A 60,000-token agent turn against a 2,000-token chat, same output: it costs more, by
        // the roofline at its own context.
        Json agent = doc;
        agent["tiers"][0]["typical_request"]["input_tokens"] = 60000;
        const double chat = at(r, "tiers[id=slow].typical_serving_usd");
        const double turn = at(evalDoc(agent), "tiers[id=slow].typical_serving_usd");
        QVERIFY2(turn > 5 * chat, (std::to_string(turn) + " vs " + std::to_string(chat)).c_str());
        // Faster than one request alone can go: the error names the tier, the pod and both
        // speeds.
        Json tooFast = doc;
        tooFast["tiers"][1]["speed"]["min_tps"] = 1000;
        QVERIFY(firstError(tooFast).starts_with(
            "tiers[1].speed: tier 'fast' on model 'm': the roofline on pod 'p' reaches at most "));
    }

    // Cache economics on the roofline at a speed: of a 20,000-token prompt, a share h comes
    // from the prefix cache. Cached tokens skip prefill but are context (KV held and read
    // every step), so the request costs less as h rises, and never nothing; its cost equals
    // the roofline's pod time for the whole request (new prefill + decode + cached context).
    void scenario_cacheHitsLowerCostAndNeverMakeItFree() {
        Json doc = rooflineScenario();
        Json& serving = doc["models"][0]["serving"];
        serving["attention_flops_per_context_token"] = 2621440; // 4 x 80 x 64 x 128
        double previous = 1e300, first = 0;
        for (double h : {0.0, 0.5, 0.9, 0.99}) {
            Json d = doc;
            d["tiers"][0]["typical_request"] = {{"model", "m"},
                                                {"input_tokens", 20000 * (1 - h)},
                                                {"cache_read_tokens", 20000 * h},
                                                {"output_tokens", 500}};
            const Json r = evalDoc(d);
            const double cost = at(r, "tiers[id=slow].typical_serving_usd");
            QVERIFY2(cost <= previous * (1 + 1e-12) && cost > 0, std::to_string(h).c_str());
            if (h == 0)
                first = cost;
            previous = cost;
            ModelShape m = rooflineShape();
            m.attentionFlopsPerContextToken = 2621440;
            const InstanceSpec inst = rooflinePod();
            const auto p = rooflineAtSpeed(m, inst, 20000 * (1 - h), 500, 30, 20000 * h);
            QVERIFY(p);
            TL_COMPARE_REL(cost, 32 * p->requestSeconds / (3600 * 0.5), 1e-9);
            if (h > 0)
                QVERIFY(at(r, "tiers[id=slow].operating_points[0].cache_read_share") > 0);
        }
        QVERIFY(previous < 0.5 * first); // 99 % cached costs less than half of none cached
    }

    // Storage of cached prefixes: 327,680 bytes of KV per token kept 1 hour in host memory at
    // $0.01 per GB-hour costs 327,680 / 1e9 x 1 x 0.01 = $3.2768e-6 per cache-write token, on
    // top of the pod's time: a request writing 10,000 tokens pays $0.032768 more.
    void scenario_cacheStorageChargesEachCacheWrite() {
        Json doc = rooflineScenario();
        Json& serving = doc["models"][0]["serving"];
        doc["tiers"][0]["typical_request"] = {{"model", "m"},
                                              {"input_tokens", 1000},
                                              {"cache_write_tokens", 10000},
                                              {"output_tokens", 500}};
        const double without = at(evalDoc(doc), "tiers[id=slow].typical_serving_usd");
        serving["cache_storage"] = {{"usd_per_gb_hour", 0.01}, {"hours", 1}};
        const double with = at(evalDoc(doc), "tiers[id=slow].typical_serving_usd");
        TL_COMPARE_REL(with - without, 10000.0 * 327680 / 1e9 * 0.01, 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestOperating)
#include "tst_operating.moc"
