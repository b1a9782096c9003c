// SPDX-License-Identifier: MIT
#include "routing.h"

#include <cstddef>

namespace tierlab::core {

std::vector<RouteLeg> mixLegs(const std::vector<int>& models, const std::vector<double>& shares) {
    std::vector<RouteLeg> legs;
    for (std::size_t k = 0; k < models.size(); ++k)
        legs.push_back({models[k], shares[k], shares[k]});
    return legs;
}

std::vector<RouteLeg> cascadeLegs(const std::vector<int>& models,
                                  const std::vector<double>& escalate) {
    std::vector<RouteLeg> legs;
    double reach = 1.0;
    for (std::size_t k = 0; k < models.size(); ++k) {
        const bool last = k + 1 == models.size();
        const double e = last ? 0.0 : escalate[k];
        legs.push_back({models[k], reach, reach * (1.0 - e)});
        reach *= e;
    }
    return legs;
}

double routedCostUsd(const std::vector<RouteLeg>& legs, const std::vector<double>& modelCostUsd,
                     double overheadUsd) {
    double usd = overheadUsd;
    for (const RouteLeg& leg : legs)
        usd += leg.runs * modelCostUsd[static_cast<std::size_t>(leg.model)];
    return usd;
}

double routedQuality(const std::vector<RouteLeg>& legs, const std::vector<double>& modelQuality) {
    double q = 0;
    for (const RouteLeg& leg : legs)
        q += leg.answers * modelQuality[static_cast<std::size_t>(leg.model)];
    return q;
}

double savingsShare(double routedUsd, double baselineUsd) {
    return 1.0 - routedUsd / baselineUsd;
}

} // namespace tierlab::core
