// SPDX-License-Identifier: MIT
#include "pricing.h"

#include "serving.h"

namespace tierlab::core {

namespace {
constexpr double kMillion = 1e6;
constexpr double kSecondsPerHour = 3600;
} // namespace

double listValueUsd(const Price& price, const TokenCounts& t, bool batch) {
    const double usd =
        (t.input * price.inputPerMtokUsd + t.output * price.outputPerMtokUsd +
         t.cacheRead * price.cacheReadPerMtokUsd + t.cacheWrite * price.cacheWritePerMtok()) /
        kMillion;
    return batch ? usd * (1.0 - price.batchDiscount) : usd;
}

double servingCostPerTokenUsd(double podHourUsd, double tokensPerS, double utilization) {
    return podHourUsd / (kSecondsPerHour * tokensPerS * utilization);
}

double servingCostPerRequestUsd(double podHourUsd, double podSeconds, double utilization) {
    return podHourUsd * podSeconds / (kSecondsPerHour * utilization);
}

std::optional<double> podSecondsFor(const ModelRate& rate, const TokenCounts& perRequest) {
    if (rate.servingInputPerMtokUsd)
        return std::nullopt;
    const double cached =
        rate.cacheReadTokensPerS ? perRequest.cacheRead / *rate.cacheReadTokensPerS : 0.0;
    return podSecondsPerRequest(perRequest.prefill(), perRequest.output, rate.prefillTokensPerS,
                                rate.decodeTokensPerS, rate.overlap) +
           cached;
}

double servingCostUsd(const ModelRate& rate, const TokenCounts& tokens, double requests) {
    if (rate.servingInputPerMtokUsd) {
        return (tokens.prefill() * *rate.servingInputPerMtokUsd +
                tokens.output * rate.servingOutputPerMtokUsd.value_or(0)) /
               kMillion;
    }
    if (requests <= 0)
        return 0;
    const double seconds = *podSecondsFor(rate, tokens.scaled(1.0 / requests));
    return requests * servingCostPerRequestUsd(rate.podHourUsd, seconds, rate.utilization) +
           tokens.cacheWrite * rate.cacheStorageUsdPerToken;
}

} // namespace tierlab::core
