// SPDX-License-Identifier: MIT
// Batch experiments, opportunity cost of idle pods (docs/model.md, "Batch and opportunity
// cost") and trends ("Trends").
#pragma once

#include "pricing.h"

namespace tierlab::core {

// N requests of a given size run under a tokens-per-minute rate limit.
struct BatchExperiment {
    double requests = 0;          // N, >= 0
    TokenCounts perRequest;       // tokens of one request; T = their total, > 0
    double tpmLimit = 0;          // L, tokens per minute, > 0
    double minutesPerRequest = 0; // latency of one request, >= 0
    bool batchPricing = true;     // revenue at the batch discount
    double pods = 1;              // pods held for the duration, >= 0
};

struct BatchResult {
    double minutes = 0;           // N T / L
    double requestsPerMinute = 0; // L / T
    double parallelStreams = 0;   // requests per minute x minutes per request
    double revenueUsd = 0;        // N x list value of one request (batch-discounted)
    double podCostUsd = 0;        // pods x pod-hour cost x hours
    double profitUsd = 0;
};

BatchResult batchExperiment(const BatchExperiment& b, const Price& price, double podHourUsd);

// Profit lost by holding pods for a workload at low utilization instead of production:
// (u_production - u_held) x 3600 / s x list value per request x pods x hours, USD.
// podSecondsPerRequest > 0.
double opportunityCostUsd(double pods, double hours, double heldUtilization,
                          double productionUtilization, double podSecondsPerRequest,
                          double listUsdPerRequest);

// Factor after `years` of a yearly relative change: (1 + rate)^years. A decline of 50 % a year
// is rate -0.5: $60 -> $30 -> $15 -> $7.50. rate > -1, years >= 0.
double compoundFactor(double ratePerYear, double years);

} // namespace tierlab::core
