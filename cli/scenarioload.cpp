// SPDX-License-Identifier: MIT
#include "scenarioload.h"

#include "scenario/overrides.h"
#include "store/datasetstore.h"
#include "store/workspace.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace tierlab::cli {

namespace {

// Loads the data set a scenario names from --workspace. False (with errors printed) on failure.
bool loadUsage(const ScenarioArgs& a, Loaded& loaded) {
    const core::Scenario& s = loaded.read.scenario;
    if (a.workspace.empty() || s.usage.source != core::UsageSource::Dataset)
        return true;
    try {
        auto ws = core::Workspace::open(a.workspace);
        core::Diagnostics diagnostics;
        loaded.usage = core::loadDatasetUsage(*ws, s, diagnostics);
        printDiagnostics(a.file, diagnostics);
        return !core::hasErrors(diagnostics);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return false;
    }
}

// Fills the curves the scenario's models name from --workspace. False (with errors printed)
// when one is missing.
bool loadCurves(const ScenarioArgs& a, Loaded& loaded) {
    core::Scenario& s = loaded.read.scenario;
    if (!core::namesStoredCurves(s))
        return true;
    if (a.workspace.empty()) {
        for (std::size_t i = 0; i < s.models.size(); ++i)
            if (s.models[i].served && !s.models[i].serving.curveName.empty())
                std::cerr << a.file << ": " << core::childPath("models", i)
                          << ".serving.curve: names the stored curve '"
                          << s.models[i].serving.curveName
                          << "': give the workspace that stores it with --workspace\n";
        return false;
    }
    try {
        auto ws = core::Workspace::open(a.workspace);
        const core::Diagnostics diagnostics = core::resolveCurves(s, ws->curves(), a.workspace);
        printDiagnostics(a.file, diagnostics);
        // Goal seek and sensitivity read the document again: give it the curves inline.
        loaded.doc = core::inlineStoredCurves(std::move(loaded.doc), s);
        return !core::hasErrors(diagnostics);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return false;
    }
}

} // namespace

void addScenarioArgs(CLI::App* cmd, ScenarioArgs& a, bool json) {
    cmd->add_option("scenario", a.file, "Scenario file (tierlab.scenario/1 JSON)")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--set", a.sets,
                    "Override one value by JSON path, e.g. --set tiers[0].price_usd_month=25 or "
                    "--set models[id=opus].price.input_per_mtok=5 (repeatable)")
        ->type_name("PATH=VALUE")
        ->allow_extra_args(false);
    cmd->add_option("--workspace", a.workspace,
                    "Workspace holding the data set the scenario's usage names and the "
                    "operating curves its models name")
        ->type_name("FILE.tierlab");
    if (json)
        cmd->add_flag("--json", a.json, "Print one JSON document (keys in docs/cli.md)");
}

void printDiagnostics(const std::string& file, const core::Diagnostics& diagnostics) {
    for (const core::Diagnostic& d : diagnostics)
        std::cerr << file << ": " << core::formatDiagnostic(d) << "\n";
}

std::optional<core::Json> loadDocument(const ScenarioArgs& a) {
    std::string error;
    const auto text = core::readTextFile(a.file, error);
    if (!text) {
        std::cerr << a.file << ": cannot read: " << error << "\n";
        return std::nullopt;
    }
    core::ParsedJson parsed = core::parseJsonText(*text);
    if (parsed.error) {
        printDiagnostics(a.file, {*parsed.error});
        return std::nullopt;
    }
    const core::Diagnostics setErrors = core::applyOverrides(parsed.doc, a.sets);
    if (!setErrors.empty()) {
        printDiagnostics(a.file, setErrors);
        return std::nullopt;
    }
    return std::move(parsed.doc);
}

std::optional<Loaded> readDocument(const ScenarioArgs& a, core::Json doc, bool withUsage) {
    Loaded out{std::move(doc), {}, std::nullopt};
    out.read = core::readScenario(out.doc);
    printDiagnostics(a.file, out.read.diagnostics);
    if (!out.read.ok() || !loadCurves(a, out) || (withUsage && !loadUsage(a, out)))
        return std::nullopt;
    return out;
}

std::optional<Loaded> load(const ScenarioArgs& a) {
    auto doc = loadDocument(a);
    if (!doc)
        return std::nullopt;
    return readDocument(a, std::move(*doc));
}

} // namespace tierlab::cli
