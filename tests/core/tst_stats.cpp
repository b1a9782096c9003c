// SPDX-License-Identifier: MIT
// Percentiles, Gini, top shares and Lorenz curves (model.md section 4, population figures).
#include "model/stats.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestStats : public QObject {
    Q_OBJECT

private slots:
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
};

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
