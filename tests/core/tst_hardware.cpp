// SPDX-License-Identifier: MIT
// Pod cost per month and per hour (docs/model.md, "Hardware and pods").
#include "model/hardware.h"
#include "testutil.h"

#include <QTest>

using namespace tierlab::core;

class TestHardware : public QObject {
    Q_OBJECT

private:
    static Accelerator h200() {
        Accelerator a;
        a.id = "h200";
        a.hbmGb = 141;
        a.watts = 700;
        a.rentUsdPerGpuHour = 3.75;
        return a;
    }
    static Pod referencePod() {
        Pod p;
        p.nodes = 4;
        p.gpusPerNode = 8;
        p.cost.mode = PodCostMode::Owned;
        p.cost.capexUsd = 1'000'000;
        p.cost.months = 24;
        p.cost.annualRate = 0.10;
        p.cost.discount = 0.5;
        p.cost.pue = 1.3;
        p.cost.usdPerKwh = 0.08;
        return p;
    }

private Q_SLOTS:
    void annuity_matchesTextbookValue() {
        // Textbook: a $200,000 loan over 360 months at 6 % a year pays $1,199.10 a month
        // (e.g. Brealey, Myers & Allen, Principles of Corporate Finance, annuity examples;
        // any mortgage table).
        TL_COMPARE_REL(annuityPaymentUsd(200'000, 0.06, 360), 1199.10, 1e-5);
        // $1M over 24 months at 10 %: 1e6 x (0.1/12) / (1 - (1 + 0.1/12)^-24) = 46,144.93
        // (computed by hand with the closed form; spreadsheet PMT(0.1/12, 24, -1e6)).
        TL_COMPARE_REL(annuityPaymentUsd(1'000'000, 0.10, 24), 46144.9263, 1e-8);
    }

    void annuity_zeroRate_isStraightLine() {
        QCOMPARE(annuityPaymentUsd(1'200'000, 0, 24), 50'000.0);
    }

    void annuity_tinyRate_approachesStraightLine() {
        // expm1/log1p keep the formula exact as r -> 0 (no cancellation).
        TL_COMPARE_REL(annuityPaymentUsd(1'200'000, 1e-12, 24), 50'000.0, 1e-9);
    }

    void energy_isGpusTimesKwTimesPueTimesPriceTimesHours() {
        // 32 x 0.7 kW x 1.3 x $0.08 x 730 h = $1,700.608 (docs/model.md, "Hardware and pods").
        TL_COMPARE_REL(energyCostUsd(32, 700, 1.3, 0.08, 730), 1700.608, 1e-12);
    }

    void referencePod_owned_costsAbout35PerHour() {
        // The seed analysis (docs/model.md, "Hardware and pods"): ~$50k/month financed, ~$25k
        // after a 50 % discount, ~$35/hour.
        const PodMonthlyCost m = podMonthlyCost(referencePod(), h200(), 730);
        TL_COMPARE_REL(m.financeUsd, 46144.9263 * 0.5, 1e-8);
        TL_COMPARE_REL(m.energyUsd, 1700.608, 1e-12);
        TL_COMPARE_REL(m.totalUsd, 23072.46315 + 1700.608, 1e-8);
        TL_COMPARE_REL(podHourlyCostUsd(referencePod(), h200(), 730), 24773.07115 / 730, 1e-8);
        QVERIFY(std::abs(podHourlyCostUsd(referencePod(), h200(), 730) - 35) < 2);
    }

    void referencePod_rented_costs120PerHour() {
        // docs/model.md, "Hardware and pods": about $120 per hour at retail rental: 32 GPUs x
        // $3.75.
        Pod pod = referencePod();
        pod.cost.mode = PodCostMode::Rented;
        TL_COMPARE_REL(podHourlyCostUsd(pod, h200(), 730), 120.0, 1e-12);
        pod.cost.rentUsdPerGpuHour = 2.0; // the pod's own rate wins over the accelerator's
        TL_COMPARE_REL(podHourlyCostUsd(pod, h200(), 730), 64.0, 1e-12);
    }

    void given_isTypedHourlyCost() {
        Pod pod = referencePod();
        pod.cost.mode = PodCostMode::Given;
        pod.cost.usdPerHour = 42.5;
        TL_COMPARE_REL(podHourlyCostUsd(pod, h200(), 730), 42.5, 1e-12);
    }

    void hosting_addsPerMonth() {
        Pod pod = referencePod();
        pod.cost.hostingUsdMonth = 730;
        const double withHosting = podHourlyCostUsd(pod, h200(), 730);
        pod.cost.hostingUsdMonth = 0;
        TL_COMPARE_REL(withHosting - podHourlyCostUsd(pod, h200(), 730), 1.0, 1e-9);
    }

    // Server-level power: an HGX H200 node draws about 10.2 kW, 1.275 kW per GPU, not the
    // 0.7 kW of the board. 32 GPUs x 1.275 kW x PUE 1.3 x $0.08 x 730 h = $3,097.73 a month
    // (board power alone: 32 x 0.7 x 1.3 x 0.08 x 730 = $1,700.61).
    void energy_usesServerPowerWhenKnown() {
        Accelerator a = h200();
        TL_COMPARE_REL(podMonthlyCost(referencePod(), a, 730).energyUsd, 1700.608, 1e-12);
        a.serverKwPerGpu = 1.275;
        TL_COMPARE_REL(podMonthlyCost(referencePod(), a, 730).energyUsd,
                       32 * 1.275 * 1.3 * 0.08 * 730, 1e-12);
    }

    // Colocation at $150 per kW-month of IT load: 32 x 1.275 kW x 150 = $6,120 a month.
    void hosting_perKwMonth() {
        Accelerator a = h200();
        a.serverKwPerGpu = 1.275;
        Pod pod = referencePod();
        pod.cost.hostingUsdPerKwMonth = 150;
        TL_COMPARE_REL(podMonthlyCost(pod, a, 730).hostingUsd, 32 * 1.275 * 150, 1e-12);
    }

    // Straight-line depreciation of $1M (50 % discount) over 5 years: 500,000 / 60 =
    // $8,333.33 a month, shown beside the financing; with basis depreciation it replaces it.
    void depreciation_besideOrInsteadOfFinancing() {
        Pod pod = referencePod();
        pod.cost.depreciationYears = 5;
        const PodMonthlyCost beside = podMonthlyCost(pod, h200(), 730);
        TL_COMPARE_REL(beside.depreciationUsd, 500000.0 / 60, 1e-12);
        TL_COMPARE_REL(beside.financeUsd,
                       annuityPaymentUsd(1'000'000, 0.10, 24) * 0.5, 1e-12);
        pod.cost.depreciate = true;
        const PodMonthlyCost instead = podMonthlyCost(pod, h200(), 730);
        TL_COMPARE_REL(instead.financeUsd, 500000.0 / 60, 1e-12);
        TL_COMPARE_REL(instead.totalUsd, 500000.0 / 60 + beside.energyUsd, 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestHardware)
#include "tst_hardware.moc"
