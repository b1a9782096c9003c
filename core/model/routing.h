// SPDX-License-Identifier: MIT
// Routing mixes and cascades (docs/model.md, "Routing").
#pragma once

#include <vector>

namespace tierlab::core {

// One model's part in a routed request: how many times it runs per request (a mix share, or
// the probability that a cascade reaches its stage) and the probability that it gives the
// final answer (for expected quality).
struct RouteLeg {
    int model = -1;     // index into the scenario's models
    double runs = 0;    // expected runs per routed request, >= 0
    double answers = 0; // probability this model's answer is the one returned
};

// A mix: fraction f_m of requests to each model (fractions >= 0, summing to 1).
// Each leg runs f_m times per request and answers with probability f_m.
std::vector<RouteLeg> mixLegs(const std::vector<int>& models, const std::vector<double>& shares);

// A cascade: stage 1 always runs; stage k+1 runs with probability e_1 ... e_k. The last
// stage's escalation is ignored (it must answer). escalate[k] in [0, 1].
// Expected cost c1 + e1 (c2 + e2 (c3 + ...)) follows by weighting each stage by its runs.
std::vector<RouteLeg> cascadeLegs(const std::vector<int>& models,
                                  const std::vector<double>& escalate);

// Expected cost of one routed request, given each model's cost of the request, plus a
// router overhead per request (USD).
double routedCostUsd(const std::vector<RouteLeg>& legs, const std::vector<double>& modelCostUsd,
                     double overheadUsd);

// Expected quality: sum over legs of P(answers) x quality of its model.
double routedQuality(const std::vector<RouteLeg>& legs, const std::vector<double>& modelQuality);

// Savings against a baseline cost: 1 - routed / baseline (baseline > 0).
double savingsShare(double routedUsd, double baselineUsd);

} // namespace tierlab::core
