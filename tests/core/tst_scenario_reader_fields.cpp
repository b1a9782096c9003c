// SPDX-License-Identifier: MIT
// Reading and validating `tierlab.scenario/1` documents (docs/scenario.md), field by field:
// every invalid value (a wrong type, a number out of range, an unknown reference, a duplicate
// id, a missing key) is an error naming its JSON path and the reason.
#include "readerutil.h"
#include "scenario/reader.h"

#include <QStringList>
#include <QTest>

#include <string>

using namespace tierlab::core;
using namespace tierlab::test::reader;

class TestScenarioReaderFields : public QObject {
    Q_OBJECT

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
};

QTEST_GUILESS_MAIN(TestScenarioReaderFields)
#include "tst_scenario_reader_fields.moc"
