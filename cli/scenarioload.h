// SPDX-License-Identifier: MIT
// What every scenario subcommand does first (docs/cli.md section 1): read the file, parse it,
// apply --set, read and validate the scenario, load the data set it names.
#pragma once

#include "eval/evaluate.h"
#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"
#include "scenario/reader.h"

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tierlab::cli {

// Options every scenario command shares.
struct ScenarioArgs {
    std::string file;
    std::vector<std::string> sets;
    std::string workspace;
    bool json = false;
};

// Adds SCENARIO, --set, --workspace and (when `json`) --json to `cmd`.
void addScenarioArgs(CLI::App* cmd, ScenarioArgs& a, bool json = true);

// Prints each diagnostic as "FILE: PATH: reason" on standard error.
void printDiagnostics(const std::string& file, const core::Diagnostics& diagnostics);

struct Loaded {
    core::Json doc;
    core::ReadResult read;
    std::optional<core::UsageData> usage; // a workspace data set, when the scenario names one
};

// Reads and parses the file and applies the --set overrides; prints the first problem and
// returns nullopt on failure.
std::optional<core::Json> loadDocument(const ScenarioArgs& a);

// Reads and validates `doc` and, when `withUsage`, loads the data set it names from
// --workspace; prints every diagnostic. nullopt on any error.
std::optional<Loaded> readDocument(const ScenarioArgs& a, core::Json doc, bool withUsage = true);

// loadDocument then readDocument.
std::optional<Loaded> load(const ScenarioArgs& a);

} // namespace tierlab::cli
