// SPDX-License-Identifier: MIT
// Cost per token and per request, list value from a price catalog (docs/model.md, "Cost per
// token and per request" and "API price catalogs and pricing of usage").
#pragma once

#include <optional>
#include <string>

namespace tierlab::core {

// Token counts of one request or of many (sums). Input excludes cached tokens: cache reads and
// cache writes are counted on their own, as the providers' usage exports do.
struct TokenCounts {
    double input = 0;
    double output = 0;
    double cacheRead = 0;
    double cacheWrite = 0;

    double total() const { return input + output + cacheRead + cacheWrite; }
    // Tokens the pod must prefill: cache reads are served from the KV cache, not recomputed.
    double prefill() const { return input + cacheWrite; }
    TokenCounts scaled(double f) const {
        return {input * f, output * f, cacheRead * f, cacheWrite * f};
    }
    TokenCounts& operator+=(const TokenCounts& o) {
        input += o.input;
        output += o.output;
        cacheRead += o.cacheRead;
        cacheWrite += o.cacheWrite;
        return *this;
    }
};

// API list prices of one model, USD per million tokens (all >= 0).
struct Price {
    double inputPerMtokUsd = 0;
    double outputPerMtokUsd = 0;
    double cacheReadPerMtokUsd = 0;
    double cacheWritePerMtokUsd = 0;
    double batchDiscount = 0; // share off for batch requests, 0 <= d < 1
    std::string asOf;         // date the price was read, ISO 8601
    std::string source;       // where it was read
    // Cache writes kept an hour instead of five minutes (Anthropic lists them at 2x input,
    // the 5-minute ones at 1.25x): their price, and the share of cache writes at it
    // (usage.cache_write_1h_share; exports do not yet tell the two apart per request).
    double cacheWrite1hPerMtokUsd = 0;
    double cacheWrite1hShare = 0;
    double cacheWritePerMtok() const {
        return cacheWrite1hShare > 0
                   ? (1 - cacheWrite1hShare) * cacheWritePerMtokUsd +
                         cacheWrite1hShare * cacheWrite1hPerMtokUsd
                   : cacheWritePerMtokUsd;
    }
};

// List value of tokens at API prices, USD: (I p_in + O p_out + R p_cr + W p_cw) / 1e6.
// Batch requests get (1 - batch discount) of that.
double listValueUsd(const Price& price, const TokenCounts& tokens, bool batch = false);

// Serving cost of one token, USD: C / (3600 x tokens per second x u).
// podHourUsd > 0, tokensPerS > 0, 0 < utilization <= 1.
double servingCostPerTokenUsd(double podHourUsd, double tokensPerS, double utilization);

// Serving cost of one request, USD: C x s / (3600 x u), s in pod-seconds.
double servingCostPerRequestUsd(double podHourUsd, double podSeconds, double utilization);

// Everything needed to price tokens of one model, at list price and at serving cost.
// Serving cost comes from the pod (podHourUsd, utilization, throughputs) unless the user typed
// measured costs per million tokens, which then override the chain above them.
struct ModelRate {
    Price price;
    double podHourUsd = 0;
    double utilization = 1;
    double prefillTokensPerS = 0;
    double decodeTokensPerS = 0;
    bool overlap = true;
    // Cache-read tokens per pod-second: the KV a cached prefix occupies and is read from at
    // each decode step (the roofline at a speed); none: cache reads cost nothing to serve.
    std::optional<double> cacheReadTokensPerS;
    // Storage of each cache write's KV while it waits for reuse (a prefix cache in HBM, host
    // memory or SSD): USD per cache-write token, added to its serving cost.
    double cacheStorageUsdPerToken = 0;
    std::optional<double> servingInputPerMtokUsd;  // measured override
    std::optional<double> servingOutputPerMtokUsd; // measured override
    double quality = 1;
};

// Serving cost of `requests` requests that together carry `tokens`, USD. With the pod chain,
// each request is taken at the mean size (tokens / requests); exact when prefill and decode do
// not overlap, an approximation of the per-request max() when they do. requests >= 0.
double servingCostUsd(const ModelRate& rate, const TokenCounts& tokens, double requests);

// Pod-seconds per request of the given size; nullopt when costs are typed in per token.
std::optional<double> podSecondsFor(const ModelRate& rate, const TokenCounts& perRequest);

} // namespace tierlab::core
