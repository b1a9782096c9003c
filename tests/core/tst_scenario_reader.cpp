// SPDX-License-Identifier: MIT
// Reading and validating `tierlab.scenario/1` documents (docs/scenario.md): every invalid
// value is an error naming its JSON path and the reason; unknown keys are warnings and survive
// a round trip; evaluate() reports what it cannot compute instead of returning NaN or infinity.
#include "curves/curvejson.h"
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "scenario/reader.h"
#include "store/workspace.h"
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

private Q_SLOTS:
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
        QCOMPARE(errorsOf(doc), QString("pods[0].nodes: must be <= 2147483647, got 4.11111e+57"));
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

    // Rental presets (SemiAnalysis InferenceX's GPU-hour rates, docs/scenario.md §4): an H200
    // at neocloud rates is $1.59 an hour (2026-07), $1.22 at a hyperscaler, $1.60 for 3 years.
    void rentedPodPreset_setsTheRate() {
        Json doc = minimal();
        doc["accelerators"][0]["id"] = "h200";
        doc["accelerators"][0].erase("rent_usd_per_gpu_hour");
        doc["pods"][0]["accelerator"] = "h200";
        for (const auto& [preset, rate] : {std::pair{"neocloud", 1.59},
                                           std::pair{"hyperscaler", 1.22},
                                           std::pair{"3-year-rental", 1.60}}) {
            doc["pods"][0]["cost"] = {{"mode", "rented"}, {"preset", preset}};
            const ReadResult r = readScenario(doc);
            QCOMPARE(errors(r.diagnostics), QString());
            QCOMPARE(r.scenario.pods[0].cost.rentUsdPerGpuHour, rate);
        }
        doc["pods"][0]["cost"] = {{"mode", "rented"}, {"preset", "spot"}};
        QCOMPARE(errorsOf(doc), QString("pods[0].cost.preset: no spot rate for accelerator 'h200' "
                                        "(presets hyperscaler, neocloud, 3-year-rental for h100, "
                                        "h200, b200, mi300x)"));
    }

    // usage.cache_write_1h_share reaches every model's price; the 1-hour price defaults to 2x
    // input (Anthropic's list).
    void cacheWrite1hShare_reachesEveryModel() {
        Json doc = minimal();
        doc["usage"] = {{"dataset", "d"}, {"cache_write_1h_share", 0.25}};
        const ReadResult r = readScenario(doc);
        QCOMPARE(errors(r.diagnostics), QString());
        for (const ModelSpec& m : r.scenario.models) {
            QCOMPARE(m.price.cacheWrite1hShare, 0.25);
            QCOMPARE(m.price.cacheWrite1hPerMtokUsd, 2 * m.price.inputPerMtokUsd);
        }
        doc["usage"]["cache_write_1h_share"] = 1.5;
        QCOMPARE(errorsOf(doc), QString("usage.cache_write_1h_share: must be >= 0 and <= 1, got 1.5"));
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

    // --- limits in time (issue #10): limits[], credit_pools[], when_blocked, price_response --

    void limitsFixture_readsEveryField() {
        const ReadResult r =
            readScenario(tierlab::test::loadJson("tests/fixtures/scenarios/limits-pro.json"));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        QCOMPARE(warnings(r.diagnostics), QString());
        const Scenario& s = r.scenario;
        const int haiku = indexOfId(s.models, "haiku");
        const int sonnet = indexOfId(s.models, "sonnet");
        const int opus = indexOfId(s.models, "opus");
        QCOMPARE(s.tiers.size(), std::size_t(2));
        const Tier& pro = s.tiers[0];
        QCOMPARE(pro.limits.size(), std::size_t(3));

        const Limit& session = pro.limits[0];
        QCOMPARE(QString::fromStdString(session.label), QString("session"));
        QCOMPARE(QString::fromStdString(session.path), QString("tiers[0].limits[0]"));
        QVERIFY(session.kind == LimitKind::Session);
        QCOMPARE(session.hours, 5.0);
        QCOMPARE(session.amount, 45.0);
        QVERIFY(session.unit == LimitUnit::Messages);
        QVERIFY(session.scope.models.empty());
        QVERIFY(!session.scope.channel);
        QVERIFY(session.policy == LimitPolicy::Block);
        QVERIFY(session.floorToHour);

        const Limit& weekly = pro.limits[1];
        QCOMPARE(QString::fromStdString(weekly.label), QString("weekly-tokens"));
        QVERIFY(weekly.kind == LimitKind::Weekly);
        QCOMPARE(weekly.hours, 0.0);
        QCOMPARE(weekly.amount, 2e6);
        QVERIFY(weekly.unit == LimitUnit::Tokens);
        QCOMPARE(weekly.weights.input, 1.0);
        QCOMPARE(weekly.weights.output, 1.0);
        QCOMPARE(weekly.weights.cacheRead, 0.1);
        QCOMPARE(weekly.weights.cacheWrite, 1.0);
        QVERIFY(weekly.anchor == PeriodAnchor::Calendar);
        QCOMPARE(weekly.resetWeekday, 0);
        QCOMPARE(weekly.resetHour, 0.0);
        QCOMPARE(QString::fromStdString(weekly.timeZone), QString("America/Los_Angeles"));
        QVERIFY(!weekly.floorToHour);

        const Limit& opusCap = pro.limits[2];
        QCOMPARE(QString::fromStdString(opusCap.path), QString("tiers[0].limits[2]"));
        QVERIFY(opusCap.kind == LimitKind::Weekly);
        QCOMPARE(opusCap.amount, 100.0);
        QCOMPARE(opusCap.scope.models, std::vector<int>{opus});
        QVERIFY(opusCap.policy == LimitPolicy::Fallback);
        QCOMPARE(opusCap.fallbackModel, sonnet);
        QVERIFY(opusCap.anchor == PeriodAnchor::FirstUse);
        QCOMPARE(QString::fromStdString(opusCap.timeZone), QString("UTC"));

        // The legacy pool first, then the tier's own.
        QCOMPARE(pro.creditPools.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(pro.creditPools[0].label), QString("pools[0]"));
        QCOMPARE(pro.creditPools[0].grant, 5.0);
        const CreditPool& pool = pro.creditPools[1];
        QCOMPARE(QString::fromStdString(pool.label), QString("api-credit"));
        QCOMPARE(QString::fromStdString(pool.path), QString("tiers[0].credit_pools[0]"));
        QVERIFY(pool.unit == LimitUnit::ListUsd);
        QCOMPARE(pool.grant, 10.0);
        QVERIFY(pool.period == LimitKind::Monthly);
        QVERIFY(pool.anchor == PeriodAnchor::Calendar);
        QCOMPARE(pool.resetHour, 6.0);
        QCOMPARE(QString::fromStdString(pool.timeZone), QString("Europe/Berlin"));
        QVERIFY(pool.expiresAfterHours);
        QCOMPARE(*pool.expiresAfterHours, 720.0);
        QCOMPARE(pool.rolloverCap, 5.0);
        QCOMPARE(pool.order, 1);
        QCOMPARE(pool.scope.models, (std::vector<int>{haiku, sonnet}));
        QVERIFY(pool.scope.channel == Channel::Programmatic);
        QVERIFY(pool.policy == LimitPolicy::ExtraUsage);

        QCOMPARE(pro.blocked.wait, 0.5);
        QCOMPARE(pro.blocked.abandon, 0.3);
        QCOMPARE(pro.blocked.extraUsage, 0.2);
        QVERIFY(pro.priceResponse);
        QCOMPARE(pro.priceResponse->referencePriceUsd, 20.0);
        QVERIFY(pro.priceResponse->elasticity);
        QCOMPARE(*pro.priceResponse->elasticity, -0.8);
        QVERIFY(pro.priceResponse->bands.empty());

        const Tier& max = s.tiers[1];
        QCOMPARE(max.limits.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(max.limits[0].label), QString("limits[0]"));
        QCOMPARE(QString::fromStdString(max.limits[0].path), QString("tiers[1].limits[0]"));
        QVERIFY(max.limits[0].kind == LimitKind::Sliding);
        QVERIFY(max.limits[0].scope.channel == Channel::Interactive);
        QVERIFY(max.limits[1].kind == LimitKind::Daily);
        QVERIFY(max.limits[1].unit == LimitUnit::ListUsd);
        QVERIFY(max.creditPools.empty());
        // Missing when_blocked: every blocked request is abandoned.
        QCOMPARE(max.blocked.wait, 0.0);
        QCOMPARE(max.blocked.abandon, 1.0);
        QCOMPARE(max.blocked.extraUsage, 0.0);
        QVERIFY(max.priceResponse);
        QVERIFY(!max.priceResponse->elasticity);
        QCOMPARE(max.priceResponse->moveDownTier, 0);
        QCOMPARE(max.priceResponse->bands.size(), std::size_t(3));
        QCOMPARE(max.priceResponse->bands[0].utilizationBelow, 0.2);
        QCOMPARE(max.priceResponse->bands[0].leavePerUsd, 0.002);
        QCOMPARE(max.priceResponse->bands[0].moveDownPerUsd, 0.004);
        QCOMPARE(max.priceResponse->bands[1].utilizationBelow, 0.8);
        QCOMPARE(max.priceResponse->bands[1].moveDownPerUsd, 0.0);
        QVERIFY(std::isinf(max.priceResponse->bands[2].utilizationBelow));
        QCOMPARE(max.priceResponse->bands[2].leavePerUsd, 0.0005);
    }

    void limitsFixture_evaluatesToFiniteResults() {
        const ReadResult r =
            readScenario(tierlab::test::loadJson("tests/fixtures/scenarios/limits-pro.json"));
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(nonFinite(e.results), QStringList());
        QCOMPARE(e.results.tiers.size(), std::size_t(2));
    }

    void legacyKeys_comeBeforeLimits() {
        Json doc = minimal();
        doc["tiers"][0]["model_caps"] = Json::parse(R"([{"model": "opus", "per_month": 300}])");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "daily", "amount": 40}, {"kind": "monthly", "amount": 900}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        QStringList labels;
        for (const Limit& l : r.scenario.tiers[0].limits)
            labels << QString::fromStdString(l.label);
        QCOMPARE(labels, (QStringList{"windows[0]", "model_caps[0]", "limits[0]", "limits[1]"}));
        QCOMPARE(QString::fromStdString(r.scenario.tiers[0].limits[2].path),
                 QString("tiers[0].limits[0]"));
    }

    // "Nothing bounds interactive use" must not fire for a tier bounded by limits[] alone.
    void onlySessionLimit_boundsFullUse() {
        Json doc = minimal();
        doc["tiers"][0].erase("windows");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "session", "hours": 5, "amount": 45}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY2(e.ok(), qPrintable(errors(e.diagnostics)));
        QCOMPARE(e.results.tiers.size(), std::size_t(1));
        TL_COMPARE_REL(e.results.tiers[0].fullUse.interactiveRequests, 45.0 * 730 / 5, 1e-12);
    }

    void onlyOtherModelLimit_nothingBoundsInteractiveUse() {
        Json doc = minimal();
        doc["tiers"][0].erase("windows");
        doc["tiers"][0]["limits"] =
            Json::parse(R"([{"kind": "weekly", "amount": 45, "models": ["haiku"]}])");
        const ReadResult r = readScenario(doc);
        QVERIFY2(r.ok(), qPrintable(errors(r.diagnostics)));
        const EvalOutcome e = evaluate(r.scenario);
        QVERIFY(!e.ok());
        QVERIFY2(errors(e.diagnostics).contains("tiers[0]: nothing bounds interactive use"),
                 qPrintable(errors(e.diagnostics)));
    }

    // Each bad input is an error at its exact JSON path. `patch` is merged into tiers[1] of a
    // two-tier scenario (pro, max).
    void badLimits_reportPathAndReason_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const char* patch, const char* path,
                            const char* message) {
            QTest::newRow(name) << QString(patch) << QString(path) << QString(message);
        };
        row("hours on weekly", R"({"limits": [{"kind": "weekly", "amount": 10, "hours": 5}]})",
            "tiers[1].limits[0].hours", "is only allowed with a sliding or session kind");
        row("session without hours", R"({"limits": [{"kind": "session", "amount": 45}]})",
            "tiers[1].limits[0].hours", "is required");
        row("zero hours", R"({"limits": [{"kind": "sliding", "hours": 0, "amount": 45}]})",
            "tiers[1].limits[0].hours", "must be > 0, got 0");
        row("unknown kind", R"({"limits": [{"kind": "hourly", "amount": 1}]})",
            "tiers[1].limits[0].kind",
            "must be one of sliding, session, daily, weekly, monthly, got \"hourly\"");
        row("missing kind", R"({"limits": [{"amount": 1}]})", "tiers[1].limits[0].kind",
            "is required");
        row("missing amount", R"({"limits": [{"kind": "daily"}]})", "tiers[1].limits[0].amount",
            "is required");
        row("negative amount", R"({"limits": [{"kind": "daily", "amount": -1}]})",
            "tiers[1].limits[0].amount", "must be >= 0, got -1");
        row("unknown unit", R"({"limits": [{"kind": "daily", "amount": 1, "unit": "usd"}]})",
            "tiers[1].limits[0].unit", "must be one of messages, tokens, list_usd, compute");
        row("unknown model in models[1]",
            R"({"limits": [{"kind": "monthly", "amount": 1, "models": ["opus", "gpt"]}]})",
            "tiers[1].limits[0].models[1]", "unknown model 'gpt' (models: opus, haiku)");
        row("fallback model in models",
            R"({"limits": [{"kind": "weekly", "amount": 1, "models": ["opus", "haiku"],
                 "when_exceeded": "fallback", "fallback_model": "haiku"}]})",
            "tiers[1].limits[0].fallback_model", "must not be one of the limit's models");
        row("fallback without fallback_model",
            R"({"limits": [{"kind": "weekly", "amount": 1, "models": ["opus"],
                 "when_exceeded": "fallback"}]})",
            "tiers[1].limits[0].fallback_model", "is required");
        row("fallback_model without fallback",
            R"({"limits": [{"kind": "weekly", "amount": 1, "fallback_model": "haiku"}]})",
            "tiers[1].limits[0].fallback_model", "is only allowed with when_exceeded fallback");
        row("unknown channel", R"({"limits": [{"kind": "weekly", "amount": 1, "channel": "api"}]})",
            "tiers[1].limits[0].channel", "must be one of interactive, programmatic, both");
        row("token_weights with messages",
            R"({"limits": [{"kind": "weekly", "amount": 1, "token_weights": {"input": 1}}]})",
            "tiers[1].limits[0].token_weights", "is only allowed with unit tokens");
        row("negative token weight",
            R"({"limits": [{"kind": "weekly", "amount": 1, "unit": "tokens",
                 "token_weights": {"cache_read": -0.1}}]})",
            "tiers[1].limits[0].token_weights.cache_read", "must be >= 0, got -0.1");
        row("unknown time zone",
            R"({"limits": [{"kind": "weekly", "amount": 1,
                 "reset": {"time_zone": "Mars/Olympus_Mons"}}]})",
            "tiers[1].limits[0].reset.time_zone",
            "unknown time zone 'Mars/Olympus_Mons' (an IANA name such as America/Los_Angeles)");
        row("reset hour 24",
            R"({"limits": [{"kind": "daily", "amount": 1, "reset": {"hour": 24}}]})",
            "tiers[1].limits[0].reset.hour", "must be >= 0 and < 24, got 24");
        row("unknown weekday",
            R"({"limits": [{"kind": "weekly", "amount": 1, "reset": {"weekday": "funday"}}]})",
            "tiers[1].limits[0].reset.weekday", "must be one of monday, tuesday");
        row("weekday on daily",
            R"({"limits": [{"kind": "daily", "amount": 1, "reset": {"weekday": "friday"}}]})",
            "tiers[1].limits[0].reset.weekday", "is only allowed with a weekly period");
        row("reset with first_use",
            R"({"limits": [{"kind": "daily", "amount": 1, "anchor": "first_use",
                 "reset": {"hour": 3}}]})",
            "tiers[1].limits[0].reset", "is only allowed with anchor calendar");
        row("anchor on sliding",
            R"({"limits": [{"kind": "sliding", "hours": 5, "amount": 1, "anchor": "calendar"}]})",
            "tiers[1].limits[0].anchor", "is only allowed with a daily, weekly or monthly kind");
        row("floor_to_hour on sliding",
            R"({"limits": [{"kind": "sliding", "hours": 5, "amount": 1,
                 "floor_to_hour": true}]})",
            "tiers[1].limits[0].floor_to_hour", "is only allowed with a session kind");
        row("duplicate limit id",
            R"({"limits": [{"id": "a", "kind": "daily", "amount": 1},
                           {"id": "a", "kind": "weekly", "amount": 5}]})",
            "tiers[1].limits[1].id", "duplicate id 'a' (also tiers[1].limits[0])");
        row("duplicate id of a bad limit",
            R"({"limits": [{"id": "a", "kind": "weekly", "amount": -1},
                           {"id": "a", "kind": "weekly", "amount": 5}]})",
            "tiers[1].limits[1].id", "duplicate id 'a' (also tiers[1].limits[0])");
        row("limits not an array", R"({"limits": {"kind": "daily"}})", "tiers[1].limits",
            "must be an array");
        row("pool without grant", R"({"credit_pools": [{"id": "p"}]})",
            "tiers[1].credit_pools[0].grant", "is required");
        row("pool unit messages", R"({"credit_pools": [{"grant": 1, "unit": "messages"}]})",
            "tiers[1].credit_pools[0].unit", "must be one of list_usd, tokens, compute");
        row("pool period sliding", R"({"credit_pools": [{"grant": 1, "period": "sliding"}]})",
            "tiers[1].credit_pools[0].period", "must be one of daily, weekly, monthly");
        row("pool token_weights with list_usd",
            R"({"credit_pools": [{"grant": 1, "token_weights": {"output": 2}}]})",
            "tiers[1].credit_pools[0].token_weights", "is only allowed with unit tokens");
        row("pool expiry zero", R"({"credit_pools": [{"grant": 1, "expires_after_hours": 0}]})",
            "tiers[1].credit_pools[0].expires_after_hours", "must be > 0, got 0");
        row("pool fractional order", R"({"credit_pools": [{"grant": 1, "order": 1.5}]})",
            "tiers[1].credit_pools[0].order", "a whole number");
        row("pool fallback", R"({"credit_pools": [{"grant": 1, "when_exceeded": "fallback"}]})",
            "tiers[1].credit_pools[0].when_exceeded", "must be one of block, extra_usage");
        row("pool unknown time zone",
            R"({"credit_pools": [{"grant": 1, "reset": {"time_zone": "Nowhere"}}]})",
            "tiers[1].credit_pools[0].reset.time_zone", "unknown time zone 'Nowhere'");
        row("duplicate pool id",
            R"({"credit_pools": [{"id": "p", "grant": 1}, {"id": "p", "grant": 2}]})",
            "tiers[1].credit_pools[1].id", "duplicate id 'p' (also tiers[1].credit_pools[0])");
        row("blocked shares 0.9", R"({"when_blocked": {"wait": 0.5, "abandon": 0.4}})",
            "tiers[1].when_blocked", "shares must sum to 1 (within 1e-9), got 0.9");
        row("blocked share above 1", R"({"when_blocked": {"wait": 1.5}})",
            "tiers[1].when_blocked.wait", "must be >= 0 and <= 1, got 1.5");
        row("elasticity and bands",
            R"({"price_response": {"reference_price_usd": 100, "elasticity": -1,
                 "bands": [{"leave_per_usd": 0.01}]}})",
            "tiers[1].price_response", "needs exactly one of elasticity and bands");
        row("neither elasticity nor bands", R"({"price_response": {"reference_price_usd": 100}})",
            "tiers[1].price_response", "needs exactly one of elasticity and bands");
        row("positive elasticity",
            R"({"price_response": {"reference_price_usd": 100, "elasticity": 0.5}})",
            "tiers[1].price_response.elasticity", "must be <= 0, got 0.5");
        row("reference price zero",
            R"({"price_response": {"reference_price_usd": 0, "elasticity": -1}})",
            "tiers[1].price_response.reference_price_usd", "must be > 0, got 0");
        row("elasticity at a free price",
            R"({"price_usd_month": 0,
                "price_response": {"reference_price_usd": 100, "elasticity": -1}})",
            "tiers[1].price_response.elasticity",
            "needs a price above 0: (price / reference)^elasticity is infinite at $0");
        row("move_down_to unknown tier",
            R"({"price_response": {"reference_price_usd": 100, "move_down_to": "basic",
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to", "unknown tier 'basic' (tiers: pro, max)");
        row("move_down_to itself",
            R"({"price_response": {"reference_price_usd": 100, "move_down_to": "max",
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to", "must be another tier");
        row("move down without move_down_to",
            R"({"price_response": {"reference_price_usd": 100,
                 "bands": [{"move_down_per_usd": 0.01}]}})",
            "tiers[1].price_response.move_down_to",
            "is required when a band has move_down_per_usd > 0");
        row("bands not increasing",
            R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"utilization_below": 0.5}, {"utilization_below": 0.5}]}})",
            "tiers[1].price_response.bands[1].utilization_below",
            "must be above the previous band's (0.5), got 0.5");
        row("open band not last",
            R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"leave_per_usd": 0.01}, {"utilization_below": 0.5}]}})",
            "tiers[1].price_response.bands[0].utilization_below",
            "is required (only the last band may leave it out)");
        row("negative leave", R"({"price_response": {"reference_price_usd": 100, "bands": [
                 {"leave_per_usd": -0.01}]}})",
            "tiers[1].price_response.bands[0].leave_per_usd", "must be >= 0");
    }

    void badLimits_reportPathAndReason() {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        Json doc = minimal();
        Json max = doc["tiers"][0];
        max["id"] = "max";
        max["price_usd_month"] = 100;
        max.update(Json::parse(patch.toStdString()));
        doc["tiers"].push_back(max);
        const ReadResult r = readScenario(doc);
        QVERIFY(!r.ok());
        const QStringList at = errorsAt(r.diagnostics, path.toStdString());
        QVERIFY2(std::any_of(at.begin(), at.end(),
                             [&](const QString& m) { return m.contains(message); }),
                 qPrintable("expected at " + path + ": " + message + "\ngot:\n" +
                            errors(r.diagnostics)));
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

QTEST_GUILESS_MAIN(TestScenarioReader)
#include "tst_scenario_reader.moc"
