// SPDX-License-Identifier: MIT
// Percentiles, Gini, top shares and Lorenz curves (docs/model.md, "Tiers: revenue, cost and
// margin", and "Weights and price response").
#include "model/stats.h"
#include "testutil.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace tierlab::core;

class TestStats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quantile_matchesNumpyLinear() {
        // numpy.percentile([1, 2, 3, 4], 90) = 3.7; ([15, 20, 35, 40, 50], 40) = 29
        // (numpy default 'linear', Hyndman & Fan type 7).
        TL_COMPARE_REL(quantileSorted({1, 2, 3, 4}, 0.9), 3.7, 1e-12);
        TL_COMPARE_REL(quantileSorted({15, 20, 35, 40, 50}, 0.4), 29.0, 1e-12);
        QCOMPARE(quantileSorted({15, 20, 35, 40, 50}, 0.0), 15.0);
        QCOMPARE(quantileSorted({15, 20, 35, 40, 50}, 1.0), 50.0);
        QCOMPARE(quantileSorted({7}, 0.99), 7.0);
        QCOMPARE(quantileSorted({}, 0.5), 0.0);
    }

    void gini_equalIsZero_oneHoldsAllIsNMinus1OverN() {
        QCOMPARE(giniSorted({5, 5, 5, 5}), 0.0);
        // One of n holds everything: G = (n - 1) / n.
        TL_COMPARE_REL(giniSorted({0, 0, 0, 1}), 0.75, 1e-12);
        QCOMPARE(giniSorted({0, 0, 0}), 0.0);
    }

    void gini_handComputed() {
        // [1, 2, 3, 4]: 2 (1 + 4 + 9 + 16) / (4 x 10) - 5/4 = 60/40 - 1.25 = 0.25.
        TL_COMPARE_REL(giniSorted({1, 2, 3, 4}), 0.25, 1e-12);
    }

    void topShare_atLeastOneSubscriber() {
        // 10 subscribers: the top 1 % is the largest one; the top 10 % too.
        const std::vector<double> v{1, 1, 1, 1, 1, 1, 1, 1, 1, 11};
        TL_COMPARE_REL(topShareSorted(v, 0.01), 0.55, 1e-12);
        TL_COMPARE_REL(topShareSorted(v, 0.10), 0.55, 1e-12);
        TL_COMPARE_REL(topShareSorted(v, 0.20), 0.60, 1e-12);
        QCOMPARE(topShareSorted({0, 0}, 0.1), 0.0);
    }

    void lorenz_endpointsAndEquality() {
        const auto curve = lorenzSorted({1, 2, 3, 4}, 5);
        QCOMPARE(curve.size(), std::size_t(5));
        QCOMPARE(curve.front().second, 0.0);
        QCOMPARE(curve.back().second, 1.0);
        // At 50 % of the population (two smallest): (1 + 2) / 10.
        TL_COMPARE_REL(curve[2].second, 0.3, 1e-12);
        for (const auto& [x, y] : lorenzSorted({3, 3, 3}, 7))
            TL_COMPARE_REL(y, x, 1e-12);
    }

    // Equal weights (any value) give the unweighted figures exactly: on 500 random values.
    void weighted_equalWeightsReduceToUnweighted() {
        std::mt19937_64 rng(3);
        std::lognormal_distribution<double> d(5, 1.5);
        std::vector<double> v(500);
        for (double& x : v)
            x = d(rng);
        std::sort(v.begin(), v.end());
        for (const double w : {1.0, 0.25, 7.0}) {
            std::vector<tierlab::core::Weighted> wv;
            for (double x : v)
                wv.push_back({x, w});
            for (const double p : {0.0, 0.01, 0.5, 0.9, 0.99, 1.0})
                TL_COMPARE_REL(tierlab::core::weightedQuantileSorted(wv, p), tierlab::core::quantileSorted(v, p),
                               1e-12);
            TL_COMPARE_REL(tierlab::core::weightedGiniSorted(wv), tierlab::core::giniSorted(v), 1e-12);
            TL_COMPARE_REL(tierlab::core::weightedTopShareSorted(wv, 0.01), tierlab::core::topShareSorted(v, 0.01),
                           1e-12);
            TL_COMPARE_REL(tierlab::core::weightedTopShareSorted(wv, 0.10), tierlab::core::topShareSorted(v, 0.10),
                           1e-12);
            const auto a = tierlab::core::weightedLorenzSorted(wv, 21), b = tierlab::core::lorenzSorted(v, 21);
            for (std::size_t k = 0; k < a.size(); ++k)
                QVERIFY(std::abs(a[k].second - b[k].second) < 1e-12);
        }
    }

    // A weight of 2 is the value twice for the Gini and the Lorenz curve:
    // {1, 2, 3} weighted {1, 2, 1} against {1, 2, 2, 3}.
    void weighted_weightTwoIsTheValueTwice() {
        const std::vector<tierlab::core::Weighted> wv{{1, 1}, {2, 2}, {3, 1}};
        const std::vector<double> v{1, 2, 2, 3};
        TL_COMPARE_REL(tierlab::core::weightedGiniSorted(wv), tierlab::core::giniSorted(v), 1e-12);
        // The top half: ceil(0.5 x 3) = 2 average subscribers (4/3 each) of weight, 8/3: the
        // 3, then 5/3 of the 2s: (3 + 10/3) / 8.
        TL_COMPARE_REL(tierlab::core::weightedTopShareSorted(wv, 0.5), (3 + 10.0 / 3) / 8, 1e-12);
        const auto a = tierlab::core::weightedLorenzSorted(wv, 5), b = tierlab::core::lorenzSorted(v, 5);
        for (std::size_t k = 0; k < a.size(); ++k)
            QVERIFY2(std::abs(a[k].second - b[k].second) < 1e-12, qPrintable(QString::number(k)));
        // The median: positions 0, 0.5, 1 (weights 1, 2, 1 -> (0 + 1 + 0.5 - 0.5) / 2 ...).
        QCOMPARE(tierlab::core::weightedQuantileSorted(wv, 0.5), 2.0);
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
