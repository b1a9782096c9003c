// SPDX-License-Identifier: MIT
// A stored data set read back as a scenario's usage (loadDatasetUsage): its totals, the
// tier and model maps, the default tier and the scaling to a month.
//
// The imported totals come from tests/fixtures/usage/totals.py, which re-implements each
// format's documented rules independently of TierLab (tst_importformats_files.cpp).
#include "importutil.h"
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "usage/importer.h"

#include <QTest>

#include <string>

using namespace tierlab::core;
using namespace tierlab::test::imports;

namespace {

// The scenario of the loadDatasetUsage tests: one pod at a given cost, haiku/sonnet/opus with
// measured throughput, and gen_usage.py's tiers (free, pro, max5x, max20x), in that order.
Json scenarioDoc() {
    return Json::parse(R"({
      "schema": "tierlab.scenario/1",
      "name": "Data set usage",
      "hours_per_month": 730,
      "accelerators": [{"id": "h200", "hbm_gb": 141, "hbm_tbs": 4.8, "bf16_tflops": 989}],
      "pods": [{"id": "pod", "accelerator": "h200", "nodes": 1, "gpus_per_node": 8,
                "cost": {"mode": "given", "usd_per_hour": 30}, "utilization": 0.7}],
      "models": [
        {"id": "haiku", "price": {"input_per_mtok": 0.25, "output_per_mtok": 1.25},
         "serving": {"pod": "pod", "prefill_tokens_per_s": 200000, "decode_tokens_per_s": 4000}},
        {"id": "sonnet", "price": {"input_per_mtok": 3, "output_per_mtok": 15},
         "serving": {"pod": "pod", "prefill_tokens_per_s": 60000, "decode_tokens_per_s": 900}},
        {"id": "opus", "price": {"input_per_mtok": 15, "output_per_mtok": 75},
         "serving": {"pod": "pod", "prefill_tokens_per_s": 20000, "decode_tokens_per_s": 200}}
      ],
      "tiers": [
        {"id": "free", "price_usd_month": 0, "typical_request": {"model": "haiku"}},
        {"id": "pro", "price_usd_month": 20, "typical_request": {"model": "sonnet"}},
        {"id": "max5x", "price_usd_month": 100, "typical_request": {"model": "sonnet"}},
        {"id": "max20x", "price_usd_month": 200, "typical_request": {"model": "sonnet"}}
      ]
    })");
}

// Every error as "path: message", one a line.
QString errorsOf(const Diagnostics& d) {
    QStringList lines;
    for (const Diagnostic& x : d)
        if (x.isError())
            lines << QString::fromStdString(formatDiagnostic(x));
    return lines.join('\n');
}

// Reads `doc` with `usage` and loads the data set it names; scenario errors come back in
// `diagnostics` too.
UsageData loadUsage(Workspace& ws, const Json& usage, Diagnostics& diagnostics,
                    Json doc = scenarioDoc()) {
    doc["usage"] = usage;
    ReadResult read = readScenario(doc);
    diagnostics = read.diagnostics;
    if (!read.ok())
        return {};
    return loadDatasetUsage(ws, read.scenario, diagnostics);
}

struct UsageSums {
    double requests = 0;
    TokenCounts tokens;
};

UsageSums sums(const UsageData& u) {
    UsageSums s;
    for (const Subscriber& sub : u.subscribers)
        for (const UsageLine& l : sub.lines) {
            s.requests += l.requests;
            s.tokens += l.tokens;
        }
    return s;
}

int subscribersOnTier(const UsageData& u, int tier) {
    int n = 0;
    for (const Subscriber& s : u.subscribers)
        n += s.tier == tier ? 1 : 0;
    return n;
}

} // namespace

class TestImportFormatsDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // loadDatasetUsage: the stored data set as a month of a scenario's usage.

    void datasetUsage_matchesImportTotals() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Diagnostics d;
        const UsageData u = loadUsage(*t.ws, {{"dataset", "canonical"}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: canonical.csv, and its per-tier lines (free 4, pro 5, max5x 1).
        QCOMPARE(u.subscribers.size(), 10u);
        QCOMPARE(subscribersOnTier(u, 0), 4);
        QCOMPARE(subscribersOnTier(u, 1), 5);
        QCOMPARE(subscribersOnTier(u, 2), 1);
        QCOMPARE(subscribersOnTier(u, 3), 0);
        const UsageSums s = sums(u);
        QCOMPARE(s.requests, 500.0);
        QCOMPARE(s.tokens.input, 2268832.0);
        QCOMPARE(s.tokens.output, 310289.0);
        QCOMPARE(s.tokens.cacheRead, 194943.0);
        QCOMPARE(s.tokens.cacheWrite, 9766.0);
        const DatasetSummary stored = *t.ws->dataset("canonical");
        QCOMPARE(qint64(u.subscribers.size()), stored.subscribers);
        QCOMPARE(s.requests, double(stored.requests));
    }

    void tierMap_nullDropsSubscribersAndRenames() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Diagnostics d;
        const UsageData u = loadUsage(
            *t.ws,
            {{"dataset", "canonical"}, {"tier_map", {{"free", nullptr}, {"max5x", "max20x"}}}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: canonical.csv minus its "tier free" line (4 subscribers, 41 requests,
        // 284552 input tokens); max5x's one subscriber moves to max20x.
        QCOMPARE(u.subscribers.size(), 6u);
        QCOMPARE(subscribersOnTier(u, 0), 0);
        QCOMPARE(subscribersOnTier(u, 2), 0);
        QCOMPARE(subscribersOnTier(u, 3), 1);
        const UsageSums s = sums(u);
        QCOMPARE(s.requests, 500.0 - 41);
        QCOMPARE(s.tokens.input, 2268832.0 - 284552);
    }

    void modelMap_nullDropsRequests() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Diagnostics d;
        const UsageData u =
            loadUsage(*t.ws, {{"dataset", "canonical"}, {"model_map", {{"opus", nullptr}}}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: canonical.csv minus its "model opus" line (89 requests, 373132 input).
        QCOMPARE(u.subscribers.size(), 10u);
        const UsageSums s = sums(u);
        QCOMPARE(s.requests, 500.0 - 89);
        QCOMPARE(s.tokens.input, 2268832.0 - 373132);
    }

    void unmappedTier_isErrorNamingIt() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Json doc = scenarioDoc();
        doc["tiers"].erase(2); // max5x
        Diagnostics d;
        loadUsage(*t.ws, {{"dataset", "canonical"}}, d, doc);
        QCOMPARE(errorsOf(d), QString("usage.tier_map: data set tiers 'max5x' are not scenario "
                                      "tiers: map them (to a tier id, or null to leave them "
                                      "out)"));
    }

    void unmappedModel_isErrorNamingIt() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Json doc = scenarioDoc();
        doc["models"].erase(2); // opus
        Diagnostics d;
        loadUsage(*t.ws, {{"dataset", "canonical"}}, d, doc);
        QCOMPARE(errorsOf(d), QString("usage.model_map: data set models 'opus' are not "
                                      "scenario models: map them (to a model id, or null to "
                                      "leave them out)"));
    }

    void unknownDataset_isErrorListingThem() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical_small.csv").ok);
        Diagnostics d;
        loadUsage(*t.ws, {{"dataset", "nope"}}, d);
        QCOMPARE(errorsOf(d), QString::fromStdString("usage.dataset: no data set 'nope' in " +
                                                     t.path + " (data sets: canonical_small)"));
    }

    void defaultTier_givesTierlessSubscribersATier() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "generic_mapped.csv", {},
                           "user_id=customer,input_tokens=prompt,output_tokens=completion,"
                           "timestamp=ts")
                    .ok);
        const Json map = {{"(trace)", "sonnet"}};
        Diagnostics d;
        loadUsage(*t.ws, {{"dataset", "generic_mapped"}, {"model_map", map}}, d);
        QCOMPARE(errorsOf(d), QString("usage.default_tier: the data set has subscribers without "
                                      "a tier: name the tier they are on"));
        d.clear();
        loadUsage(*t.ws, {{"dataset", "generic_mapped"}, {"default_tier", "pro"}}, d);
        QCOMPARE(errorsOf(d), QString("usage.model_map: data set models '(trace)' are not "
                                      "scenario models: map them (to a model id, or null to "
                                      "leave them out)"));
        d.clear();
        const UsageData u = loadUsage(
            *t.ws, {{"dataset", "generic_mapped"}, {"model_map", map}, {"default_tier", "pro"}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: generic_mapped.csv (3 subscribers, 6 requests, 17450 / 2858 tokens).
        QCOMPARE(u.subscribers.size(), 3u);
        QCOMPARE(subscribersOnTier(u, 1), 3);
        const UsageSums s = sums(u);
        QCOMPARE(s.requests, 6.0);
        QCOMPARE(s.tokens.input, 17450.0);
        QCOMPARE(s.tokens.output, 2858.0);
        for (const Subscriber& sub : u.subscribers)
            for (const UsageLine& l : sub.lines)
                QCOMPARE(l.model, 1); // sonnet
    }

    void scaleToMonth_multipliesByHoursPerMonthOverSpan() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical.csv").ok);
        Diagnostics d;
        const UsageData u =
            loadUsage(*t.ws, {{"dataset", "canonical"}, {"scale_to_month", true}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: canonical.csv spans first_us 1790839177000000 to last_us
        // 1793400920000000, 2,561,743 s; the scenario's month is 730 hours.
        const double scale = 730.0 / (2561743.0 / 3600.0);
        const UsageSums s = sums(u);
        TL_COMPARE_REL(s.requests, 500 * scale, 1e-12);
        TL_COMPARE_REL(s.tokens.input, 2268832 * scale, 1e-12);
        TL_COMPARE_REL(s.tokens.cacheWrite, 9766 * scale, 1e-12);
        QCOMPARE(u.subscribers.size(), 10u);
        QVERIFY2(QString::fromStdString(u.description).contains("to a month"),
                 u.description.c_str());
    }

    void scaleToMonth_dailyDataSpansWholeDays() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "tierlab_daily.csv").ok);
        Diagnostics d;
        const UsageData u =
            loadUsage(*t.ws, {{"dataset", "tierlab_daily"}, {"scale_to_month", true}}, d);
        QCOMPARE(errorsOf(d), QString());
        // totals.py: tierlab_daily.csv has 688 requests on 2026-10-01 to 10-03: 3 days, 72 h.
        const UsageSums s = sums(u);
        TL_COMPARE_REL(s.requests, 688 * 730.0 / 72, 1e-12);
        TL_COMPARE_REL(s.tokens.output, 432420 * 730.0 / 72, 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestImportFormatsDataset)
#include "tst_importformats_dataset.moc"
