// SPDX-License-Identifier: MIT
// Reading and validating `tierlab.scenario/1` documents (scenario-format.md): every invalid
// value is an error naming its JSON path and the reason; unknown keys are warnings and survive
// a round trip; evaluate() reports what it cannot compute instead of returning NaN or infinity.
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "scenario/reader.h"
#include "testutil.h"

#include <QStringList>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

using namespace tierlab::core;

class TestScenarioReader : public QObject {
    Q_OBJECT

private:
    // The smallest complete scenario: one accelerator, one pod at a given hourly cost, two
    // models served with measured throughput, one tier with a window and a typical model.
    static Json minimal() {
        return Json::parse(R"({
          "schema": "tierlab.scenario/1",
          "name": "Minimal",
          "hours_per_month": 730,
          "accelerators": [
            {"id": "h200", "hbm_gb": 141, "hbm_tbs": 4.8, "bf16_tflops": 989}
          ],
          "pods": [
            {"id": "pod", "accelerator": "h200", "nodes": 1, "gpus_per_node": 8,
             "cost": {"mode": "given", "usd_per_hour": 30}, "utilization": 0.7}
          ],
          "models": [
            {"id": "opus", "price": {"input_per_mtok": 15, "output_per_mtok": 75},
             "serving": {"pod": "pod", "prefill_tokens_per_s": 20000, "decode_tokens_per_s": 200}},
            {"id": "haiku", "price": {"input_per_mtok": 0.25, "output_per_mtok": 1.25},
             "serving": {"pod": "pod", "prefill_tokens_per_s": 200000,
                         "decode_tokens_per_s": 4000}}
          ],
          "tiers": [
            {"id": "pro", "price_usd_month": 20,
             "typical_request": {"model": "opus", "input_tokens": 2000, "output_tokens": 500},
             "windows": [{"messages": 45, "hours": 5}]}
          ]
        })");
    }

    static Json withMix(double opusShare, double haikuShare) {
        Json doc = minimal();
        doc["routing"] = {{"mode", "mix"},
                          {"mix", {{"opus", opusShare}, {"haiku", haikuShare}}},
                          {"baseline_model", "opus"}};
        return doc;
    }

    // Every diagnostic of one severity as "path: message", one a line, in reported order.
    static QString listed(const Diagnostics& d, Diagnostic::Severity severity) {
        QStringList lines;
        for (const Diagnostic& x : d)
            if (x.severity == severity)
                lines << QString::fromStdString(x.path + ": " + x.message);
        return lines.join('\n');
    }
    static QString errors(const Diagnostics& d) { return listed(d, Diagnostic::Severity::Error); }
    static QString warnings(const Diagnostics& d) {
        return listed(d, Diagnostic::Severity::Warning);
    }
    static QString errorsOf(const Json& doc) { return errors(readScenario(doc).diagnostics); }

    // Messages of the errors at exactly `path`.
    static QStringList errorsAt(const Diagnostics& d, const std::string& path) {
        QStringList out;
        for (const Diagnostic& x : d)
            if (x.isError() && x.path == path)
                out << QString::fromStdString(x.message);
        return out;
    }

    // Paths of the numbers in `j` that are NaN or infinite; counts the numbers seen.
    static void collectNonFinite(const Json& j, const std::string& path, QStringList& bad,
                                 int& numbers) {
        if (j.is_object()) {
            for (const auto& [key, value] : j.items())
                collectNonFinite(value, childPath(path, key), bad, numbers);
        } else if (j.is_array()) {
            for (std::size_t i = 0; i < j.size(); ++i)
                collectNonFinite(j[i], childPath(path, i), bad, numbers);
        } else if (j.is_number()) {
            ++numbers;
            if (!std::isfinite(j.get<double>()))
                bad << QString::fromStdString(path);
        }
    }
    static QStringList nonFinite(const Results& r, int* numbers = nullptr) {
        QStringList bad;
        int seen = 0;
        collectNonFinite(resultsToJson(r), "", bad, seen);
        if (numbers)
            *numbers = seen;
        return bad;
    }

    static std::vector<std::string> jsonFiles(const std::string& folder) {
        std::vector<std::string> out;
        for (const auto& entry :
             std::filesystem::directory_iterator(tierlab::test::sourcePath(folder)))
            if (entry.path().extension() == ".json")
                out.push_back(folder + "/" + entry.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

    static QString js(const Json& j) { return QString::fromStdString(j.dump()); }

private slots:
    // --- the valid base ---------------------------------------------------------------------

    void minimal_isValid_noDiagnostics() {
        const ReadResult r = readScenario(minimal());
        QVERIFY2(r.diagnostics.empty(),
                 qPrintable(errors(r.diagnostics) + warnings(r.diagnostics)));
        QCOMPARE(r.scenario.models.size(), std::size_t{2});
        QCOMPARE(r.scenario.tiers[0].typicalModel, 0);
        QCOMPARE(r.scenario.models[1].serving.pod, 0);
        QCOMPARE(r.scenario.podAccelerator, std::vector<int>{0});
    }

    void minimal_fieldIndex_recordsRanges() {
        const ReadResult r = readScenario(minimal());
        QVERIFY(r.fields.count("tiers[0].price_usd_month"));
        QCOMPARE(QString::fromStdString(r.fields.at("tiers[0].price_usd_month").describe()),
                 QString("must be >= 0"));
        QCOMPARE(QString::fromStdString(r.fields.at("pods[0].utilization").describe()),
                 QString("must be > 0 and <= 1"));
    }

    void notAnObject_reportsDocument() {
        QCOMPARE(errorsOf(Json::array()), QString(": must be an object, got []"));
    }

    // --- schema -----------------------------------------------------------------------------

    void wrongSchema_reportsSchemaPath() {
        Json doc = minimal();
        doc["schema"] = "tierlab.scenario/2";
        QCOMPARE(errorsOf(doc),
                 QString("schema: must be \"tierlab.scenario/1\", got \"tierlab.scenario/2\""));
    }

    void missingSchema_reportsGotNothing() {
        Json doc = minimal();
        doc.erase("schema");
        QCOMPARE(errorsOf(doc), QString("schema: must be \"tierlab.scenario/1\", got nothing"));
    }

    // --- negative prices --------------------------------------------------------------------

    void negativeModelInputPrice_reportsPathAndReason() {
        Json doc = minimal();
        doc["models"][0]["price"]["input_per_mtok"] = -5;
        QCOMPARE(errorsOf(doc), QString("models[0].price.input_per_mtok: must be >= 0, got -5"));
    }

    void negativeTierPrice_reportsPathAndReason() {
        Json doc = minimal();
        doc["tiers"][0]["price_usd_month"] = -5;
        QCOMPARE(errorsOf(doc), QString("tiers[0].price_usd_month: must be >= 0, got -5"));
    }

    void negativeFractionalPrice_reportsShortestForm() {
        Json doc = minimal();
        doc["models"][1]["price"]["output_per_mtok"] = -0.1;
        QCOMPARE(errorsOf(doc), QString("models[1].price.output_per_mtok: must be >= 0, got -0.1"));
    }

    void zeroPrices_areAccepted() {
        Json doc = minimal();
        doc["tiers"][0]["price_usd_month"] = 0;
        doc["models"][1]["price"]["input_per_mtok"] = 0;
        QCOMPARE(errorsOf(doc), QString());
    }

    void batchDiscountOfOne_isRejected() {
        Json doc = minimal();
        doc["models"][0]["price"]["batch_discount"] = 1;
        QCOMPARE(errorsOf(doc),
                 QString("models[0].price.batch_discount: must be >= 0 and < 1, got 1"));
    }

    // --- routing mix shares -----------------------------------------------------------------

    void mixSummingToOne_isAccepted() { QCOMPARE(errorsOf(withMix(0.8, 0.2)), QString()); }

    void mixOffBy1e10_isAccepted() {
        // 0.5 + 0.4999999999 is 1 - 1e-10: inside the 1e-9 tolerance (issue #2).
        QCOMPARE(errorsOf(withMix(0.5, 0.4999999999)), QString());
        QCOMPARE(errorsOf(withMix(0.5, 0.5000000001)), QString());
    }

    void mixOffBy1e6_isRejectedAtRoutingMix() {
        QCOMPARE(errorsOf(withMix(0.5, 0.499999)),
                 QString("routing.mix: shares must sum to 1 (within 1e-9), got 0.999999"));
        QCOMPARE(errorsOf(withMix(0.5, 0.500001)),
                 QString("routing.mix: shares must sum to 1 (within 1e-9), got 1.000001"));
    }

    void mixShareOutsideZeroOne_reportsShare() {
        QCOMPARE(errorsOf(withMix(1.5, -0.5)),
                 QString("routing.mix.opus: must be >= 0 and <= 1, got 1.5\n"
                         "routing.mix.haiku: must be >= 0 and <= 1, got -0.5\n"
                         "routing.mix: shares must sum to 1 (within 1e-9), got 0"));
    }

    void mixShareNotANumber_reportedOnce() {
        Json doc = withMix(0.5, 0.5);
        doc["routing"]["mix"]["opus"] = "half";
        const ReadResult r = readScenario(doc);
        QVERIFY(!r.ok());
        QCOMPARE(errorsAt(r.diagnostics, "routing.mix.opus"),
                 QStringList{"must be a number, got \"half\""});
    }

    void emptyMix_isRejected() {
        Json doc = withMix(0.5, 0.5);
        doc["routing"]["mix"] = Json::object();
        QCOMPARE(errorsOf(doc), QString("routing.mix: must be an object of model shares, e.g. "
                                        "{\"haiku\": 0.8, \"opus\": 0.2}"));
    }

    void mixWithoutBaseline_isRejected() {
        Json doc = withMix(0.5, 0.5);
        doc["routing"].erase("baseline_model");
        QCOMPARE(errorsOf(doc), QString("routing.baseline_model: is required with a mix"));
    }

    // --- zero throughput --------------------------------------------------------------------

    void zeroPrefillThroughput_reportsMustBePositive() {
        Json doc = minimal();
        doc["models"][0]["serving"]["prefill_tokens_per_s"] = 0;
        QCOMPARE(errorsOf(doc),
                 QString("models[0].serving.prefill_tokens_per_s: must be > 0, got 0"));
    }

    void zeroDecodeThroughput_reportsMustBePositive() {
        Json doc = minimal();
        doc["models"][1]["serving"]["decode_tokens_per_s"] = 0;
        QCOMPARE(errorsOf(doc),
                 QString("models[1].serving.decode_tokens_per_s: must be > 0, got 0"));
    }

    void noThroughputAndNoParams_requiresParams() {
        Json doc = minimal();
        doc["models"][0]["serving"].erase("prefill_tokens_per_s");
        QCOMPARE(errorsOf(doc),
                 QString("models[0].serving.params_b: is required unless measured throughput or "
                         "serving costs are given"));
    }

    // --- pod utilization --------------------------------------------------------------------

    void podUtilizationZero_isRejected() {
        Json doc = minimal();
        doc["pods"][0]["utilization"] = 0;
        QCOMPARE(errorsOf(doc), QString("pods[0].utilization: must be > 0 and <= 1, got 0"));
    }

    void podUtilizationAboveOne_isRejected() {
        Json doc = minimal();
        doc["pods"][0]["utilization"] = 1.5;
        QCOMPARE(errorsOf(doc), QString("pods[0].utilization: must be > 0 and <= 1, got 1.5"));
    }

    void podUtilizationOne_isAccepted() {
        Json doc = minimal();
        doc["pods"][0]["utilization"] = 1;
        const ReadResult r = readScenario(doc);
        QCOMPARE(errors(r.diagnostics), QString());
        QCOMPARE(r.scenario.pods[0].utilization, 1.0);
    }

    // An int field beyond int's range is a diagnostic, not undefined behaviour (fuzz_scenario
    // found 4.1e57 GPUs per node cast to int).
    void podNodesBeyondInt_isRejected() {
        Json doc = minimal();
        doc["pods"][0]["nodes"] = 4.11111e57;
        QCOMPARE(errorsOf(doc),
                 QString("pods[0].nodes: must be <= 2147483647, got 4.11111e+57"));
    }

    // --- unknown references -----------------------------------------------------------------

    void unknownTypicalModel_reportsTierPath() {
        Json doc = minimal();
        doc["tiers"][0]["typical_request"]["model"] = "gpt";
        QCOMPARE(errorsOf(doc), QString("tiers[0].typical_request.model: unknown model 'gpt' "
                                        "(models: opus, haiku)"));
    }

    void unknownCapModel_reportsCapPath() {
        Json doc = minimal();
        doc["tiers"][0]["model_caps"] = Json::parse(R"([{"model": "gpt", "per_month": 100}])");
        QCOMPARE(errorsOf(doc), QString("tiers[0].model_caps[0].model: unknown model 'gpt' "
                                        "(models: opus, haiku)"));
    }

    void unknownCapFallbackModel_reportsFallbackPath() {
        Json doc = minimal();
        doc["tiers"][0]["model_caps"] = Json::parse(
            R"([{"model": "opus", "per_month": 100, "when_exceeded": "fallback",
                 "fallback_model": "gpt"}])");
        QCOMPARE(errorsOf(doc), QString("tiers[0].model_caps[0].fallback_model: unknown model "
                                        "'gpt' (models: opus, haiku)"));
    }

    void unknownMixModel_reportsMixKey() {
        Json doc = withMix(0.5, 0.5);
        doc["routing"]["mix"] = {{"opus", 0.5}, {"gpt", 0.5}};
        QCOMPARE(errorsOf(doc),
                 QString("routing.mix.gpt: unknown model 'gpt' (models: opus, haiku)"));
    }

    void unknownCascadeModel_reportsStagePath() {
        Json doc = minimal();
        doc["routing"] = Json::parse(
            R"({"mode": "cascade", "cascade": [{"model": "haiku", "escalate": 0.3},
                                               {"model": "gpt"}]})");
        QCOMPARE(errorsOf(doc), QString("routing.cascade[1].model: unknown model 'gpt' "
                                        "(models: opus, haiku)"));
    }

    void unknownBaselineModel_reportsBaselinePath() {
        Json doc = withMix(0.5, 0.5);
        doc["routing"]["baseline_model"] = "gpt";
        QCOMPARE(errorsOf(doc), QString("routing.baseline_model: unknown model 'gpt' "
                                        "(models: opus, haiku)"));
    }

    void unknownPod_reportsServingPod() {
        Json doc = minimal();
        doc["models"][1]["serving"]["pod"] = "b200-pod";
        QCOMPARE(errorsOf(doc), QString("models[1].serving.pod: unknown pod 'b200-pod'"));
    }

    void unknownAccelerator_reportsPodAccelerator() {
        Json doc = minimal();
        doc["pods"][0]["accelerator"] = "b200";
        QCOMPARE(errorsOf(doc), QString("pods[0].accelerator: unknown accelerator 'b200'"));
    }

    void unknownCapacityPod_reportsCapacityPod() {
        Json doc = minimal();
        doc["capacity"] = {{"pod", "nope"}};
        QCOMPARE(errorsOf(doc), QString("capacity.pod: unknown pod 'nope'"));
    }

    // --- duplicate ids ----------------------------------------------------------------------

    void duplicateModelId_reportsSecondAndFirst() {
        Json doc = minimal();
        doc["models"][1]["id"] = "opus";
        doc["tiers"][0]["typical_request"]["model"] = "opus";
        QCOMPARE(errorsOf(doc), QString("models[1].id: duplicate id 'opus' (also models[0])"));
    }

    void duplicatePodId_reportsSecondAndFirst() {
        Json doc = minimal();
        doc["pods"].push_back(doc["pods"][0]);
        QCOMPARE(errorsOf(doc), QString("pods[1].id: duplicate id 'pod' (also pods[0])"));
    }

    void duplicateAcceleratorId_reportsSecondAndFirst() {
        Json doc = minimal();
        doc["accelerators"].push_back(doc["accelerators"][0]);
        QCOMPARE(errorsOf(doc),
                 QString("accelerators[1].id: duplicate id 'h200' (also accelerators[0])"));
    }

    void duplicateTierId_reportsSecond() {
        Json doc = minimal();
        doc["tiers"].push_back(doc["tiers"][0]);
        QCOMPARE(errorsAt(readScenario(doc).diagnostics, "tiers[1].id").size(), qsizetype{1});
        QVERIFY(errorsAt(readScenario(doc).diagnostics, "tiers[1].id")[0].startsWith(
            "duplicate id 'pro'"));
    }

    // --- wrong types ------------------------------------------------------------------------

    void stringForNumber_reportsMustBeNumber() {
        Json doc = minimal();
        doc["tiers"][0]["price_usd_month"] = "20";
        QCOMPARE(errorsOf(doc), QString("tiers[0].price_usd_month: must be a number, got \"20\""));
    }

    void stringForNestedNumber_reportsMustBeNumber() {
        Json doc = minimal();
        doc["accelerators"][0]["hbm_gb"] = "141 GB";
        QCOMPARE(errorsOf(doc),
                 QString("accelerators[0].hbm_gb: must be a number, got \"141 GB\""));
    }

    void numberForString_reportsMustBeString() {
        Json doc = minimal();
        doc["models"][0]["name"] = 5;
        QCOMPARE(errorsOf(doc), QString("models[0].name: must be a string, got 5"));
    }

    void stringForBoolean_reportsTrueOrFalse() {
        Json doc = minimal();
        doc["tiers"][0]["extra_usage"] = "yes";
        QCOMPARE(errorsOf(doc),
                 QString("tiers[0].extra_usage: must be true or false, got \"yes\""));
    }

    void fractionForInteger_reportsWholeNumber() {
        Json doc = minimal();
        doc["pods"][0]["nodes"] = 1.5;
        QCOMPARE(errorsOf(doc), QString("pods[0].nodes: must be a whole number >= 1, got 1.5"));
    }

    void objectForArray_reportsMustBeArray() {
        Json doc = minimal();
        doc["tiers"] = Json::object();
        QCOMPARE(errorsOf(doc), QString("tiers: must be an array, got {}"));
    }

    void numberForObject_reportsMustBeObject() {
        Json doc = minimal();
        doc["pods"][0]["cost"] = 5;
        QCOMPARE(errorsOf(doc), QString("pods[0].cost: must be an object, got 5"));
    }

    void unknownChoice_listsChoices() {
        Json doc = minimal();
        doc["pods"][0]["cost"]["mode"] = "leased";
        QCOMPARE(errorsOf(doc),
                 QString("pods[0].cost.mode: must be one of owned, rented, given, got \"leased\"\n"
                         "pods[0].cost.capex_usd: is required"));
    }

    // --- missing required keys --------------------------------------------------------------

    void missingTierPrice_isRequired() {
        Json doc = minimal();
        doc["tiers"][0].erase("price_usd_month");
        QCOMPARE(errorsOf(doc), QString("tiers[0].price_usd_month: is required"));
    }

    void missingAcceleratorHbm_isRequired() {
        Json doc = minimal();
        doc["accelerators"][0].erase("hbm_gb");
        QCOMPARE(errorsOf(doc), QString("accelerators[0].hbm_gb: is required"));
    }

    void missingModelPrice_isRequired() {
        Json doc = minimal();
        doc["models"][0].erase("price");
        QCOMPARE(errorsOf(doc), QString("models[0].price: is required"));
    }

    void missingPodCost_isRequired() {
        Json doc = minimal();
        doc["pods"][0].erase("cost");
        QCOMPARE(errorsOf(doc), QString("pods[0].cost: is required"));
    }

    void missingServingPod_isRequired() {
        Json doc = minimal();
        doc["models"][0]["serving"].erase("pod");
        QCOMPARE(errorsOf(doc), QString("models[0].serving.pod: is required"));
    }

    void missingId_isRequired() {
        Json doc = minimal();
        doc["tiers"][0].erase("id");
        QCOMPARE(errorsOf(doc), QString("tiers[0].id: is required"));
    }

    void emptyId_mustBeNonEmpty() {
        Json doc = minimal();
        doc["accelerators"][0]["id"] = "";
        const ReadResult r = readScenario(doc);
        QCOMPARE(errorsAt(r.diagnostics, "accelerators[0].id"),
                 QStringList{"must be a non-empty string, got \"\""});
    }

    void givenPodCostWithoutRate_isRequired() {
        Json doc = minimal();
        doc["pods"][0]["cost"].erase("usd_per_hour");
        QCOMPARE(errorsOf(doc), QString("pods[0].cost.usd_per_hour: is required"));
    }

    void givenPodCostZero_mustBePositive() {
        Json doc = minimal();
        doc["pods"][0]["cost"]["usd_per_hour"] = 0;
        QCOMPARE(errorsOf(doc), QString("pods[0].cost.usd_per_hour: must be > 0, got 0"));
    }

    void rentedPodWithoutAnyRent_isRequired() {
        Json doc = minimal();
        doc["pods"][0]["cost"] = {{"mode", "rented"}};
        QCOMPARE(errorsOf(doc), QString("pods[0].cost.rent_usd_per_gpu_hour: is required"));
        doc["accelerators"][0]["rent_usd_per_gpu_hour"] = 3.75;
        QCOMPARE(errorsOf(doc), QString());
    }

    void typicalRequestWithoutTokens_isRejected() {
        Json doc = minimal();
        doc["tiers"][0]["typical_request"] = {
            {"model", "opus"}, {"input_tokens", 0}, {"output_tokens", 0}};
        QCOMPARE(errorsOf(doc), QString("tiers[0].typical_request: must have at least one token"));
    }

    void poolWithBothCredits_isRejected() {
        Json doc = minimal();
        doc["tiers"][0]["pools"] =
            Json::parse(R"([{"channel": "programmatic", "credit_usd": 20, "credit_tokens": 1e6}])");
        QCOMPARE(errorsOf(doc),
                 QString("tiers[0].pools[0]: needs exactly one of credit_usd and credit_tokens"));
    }

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
        const ReadResult r = readScenario(tierlab::test::loadJson(file.toStdString()));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
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
                 QString("tiers[0]: nothing bounds interactive use: add a window, an interactive "
                         "pool, or a block or extra-usage cap on the typical model"));
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

QTEST_GUILESS_MAIN(TestScenarioReader)
#include "tst_scenario_reader.moc"
