// SPDX-License-Identifier: MIT
// Mixes and cascades (docs/model.md, "Routing").
#include "model/routing.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestRouting : public QObject {
    Q_OBJECT

private:
    // Costs of one request on three models (1x / 12x / 60x, the reference prices of docs/model.md,
    // "API price catalogs and pricing of usage").
    const std::vector<double> m_cost{0.001125, 0.0135, 0.0675};
    const std::vector<double> m_quality{0.6, 0.85, 1.0};

private Q_SLOTS:
    void mix_blendsByShare() {
        // 0.8 x 0.001125 + 0.15 x 0.0135 + 0.05 x 0.0675 = 0.0063 (the 80 / 15 / 5 mix).
        const auto legs = mixLegs({0, 1, 2}, {0.8, 0.15, 0.05});
        TL_COMPARE_REL(routedCostUsd(legs, m_cost, 0), 0.0063, 1e-12);
        TL_COMPARE_REL(savingsShare(0.0063, 0.0675), 1 - 0.0063 / 0.0675, 1e-12);
        TL_COMPARE_REL(routedQuality(legs, m_quality), 0.8 * 0.6 + 0.15 * 0.85 + 0.05, 1e-12);
    }

    void mixOfOneModel_equalsThatModel() {
        for (int m = 0; m < 3; ++m) {
            const auto legs = mixLegs({m}, {1.0});
            QCOMPARE(routedCostUsd(legs, m_cost, 0), m_cost[static_cast<std::size_t>(m)]);
            QCOMPARE(routedQuality(legs, m_quality), m_quality[static_cast<std::size_t>(m)]);
            QCOMPARE(savingsShare(routedCostUsd(legs, m_cost, 0), m_cost[std::size_t(m)]), 0.0);
        }
    }

    void cascade_isNestedExpectation() {
        // docs/model.md, "Routing": c1 + e1 (c2 + e2 c3) with c = 1, 10, 100 and e = 0.3, 0.2:
        // 1 + 0.3 (10 + 0.2 x 100) = 10, plus the router overhead.
        const std::vector<double> c{1, 10, 100};
        const auto legs = cascadeLegs({0, 1, 2}, {0.3, 0.2, 0.9}); // last escalation unused
        TL_COMPARE_REL(routedCostUsd(legs, c, 0), 10.0, 1e-12);
        TL_COMPARE_REL(routedCostUsd(legs, c, 0.5), 10.5, 1e-12);
        // Answers: 70 % stage 1, 24 % stage 2, 6 % stage 3.
        TL_COMPARE_REL(routedQuality(legs, m_quality), 0.7 * 0.6 + 0.24 * 0.85 + 0.06, 1e-12);
    }

    void cascadeWithoutEscalation_equalsFirstStage() {
        const auto legs = cascadeLegs({0, 1, 2}, {0, 0, 0});
        QCOMPARE(routedCostUsd(legs, m_cost, 0), m_cost[0]);
        QCOMPARE(routedQuality(legs, m_quality), m_quality[0]);
    }
};

QTEST_GUILESS_MAIN(TestRouting)
#include "tst_routing.moc"
