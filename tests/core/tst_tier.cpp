// SPDX-License-Identifier: MIT
// Message windows, full-use value and breakeven utilization (docs/model.md, "Breakeven
// utilization and full use").
#include "model/tier.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

namespace {
// Models 0 haiku, 1 sonnet, 2 opus; list value of a 2,000 / 500 token request on each.
const std::vector<double> kList{0.001125, 0.0135, 0.0675};

Tier proTier() {
    Tier t;
    t.id = "pro";
    t.priceUsdMonth = 20;
    t.typicalModel = 1;
    t.typicalRequest = {2000, 500, 0, 0};
    t.windows = {{45, 5}};
    return t;
}
// The tiers here are built from the legacy members (windows, caps, pools), which the
// reader turns into limits (addLegacyLimits); so does this.
std::optional<FullUse> fullUseLegacy(Tier tier, double hoursPerMonth, double typicalListUsd,
                                     const std::vector<double>& modelListUsd) {
    addLegacyLimits(tier, "tiers[0]");
    return fullUse(tier, hoursPerMonth, typicalListUsd, modelListUsd);
}

} // namespace

class TestTier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void windows_monthlyBoundIsTightestWindow() {
        // 50 messages per 3 hours over 730 hours: 50 x 730 / 3 = 12,166.7 (ChatGPT Plus,
        // docs/model.md, "Breakeven utilization and full use"); with a weekly cap of 1,000 as
        // well, 1,000 x 730 / 168 binds.
        TL_COMPARE_REL(*maxMessagesPerMonth({{50, 3}}, 730), 50 * 730 / 3.0, 1e-12);
        TL_COMPARE_REL(*maxMessagesPerMonth({{50, 3}, {1000, 168}}, 730), 1000 * 730 / 168.0,
                       1e-12);
        QVERIFY(!maxMessagesPerMonth({}, 730));
    }

    void fullUse_windowsTimesTypicalRequest() {
        // 45 per 5 h -> 6,570 messages x $0.0135 = $88.695.
        const auto f = fullUseLegacy(proTier(), 730, kList[1], kList);
        QVERIFY(f);
        TL_COMPARE_REL(f->interactiveRequests, 6570.0, 1e-12);
        TL_COMPARE_REL(f->totalUsd, 88.695, 1e-12);
    }

    void fullUse_programmaticPoolAddsCredit() {
        Tier t = proTier();
        t.pools = {{Channel::Programmatic, 20.0, std::nullopt, LimitPolicy::ExtraUsage}};
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[1], kList)->totalUsd, 108.695, 1e-12);
        // A credit in tokens is valued at the typical request's list value per token:
        // 1M tokens x $0.0135 / 2,500 tokens = $5.40.
        t.pools = {{Channel::Programmatic, std::nullopt, 1e6, LimitPolicy::Block}};
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[1], kList)->poolUsd, 5.4, 1e-12);
    }

    void fullUse_interactivePoolBoundsWindows() {
        Tier t = proTier();
        t.pools = {{Channel::Interactive, 50.0, std::nullopt, LimitPolicy::Block}};
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[1], kList)->totalUsd, 50.0, 1e-12);
        t.windows.clear(); // the pool alone bounds use
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[1], kList)->totalUsd, 50.0, 1e-12);
    }

    void fullUse_capOnTypicalModel() {
        Tier t = proTier();
        t.typicalModel = 2; // Opus, capped at 150 a month
        t.caps = {{2, 150, LimitPolicy::Fallback, 1}};
        // 150 x $0.0675 + (6,570 - 150) x $0.0135 = 10.125 + 86.67 = $96.795.
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[2], kList)->totalUsd, 96.795, 1e-12);
        t.caps[0].policy = LimitPolicy::Block;
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[2], kList)->totalUsd, 10.125, 1e-12);
        // Extra usage is billed, not included; without the opt-in it blocks. Either way the
        // subscription covers 150 requests.
        t.caps[0].policy = LimitPolicy::ExtraUsage;
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[2], kList)->totalUsd, 10.125, 1e-12);
        t.windows.clear(); // the cap alone bounds use
        TL_COMPARE_REL(fullUseLegacy(t, 730, kList[2], kList)->totalUsd, 10.125, 1e-12);
    }

    void fullUse_unbounded_isNullopt() {
        Tier t = proTier();
        t.windows.clear();
        QVERIFY(!fullUseLegacy(t, 730, kList[1], kList));
        t.caps = {{1, 100, LimitPolicy::Fallback, 0}}; // falling back is still unbounded
        QVERIFY(!fullUseLegacy(t, 730, kList[1], kList));
    }

    void extraUsage_withoutOptIn_actsAsBlock() {
        Tier t = proTier();
        t.extraUsage = false;
        QCOMPARE(t.effective(LimitPolicy::ExtraUsage), LimitPolicy::Block);
        QCOMPARE(t.effective(LimitPolicy::Fallback), LimitPolicy::Fallback);
        t.extraUsage = true;
        QCOMPARE(t.effective(LimitPolicy::ExtraUsage), LimitPolicy::ExtraUsage);
    }

    void breakeven_isPriceOverFullUseTimesRatio() {
        // A $200 plan worth $8,000 at API prices (docs/model.md, "Breakeven utilization and
        // full use") served at a 25 % serving-cost ratio breaks even at 200 / (8000 x 0.25) =
        // 10 % utilization.
        TL_COMPARE_REL(breakevenUtilization(200, 8000, 0.25), 0.10, 1e-12);
    }

    void breakeven_risesWithPrice_fallsWithServingCost() {
        double previous = 0;
        for (double price : {5.0, 10.0, 20.0, 100.0, 200.0}) {
            const double u = breakevenUtilization(price, 8000, 0.25);
            QVERIFY(u > previous);
            previous = u;
        }
        previous = 1e9;
        for (double ratio : {0.05, 0.1, 0.2, 0.5, 1.0}) {
            const double u = breakevenUtilization(200, 8000, ratio);
            QVERIFY(u < previous);
            previous = u;
        }
    }
};

QTEST_GUILESS_MAIN(TestTier)
#include "tst_tier.moc"
