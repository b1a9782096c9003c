// SPDX-License-Identifier: MIT
// The readable form of evaluation results.
#pragma once

#include "eval/results.h"
#include "scenario/scenario.h"

#include <string>

namespace tierlab::cli {

std::string renderResults(const core::Scenario& s, const core::Results& r);

} // namespace tierlab::cli
