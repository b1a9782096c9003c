// SPDX-License-Identifier: MIT
// Fitting the lognormal gap mixture (core/sim/gapfit.h, gapfitdataset.h): EM recovers known
// parameters from raw and binned synthetic gaps, the KS distance tells a right model from a
// wrong one, bad input is an error value, and imported data sets give a capacity.gaps block
// the scenario reader accepts.
#include "scenario/reader.h"
#include "sim/gapfit.h"
#include "sim/gapfitdataset.h"
#include "store/workspace.h"
#include "testutil.h"
#include "usage/aggregator.h"
#include "usage/importer.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

using namespace tierlab::core;

namespace {

// The mixture of docs/model.md, "Capacity", with the weights of the brief: within a session
// about a minute, thinking about 4 minutes, between sessions hours.
const std::vector<GapComponent> kTruth = {{0.80, 1.0, 0.8}, {0.15, 4.0, 0.6}, {0.05, 250.0, 1.0}};
constexpr std::size_t kSamples = 200000;

// `n` gaps in seconds from `mixture`, deterministic for a seed (mt19937_64 and libstdc++'s
// normal_distribution).
std::vector<double> sampleGaps(const std::vector<GapComponent>& mixture, std::size_t n,
                               std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> z(0.0, 1.0);
    std::vector<double> gaps;
    gaps.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        double pick = u(rng);
        std::size_t k = 0;
        while (k + 1 < mixture.size() && pick >= mixture[k].weight)
            pick -= mixture[k++].weight;
        gaps.push_back(mixture[k].medianMinutes * 60.0 * std::exp(mixture[k].sigma * z(rng)));
    }
    return gaps;
}

// The importer's histogram of `gaps` (GapHistogram: 10 bins a decade from 10 ms).
struct Histogram {
    std::vector<double> edges;
    std::vector<std::uint64_t> counts;
};
Histogram importerHistogram(const std::vector<double>& gapsS) {
    GapHistogram h;
    for (const double g : gapsS)
        ++h.counts[std::size_t(GapHistogram::binOf(g))];
    Histogram out;
    for (int b = 0; b < GapHistogram::kBins; ++b) {
        out.edges.push_back(GapHistogram::lowerEdge(b));
        out.counts.push_back(h.counts[std::size_t(b)]);
    }
    return out;
}

double weightSum(const std::vector<GapComponent>& m) {
    double s = 0;
    for (const GapComponent& c : m)
        s += c.weight;
    return s;
}

// Tolerances for 200,000 gaps, from the sampling spread of the estimates: over 20 seeds of
// this generator (20261122 and 1001..1019), the largest errors of raw and binned EM were:
// weights 0.018, 0.018, 0.0013; medians 2.3 %, 4.3 %, 2.2 %; sigmas 1.6 %, 3.1 %, 1.9 %.
// The first two components overlap (1 and 4 minutes are 1.4 log units apart with sigmas 0.8
// and 0.6), so their weights trade off. The maximum of 20 draws is about 2 standard errors;
// the limits below are about 2.5x it, 5 standard errors (scaling as 1/sqrt(n)).
void expectTruth(const GapFit& fit) {
    QVERIFY2(fit.ok, fit.error.c_str());
    QCOMPARE(fit.components.size(), kTruth.size());
    const double weightTol[] = {0.045, 0.045, 0.0035};
    const double medianRel[] = {0.06, 0.11, 0.055};
    const double sigmaRel[] = {0.04, 0.08, 0.05};
    for (std::size_t k = 0; k < kTruth.size(); ++k) {
        const GapComponent& got = fit.components[k];
        QVERIFY2(std::abs(got.weight - kTruth[k].weight) <= weightTol[k],
                 QByteArray("weight ") + QByteArray::number(got.weight));
        TL_COMPARE_REL(got.medianMinutes, kTruth[k].medianMinutes, medianRel[k]);
        TL_COMPARE_REL(got.sigma, kTruth[k].sigma, sigmaRel[k]);
    }
    QVERIFY(std::abs(weightSum(fit.components) - 1.0) <= 1e-12);
    QVERIFY(fit.converged);
}

} // namespace

