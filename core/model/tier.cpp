// SPDX-License-Identifier: MIT
#include "tier.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>

namespace tierlab::core {

namespace {
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

bool holdsTypical(const LimitScope& scope, int model) {
    if (scope.channel && *scope.channel != Channel::Interactive)
        return false;
    return scope.models.empty() ||
           std::find(scope.models.begin(), scope.models.end(), model) != scope.models.end();
}

// A unit's amount for one typical request.
double typicalAmount(LimitUnit unit, const TokenWeights& w, const TokenCounts& t,
                     double listUsd, double servingUsd) {
    switch (unit) {
    case LimitUnit::Messages: return 1;
    case LimitUnit::Tokens:
        return w.input * t.input + w.output * t.output + w.cacheRead * t.cacheRead +
               w.cacheWrite * t.cacheWrite;
    case LimitUnit::ListUsd: return listUsd;
    case LimitUnit::Compute: return servingUsd;
    }
    return 0;
}
} // namespace

void addLegacyLimits(Tier& tier, const std::string& tierPath) {
    std::vector<Limit> limits;
    for (std::size_t w = 0; w < tier.windows.size(); ++w) {
        Limit l;
        l.label = "windows[" + std::to_string(w) + "]";
        l.path = tierPath + "." + l.label;
        l.kind = LimitKind::Sliding;
        l.hours = tier.windows[w].hours;
        l.amount = tier.windows[w].messages;
        l.scope.channel = Channel::Interactive;
        limits.push_back(l);
    }
    for (std::size_t c = 0; c < tier.caps.size(); ++c) {
        const ModelCap& cap = tier.caps[c];
        Limit l;
        l.label = "model_caps[" + std::to_string(c) + "]";
        l.path = tierPath + "." + l.label;
        l.kind = LimitKind::Monthly;
        l.anchor = PeriodAnchor::FirstUse;
        l.amount = cap.perMonth;
        l.scope.models = {cap.model};
        l.policy = cap.policy;
        l.fallbackModel = cap.fallbackModel;
        limits.push_back(l);
    }
    tier.limits.insert(tier.limits.begin(), limits.begin(), limits.end());
    std::vector<CreditPool> pools;
    for (std::size_t p = 0; p < tier.pools.size(); ++p) {
        const Pool& pool = tier.pools[p];
        CreditPool c;
        c.label = "pools[" + std::to_string(p) + "]";
        c.path = tierPath + "." + c.label;
        c.unit = pool.creditUsd ? LimitUnit::ListUsd : LimitUnit::Tokens;
        c.grant = pool.creditUsd ? *pool.creditUsd : pool.creditTokens.value_or(0);
        c.period = LimitKind::Monthly;
        c.anchor = PeriodAnchor::FirstUse;
        c.scope.channel = pool.channel;
        c.policy = pool.policy;
        pools.push_back(c);
    }
    tier.creditPools.insert(tier.creditPools.begin(), pools.begin(), pools.end());
}

double periodsPerMonth(LimitKind kind, double hours, double hoursPerMonth) {
    switch (kind) {
    case LimitKind::Sliding:
    case LimitKind::Session: return hoursPerMonth / hours;
    case LimitKind::Daily: return hoursPerMonth / 24;
    case LimitKind::Weekly: return hoursPerMonth / 168;
    case LimitKind::Monthly: return 1;
    }
    return 1;
}

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
                               const std::vector<double>& modelListUsd,
                               double typicalServingUsd) {
    FullUse full;
    const int model = tier.typicalModel;
    const TokenCounts& typical = tier.typicalRequest;
    const auto bound = [&](const auto& l, double amount, LimitKind kind, double hours) {
        const double per =
            typicalAmount(l.unit, l.weights, typical, typicalListUsd, typicalServingUsd);
        return per > 0 ? amount * periodsPerMonth(kind, hours, hoursPerMonth) / per : kUnbounded;
    };
    double messages = kUnbounded;
    const Limit* fallback = nullptr;
    for (const Limit& l : tier.limits) {
        if (!holdsTypical(l.scope, model))
            continue;
        if (tier.effective(l.policy) == LimitPolicy::Fallback)
            fallback = fallback ? fallback : &l;
        else
            messages = std::min(messages, bound(l, l.amount, l.kind, l.hours));
    }
    double requests = messages;
    double value = messages * typicalListUsd;
    if (fallback) {
        const double onTypical = bound(*fallback, fallback->amount, fallback->kind, fallback->hours);
        if (messages > onTypical) {
            value = onTypical * typicalListUsd;
            if (messages != kUnbounded)
                value += (messages - onTypical) *
                         modelListUsd[static_cast<std::size_t>(fallback->fallbackModel)];
            else
                value = kUnbounded;
        }
    }
    for (const CreditPool& pool : tier.creditPools) {
        // The grant a month, at list value: token credits at the typical request's list
        // value per token, serving dollars at its list value per serving dollar.
        const double per =
            typicalAmount(pool.unit, pool.weights, typical, typicalListUsd, typicalServingUsd);
        const double grant = pool.grant * periodsPerMonth(pool.period, 0, hoursPerMonth);
        const double credit = per > 0 ? grant * typicalListUsd / per : 0;
        if (holdsTypical(pool.scope, model)) {
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
