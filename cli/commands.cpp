// SPDX-License-Identifier: MIT
#include "commands.h"

#include "curvecommand.h"
#include "datacommands.h"
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "evaltables.h"
#include "format.h"
#include "generatecommand.h"
#include "report/reportbuilder.h"
#include "report/reportrender.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "scenarioload.h"
#include "simulatecommand.h"
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "table.h"
#include "tierlab/version.h"
#include "timelinecommand.h"
#include "whatif/goalseek.h"
#include "whatif/sensitivity.h"

#ifdef TIERLAB_HAS_PDF
#include "report/pdfreport.h"
#endif

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>

namespace tierlab::cli {

namespace {

using core::Json;

// Loads and evaluates; prints diagnostics. nullopt on any error.
std::optional<std::pair<Loaded, core::EvalOutcome>> loadAndEvaluate(const ScenarioArgs& a) {
    auto loaded = load(a);
    if (!loaded)
        return std::nullopt;
    const core::UsageData* usage = loaded->usage ? &*loaded->usage : nullptr;
    core::EvalOutcome outcome = core::evaluate(loaded->read.scenario, usage);
    printDiagnostics(a.file, outcome.diagnostics);
    if (!outcome.ok())
        return std::nullopt;
    return std::pair{std::move(*loaded), std::move(outcome)};
}

// Writes a scenario document atomically; prints the reason on failure.
bool writeScenario(const std::string& path, const Json& doc) {
    std::string error;
    if (core::writeTextFileAtomic(path, core::writeJsonText(doc), error))
        return true;
    std::cerr << path << ": cannot write: " << error << "\n";
    return false;
}

int runEval(const ScenarioArgs& a) {
    const auto done = loadAndEvaluate(a);
    if (!done)
        return kExitInvalid;
    const auto& [loaded, outcome] = *done;
    if (a.json)
        std::cout << core::resultsToJson(outcome.results).dump(2) << "\n";
    else
        std::cout << renderResults(loaded.read.scenario, outcome.results);
    return kExitOk;
}

int runValidate(const ScenarioArgs& a, const std::string& writeTo) {
    const auto done = loadAndEvaluate(a);
    if (!done)
        return kExitInvalid;
    std::size_t warnings = done->first.read.diagnostics.size();
    if (!writeTo.empty() && !writeScenario(writeTo, done->first.doc))
        return kExitInvalid;
    std::cout << a.file << ": valid" << (warnings ? fmt::format(" ({} warnings)", warnings) : "")
              << "\n";
    return kExitOk;
}

struct GoalSeekArgs {
    std::string vary;
    std::string result;
    double target = 0;
    std::string writeTo;
};

int runGoalSeek(const ScenarioArgs& a, const GoalSeekArgs& g) {
    const auto loaded = load(a);
    if (!loaded)
        return kExitInvalid;
    const core::GoalSeekResult r = core::goalSeek(loaded->doc, {g.vary, g.result, g.target},
                                                  loaded->usage ? &*loaded->usage : nullptr);
    if (!r.ok) {
        std::cerr << a.file << ": goal-seek: " << r.error << "\n";
        return kExitInvalid;
    }
    if (!g.writeTo.empty() && !writeScenario(g.writeTo, r.solvedDocument))
        return kExitInvalid;
    if (a.json) {
        const Json j = {{"input", r.input},
                        {"original_value", r.originalValue},
                        {"solved_value", r.solvedValue},
                        {"result", g.result},
                        {"target", g.target},
                        {"achieved_result", r.achievedResult},
                        {"evaluations", r.evaluations}};
        std::cout << j.dump(2) << "\n";
        return kExitOk;
    }
    std::cout << fmt::format(
        "{} = {} (was {})\n{} = {} (target {}), {} evaluations\n", r.input,
        fmt::format("{:.10g}", r.solvedValue), fmt::format("{:.10g}", r.originalValue), g.result,
        fmt::format("{:.10g}", r.achievedResult), fmt::format("{:.10g}", g.target), r.evaluations);
    return kExitOk;
}

struct SensitivityArgs {
    std::string result;
    std::vector<std::string> inputs;
    double deltaPercent = 10;
    std::size_t top = 20;
};

int runSensitivity(const ScenarioArgs& a, const SensitivityArgs& s) {
    const auto loaded = load(a);
    if (!loaded)
        return kExitInvalid;
    const core::SensitivityResult r =
        core::sensitivity(loaded->doc, s.result, s.inputs, s.deltaPercent / 100.0,
                          loaded->usage ? &*loaded->usage : nullptr);
    if (!r.ok) {
        std::cerr << a.file << ": sensitivity: " << r.error << "\n";
        return kExitInvalid;
    }
    if (a.json) {
        Json rows = Json::array();
        for (const core::SensitivityRow& row : r.rows)
            rows.push_back({{"input", row.input},
                            {"base", row.base},
                            {"low", row.low},
                            {"high", row.high},
                            {"result_low", row.resultLow},
                            {"result_high", row.resultHigh},
                            {"swing", row.swing},
                            {"note", row.note}});
        const Json j = {{"result", r.result},
                        {"base_result", r.baseResult},
                        {"delta", r.deltaShare},
                        {"rows", rows},
                        {"evaluations", r.evaluations}};
        std::cout << j.dump(2) << "\n";
        return kExitOk;
    }
    Table t(
        {"<input", "value", "low", "high", "result at low", "result at high", "swing", "<note"});
    for (std::size_t k = 0; k < r.rows.size() && k < s.top; ++k) {
        const core::SensitivityRow& row = r.rows[k];
        t.addRow({row.input, sig(row.base), sig(row.low), sig(row.high), sig(row.resultLow),
                  sig(row.resultHigh), sig(row.swing), row.note});
    }
    std::cout << fmt::format("{} = {} at base; each input moved by +-{}%\n", r.result,
                             sig(r.baseResult), sig(s.deltaPercent))
              << t.render();
    if (r.rows.size() > s.top)
        std::cout << fmt::format("  ({} more inputs; --top N shows more)\n", r.rows.size() - s.top);
    return kExitOk;
}

struct ReportArgs {
    std::string out;
    std::string date;
    bool simulate = false; // add the capacity section: simulate the capacity block
};

// Writes a report in the format the output's extension names (atomically).
bool writeReport(const core::ReportContent& content, core::ReportFormat format,
                 const std::string& out, std::string& error) {
    if (format != core::ReportFormat::Pdf)
        return core::writeReportFile(content, format, out, error);
#ifdef TIERLAB_HAS_PDF
    return gui::writePdfReport(content, out, error);
#else
    error = "this build has no PDF support (built without Qt); write .html, .xlsx or .csv";
    return false;
#endif
}

int runReport(const ScenarioArgs& a, const ReportArgs& r) {
    const auto format = core::reportFormatOf(r.out);
    if (!format) {
        std::cerr << r.out << ": unknown report format; use .pdf, .html, .xlsx or .csv\n";
        return kExitUsage;
    }
#ifndef TIERLAB_HAS_PDF
    if (*format == core::ReportFormat::Pdf) {
        std::cerr << r.out << ": this build has no PDF support (built without Qt); "
                  << "write .html, .xlsx or .csv\n";
        return kExitInvalid;
    }
#endif
    const auto done = loadAndEvaluate(a);
    if (!done)
        return kExitInvalid;
    const auto& [loaded, outcome] = *done;
    core::ReportOptions options{r.date, {}};
    core::SimParams params;
    core::CapacityResult capacity;
    if (r.simulate) {
        if (!loaded.read.scenario.capacity) {
            std::cerr << a.file
                      << ": capacity: no capacity block to simulate (docs/scenario.md section "
                         "12)\n";
            return kExitInvalid;
        }
        params = core::simParamsFromScenario(loaded.read.scenario);
        capacity = core::runCapacity(params);
        options.capacity = &capacity;
        options.capacityParams = &params;
    }
    const auto timeline =
        core::reportTimeline(loaded.read.scenario, loaded.usage ? &*loaded.usage : nullptr);
    options.timeline = timeline ? &*timeline : nullptr;
    const core::ReportContent content =
        core::buildReport(loaded.doc, loaded.read.scenario, outcome.results, options);
    std::string error;
    if (!writeReport(content, *format, r.out, error)) {
        std::cerr << r.out << ": cannot write: " << error << "\n";
        return kExitInvalid;
    }
    std::cout << r.out << ": tier report written\n";
    return kExitOk;
}

// Every subcommand's arguments, filled by CLI11.
struct Args {
    ScenarioArgs eval, validate, seek, sens, report;
    ReportArgs reportArgs;
    ImportArgs import;
    DatasetsArgs datasets;
    CatalogArgs catalog;
    std::string writeTo; // validate --write
    GoalSeekArgs goal;
    SensitivityArgs sensitivity;
    SimulateArgs simulate;
    CurveArgs curve;
    TimelineArgs timeline;
    GenerateArgs generate;
};

CLI::App* addValidate(CLI::App& app, Args& a) {
    auto* cmd = app.add_subcommand("validate", "Check a scenario: every error with its JSON "
                                               "path; exit 1 if it has any");
    addScenarioArgs(cmd, a.validate, false);
    cmd->add_option("--write", a.writeTo, "Write the scenario (after --set) to FILE")
        ->type_name("FILE");
    return cmd;
}

CLI::App* addGoalSeek(CLI::App& app, Args& a) {
    auto* cmd =
        app.add_subcommand("goal-seek", "Solve one input so that one result reaches a target");
    addScenarioArgs(cmd, a.seek);
    cmd->add_option("--vary", a.goal.vary, "Input to solve, by JSON path")->required();
    cmd->add_option("--result", a.goal.result,
                    "Result to drive, by JSON path in the eval --json document")
        ->required();
    cmd->add_option("--target", a.goal.target, "Value the result must reach")->required();
    cmd->add_option("--write", a.goal.writeTo, "Write the scenario with the solved value to FILE")
        ->type_name("FILE");
    return cmd;
}

CLI::App* addSensitivity(CLI::App& app, Args& a) {
    auto* cmd = app.add_subcommand("sensitivity", "Swing of one result when each input moves "
                                                  "by +-X% (tornado data)");
    addScenarioArgs(cmd, a.sens);
    cmd->add_option("--result", a.sensitivity.result, "Result to watch, by JSON path")->required();
    cmd->add_option("--input", a.sensitivity.inputs,
                    "Input to move (repeatable); default: every continuous input set in the "
                    "scenario")
        ->allow_extra_args(false);
    cmd->add_option("--delta", a.sensitivity.deltaPercent, "Move each input by this percentage")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--top", a.sensitivity.top, "Rows to print");
    return cmd;
}

CLI::App* addReport(CLI::App& app, Args& a) {
    auto* cmd = app.add_subcommand("report", "Write a tier report of a scenario: PDF, HTML, XLSX "
                                             "or CSV (the per-tier table), by the extension of "
                                             "--out");
    addScenarioArgs(cmd, a.report, false);
    cmd->add_option("--out", a.reportArgs.out, "Report file: .pdf, .html, .xlsx or .csv")
        ->required()
        ->type_name("FILE");
    cmd->add_flag("--simulate", a.reportArgs.simulate,
                  "Add a Capacity section: simulate the scenario's capacity block (its trials "
                  "and weeks)");
    cmd->add_option("--date", a.reportArgs.date,
                    "Date on the title page (default: today, UTC), e.g. 2026-01-31")
        ->type_name("YYYY-MM-DD");
    return cmd;
}

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"TierLab: the economics of serving large language models, from GPU pods to "
                 "subscription tier margins."};
    app.name("tierlab-cli");
    app.set_version_flag("--version", std::string("tierlab-cli ") + kVersion);
    app.require_subcommand(1);
    Args a;
    auto* eval = app.add_subcommand("eval", "Evaluate a scenario and print its results");
    addScenarioArgs(eval, a.eval);
    auto* validate = addValidate(app, a);
    auto* goal = addGoalSeek(app, a);
    auto* sensitivity = addSensitivity(app, a);
    auto* simulate = addSimulate(app, a.simulate);
    auto* report = addReport(app, a);
    auto* import = addImport(app, a.import);
    auto* datasets = addDatasets(app, a.datasets);
    auto* catalogImport = addCatalog(app, a.catalog);
    auto* curve = addCurve(app, a.curve);
    auto* timeline = addTimeline(app, a.timeline);
    auto* generate = addGenerate(app, a.generate);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (eval->parsed())
        return runEval(a.eval);
    if (validate->parsed())
        return runValidate(a.validate, a.writeTo);
    if (goal->parsed())
        return runGoalSeek(a.seek, a.goal);
    if (sensitivity->parsed())
        return runSensitivity(a.sens, a.sensitivity);
    if (simulate->parsed())
        return runSimulate(a.simulate);
    if (report->parsed())
        return runReport(a.report, a.reportArgs);
    if (import->parsed())
        return runImport(a.import);
    if (datasets->parsed())
        return runDatasets(a.datasets);
    if (catalogImport->parsed())
        return runCatalogImport(a.catalog);
    if (curve->parsed())
        return runCurve(a.curve);
    if (timeline->parsed())
        return runTimeline(a.timeline);
    if (generate->parsed())
        return runGenerate(a.generate);
    return kExitUsage;
}

} // namespace tierlab::cli