class TestGapFit : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char* name) { return m_dir.filePath(name).toStdString(); }
    std::vector<double> m_gaps = sampleGaps(kTruth, kSamples, 20261122);
    GapFit m_rawFit; // fitGapSamples(m_gaps), computed once: a few seconds in a debug build

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_rawFit = fitGapSamples(m_gaps);
    }

    void oneComponent_isTheClosedFormMle() {
        // With K = 1 the lognormal MLE is closed-form: mu = mean of ln x, sigma = population
        // standard deviation of ln x. EM must land on it (to its convergence tolerance).
        const std::vector<double> gaps = sampleGaps({{1.0, 3.0, 0.7}}, 5000, 7);
        double sum = 0, sum2 = 0;
        for (const double g : gaps) {
            sum += std::log(g);
            sum2 += std::log(g) * std::log(g);
        }
        const double mu = sum / 5000.0, sigma = std::sqrt(sum2 / 5000.0 - mu * mu);
        GapFitOptions o;
        o.components = 1;
        const GapFit fit = fitGapSamples(gaps, o);
        QVERIFY2(fit.ok, fit.error.c_str());
        TL_COMPARE_REL(fit.components[0].medianMinutes, std::exp(mu) / 60.0, 1e-9);
        TL_COMPARE_REL(fit.components[0].sigma, sigma, 1e-9);
        QCOMPARE(fit.components[0].weight, 1.0);
    }

    void rawEm_recoversThreeComponents() { expectTruth(m_rawFit); }

    void binnedEm_recoversThreeComponents_fromImporterHistogram() {
        const Histogram h = importerHistogram(m_gaps);
        const GapFit fit = fitGapHistogram(h.edges, h.counts);
        expectTruth(fit);
        QCOMPARE(fit.gaps, std::uint64_t(kSamples));
    }

    void binnedEm_coarseBins_recoverOneLognormal() {
        // One bin a decade (2.3 log units, wider than sigma 1): 5,000 gaps fall in about four
        // bins, and interval-censored EM must still find median and sigma. Over 20 seeds (11..30)
        // the largest errors were 3.2 % (median) and 5.2 % (sigma); limits about 3x that.
        const std::vector<double> gaps = sampleGaps({{1.0, 2.0, 1.0}}, 5000, 11);
        std::vector<double> edges = {0.0};
        for (double e = 1; e <= 1e6; e *= 10)
            edges.push_back(e);
        std::vector<std::uint64_t> counts(edges.size(), 0);
        for (const double g : gaps)
            ++counts[std::size_t(std::upper_bound(edges.begin(), edges.end(), g) - edges.begin()) -
                     1];
        GapFitOptions o;
        o.components = 1;
        const GapFit fit = fitGapHistogram(edges, counts, o);
        QVERIFY2(fit.ok, fit.error.c_str());
        TL_COMPARE_REL(fit.components[0].medianMinutes, 2.0, 0.10);
        TL_COMPARE_REL(fit.components[0].sigma, 1.0, 0.15);
    }

    void ksDistance_smallForRightModel_largeForWrong() {
        // KS of n = 200,000 gaps to their own generating law: below the 1 % critical value
        // 1.63 / sqrt(n) = 0.0036 (Kolmogorov). The fitted mixture is at least as close.
        const double critical = 1.63 / std::sqrt(double(kSamples));
        QVERIFY(ksDistance(kTruth, m_gaps) < critical);
        const GapFit& fit = m_rawFit;
        QVERIFY(fit.ksDistance < critical);
        // One lognormal (the best one, K = 1) misses the between-session tail and the
        // 4-minute bump: far above the critical value.
        GapFitOptions one;
        one.components = 1;
        const GapFit single = fitGapSamples(m_gaps, one);
        QVERIFY2(single.ksDistance > 0.02, QByteArray::number(single.ksDistance));
        QVERIFY(single.logLikelihood < fit.logLikelihood);
        // At the bin edges of the importer's histogram, the same ordering.
        const Histogram h = importerHistogram(m_gaps);
        QVERIFY(ksDistance(kTruth, h.edges, h.counts) < critical);
        QVERIFY(ksDistance(single.components, h.edges, h.counts) > 0.02);
    }

    void badInput_isAnErrorValue() {
        const auto expectError = [](const GapFit& f, const char* part) {
            QVERIFY(!f.ok);
            QVERIFY2(f.error.find(part) != std::string::npos, f.error.c_str());
        };
        expectError(fitGapSamples({1.0, 2.0, 3.0}), "too few gaps");
        expectError(fitGapSamples(std::vector<double>(50, 4.0)), "all gaps are equal");
        std::vector<double> bad(50, 4.0);
        bad[7] = std::numeric_limits<double>::quiet_NaN();
        expectError(fitGapSamples(bad), "gap 7");
        bad[7] = 0;
        expectError(fitGapSamples(bad), "> 0 seconds");
        GapFitOptions zero;
        zero.components = 0;
        expectError(fitGapSamples(m_gaps, zero), "components");

        std::vector<double> edges = {0, 1, 10, 100};
        expectError(fitGapHistogram(edges, {0, 100, 0, 0}), "fall in one bin");
        expectError(fitGapHistogram(edges, {0, 5, 5, 0}), "too few gaps");
        expectError(fitGapHistogram(edges, {0, 5, 5}), "4 edges but 3 counts");
        expectError(fitGapHistogram({0, 10, 1, 100}, {9, 9, 9, 9}), "must increase");
        expectError(
            fitGapHistogram({0, 1, std::numeric_limits<double>::infinity(), 100}, {9, 9, 9, 9}),
            "bin 2");
    }

    void twoBinHistogram_givesFiniteFit() {
        // Mooncake's conversation trace as imported (docs/capacity-fit.md): 10,851 gaps under
        // 10 ms and 1,179 in [2.51, 3.16) s, nothing else. Three components for two bins: the
        // fit must stay finite (sigma floor, an unused component) and keep its weights' sum.
        std::vector<double> edges;
        std::vector<std::uint64_t> counts(GapHistogram::kBins, 0);
        for (int b = 0; b < GapHistogram::kBins; ++b)
            edges.push_back(GapHistogram::lowerEdge(b));
        counts[0] = 10851;
        counts[std::size_t(GapHistogram::binOf(3.0))] = 1179;
        const GapFit fit = fitGapHistogram(edges, counts);
        QVERIFY2(fit.ok, fit.error.c_str());
        QVERIFY(std::isfinite(fit.logLikelihood) && std::isfinite(fit.ksDistance));
        for (const GapComponent& c : fit.components)
            QVERIFY(std::isfinite(c.medianMinutes) && c.medianMinutes > 0 && c.sigma >= 0.05);
        QVERIFY(std::abs(weightSum(fit.components) - 1.0) <= 1e-12);
        // Both bins are matched exactly at their edges: KS near 0.
        QVERIFY(fit.ksDistance < 0.01);
    }

    void cdfAndJson_followTheirDefinitions() {
        // One lognormal: the CDF is 1/2 at the median and Phi(1) = 0.8413447460685429 one
        // sigma above it (normal table); 0 at and below 0 s.
        const std::vector<GapComponent> one = {{1.0, 2.0, 0.5}};
        TL_COMPARE_REL(mixtureCdf(one, 120.0), 0.5, 1e-12);
        TL_COMPARE_REL(mixtureCdf(one, 120.0 * std::exp(0.5)), 0.8413447460685429, 1e-12);
        QCOMPARE(mixtureCdf(one, 0.0), 0.0);
        // The JSON's last weight is 1 minus the others, whatever was passed.
        const Json gaps = gapsJson({{0.3, 1.0, 0.8}, {0.3, 4.0, 0.6}, {0.4000001, 250.0, 1.0}});
        QCOMPARE(gaps.size(), std::size_t(3));
        QCOMPARE(gaps[2]["weight"].get<double>(), 1.0 - (0.3 + 0.3));
        QCOMPARE(gaps[1]["median_min"].get<double>(), 4.0);
        QCOMPARE(gaps[0]["sigma"].get<double>(), 0.8);
    }

    void importedFixture_givesGapsTheReaderAccepts() {
        // tests/fixtures/usage/canonical.csv: 500 requests of 10 subscribers (gen_usage.py,
        // seed 3), so 490 per-subscriber gaps.
        auto ws = Workspace::create(path("canonical.tierlab"));
        ImportOptions o;
        o.path = tierlab::test::sourcePath("tests/fixtures/usage/canonical.csv");
        QVERIFY(importUsage(*ws, o).ok);
        const DatasetGapFit r = fitDatasetGaps(*ws, "canonical");
        QVERIFY2(r.fit.ok, r.fit.error.c_str());
        QCOMPARE(r.source, GapSource::PerSubscriber);
        QCOMPARE(r.fit.gaps, std::uint64_t(490));
        QCOMPARE(r.fit.components.size(), std::size_t(3));
        QVERIFY(std::abs(weightSum(r.fit.components) - 1.0) <= 1e-9);
        QVERIFY(r.fit.ksDistance >= 0 && r.fit.ksDistance < 1);
        // The histogram it fitted comes along (the GUI draws it): same gaps, and its KS
        // distance to the fit is the one reported.
        QCOMPARE(r.gapCounts.size(), r.gapLowerEdgesS.size());
        QCOMPARE(std::accumulate(r.gapCounts.begin(), r.gapCounts.end(), std::uint64_t(0)),
                 r.fit.gaps);
        QCOMPARE(ksDistance(r.fit.components, r.gapLowerEdgesS, r.gapCounts), r.fit.ksDistance);

        Json doc = tierlab::test::loadJson("data/scenarios/reference-pod.json");
        doc["capacity"] = Json{{"pod", "h200-rented"}, {"gaps", r.capacityGaps}};
        const ReadResult read = readScenario(doc);
        QVERIFY(read.ok());
        QVERIFY(read.scenario.capacity.has_value());
        QCOMPARE(read.scenario.capacity->gaps.size(), std::size_t(3));
        for (std::size_t k = 0; k < 3; ++k)
            QCOMPARE(read.scenario.capacity->gaps[k].medianMinutes,
                     r.fit.components[k].medianMinutes);
    }

    void traceWithoutUsers_isFittedAsAggregate() {
        // Azure's conversation trace has no user column: 19,366 requests, 19,365 gaps of the
        // whole service's arrival process.
        auto ws = Workspace::create(path("azure.tierlab"));
        ImportOptions o;
        o.path = tierlab::test::sourcePath(
            "tests/fixtures/usage/azure2023_AzureLLMInferenceTrace_conv.csv");
        QVERIFY(importUsage(*ws, o).ok);
        const DatasetGapFit r = fitDatasetGaps(*ws, "azure2023_AzureLLMInferenceTrace_conv");
        QVERIFY2(r.fit.ok, r.fit.error.c_str());
        QCOMPARE(r.source, GapSource::Aggregate);
        QVERIFY(r.sourceNote.find("aggregate arrival process") != std::string::npos);
        QCOMPARE(r.fit.gaps, std::uint64_t(19365));
    }

    void oneRealSubscriber_isPerSubscriber_butNoUserColumnIsAggregate() {
        // A canonical file with one named user: that user's gaps, so per subscriber. 40
        // requests 1, 2, 3... minutes apart (39 gaps).
        const std::string file = path("one_user.csv");
        {
            std::ofstream out(file);
            out << "timestamp,user_id,tier,model,channel,input_tokens,output_tokens,"
                   "cache_read_tokens,cache_write_tokens\n";
            int minute = 0;
            for (int i = 0; i < 40; ++i) {
                minute += 1 + i % 7;
                char line[120];
                std::snprintf(line, sizeof line,
                              "2026-10-01T%02d:%02d:00Z,alice,pro,sonnet,interactive,100,10,0,0\n",
                              minute / 60, minute % 60);
                out << line;
            }
        }
        auto ws = Workspace::create(path("one_user.tierlab"));
        ImportOptions o;
        o.path = file;
        QVERIFY(importUsage(*ws, o).ok);
        const DatasetGapFit one = fitDatasetGaps(*ws, "one_user");
        QVERIFY2(one.fit.ok, one.fit.error.c_str());
        QCOMPARE(one.source, GapSource::PerSubscriber);
        QCOMPARE(one.fit.gaps, std::uint64_t(39));
        // BurstGPT v1 has no user column (docs/import.md): aggregate, even when its 8
        // requests are too few to fit.
        o.path = tierlab::test::sourcePath("tests/fixtures/usage/burstgpt_v1.csv");
        QVERIFY(importUsage(*ws, o).ok);
        const DatasetGapFit burst = fitDatasetGaps(*ws, "burstgpt_v1");
        QCOMPARE(burst.source, GapSource::Aggregate);
        QVERIFY(!burst.fit.ok);
        QVERIFY2(burst.fit.error.find("too few gaps") != std::string::npos,
                 burst.fit.error.c_str());
    }

    void datasetWithoutGaps_orMissing_isAnErrorValue() {
        auto ws = Workspace::create(path("daily.tierlab"));
        ImportOptions o;
        o.path = tierlab::test::sourcePath("tests/fixtures/usage/tierlab_daily.csv");
        QVERIFY(importUsage(*ws, o).ok);
        const DatasetGapFit daily = fitDatasetGaps(*ws, "tierlab_daily");
        QVERIFY(!daily.fit.ok);
        QVERIFY2(daily.fit.error.find("keeps no gaps") != std::string::npos,
                 daily.fit.error.c_str());
        QVERIFY(daily.capacityGaps.is_null());
        const DatasetGapFit missing = fitDatasetGaps(*ws, "nope");
        QVERIFY(!missing.fit.ok);
        QVERIFY(missing.fit.error.find("no data set 'nope'") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGapFit)
#include "tst_gapfit.moc"
