// SPDX-License-Identifier: MIT
// Results as one JSON document: the contract of `tierlab-cli eval --json` (docs/cli.md) and
// the address space of result paths (`tiers[id=pro].breakeven_utilization`).
#pragma once

#include "results.h"
#include "scenario/jsonpath.h"

namespace tierlab::core {

inline constexpr const char* kResultsSchema = "tierlab.results/1";

Json resultsToJson(const Results& r);

} // namespace tierlab::core
