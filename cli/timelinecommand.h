// SPDX-License-Identifier: MIT
// tierlab-cli timeline: one subscriber's replay through their tier's limits (docs/cli.md §11).
#pragma once

#include "scenarioload.h"

#include <string>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct TimelineArgs {
    ScenarioArgs scenario;
    std::string subscriber;
    bool heaviest = false;
    bool medianLossMaker = false;
    std::size_t show = 20; // rows of refused requests and full windows in the text output
};

CLI::App* addTimeline(CLI::App& app, TimelineArgs& a);
int runTimeline(const TimelineArgs& a);

} // namespace tierlab::cli
