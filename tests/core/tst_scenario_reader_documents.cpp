// SPDX-License-Identifier: MIT
// Whole `tierlab.scenario/1` documents (docs/scenario.md): unknown keys are warnings and
// survive a round trip, the project's shipped files read and evaluate, broken JSON names its
// line and column, and evaluate() reports what it cannot compute instead of returning NaN or
// infinity; the usage, capacity and KV-size blocks' checks.
#include "curves/curvejson.h"
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "readerutil.h"
#include "scenario/reader.h"
#include "store/workspace.h"
#include "testutil.h"

#include <QStringList>
#include <QTest>

#include <cmath>
#include <string>
#include <vector>

using namespace tierlab::core;
using namespace tierlab::test::reader;

class TestScenarioReaderDocuments : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- unknown keys -----------------------------------------------------------------------

    void unknownKeys_areWarningsWithPath() {
        Json doc = minimal();
        doc["tiers"][0]["colour"] = "blue";
        doc["models"][0]["price"]["currency"] = "EUR";
        doc["x_team"] = {{"owner", "pricing"}};
        doc["pods"][0]["rack.position"] = 3;
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        // Every unknown key is reported, whatever the order.
        QStringList got = warnings(r.diagnostics).split('\n');
        got.sort();
        QStringList want{"models[0].price.currency: unknown key, kept as is",
                         "pods[0][\"rack.position\"]: unknown key, kept as is",
                         "tiers[0].colour: unknown key, kept as is",
                         "x_team: unknown key, kept as is"};
        want.sort();
        QCOMPARE(got, want);
    }

    void unknownKeys_surviveRoundTrip() {
        Json doc = minimal();
        doc["tiers"][0]["colour"] = "blue";
        doc["x_team"] = {{"owner", "pricing"}, {"since", 2024}};
        const std::string text = writeJsonText(doc);
        const ParsedJson back = parseJsonText(text);
        QVERIFY(!back.error);
        QVERIFY(back.doc == doc);
        QCOMPARE(js(back.doc["tiers"][0]["colour"]), js(Json("blue")));
        QCOMPARE(js(back.doc["x_team"]["since"]), js(Json(2024)));
        QCOMPARE(warnings(readScenario(back.doc).diagnostics),
                 warnings(readScenario(doc).diagnostics));
    }

    void errorsComeBeforeWarnings() {
        Json doc = minimal();
        doc["colour"] = "blue";
        doc["tiers"][0]["price_usd_month"] = -5;
        const ReadResult r = readScenario(doc);
        QCOMPARE(r.diagnostics.size(), std::size_t{2});
        QVERIFY(r.diagnostics[0].isError());
        QVERIFY(!r.diagnostics[1].isError());
        QCOMPARE(QString::fromStdString(formatDiagnostic(r.diagnostics[1])),
                 QString("colour: warning: unknown key, kept as is"));
    }

    // --- files of the project: round trip and validity --------------------------------------

    void shippedFiles_roundTripAndRead_data() {
        QTest::addColumn<QString>("file");
        for (const char* folder : {"data/scenarios", "data/catalog"})
            for (const std::string& file : jsonFiles(folder))
                QTest::newRow(file.c_str()) << QString::fromStdString(file);
    }

    void shippedFiles_roundTripAndRead() {
        QFETCH(QString, file);
        std::string error;
        const auto text = readTextFile(tierlab::test::sourcePath(file.toStdString()), error);
        QVERIFY2(text, error.c_str());
        const ParsedJson first = parseJsonText(*text);
        QVERIFY2(!first.error, first.error ? formatDiagnostic(*first.error).c_str() : "");
        const std::string written = writeJsonText(first.doc);
        const ParsedJson second = parseJsonText(written);
        QVERIFY(!second.error);
        QVERIFY(second.doc == first.doc);
        // Same keys in the same order: the written text is a fixed point.
        QCOMPARE(QString::fromStdString(writeJsonText(second.doc)),
                 QString::fromStdString(written));
        QCOMPARE(second.doc.begin().key(), std::string("schema"));
        const ReadResult r = readScenario(second.doc);
        QCOMPARE(errors(r.diagnostics), QString());
    }

    void shippedScenarios_evaluateToFiniteResults_data() {
        QTest::addColumn<QString>("file");
        for (const std::string& file : jsonFiles("data/scenarios"))
            QTest::newRow(file.c_str()) << QString::fromStdString(file);
    }

    void shippedScenarios_evaluateToFiniteResults() {
        QFETCH(QString, file);
        ReadResult r = readScenario(tierlab::test::loadJson(file.toStdString()));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        // A scenario naming a stored curve gets the curves every workspace is seeded with.
        std::vector<StoredCurve> shipped;
        for (const std::string& f : jsonFiles("data/curves")) {
            Diagnostics d;
            FieldIndex fields;
            ReadContext ctx{d, fields};
            const auto curve = readCurveJson(tierlab::test::loadJson(f), f, ctx);
            QVERIFY2(curve, f.c_str());
            shipped.push_back({curveName(*curve), "tierlab-curve", {}, "", *curve});
        }
        QCOMPARE(errors(resolveCurves(r.scenario, shipped, "data/curves")), QString());
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        int numbers = 0;
        QCOMPARE(nonFinite(e.results, &numbers), QStringList());
        QVERIFY(numbers > 10);
    }

    // --- syntax errors ----------------------------------------------------------------------

    void brokenJson_reportsLineAndColumn() {
        const ParsedJson p = parseJsonText("{\n  \"name\": \"x\",\n  \"tiers\": ]\n}\n");
        QVERIFY(p.error);
        QVERIFY(p.error->isError());
        QCOMPARE(QString::fromStdString(p.error->path), QString("line 3, column 12"));
        QVERIFY2(p.error->message.starts_with("invalid JSON: "), p.error->message.c_str());
    }

    void brokenJsonOnFirstLine_reportsColumn() {
        const ParsedJson p = parseJsonText("{\"a\": 1,, \"b\": 2}");
        QVERIFY(p.error);
        QCOMPARE(QString::fromStdString(p.error->path), QString("line 1, column 9"));
    }

    void truncatedJson_reportsError() {
        const ParsedJson p = parseJsonText("{\n  \"name\": \"x\",\n");
        QVERIFY(p.error);
        QVERIFY(p.error->path.starts_with("line "));
    }

    void validJson_hasNoError() {
        const ParsedJson p = parseJsonText("{\"b\": 1, \"a\": 2}");
        QVERIFY(!p.error);
        QCOMPARE(p.doc.begin().key(), std::string("b")); // file order kept
        QCOMPARE(QString::fromStdString(writeJsonText(p.doc)),
                 QString("{\n  \"b\": 1,\n  \"a\": 2\n}\n"));
    }

    // --- evaluate(): errors instead of NaN or infinity --------------------------------------

    void evaluate_minimal_allResultsFinite() {
        Json doc = withMix(0.8, 0.2);
        doc["tiers"][0]["model_caps"] = Json::parse(
            R"([{"model": "opus", "per_month": 100, "when_exceeded": "fallback",
                 "fallback_model": "haiku"}])");
        doc["tiers"].push_back(Json::parse(
            R"({"id": "routed", "price_usd_month": 10,
                "typical_request": {"input_tokens": 2000, "output_tokens": 500},
                "pools": [{"channel": "interactive", "credit_usd": 30}]})"));
        doc["usage"] = Json::parse(
            R"({"synthetic": {"seed": 3, "tiers": [{"tier": "pro", "subscribers": 50},
                                                   {"tier": "routed", "subscribers": 50}]}})");
        doc["trend"] = {{"years", 2}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        int numbers = 0;
        QCOMPARE(nonFinite(e.results, &numbers), QStringList());
        QVERIFY(numbers > 50);
    }

    void evaluate_tierWithoutSubscribers_allResultsFinite() {
        // Shares and means over an empty population must not divide by zero.
        Json doc = minimal();
        doc["usage"] =
            Json::parse(R"({"synthetic": {"tiers": [{"tier": "pro", "subscribers": 0}]}})");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_weightsLeaveNoKvSlot_reportsServing() {
        // 1,000 B params x 2 bytes = 2,000 GB of weights on 8 x 141 GB x 0.9 = 1,015.2 GB.
        Json doc = minimal();
        doc["models"][0]["serving"] = {{"pod", "pod"},
                                       {"params_b", 1000},
                                       {"kv_bytes_per_token", 1000000},
                                       {"prefill_tokens_per_s", 20000}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY(!e.ok());
        QCOMPARE(errors(e.diagnostics),
                 QString("models[0].serving: weights of 2000 GB leave no KV-cache slot of 100000 "
                         "tokens on pod 'pod' (1015.2 GB usable); give decode_tokens_per_s or a "
                         "larger pod"));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_weightsLeaveNoKvSlotButDecodeMeasured_isFine() {
        Json doc = minimal();
        doc["models"][0]["serving"] = {{"pod", "pod"},
                                       {"params_b", 1000},
                                       {"kv_bytes_per_token", 1000000},
                                       {"prefill_tokens_per_s", 20000},
                                       {"decode_tokens_per_s", 200}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_tierWithoutLimits_reportsTier() {
        Json doc = minimal();
        doc["tiers"][0].erase("windows");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QCOMPARE(errors(e.diagnostics),
                 QString("tiers[0]: nothing bounds interactive use: add a window or a limit, "
                         "an interactive pool, or a block or extra-usage cap on the typical "
                         "model"));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_tierWithoutModelAndNoRouting_reportsTypicalModel() {
        Json doc = minimal();
        doc["tiers"][0]["typical_request"].erase("model");
        doc["routing"] = {{"mode", "none"}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QCOMPARE(errors(e.diagnostics),
                 QString("tiers[0].typical_request.model: is required when routing.mode is none "
                         "(which model serves the tier?)"));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_tierWithoutModelButMix_isRouted() {
        Json doc = withMix(0.8, 0.2);
        doc["tiers"][0]["typical_request"].erase("model");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(QString::fromStdString(e.results.tiers[0].servedBy), QString("routing"));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_ownedPodCostingNothing_reportsPodCost() {
        Json doc = minimal();
        doc["pods"][0]["cost"] = {{"mode", "owned"}, {"capex_usd", 0}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QCOMPARE(errors(e.diagnostics),
                 QString("pods[0].cost: the pod costs nothing per hour, so no cost per token can "
                         "be derived"));
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_typicalModelWithZeroListPrice_reportsTypicalRequest() {
        Json doc = minimal();
        doc["models"][0]["price"] = {{"input_per_mtok", 0}, {"output_per_mtok", 0}};
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QCOMPARE(errorsAt(e.diagnostics, "tiers[0].typical_request").size(), qsizetype{1});
        QCOMPARE(nonFinite(e.results), QStringList());
    }

    void evaluate_modelWithoutServingUsedByTier_requiresServing() {
        Json doc = minimal();
        doc["models"][0].erase("serving");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QCOMPARE(errors(e.diagnostics),
                 QString("models[0].serving: is required: model 'opus' serves requests "
                         "(tiers[0].typical_request.model)"));
    }

    void recordsSubscriberOnTwoTiers_isAnError() {
        Json doc = minimal();
        doc["tiers"].push_back(doc["tiers"][0]);
        doc["tiers"][1]["id"] = "max";
        const Json rec = {{"subscriber", "u1"}, {"tier", "pro"},         {"model", "opus"},
                          {"requests", 10},     {"input_tokens", 20000}, {"output_tokens", 5000}};
        Json other = rec;
        other["tier"] = "max";
        doc["usage"] = {{"records", {rec, other}}};
        QCOMPARE(errorsOf(doc), QString("usage.records[1].tier: subscriber 'u1' is on another "
                                        "tier in usage.records[0]"));
    }

    void usageWithSeveralForms_isAnError() {
        Json doc = minimal();
        doc["usage"] = {{"dataset", "a"}, {"csv", "b.csv"}};
        QCOMPARE(errorsOf(doc),
                 QString("usage: give one of dataset, csv, synthetic or records, not several"));
    }

    void capacityGapWeights_mustSumToOne() {
        Json doc = minimal();
        doc["capacity"] = {{"gaps",
                            {{{"weight", 0.8}, {"median_min", 1}, {"sigma", 0.8}},
                             {{"weight", 0.15}, {"median_min", 4}, {"sigma", 0.6}}}}};
        QCOMPARE(errorsOf(doc),
                 QString("capacity.gaps: weights must sum to 1 (within 1e-9), got 0.95"));
    }

    void capacityExtras_areRead() {
        Json doc = minimal();
        doc["capacity"] = {{"users", 120},
                           {"timezone_spread_h", 5},
                           {"bursts", {{"per_week", 2}, {"size", 4}, {"hours", 3}}},
                           {"autoscaling", {{"threshold", 18}, {"cold_start_min", 7}}},
                           {"rate_limit", {{"requests_per_min", 5}}}};
        const ReadResult r = readScenario(doc);
        QCOMPARE(errors(r.diagnostics), QString());
        const CapacitySpec& c = *r.scenario.capacity;
        QCOMPARE(c.users, 120);
        QCOMPARE(c.timezoneSpreadHours, 5);
        QCOMPARE(c.burstsPerWeek, 2.0);
        QCOMPARE(c.burstSize, 4.0);
        QCOMPARE(c.burstHours, 3.0);
        QVERIFY(c.autoscaling);
        QCOMPARE(c.autoscaleThreshold, 18);
        QCOMPARE(c.coldStartMinutes, 7.0);
        QCOMPARE(c.idleReleaseMinutes, 30.0); // default
        QCOMPARE(c.rateLimitPerMinute, 5.0);
    }

    void capacityWithoutExtras_hasNoAutoscalingNorLimit() {
        Json doc = minimal();
        doc["capacity"] = Json::object();
        const CapacitySpec c = *readScenario(doc).scenario.capacity;
        QVERIFY(!c.autoscaling);
        QCOMPARE(c.burstsPerWeek, 0.0);
        QCOMPARE(c.rateLimitPerMinute, 0.0);
        QCOMPARE(c.users, 100);
    }

    void capacityNegativeRateLimit_isAnError() {
        Json doc = minimal();
        doc["capacity"] = {{"rate_limit", {{"requests_per_min", -1}}}};
        QCOMPARE(errorsOf(doc),
                 QString("capacity.rate_limit.requests_per_min: must be >= 0, got -1"));
    }

    void capacityUnknownBurstKey_isAWarning() {
        Json doc = minimal();
        doc["capacity"] = {{"bursts", {{"per_day", 1}}}};
        const ReadResult r = readScenario(doc);
        QVERIFY(r.ok());
        QCOMPARE(QString::fromStdString(formatDiagnostic(r.diagnostics.at(0))),
                 QString("capacity.bursts.per_day: warning: unknown key, kept as is"));
    }

    void servingNull_isNotAnUnknownKey() {
        Json doc = minimal();
        doc["models"][1]["serving"] = nullptr; // a catalog entry: prices only
        const ReadResult r = readScenario(doc);
        QVERIFY(r.ok());
        QCOMPARE(warnings(r.diagnostics), QString());
    }

    void rooflineWithoutKvSize_isAnError() {
        Json doc = minimal();
        doc["models"][0]["serving"] = {{"pod", "pod"}, {"params_b", 70}};
        QCOMPARE(errorsOf(doc),
                 QString("models[0].serving.kv_bytes_per_token: is required for the decode "
                         "roofline (or give layers, kv_heads and head_dim, or a measured "
                         "decode_tokens_per_s)"));
    }

    void kvFromArchitecture_matchesTypedBytes() {
        // 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 bytes per token (Llama 2 70B):
        // the same slots and throughput as typing kv_bytes_per_token in.
        Json byArchitecture = minimal();
        byArchitecture["models"][0]["serving"] = {{"pod", "pod"},    {"params_b", 70},
                                                  {"layers", 80},    {"kv_heads", 8},
                                                  {"head_dim", 128}, {"context_tokens", 8192}};
        Json typed = minimal();
        typed["models"][0]["serving"] = {{"pod", "pod"},
                                         {"params_b", 70},
                                         {"kv_bytes_per_token", 327680},
                                         {"context_tokens", 8192}};
        const auto a = readScenario(byArchitecture), b = readScenario(typed);
        QVERIFY2(a.ok(), qPrintable(errors(a.diagnostics)));
        QVERIFY2(b.ok(), qPrintable(errors(b.diagnostics)));
        QCOMPARE(a.scenario.models[0].serving.kvBytesPerToken, 327680.0);
        const Results ra = evaluate(a.scenario).results, rb = evaluate(b.scenario).results;
        QCOMPARE(ra.models[0].kvSlots, rb.models[0].kvSlots);
        // (8 x 141 x 0.9 - 140) GB / (327,680 B x 8,192) = 875.2e9 / 2.684e9 = 326.06 -> 326.
        QCOMPARE(*ra.models[0].kvSlots, 326);
        QCOMPARE(ra.models[0].decodeTokensPerS, rb.models[0].decodeTokensPerS);
    }

    void batchWithMeasuredDecode_warnsIgnored() {
        Json doc = minimal();
        doc["models"][0]["serving"]["batch"] = 8;
        QCOMPARE(warnings(readScenario(doc).diagnostics),
                 QString("models[0].serving.batch: ignored: decode_tokens_per_s is measured"));
    }

    void kvArchitecturePartial_namesMissingKeys() {
        Json doc = minimal();
        doc["models"][0]["serving"] = {{"pod", "pod"}, {"params_b", 70}, {"layers", 80}};
        QCOMPARE(errorsOf(doc),
                 QString("models[0].serving.kv_heads: is required with layers, kv_heads and "
                         "head_dim\nmodels[0].serving.head_dim: is required with layers, "
                         "kv_heads and head_dim"));
    }

    void kvBothForms_isOneErrorAndNoWarning() {
        Json doc = minimal();
        doc["models"][0]["serving"] = {{"pod", "pod"},    {"params_b", 70},
                                       {"layers", 80},    {"kv_heads", 8},
                                       {"head_dim", 128}, {"kv_bytes_per_token", 327680}};
        const ReadResult r = readScenario(doc);
        QCOMPARE(errors(r.diagnostics),
                 QString("models[0].serving.kv_bytes_per_token: give either kv_bytes_per_token "
                         "or layers/kv_heads/head_dim, not both"));
        QCOMPARE(warnings(r.diagnostics), QString());
    }

    void hugeInputs_overflowIsAnErrorNotInfinity() {
        // Each input is within its range, but the products overflow a double.
        Json doc = minimal();
        doc["tiers"] = Json::array();
        doc["pods"][0]["cost"]["usd_per_hour"] = 1e300;
        doc["models"][0]["serving"]["prefill_tokens_per_s"] = 1e-300;
        const ReadResult r = readScenario(doc);
        QVERIFY(r.ok());
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY(!e.ok());
        QVERIFY2(errors(e.diagnostics)
                     .contains("models[0].serving_usd_per_mtok_input: is not a "
                               "finite number"),
                 qPrintable(errors(e.diagnostics)));
    }

    void syntheticShapeBounds_keepDrawsFinite() {
        Json doc = minimal();
        doc["usage"] = {{"synthetic", {{"tiers", {{{"tier", "pro"}, {"sigma", 50}}}}}}};
        QCOMPARE(errorsOf(doc),
                 QString("usage.synthetic.tiers[0].sigma: must be > 0 and <= 10, got 50"));
    }

    void numberTooLargeForADouble_isADiagnosticWithItsPlace() {
        // Found by fuzz_scenario: 1e400 made nlohmann throw out_of_range, which escaped.
        const ParsedJson p =
            parseJsonText("{\"schema\": \"tierlab.scenario/1\",\n \"hours_per_month\": 1e400}");
        QVERIFY(p.error);
        QCOMPARE(QString::fromStdString(p.error->path), QString("line 2, column 21"));
        QCOMPARE(QString::fromStdString(p.error->message),
                 QString("invalid JSON: number overflow parsing '1e400'"));
    }
};

QTEST_GUILESS_MAIN(TestScenarioReaderDocuments)
#include "tst_scenario_reader_documents.moc"
