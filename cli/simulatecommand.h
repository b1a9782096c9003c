// SPDX-License-Identifier: MIT
// tierlab-cli simulate: the capacity Monte Carlo of a scenario's capacity block
// (docs/capacity.md), optionally with the gap mixture fitted to an imported data set.
#pragma once

#include "scenarioload.h"

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct SimulateArgs {
    ScenarioArgs scenario;
    int users = 0;              // 0: the scenario's capacity.users
    bool findUsers = false;     // users per pod only
    int trials = 0;             // 0: the scenario's
    int weeks = 0;              // 0: the scenario's
    std::int64_t seed = -1;     // -1: the scenario's
    int threads = 0;            // 0: all cores
    std::string fitGapsDataset; // fit capacity.gaps to this data set of --workspace
};

CLI::App* addSimulate(CLI::App& app, SimulateArgs& a);
int runSimulate(const SimulateArgs& a);

} // namespace tierlab::cli
