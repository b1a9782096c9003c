// SPDX-License-Identifier: MIT
#include "hardware.h"

#include <cmath>

namespace tierlab::core {

double annuityPaymentUsd(double principalUsd, double annualRate, double months) {
    if (annualRate == 0)
        return principalUsd / months;
    const double i = annualRate / 12.0;
    // -expm1(-n log1p(i)) = 1 - (1 + i)^-n, accurate for small rates.
    return principalUsd * i / -std::expm1(-months * std::log1p(i));
}

double energyCostUsd(int gpus, double watts, double pue, double usdPerKwh, double hours) {
    return gpus * watts / 1000.0 * pue * usdPerKwh * hours;
}

double itKwPerGpu(const Accelerator& accel) {
    return accel.serverKwPerGpu > 0 ? accel.serverKwPerGpu : accel.watts / 1000.0;
}

PodMonthlyCost podMonthlyCost(const Pod& pod, const Accelerator& accel, double hoursPerMonth) {
    PodMonthlyCost m;
    const PodCost& c = pod.cost;
    switch (c.mode) {
    case PodCostMode::Owned:
        m.financeUsd = annuityPaymentUsd(c.capexUsd, c.annualRate, c.months) * (1.0 - c.discount);
        if (c.depreciationYears > 0)
            m.depreciationUsd = c.capexUsd * (1.0 - c.discount) / (12.0 * c.depreciationYears);
        if (c.depreciate)
            m.financeUsd = m.depreciationUsd;
        m.energyUsd = energyCostUsd(pod.gpus(), itKwPerGpu(accel) * 1000.0, c.pue, c.usdPerKwh,
                                    hoursPerMonth);
        m.hostingUsd = c.hostingUsdMonth + c.hostingUsdPerKwMonth * itKwPerGpu(accel) * pod.gpus();
        break;
    case PodCostMode::Rented: {
        const double rate = c.rentUsdPerGpuHour > 0 ? c.rentUsdPerGpuHour : accel.rentUsdPerGpuHour;
        m.financeUsd = rate * pod.gpus() * hoursPerMonth;
        break;
    }
    case PodCostMode::Given:
        m.financeUsd = c.usdPerHour * hoursPerMonth;
        break;
    }
    m.totalUsd = m.financeUsd + m.energyUsd + m.hostingUsd;
    return m;
}

double podHourlyCostUsd(const Pod& pod, const Accelerator& accel, double hoursPerMonth) {
    return podMonthlyCost(pod, accel, hoursPerMonth).totalUsd / hoursPerMonth;
}

} // namespace tierlab::core
