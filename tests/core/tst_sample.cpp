// SPDX-License-Identifier: MIT
// A sample of subscribers (usage.sample): the bucket is the SQL export's
// (docs/aggregate-at-scale.md section 8.2), the sampled data set is weighted, and the full
// population's figures fall within the sample's bootstrap intervals.
#include "eval/bootstrap.h"
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "model/samplebucket.h"
#include "scenario/reader.h"
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "testutil.h"
#include "usage/importer.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

using namespace tierlab;
using core::Json;

namespace {

// A bursty population in the canonical per-request format: 3,000 subscribers (a tenth on
// Max), each with a lognormal number of sessions (median 4) of 1 to 30 requests a minute
// apart over October 2026; a fifth of requests on Opus, the rest on Sonnet.
void writePopulation(const std::string& path) {
    std::ofstream out(path);
    out << "timestamp,user_id,tier,model,channel,input_tokens,output_tokens,cache_read_tokens,"
           "cache_write_tokens\n";
    std::mt19937_64 rng(11);
    std::lognormal_distribution<double> sessions(std::log(4.0), 1.2);
    std::uniform_int_distribution<int> length(1, 30), start(0, 30 * 86400 - 3600);
    std::uniform_int_distribution<int> input(500, 8000), output(100, 1500);
    std::uniform_real_distribution<double> u(0, 1);
    for (int s = 0; s < 3000; ++s) {
        const char* tier = s % 10 == 0 ? "max" : "pro";
        const int n = std::min(60, 1 + static_cast<int>(sessions(rng)));
        for (int k = 0; k < n; ++k) {
            int t = start(rng);
            const int len = length(rng);
            for (int r = 0; r < len && t < 30 * 86400; ++r, t += 60) {
                const int day = 1 + t / 86400, sec = t % 86400;
                char line[200];
                std::snprintf(line, sizeof line,
                              "2026-10-%02dT%02d:%02d:%02dZ,u%06d,%s,%s,interactive,%d,%d,0,0\n",
                              day, sec / 3600, sec / 60 % 60, sec % 60, s, tier,
                              u(rng) < 0.2 ? "opus" : "sonnet", input(rng), output(rng));
                out << line;
            }
        }
    }
}

} // namespace

