// SPDX-License-Identifier: MIT
// Operating curves (docs/curves.md): interpolation in speed per user and in lengths, the
// cheapest point meeting a speed target, and each importer against real benchmark files.
//
// Real files are in tests/fixtures/serving/ (provenance and SHA-256 in its README); expected
// numbers are transcribed from them with the file and the row cited. Throughputs that the
// files do not state are recomputed here by hand from the transcribed inputs with the rules of
// docs/curves.md.
#include "curvefixtures.h"
#include "curves/curve.h"
#include "curves/curveimport.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <string>

using namespace tierlab::core;
using tierlab::test::handCurve;
using tierlab::test::handPoint;

namespace {

std::string fixture(const std::string& name) {
    return tierlab::test::sourcePath("tests/fixtures/serving/" + name);
}

const Curve* findCurve(const std::vector<Curve>& curves, const std::string& hardware,
                       const std::string& engine) {
    for (const Curve& c : curves)
        if (c.hardware == hardware && c.engine == engine)
            return &c;
    return nullptr;
}

const CurvePoint* findPoint(const Curve& c, const std::string& location) {
    for (const CurvePoint& p : c.points)
        if (p.source.location == location)
            return &p;
    return nullptr;
}

std::string writeFile(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The message of the CurveImportError importing `path` throws; "" when it does not throw.
std::string importError(const std::string& path, const CurveImportOptions& options = {}) {
    try {
        importCurveFile(path, options);
    } catch (const CurveImportError& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestCurves : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void frontier_dropsDominatedPointsAndSortsBySpeed() {
        const auto f = frontierAt(handCurve(), 1024, 1024, ThroughputBasis::OutputTokens);
        QCOMPARE(f.size(), std::size_t(3));
        QCOMPARE(*f[0].tokensPerSPerUser, 20.0);
        QCOMPARE(*f[1].tokensPerSPerUser, 40.0);
        QCOMPARE(*f[2].tokensPerSPerUser, 60.0);
    }

    void throughputAtSpeed_isLinearBetweenFrontierPoints() {
        // Hand: halfway from (20, 1000) to (40, 600) is 800; 3/4 of (40, 600)..(60, 200) is 300.
        const Curve c = handCurve();
        TL_COMPARE_REL(*throughputAtSpeed(c, 1024, 1024, 30).value, 800.0, 1e-12);
        TL_COMPARE_REL(*throughputAtSpeed(c, 1024, 1024, 55).value, 300.0, 1e-12);
        TL_COMPARE_REL(*throughputAtSpeed(c, 1024, 1024, 40).value, 600.0, 1e-12);
        TL_COMPARE_REL(*throughputAtSpeed(c, 1024, 1024, 20).value, 1000.0, 1e-12);
    }

    void throughputAtSpeed_outsideMeasuredRange_isError() {
        const Curve c = handCurve();
        for (double tps : {19.9, 60.1}) {
            const auto r = throughputAtSpeed(c, 1024, 1024, tps);
            QVERIFY(!r.ok());
            QVERIFY2(r.error.find("outside the measured range 20.0..60.0") != std::string::npos,
                     r.error.c_str());
        }
        QVERIFY(!throughputAtSpeed(c, 2048, 1024, 30).ok()); // no points at those lengths
    }

    void blendLengths_projectsInLogLengths() {
        Curve c = handCurve();
        c.points.push_back(handPoint(20, 500, 8192, 1024));
        // 2048/1024: ln 2 from 1024/1024 and ln 4 from 8192/1024, so t = ln 2 / ln 8 = 1/3.
        const auto b = blendLengths(c, 2048, 1024);
        QVERIFY2(b.ok(), b.error.c_str());
        QCOMPARE(b.value->first.inputTokens, 1024.0);
        QCOMPARE(b.value->second.inputTokens, 8192.0);
        TL_COMPARE_REL(b.value->weightSecond, 1.0 / 3.0, 1e-12);
        // Exact config: weight 0.
        QCOMPARE(blendLengths(c, 8192, 1024).value->weightSecond, 0.0);
        QCOMPARE(blendLengths(c, 8192, 1024).value->first.inputTokens, 8192.0);
    }

    void blendLengths_outsideMeasuredLengths_isError() {
        Curve c = handCurve();
        c.points.push_back(handPoint(20, 500, 8192, 1024));
        const auto r = blendLengths(c, 512, 1024);
        QVERIFY(!r.ok());
        QCOMPARE(r.error, std::string("512/1024 tokens lie outside the measured lengths of M on "
                                      "h200 (E, fp8) (input 1024..8192, output 1024..1024; no "
                                      "extrapolation)"));
        QVERIFY(!blendLengths(c, 2048, 2048).ok());
    }

    void cheapestPoint_isOnTheFrontierAtTheTarget() {
        const Curve c = handCurve();
        // Target inside the range: interpolated at exactly the target.
        auto r = cheapestPointMeeting(c, {30, {}}, 1024, 1024);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.value->kind, PointKind::Interpolated);
        TL_COMPARE_REL(*r.value->outputTokensPerSPerGpu, 800.0, 1e-12);
        TL_COMPARE_REL(*r.value->tokensPerSPerUser, 30.0, 1e-12);
        QCOMPARE(r.value->source.location, std::string("between data[20] and data[40]"));
        // On a measured point: that point.
        r = cheapestPointMeeting(c, {40, {}}, 1024, 1024);
        QCOMPARE(r.value->kind, PointKind::Measured);
        QCOMPARE(*r.value->outputTokensPerSPerGpu, 600.0);
        // Below the slowest point: the slowest point, which is faster than needed.
        r = cheapestPointMeeting(c, {5, {}}, 1024, 1024);
        QCOMPARE(r.value->kind, PointKind::Measured);
        QCOMPARE(*r.value->outputTokensPerSPerGpu, 1000.0);
    }

    void cheapestPoint_dropsPointsOverTheTtftBound() {
        Curve c = handCurve();
        const double ttft[] = {1.0, 3.0, 0.8, 0.5}; // of the points 40, 20, 30, 60
        for (std::size_t i = 0; i < c.points.size(); ++i)
            c.points[i].ttftP90S = ttft[i];
        // Without 20 (3 s > 2 s) and 30 (dominated by 40) the frontier is 40 (600), 60 (200):
        // at least 30 tok/s per user -> 40 at 600.
        const auto r = cheapestPointMeeting(c, {30, 2.0}, 1024, 1024);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(*r.value->outputTokensPerSPerGpu, 600.0);
        QCOMPARE(*r.value->ttftP90S, 1.0);
        const auto none = cheapestPointMeeting(c, {30, 0.4}, 1024, 1024);
        QVERIFY(!none.ok());
        QCOMPARE(none.error, std::string("no point of M on h200 (E, fp8) at 1024/1024 tokens "
                                         "meets at least 30 tok/s per user and TTFT p90 <= 0.4 "
                                         "s: the lowest TTFT p90 is 0.5 s"));
        // A TTFT bound on a curve without TTFT p90 says so.
        const auto unknown = cheapestPointMeeting(handCurve(), {30, 2.0}, 1024, 1024);
        QVERIFY(unknown.error.find("has a TTFT p90, which") != std::string::npos);
    }

    void cheapestPoint_noPointMeetsTarget_namesTargetAndFastest() {
        const auto r = cheapestPointMeeting(handCurve(), {75, {}}, 1024, 1024);
        QVERIFY(!r.ok());
        QCOMPARE(r.error, std::string("no point of M on h200 (E, fp8) at 1024/1024 tokens meets "
                                      "at least 75 tok/s per user: the fastest is 60.0 tok/s "
                                      "per user at 200 output tok/s/GPU (TP8; hand.json "
                                      "data[60])"));
    }

    void cheapestPoint_blendsTwoLengthConfigs() {
        Curve c = handCurve();
        c.points.push_back(handPoint(20, 500, 8192, 1024));
        c.points.push_back(handPoint(60, 100, 8192, 1024));
        // At 40 tok/s: 600 at 1024/1024; 300 at 8192/1024 (halfway 500..100); t = 1/3:
        // 600 + (300 - 600) / 3 = 500.
        const auto r = cheapestPointMeeting(c, {40, {}}, 2048, 1024);
        QVERIFY2(r.ok(), r.error.c_str());
        TL_COMPARE_REL(*r.value->outputTokensPerSPerGpu, 500.0, 1e-12);
        QCOMPARE(r.value->inputTokens, 2048.0);
        QCOMPARE(r.value->kind, PointKind::Interpolated);
        // Both configs must reach the target: 8192/1024 tops out at 60.
        QVERIFY(!cheapestPointMeeting(c, {61, {}}, 2048, 1024).ok());
    }

    void dashboard_realFile_pointsAsTranscribed() {
        const auto imported =
            importCurveFile(fixture("01_DeepSeek_R1_0528_1K_____1K_interactivity.json"));
        QCOMPARE(imported.format, CurveFormat::InferenceXDashboard);
        // 13 (hwKey, precision) pairs in the file (b200 fp4/fp8, b200_trt fp4/fp8, gb200
        // fp4/fp8, gb200_mtp fp4, h200 fp8, h200_trt fp8, mi300x, mi325x, mi355x fp4/fp8).
        QCOMPARE(imported.curves.size(), std::size_t(13));
        const Curve* sglang = findCurve(imported.curves, "h200", "SGLang");
        QVERIFY(sglang);
        QCOMPARE(sglang->model, std::string("DeepSeek R1 0528"));
        QCOMPARE(sglang->points.size(), std::size_t(5));
        // data[22]: {"x": 53.55, "y": 210.091, "conc": 16, "tp": 8, "hwKey": "h200", "precision":
        // "fp8"}
        const CurvePoint* p = findPoint(*sglang, "data[22]");
        QVERIFY(p);
        QCOMPARE(*p->tokensPerSPerUser, 53.55);
        QCOMPARE(*p->totalTokensPerSPerGpu, 210.091);
        TL_COMPARE_REL(*p->outputTokensPerSPerGpu, 210.091 / 2, 1e-12); // 1024 of 2048 tokens
        QCOMPARE(*p->concurrency, 16);
        QCOMPARE(p->gpus, 8);
        QCOMPARE(p->inputTokens, 1024.0);
        QCOMPARE(p->source.date, std::string("2025-10-25"));
        QCOMPARE(p->kind, PointKind::Measured);
        // data[15]: h200_trt -> TensorRT-LLM: {"x": 48.799, "y": 188.84, "conc": 16}
        const Curve* trt = findCurve(imported.curves, "h200", "TensorRT-LLM");
        QVERIFY(trt);
        QCOMPARE(*findPoint(*trt, "data[15]")->totalTokensPerSPerGpu, 188.84);
        // gb200 is disaggregated: total throughput only.
        const Curve* gb = findCurve(imported.curves, "gb200", "Dynamo + TensorRT-LLM");
        QVERIFY(gb);
        QCOMPARE(throughputBasis(*gb), ThroughputBasis::TotalTokens);
    }

    void dashboard_realFile_cheapestAt40TokensPerUser() {
        const auto imported =
            importCurveFile(fixture("01_DeepSeek_R1_0528_1K_____1K_interactivity.json"));
        const Curve* sglang = findCurve(imported.curves, "h200", "SGLang");
        // Between data[24] (x 37.614, y 295.192) and data[22] (x 53.55, y 210.091), output half.
        const double t = (40 - 37.614) / (53.55 - 37.614);
        const double expected = (295.192 + t * (210.091 - 295.192)) / 2;
        const auto r = cheapestPointMeeting(*sglang, {40, {}}, 1024, 1024);
        QVERIFY2(r.ok(), r.error.c_str());
        TL_COMPARE_REL(*r.value->outputTokensPerSPerGpu, expected, 1e-12);
        // Nothing reaches 100: the fastest is data[23] (x 80.281, y 77.625, conc 4).
        const auto none = cheapestPointMeeting(*sglang, {100, {}}, 1024, 1024);
        QVERIFY(none.error.find("the fastest is 80.3 tok/s per user at 39 output tok/s/GPU "
                                "(TP8, concurrency 4;") != std::string::npos);
        QVERIFY(none.error.find("data[23])") != std::string::npos);
    }

    void dashboard_twoFiles_blendInLengths() {
        std::vector<Curve> curves;
        mergeCurves(
            curves,
            importCurveFile(fixture("01_DeepSeek_R1_0528_1K_____1K_interactivity.json")).curves);
        mergeCurves(
            curves,
            importCurveFile(fixture("03_DeepSeek_R1_0528_8K_____1K_interactivity.json")).curves);
        const Curve* sglang = findCurve(curves, "h200", "SGLang");
        QCOMPARE(sglang->points.size(), std::size_t(10));
        // 03 file data[62] (x 27.832, y 959.989) and data[60] (x 42.875, y 736.309): at 40 tok/s
        // per user, output = total x 1024 / 9216.
        const double t8 = (40 - 27.832) / (42.875 - 27.832);
        const double at8k = (959.989 + t8 * (736.309 - 959.989)) * 1024 / 9216;
        const double t1 = (40 - 37.614) / (53.55 - 37.614);
        const double at1k = (295.192 + t1 * (210.091 - 295.192)) / 2;
        // 4096/1024 is ln 4 from 1K and ln 2 from 8K: nearer 8K, weight of 1K = 1/3.
        const double expected = at8k + (at1k - at8k) / 3;
        const auto r = cheapestPointMeeting(*sglang, {40, {}}, 4096, 1024);
        QVERIFY2(r.ok(), r.error.c_str());
        TL_COMPARE_REL(*r.value->outputTokensPerSPerGpu, expected, 1e-12);
    }

    void dashboard_e2eFile_hasNoSpeedPerUser() {
        TIERLAB_REAL_DATA_OR_SKIP(
            path, "serving/inferencemax-2025-10/01_DeepSeek_R1_0528_1K_____1K_e2e.json");
        const auto imported = importCurveFile(path);
        const Curve* sglang = findCurve(imported.curves, "h200", "SGLang");
        QVERIFY(sglang);
        QVERIFY(sglang->points.front().e2eLatencyS.has_value());
        QVERIFY(!sglang->points.front().tokensPerSPerUser.has_value());
        QVERIFY(!cheapestPointMeeting(*sglang, {40, {}}, 1024, 1024).ok());
    }

    void aiconfigurator_realRefs_row2() {
        const auto imported = importCurveFile(fixture("silicon_refs.csv"));
        QCOMPARE(imported.format, CurveFormat::AIConfiguratorSilicon);
        // silicon_refs.csv line 2: deepseek-ai/DeepSeek-R1, h200_sxm, trtllm, fp8, agg,
        // 1024/8192, batch_size 16, tp 8, pp 1, attention_dp 1, moe_ep 8,
        // TTFT 616.87840638333 ms, TPOT 11.389262203572525 ms, measured=2026-01-14.
        const Curve* c = findCurve(imported.curves, "h200_sxm", "trtllm");
        QVERIFY(c);
        const CurvePoint* p = findPoint(*c, "line 2");
        QVERIFY(p);
        TL_COMPARE_REL(*p->tokensPerSPerUser, 1000 / 11.389262203572525, 1e-12);
        TL_COMPARE_REL(*p->ttftMedianS, 0.61687840638333, 1e-12);
        const double requestS = (616.87840638333 + 8191 * 11.389262203572525) / 1000;
        TL_COMPARE_REL(*p->outputTokensPerSPerGpu, 16 * 8192 / requestS / 8, 1e-12);
        TL_COMPARE_REL(*p->outputTokensPerSPerGpu, 174.47, 1e-4); // the same, evaluated by hand
        QCOMPARE(p->gpus, 8);
        QCOMPARE(p->parallelism, std::string("TP8 EP8"));
        QCOMPARE(p->source.date, std::string("2026-01-14"));
        // Of its 12 disaggregated rows, line 30 alone lacks worker counts: left out, said so.
        QCOMPARE(imported.notes.size(), std::size_t(1));
        QVERIFY(imported.notes[0].find("1 disaggregated rows left out") == 0);
    }

    void aiconfigurator_realSample_readmeExample() {
        const auto imported =
            importCurveFile(fixture("silicon_sample_llama70b_h200_vllm_1k1k.csv"));
        QCOMPARE(imported.curves.size(), std::size_t(1));
        const Curve& c = imported.curves[0];
        QCOMPARE(c.points.size(), std::size_t(20));
        // Fixture line 11 = silicon_sample.csv line 3769: Llama-3.1-70B, h200_sxm, vLLM FP8,
        // 1024/1024, concurrency 64, TP8: TTFT 194.86572104069637 ms, TPOT 12.733619862123868 ms.
        const CurvePoint* p = findPoint(c, "line 11");
        QVERIFY(p);
        QCOMPARE(*p->concurrency, 64);
        TL_COMPARE_REL(*p->tokensPerSPerUser, 78.532, 1e-4);     // 1000 / 12.7336
        TL_COMPARE_REL(*p->outputTokensPerSPerGpu, 619.6, 1e-4); // 64 x 1024 / 13.2215 s / 8
        TL_COMPARE_REL(*p->totalTokensPerSPerGpu, 2 * *p->outputTokensPerSPerGpu, 1e-12);
    }

    void aiconfigurator_fullSample_ifShared() {
        TIERLAB_REAL_DATA_OR_SKIP(path, "serving/aiconfigurator/silicon_sample.csv");
        const auto imported = importCurveFile(path);
        std::size_t points = 0;
        for (const Curve& c : imported.curves)
            points += c.points.size();
        // 5,221 rows: 3,619 aggregated and 1,602 disaggregated, 267 of them with worker counts.
        QCOMPARE(points, std::size_t(3619 + 267));
        // 1,335 left out: 1,328 without worker counts, 7 without a stated concurrency.
        QCOMPARE(imported.notes.size(), std::size_t(2));
        QVERIFY(imported.notes[0].find(
                    "1328 disaggregated rows left out: no prefill_num_workers") == 0);
        QVERIFY(imported.notes[1].find("7 disaggregated rows left out: no silicon_concurrency") ==
                0);
    }

    void aggBmk_rows() {
        const auto imported = importCurveFile(fixture("agg_bmk_synthetic.json"));
        QCOMPARE(imported.format, CurveFormat::InferenceXAggBmk);
        QCOMPARE(imported.curves.size(), std::size_t(2));
        const Curve* sg = findCurve(imported.curves, "h200", "sglang");
        QVERIFY(sg);
        QCOMPARE(sg->config, std::string()); // spec_decoding "none", disagg "false"
        const CurvePoint* p = findPoint(*sg, "[0]");
        QCOMPARE(*p->totalTokensPerSPerGpu, 210.091);
        QCOMPARE(*p->outputTokensPerSPerGpu, 105.046);
        QCOMPARE(*p->tokensPerSPerUser, 53.55);
        QCOMPARE(*p->ttftMedianS, 0.48);
        QVERIFY(!p->ttftP90S);
        QCOMPARE(p->parallelism, std::string("TP8"));
        // Row [2]: nested metrics, disaggregated, 8 + 16 GPUs, p90 TTFT.
        const Curve* gb = findCurve(imported.curves, "gb200", "dynamo-trt");
        QVERIFY(gb);
        QCOMPARE(gb->config, std::string("disaggregated, mtp"));
        const CurvePoint& d = gb->points.at(0);
        QCOMPARE(d.gpus, 24);
        QCOMPARE(*d.ttftP90S, 0.95);
        QCOMPARE(*d.outputTokensPerSPerGpu, 1800.25);
        QCOMPARE(d.parallelism, std::string("prefill 2x TP4 EP4 + decode 1x TP16 EP16"));
        QCOMPARE(d.source.date, std::string("2025-10-20"));
    }

    void vllm_singleResult() {
        CurveImportOptions options;
        options.hardware = "h200";
        const auto imported = importCurveFile(fixture("vllm_serving_result.json"), options);
        QCOMPARE(imported.format, CurveFormat::VllmServing);
        const Curve& c = imported.curves.at(0);
        QCOMPARE(c.model, std::string("meta-llama/Llama-3.3-70B-Instruct"));
        QCOMPARE(c.hardware, std::string("h200"));
        QCOMPARE(c.precision, std::string("fp8"));
        const CurvePoint& p = c.points.at(0);
        QCOMPARE(p.gpus, 8);                        // --metadata tp=8
        QCOMPARE(*p.outputTokensPerSPerGpu, 300.0); // output_throughput 2400 / 8
        QCOMPARE(*p.totalTokensPerSPerGpu, 600.0);  // total_token_throughput 4800 / 8
        QCOMPARE(*p.tokensPerSPerUser, 50.0);       // 1000 / median_tpot_ms 20
        QCOMPARE(*p.ttftP90S, 0.8);                 // p90_ttft_ms 800
        QCOMPARE(p.inputTokens, 1024.0);            // 327680 / 320
        QCOMPARE(*p.concurrency, 32);
        QCOMPARE(p.source.date, std::string("20251020-101500"));
    }

    void vllm_jsonLines_needGpuCount() {
        const std::string path = fixture("vllm_serving_sweep.jsonl");
        QCOMPARE(importError(path),
                 path + ": line 1: the GPU count is unknown: the result has no num_gpus, gpus, "
                        "tp or tensor_parallel_size key (benchmark_serving --metadata tp=N) and "
                        "none was given (--gpus N)");
        CurveImportOptions options;
        options.gpus = 2;
        const auto imported = importCurveFile(path, options);
        const Curve& c = imported.curves.at(0);
        QCOMPARE(c.points.size(), std::size_t(3));
        QCOMPARE(c.points[2].source.location, std::string("line 4")); // after the blank line 3
        QCOMPARE(*c.points[2].outputTokensPerSPerGpu, 3622.8 / 2);
        QCOMPARE(c.points[2].inputTokens, 2048.0); // 2621440 / 1280
        QCOMPARE(c.points[2].outputTokens, 512.0);
    }

    void detect_eachFamily() {
        QCOMPARE(detectCurveFormat(readFile(fixture("silicon_refs.csv"))),
                 std::optional(CurveFormat::AIConfiguratorSilicon));
        QCOMPARE(detectCurveFormat(readFile(fixture("agg_bmk_synthetic.json"))),
                 std::optional(CurveFormat::InferenceXAggBmk));
        QCOMPARE(detectCurveFormat(readFile(fixture("vllm_serving_sweep.jsonl"))),
                 std::optional(CurveFormat::VllmServing));
        QCOMPARE(detectCurveFormat(
                     readFile(fixture("03_DeepSeek_R1_0528_8K_____1K_interactivity.json"))),
                 std::optional(CurveFormat::InferenceXDashboard));
        QCOMPARE(detectCurveFormat("{\"a\": 1}"), std::optional<CurveFormat>());
    }

    void malformed_truncatedJson_namesLineAndColumn() {
        QTemporaryDir dir;
        // The first 25 lines of the 1K/1K file (cut inside the first point's object).
        const std::string text =
            readFile(fixture("01_DeepSeek_R1_0528_1K_____1K_interactivity.json"));
        std::size_t cut = 0;
        for (int line = 0; line < 25; ++line)
            cut = text.find('\n', cut) + 1;
        const std::string path = writeFile(dir, "cut.json", text.substr(0, cut));
        const std::string error = importError(path);
        QVERIFY2(error.rfind(path + ": line 26, column 1: invalid JSON", 0) == 0, error.c_str());
    }

    void malformed_csvBadNumber_namesFileAndLine() {
        QTemporaryDir dir;
        std::string text = readFile(fixture("silicon_sample_llama70b_h200_vllm_1k1k.csv"));
        // Line 3's TPOT (the last field) becomes "12.x".
        std::size_t line3 = text.find('\n', text.find('\n') + 1) + 1;
        std::size_t end = text.find('\n', line3);
        std::size_t comma = text.rfind(',', end);
        text.replace(comma + 1, end - comma - 1, "12.x");
        const std::string path = writeFile(dir, "bad.csv", text);
        QCOMPARE(importError(path), path + ":3: column silicon_tpot_ms: not a number: \"12.x\"");
        // Nothing partial: the error is all there is (importCurveFile returns nothing).
        const std::string shortRow = writeFile(dir, "short.csv", text.substr(0, line3) + "a,b\n");
        QCOMPARE(importError(shortRow), shortRow + ":3: 2 fields, the header has 34");
    }

    void malformed_jsonMissingKey_namesPath() {
        QTemporaryDir dir;
        const std::string dash = writeFile(
            dir, "dash.json",
            R"({"metadata": {"model": "M", "sequence": "1K / 1K", "data_type": "interactivity"},
                "data": [{"x": 1, "y": 2, "hwKey": "h200"}, {"x": 1, "hwKey": "h200"}]})");
        QCOMPARE(importError(dash), dash + ": data[1].y: missing (a number is required)");
        const std::string bmk = writeFile(
            dir, "bmk.json", R"([{"hw": "h100", "model": "m", "isl": 1024, "osl": 1024, "tp": 8,
                                  "metrics": {"tput_per_gpu": "fast"}}])");
        QCOMPARE(importError(bmk), bmk + ": [0].metrics.tput_per_gpu: not a number: \"fast\"");
        const std::string other = writeFile(dir, "other.json", R"({"a": 1})");
        QVERIFY(importError(other).find("cannot tell the benchmark format") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCurves)
#include "tst_curves.moc"
