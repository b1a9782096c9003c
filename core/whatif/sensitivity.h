// SPDX-License-Identifier: MIT
// Sensitivity: how far one result swings when each input moves by +-X % (a tornado chart).
#pragma once

#include "eval/evaluate.h"
#include "scenario/jsonpath.h"

#include <string>
#include <vector>

namespace tierlab::core {

struct SensitivityRow {
    std::string input;     // canonical input path
    double base = 0;       // input value in the scenario
    double low = 0;        // input moved down (clamped to its valid range)
    double high = 0;       // input moved up (clamped)
    double resultLow = 0;  // result at low
    double resultHigh = 0; // result at high
    double swing = 0;      // |resultHigh - resultLow|
    std::string note;      // clamping or a side that made the scenario invalid
};

struct SensitivityResult {
    bool ok = false;
    std::string error;
    std::string result; // the result path
    double baseResult = 0;
    double deltaShare = 0.1;
    std::vector<SensitivityRow> rows; // largest swing first
    int evaluations = 0;
};

// Moves each input by +-delta (0.1 = 10 %) of its value, clamped to its valid range, and
// records the result at both ends. `inputs` empty means every continuous numeric input set
// in the scenario other than capacity settings and seeds, leaving out those that cannot move
// alone (shares that must sum to 1). Inputs at 0 do not move; whole-number inputs are
// refused.
SensitivityResult sensitivity(const Json& doc, const std::string& resultPath,
                              const std::vector<std::string>& inputs, double deltaShare,
                              const UsageData* usage = nullptr);

} // namespace tierlab::core
