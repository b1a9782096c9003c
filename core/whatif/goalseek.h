// SPDX-License-Identifier: MIT
// Goal seek: the value of one numeric input that makes one numeric result reach a target.
#pragma once

#include "eval/evaluate.h"
#include "scenario/jsonpath.h"

#include <string>

namespace tierlab::core {

struct GoalSeekRequest {
    std::string inputPath;  // e.g. tiers[id=pro].price_usd_month
    std::string resultPath; // e.g. tiers[id=pro].population.margin_usd
    double target = 0;
};

struct GoalSeekResult {
    bool ok = false;
    std::string error; // why not, when !ok
    std::string input; // canonical input path
    double originalValue = 0;
    double solvedValue = 0;
    double achievedResult = 0; // the result evaluated at solvedValue
    double searchedMin = 0;    // the part of the input's valid range searched
    double searchedMax = 0;
    double reachableMin = 0; // results seen over that part (for the error)
    double reachableMax = 0;
    int evaluations = 0;
    Json solvedDocument; // the scenario with the solved value written in
};

// Samples the input over its valid range (a linear grid when the range is bounded, a
// logarithmic one when not), brackets the sign change of result - target nearest the current
// value, and refines it with Boost.Math's TOMS 748 root finder to full double precision.
// When no sample crosses the target, reports the range of results it reached.
GoalSeekResult goalSeek(const Json& doc, const GoalSeekRequest& request,
                        const UsageData* usage = nullptr);

} // namespace tierlab::core
