// SPDX-License-Identifier: MIT
// A capacity run as one JSON document: the contract of `tierlab-cli simulate --json`
// (docs/cli.md section 8) and the address space of capacity result paths
// (`users_per_pod`, `autoscaling.extra_pod_hours_per_week`), as resultsToJson is for an
// evaluation. Parameters carry the names of the scenario's capacity keys (docs/scenario.md
// section 12: `slots`, `rate_limit.requests_per_min`, `autoscaling.cold_start_min`) and
// figures the names of CapacityResult's fields in snake case (`exceed_probability`,
// `mean_concurrency`), so a path reads the same in the scenario, the code and the output.
//
// It lives in sim/ rather than beside eval/resultsjson.h because eval/ may not include sim/
// (docs/architecture.md, "Include direction").
#pragma once

#include "scenario/jsonpath.h"
#include "sim/capacity.h"

#include <string>
#include <vector>

namespace tierlab::core {

struct DatasetGapFit;

inline constexpr const char* kCapacitySchema = "tierlab.capacity/1";

// The scenario's name and the parameters simulated, then the figures at p.users (when
// p.figuresAtUsers: otherwise CapacityResult leaves them empty) and, with `usersPerPod`, users per
// pod and the curve of P(exceed) against users. An Estimate is `name` with its 95 % interval in
// `name_interval` as [low, high].
Json capacityToJson(const std::string& scenario, const SimParams& p, const CapacityResult& r,
                    bool usersPerPod = true);

// A gap mixture fitted to data set `dataset` (fitDatasetGaps), as `simulate --fit-gaps` shows
// it under `gap_fit`.
Json gapFitToJson(const DatasetGapFit& fit, const std::string& dataset);

// The smallest concurrency whose cumulative share of time reaches q (CapacityResult's
// concurrencyShare); -1 for an empty share.
int concurrencyQuantile(const std::vector<double>& share, double q);

} // namespace tierlab::core