class TestSample : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<core::Workspace> m_ws;
    std::string path(const char* name) { return m_dir.filePath(name).toStdString(); }

    // limits-pro.json on the imported data set, with `sample` when given.
    core::EvalOutcome evaluate(const Json& sample) {
        Json doc = test::loadJson("tests/fixtures/scenarios/limits-pro.json");
        doc["usage"] = {{"dataset", "pop"}};
        if (!sample.is_null())
            doc["usage"]["sample"] = sample;
        const core::ReadResult read = core::readScenario(doc);
        for (const core::Diagnostic& d : read.diagnostics)
            if (d.isError())
                qFatal("read: %s", core::formatDiagnostic(d).c_str());
        core::Diagnostics diagnostics;
        const core::UsageData usage = core::loadDatasetUsage(*m_ws, read.scenario, diagnostics);
        if (core::hasErrors(diagnostics))
            qFatal("load: %s", core::formatDiagnostic(diagnostics.front()).c_str());
        core::EvalOutcome e = core::evaluate(read.scenario, &usage);
        if (!e.ok())
            qFatal("evaluate: %s", core::formatDiagnostic(e.diagnostics.front()).c_str());
        return e;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writePopulation(path("pop.csv"));
        m_ws = core::Workspace::create(path("pop.tierlab"));
        core::ImportOptions o;
        o.path = path("pop.csv");
        o.name = "pop";
        const core::ImportResult r = core::importUsage(*m_ws, o);
        QVERIFY2(r.ok, r.error.c_str());
    }

    // The three examples of aggregate-at-scale.md section 8.2, computed there in sqlite3,
    // DuckDB and Python.
    void bucket_matchesTheSqlExport() {
        QCOMPARE(core::sampleBucket("u000123"), 4855);
        QCOMPARE(core::sampleBucket("a"), 5213);
        QCOMPARE(core::sampleBucket("Zo\xc3\xab-7"), 7373); // ë as U+00EB in UTF-8
        // A byte outside UTF-8 counts as its value: 0xFF alone is U+00FF, as "\xc3\xbf" is.
        QCOMPARE(core::sampleBucket("\xff"), core::sampleBucket("\xc3\xbf"));
        // e + U+0308 is two code points, so not the bucket of U+00EB.
        QVERIFY(core::sampleBucket("Zoe\xcc\x88-7") != 7373);
    }

    // At 5 %, 20,000 ids sample a share within 3 standard errors of the rate.
    void bucket_sharesTheRate() {
        int in = 0;
        for (int i = 0; i < 20000; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "u%06d", i);
            in += core::inSample(id, 500) ? 1 : 0;
        }
        const double share = in / 20000.0, se = std::sqrt(0.05 * 0.95 / 20000);
        QVERIFY2(std::abs(share - 0.05) < 3 * se, qPrintable(QString::number(share)));
    }

    // At 10,000 per 10,000 everyone is sampled with weight 1: the figures are the full ones.
    void sampleOfEveryone_isThePopulation() {
        const core::EvalOutcome full = evaluate(nullptr);
        const core::EvalOutcome all = evaluate({{"rate_per_10000", 10000}, {"resamples", 50}});
        QVERIFY(!full.results.sample);
        QVERIFY(all.results.sample);
        QCOMPARE(all.results.sample->sampled, 3000.0);
        QCOMPARE(all.results.sample->population, 3000.0);
        for (std::size_t t = 0; t < full.results.tiers.size(); ++t) {
            const core::PopulationFigures& a = *full.results.tiers[t].population;
            const core::PopulationFigures& b = *all.results.tiers[t].population;
            QCOMPARE(b.subscribers, a.subscribers);
            QCOMPARE(b.marginUsd, a.marginUsd);
            QCOMPARE(b.utilizationP90, a.utilizationP90);
            QCOMPARE(b.limits.front().hitShare, a.limits.front().hitShare);
        }
    }

    // A 20 % sample (weights 5): every figure of the full population is inside the sample's
    // 99 % interval, and the intervals are not degenerate. Deterministic: the same seed gives
    // the same intervals.
    void sampledFigures_holdTheFullOnesInTheirIntervals() {
        const core::EvalOutcome full = evaluate(nullptr);
        const Json spec = {{"rate_per_10000", 2000}, {"resamples", 400}, {"seed", 3}};
        const core::EvalOutcome smp = evaluate(spec);
        QVERIFY(smp.results.sample);
        const double sampled = smp.results.sample->sampled;
        QVERIFY2(std::abs(sampled / 3000 - 0.2) < 3 * std::sqrt(0.2 * 0.8 / 3000),
                 qPrintable(QString::number(sampled)));
        int checked = 0;
        for (std::size_t t = 0; t < full.results.tiers.size(); ++t) {
            const core::PopulationFigures& f = *full.results.tiers[t].population;
            const core::PopulationFigures& s = *smp.results.tiers[t].population;
            QCOMPARE(s.subscribers, 5.0 * std::round(s.subscribers / 5.0)); // weight 5 each
            const auto truth = core::intervalFigures(f);
            QCOMPARE(s.intervals.size(), truth.size());
            for (std::size_t k = 0; k < truth.size(); ++k) {
                const core::FigureInterval& i = s.intervals[k];
                QCOMPARE(i.figure, truth[k].first);
                QVERIFY2(i.low <= truth[k].second + 1e-9 && truth[k].second <= i.high + 1e-9,
                         qPrintable(QString("%1 %2: full %3 outside [%4, %5]")
                                        .arg(full.results.tiers[t].id.c_str(), i.figure.c_str())
                                        .arg(truth[k].second)
                                        .arg(i.low)
                                        .arg(i.high)));
                ++checked;
            }
            // The count's interval is the Poisson bootstrap's: n sampled subscribers of
            // weight 5 give a total whose standard deviation is 5 sqrt(n), so the 99 %
            // interval is about 2 x 2.576 x 5 sqrt(n) wide (within a quarter, for 400
            // resamples).
            const double n = s.subscribers / 5, width = s.intervals[0].high - s.intervals[0].low;
            QCOMPARE(s.intervals[0].figure, std::string("subscribers"));
            QVERIFY2(std::abs(width / (2 * 2.576 * 5 * std::sqrt(n)) - 1) < 0.25,
                     qPrintable(QString("width %1 for n %2").arg(width).arg(n)));
            const auto& margin = s.intervals[4];
            QCOMPARE(margin.figure, std::string("margin_usd"));
            QVERIFY(margin.low < s.marginUsd && s.marginUsd < margin.high);
        }
        QVERIFY(checked > 20);
        const auto totals = core::intervalFigures(*full.results.totals);
        for (std::size_t k = 0; k < totals.size(); ++k)
            QVERIFY2(smp.results.totals->intervals[k].low <= totals[k].second + 1e-9 &&
                         totals[k].second <= smp.results.totals->intervals[k].high + 1e-9,
                     totals[k].first.c_str());
        const core::EvalOutcome again = evaluate(spec);
        QCOMPARE(again.results.totals->intervals[4].low, smp.results.totals->intervals[4].low);
        QCOMPARE(again.results.totals->intervals[4].high, smp.results.totals->intervals[4].high);
    }

    // The app's replay cache: a price edit keeps every tier's key and reuses the replays,
    // with the same results as a fresh evaluation at the new price; a limit edit changes only
    // its own tier's key; an edit of limit amounts alone keeps the outcomes no limit bound
    // (their windows' peaks fit the new amounts) and replays the rest, with the results of a
    // fresh evaluation.
    void replayCache_reusedAcrossAPriceEdit() {
        Json doc = test::loadJson("tests/fixtures/scenarios/limits-pro.json");
        doc["usage"] = {{"dataset", "pop"}};
        const auto fresh = [&](const Json& d) {
            const core::ReadResult read = core::readScenario(d);
            core::Diagnostics diagnostics;
            const core::UsageData u = core::loadDatasetUsage(*m_ws, read.scenario, diagnostics);
            return core::resultsToJson(core::evaluate(read.scenario, &u).results);
        };
        const core::ReadResult read = core::readScenario(doc);
        core::Diagnostics diagnostics;
        const core::UsageData usage = core::loadDatasetUsage(*m_ws, read.scenario, diagnostics);
        core::ReplayCache cache;
        const core::ReplayKeys keys = core::replayKeys(doc);
        QCOMPARE(keys.exact.size(), std::size_t(2));
        QCOMPARE(keys.shape.size(), std::size_t(2));
        const Json first =
            core::resultsToJson(core::evaluate(read.scenario, usage, cache, keys).results);
        QVERIFY(cache.keys == keys.exact);
        QVERIFY(cache.shapes == keys.shape);
        QCOMPARE(cache.tiers.size(), std::size_t(2));
        QVERIFY(first == fresh(doc));

        Json priced = doc;
        priced["tiers"][0]["price_usd_month"] = 27;
        QVERIFY(core::replayKeys(priced).exact == keys.exact);
        const core::ReadResult pr = core::readScenario(priced);
        const Json reused =
            core::resultsToJson(core::evaluate(pr.scenario, usage, cache, keys).results);
        QVERIFY(reused == fresh(priced));
        // Poison kept outcomes' costs by $1,000 each: a reuse must show it.
        const auto poisonIn = [](core::ReplayCache& c, std::size_t t, bool all) {
            auto outcomes = *c.tiers[t];
            for (std::size_t i = 0; i < (all ? outcomes.size() : 1); ++i)
                outcomes[i].out.costUsd += 1000;
            c.tiers[t] =
                std::make_shared<const std::vector<core::ReplayOutcome>>(std::move(outcomes));
        };
        const auto poison = [&](std::size_t t, bool all) { poisonIn(cache, t, all); };
        // Pro's price response (elasticity -0.8 against $20) weighs each subscriber
        // (27/20)^-0.8: so the poisoned one too.
        const double weight = std::pow(27.0 / 20, -0.8);
        const auto clean = cache.tiers[0];
        poison(0, false);
        const Json poisoned =
            core::resultsToJson(core::evaluate(pr.scenario, usage, cache, keys).results);
        QCOMPARE(poisoned["tiers"][0]["population"]["cost_usd"].get<double>(),
                 reused["tiers"][0]["population"]["cost_usd"].get<double>() + 1000 * weight);
        cache.tiers[0] = clean;

        // An edit of Pro's session amount (45 to 30): same shape, another exact key; Max's
        // key is unchanged. The results are a fresh evaluation's, to the last figure.
        Json limited = priced;
        limited["tiers"][0]["limits"][0]["amount"] = 30;
        const core::ReplayKeys edited = core::replayKeys(limited);
        QVERIFY(edited.exact[0] != keys.exact[0]);
        QCOMPARE(edited.shape[0], keys.shape[0]);
        QCOMPARE(edited.exact[1], keys.exact[1]);
        const core::ReadResult lr = core::readScenario(limited);
        QVERIFY(core::resultsToJson(core::evaluate(lr.scenario, usage, cache, edited).results) ==
                fresh(limited));

        // Then 30 to 60 with every kept Pro outcome poisoned: exactly those no limit bound
        // at 30 and whose peaks fit 60 (the weekly caps' amounts unchanged) keep their poison;
        // the others are replayed clean. Max, unchanged, keeps its poison.
        Json raised = limited;
        raised["tiers"][0]["limits"][0]["amount"] = 60;
        const std::vector<double> amounts{60, 2000000, 100};
        std::size_t keepable = 0;
        for (const core::ReplayOutcome& o : *cache.tiers[0]) {
            const bool kept = core::limitsBindNot(o, amounts);
            keepable += kept ? 1 : 0;
            QVERIFY(!kept || !o.limits[0].hit); // the session, whose amount changed
        }
        const std::size_t pro = cache.tiers[0]->size();
        QVERIFY2(keepable > pro / 2 && keepable < pro,
                 (std::to_string(keepable) + " of " + std::to_string(pro)).c_str());
        poison(0, true);
        poison(1, false);
        const core::ReadResult rr = core::readScenario(raised);
        const Json after = core::resultsToJson(
            core::evaluate(rr.scenario, usage, cache, core::replayKeys(raised)).results);
        const Json expected = fresh(raised);
        QCOMPARE(after["tiers"][0]["population"]["cost_usd"].get<double>(),
                 expected["tiers"][0]["population"]["cost_usd"].get<double>() +
                     1000 * weight * double(keepable));
        QCOMPARE(after["tiers"][1]["population"]["cost_usd"].get<double>(),
                 expected["tiers"][1]["population"]["cost_usd"].get<double>() + 1000);
        QVERIFY(after["tiers"][0]["population"]["limits"] ==
                expected["tiers"][0]["population"]["limits"]);

        // Then the weekly Opus cap 100 to 90 with the session left at 30: the subscribers the
        // session refused are kept too, when the Opus cap refused none of their requests and
        // the most it was asked to hold fits 90 (an unchanged limit answers every ask as
        // before). Poisoned, exactly those keep their poison.
        limited["tiers"][0]["limits"][2]["amount"] = 90;
        core::ReplayCache at30; // clean outcomes at 30, from a fresh cache
        (void)core::evaluate(lr.scenario, usage, at30, edited);
        const std::vector<double> opusAmounts{30, 2000000, 90};
        std::size_t kept90 = 0, keptThoughRefused = 0;
        for (const core::ReplayOutcome& o : *at30.tiers[0]) {
            const bool kept = core::limitsBindNot(o, opusAmounts);
            kept90 += kept ? 1 : 0;
            keptThoughRefused += kept && o.limits[0].hit ? 1 : 0;
            QVERIFY(!kept || !o.limits[2].hit);
        }
        QVERIFY2(keptThoughRefused > 0, std::to_string(keptThoughRefused).c_str());
        poisonIn(at30, 0, true);
        const core::ReadResult or90 = core::readScenario(limited);
        const Json opusAfter = core::resultsToJson(
            core::evaluate(or90.scenario, usage, at30, core::replayKeys(limited)).results);
        const Json opusExpected = fresh(limited);
        QCOMPARE(opusAfter["tiers"][0]["population"]["cost_usd"].get<double>(),
                 opusExpected["tiers"][0]["population"]["cost_usd"].get<double>() +
                     1000 * weight * double(kept90));
        QVERIFY(opusAfter["tiers"][0]["population"]["limits"] ==
                opusExpected["tiers"][0]["population"]["limits"]);
    }

    // A sample needs a data set.
    void sampleWithoutDataset_isAnError() {
        Json doc = test::loadJson("tests/fixtures/scenarios/limits-pro.json");
        doc["usage"] = {{"synthetic", {{"seed", 1}, {"tiers", Json::array()}}},
                        {"sample", {{"rate_per_10000", 100}}}};
        const core::ReadResult read = core::readScenario(doc);
        bool found = false;
        for (const core::Diagnostic& d : read.diagnostics)
            found = found || (d.isError() && d.path == "usage.sample");
        QVERIFY(found);
        doc["usage"] = {{"dataset", "pop"}, {"sample", {{"rate_per_10000", 0}}}};
        const core::ReadResult zero = core::readScenario(doc);
        found = false;
        for (const core::Diagnostic& d : zero.diagnostics)
            found = found || (d.isError() && d.path == "usage.sample.rate_per_10000");
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestSample)
#include "tst_sample.moc"
