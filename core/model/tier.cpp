// SPDX-License-Identifier: MIT
#include "tier.h"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace tierlab::core {

namespace {
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

const ModelCap* capOn(const Tier& tier, int model) {
    for (const ModelCap& cap : tier.caps)
        if (cap.model == model)
            return &cap;
    return nullptr;
}

// Credit of a pool in USD of list value; token credits are valued at the typical request's
// list value per token.
double poolCreditUsd(const Pool& pool, double typicalListUsd, double typicalTokens) {
    if (pool.creditUsd)
        return *pool.creditUsd;
    return *pool.creditTokens * (typicalTokens > 0 ? typicalListUsd / typicalTokens : 0);
}
} // namespace

std::optional<double> maxMessagesPerMonth(const std::vector<MessageWindow>& windows,
                                          double hoursPerMonth) {
    std::optional<double> most;
    for (const MessageWindow& w : windows) {
        const double perMonth = w.messages * hoursPerMonth / w.hours;
        most = most ? std::min(*most, perMonth) : perMonth;
    }
    return most;
}

std::optional<FullUse> fullUse(const Tier& tier, double hoursPerMonth, double typicalListUsd,
                               const std::vector<double>& modelListUsd) {
    FullUse full;
    const double messages = maxMessagesPerMonth(tier.windows, hoursPerMonth).value_or(kUnbounded);
    double requests = messages;
    double value = messages * typicalListUsd;
    if (const ModelCap* cap = tier.typicalModel >= 0 ? capOn(tier, tier.typicalModel) : nullptr) {
        requests = std::min(messages, cap->perMonth);
        value = requests * typicalListUsd;
        if (tier.effective(cap->policy) == LimitPolicy::Fallback && messages > cap->perMonth) {
            const auto fallback = static_cast<std::size_t>(cap->fallbackModel);
            value += (messages - cap->perMonth) * modelListUsd[fallback];
            requests = messages;
        }
    }
    const double typicalTokens = tier.typicalRequest.total();
    for (const Pool& pool : tier.pools) {
        const double credit = poolCreditUsd(pool, typicalListUsd, typicalTokens);
        if (pool.channel == Channel::Interactive) {
            if (credit < value) {
                requests = typicalListUsd > 0 ? credit / typicalListUsd : 0;
                value = credit;
            }
        } else {
            full.poolUsd += credit;
        }
    }
    if (value == kUnbounded)
        return std::nullopt;
    full.interactiveRequests = requests;
    full.interactiveUsd = value;
    full.totalUsd = value + full.poolUsd;
    return full;
}

double breakevenUtilization(double priceUsdMonth, double fullUseUsd, double servingCostRatio) {
    return priceUsdMonth / (fullUseUsd * servingCostRatio);
}

} // namespace tierlab::core
