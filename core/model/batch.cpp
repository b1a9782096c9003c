// SPDX-License-Identifier: MIT
#include "batch.h"

#include <cmath>

namespace tierlab::core {

BatchResult batchExperiment(const BatchExperiment& b, const Price& price, double podHourUsd) {
    BatchResult r;
    const double tokens = b.perRequest.total();
    r.minutes = b.requests * tokens / b.tpmLimit;
    r.requestsPerMinute = b.tpmLimit / tokens;
    r.parallelStreams = r.requestsPerMinute * b.minutesPerRequest;
    r.revenueUsd = b.requests * listValueUsd(price, b.perRequest, b.batchPricing);
    r.podCostUsd = b.pods * podHourUsd * r.minutes / 60.0;
    r.profitUsd = r.revenueUsd - r.podCostUsd;
    return r;
}

double opportunityCostUsd(double pods, double hours, double heldUtilization,
                          double productionUtilization, double podSecondsPerRequest,
                          double listUsdPerRequest) {
    const double requestsPerBusyHour = 3600.0 / podSecondsPerRequest;
    return (productionUtilization - heldUtilization) * requestsPerBusyHour * listUsdPerRequest *
           pods * hours;
}

double compoundFactor(double ratePerYear, double years) {
    return std::pow(1.0 + ratePerYear, years);
}

} // namespace tierlab::core
