// SPDX-License-Identifier: MIT
#include "datacommands.h"

#include "commands.h"
#include "format.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "usage/catalogs.h"
#include "usage/formats.h"
#include "usage/importer.h"
#include "usage/timestamp.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace tierlab::cli {

namespace {

using core::Json;

std::string formatIds() {
    std::string ids;
    for (const core::Format& f : core::builtInFormats())
        ids += (ids.empty() ? "" : ", ") + f.id;
    return ids;
}

std::string timeText(std::int64_t us, bool relative) {
    if (relative)
        return fmt::format("+{:.3f} s", double(us) / 1e6);
    return core::formatIsoSeconds(us);
}

std::string spanText(const core::DatasetSummary& d) {
    if (!d.firstUs || !d.lastUs)
        return "none (no time column)";
    const double hours = double(*d.lastUs - *d.firstUs) / 3.6e9;
    return timeText(*d.firstUs, d.relativeTime) + " .. " + timeText(*d.lastUs, d.relativeTime) +
           fmt::format(" ({} h)", number(hours, hours < 10 ? 2 : 0));
}

void printSummary(const core::DatasetSummary& d) {
    std::cout << fmt::format("{}  (format {}, imported {})\n", d.name, d.format, d.importedAt)
              << fmt::format("  source       {}\n", d.sourceFile)
              << fmt::format("  rows         {} read, {} skipped\n", number(double(d.rowsRead)),
                             number(double(d.rowsSkipped)))
              << fmt::format("  requests     {}\n", number(double(d.requests)))
              << fmt::format("  tokens       input {}, output {}, cache read {}, cache write {}\n",
                             number(double(d.inputTokens)), number(double(d.outputTokens)),
                             number(double(d.cacheReadTokens)), number(double(d.cacheWriteTokens)))
              << fmt::format("  subscribers  {}, models {}\n", number(double(d.subscribers)),
                             number(double(d.models)))
              << fmt::format("  aggregates   {} subscriber x model x channel x day rows\n",
                             number(double(d.dailyRows)))
              << fmt::format("  history      {}\n",
                             d.hasHistory ? "every request stored: limits are replayed over it"
                                          : "none: limits apply as a monthly bound (approximate)")
              << fmt::format("  time span    {}\n", spanText(d));
    for (const std::string& a : d.assumptions)
        std::cout << "  assumed      " << a << "\n";
    if (!d.skippedExamples.empty())
        std::cout << fmt::format("  skipped rows (first {}):\n", d.skippedExamples.size());
    for (const std::string& s : d.skippedExamples)
        std::cout << "    " << s << "\n";
}

Json summaryJson(const core::DatasetSummary& d) {
    const auto optional = [](const std::optional<std::int64_t>& v) {
        return v ? Json(*v) : Json(nullptr);
    };
    return {{"name", d.name},
            {"source_file", d.sourceFile},
            {"format", d.format},
            {"imported_at", d.importedAt},
            {"rows_read", d.rowsRead},
            {"rows_skipped", d.rowsSkipped},
            {"requests", d.requests},
            {"input_tokens", d.inputTokens},
            {"output_tokens", d.outputTokens},
            {"cache_read_tokens", d.cacheReadTokens},
            {"cache_write_tokens", d.cacheWriteTokens},
            {"subscribers", d.subscribers},
            {"models", d.models},
            {"daily_rows", d.dailyRows},
            {"first_us", optional(d.firstUs)},
            {"last_us", optional(d.lastUs)},
            {"relative_time", d.relativeTime},
            {"has_history", d.hasHistory},
            {"assumptions", d.assumptions},
            {"skipped_examples", d.skippedExamples}};
}

// A progress line on a terminal; nothing when stderr is a file or a pipe.
core::ProgressFn terminalProgress() {
    if (!::isatty(STDERR_FILENO))
        return {};
    return [](std::uint64_t done, std::uint64_t total) {
        if (total > 0)
            std::cerr << fmt::format("\rimporting: {:3.0f}% ({} of {} MB)", 100.0 * done / total,
                                     done >> 20, total >> 20)
                      << std::flush;
    };
}

std::unique_ptr<core::Workspace> openWorkspace(const std::string& path, bool create) {
    try {
        return create ? core::Workspace::openOrCreate(path) : core::Workspace::open(path);
    } catch (const core::WorkspaceError& e) {
        std::cerr << e.what() << "\n";
        return nullptr;
    }
}

} // namespace

CLI::App* addImport(CLI::App& app, ImportArgs& a) {
    auto* cmd = app.add_subcommand("import", "Import a usage file (CSV, .gz, JSON lines) into a "
                                             "workspace, created if missing");
    cmd->add_option("file", a.file, "Usage file")->required()->type_name("FILE");
    cmd->add_option("--workspace", a.workspace, "Workspace file (.tierlab)")->required();
    cmd->add_option("--format", a.format, "Format, instead of detecting it: " + formatIds());
    cmd->add_option("--name", a.name, "Data set name (default: the file name)");
    cmd->add_flag("--strict", a.strict, "Stop at the first bad row (default: skip and count)");
    cmd->add_flag("--no-history", a.noHistory,
                  "Keep only daily aggregates, not every request (limits then apply as a "
                  "monthly bound)");
    cmd->add_option("--map", a.map,
                    "Columns of any other CSV, e.g. user_id=customer,input_tokens=prompt_tokens,"
                    "output_tokens=completion_tokens,timestamp=ts")
        ->type_name("ROLE=COLUMN,...");
    return cmd;
}

CLI::App* addDatasets(CLI::App& app, DatasetsArgs& a) {
    auto* cmd = app.add_subcommand("datasets", "List the data sets of a workspace with their "
                                               "totals");
    cmd->add_option("--workspace", a.workspace, "Workspace file (.tierlab)")->required();
    cmd->add_flag("--json", a.json, "Print one JSON document");
    return cmd;
}

CLI::App* addCatalog(CLI::App& app, CatalogArgs& a) {
    auto* cmd = app.add_subcommand("catalog", "Price catalogs");
    cmd->require_subcommand(1);
    auto* import = cmd->add_subcommand("import", "Import LiteLLM's model_prices_and_context_"
                                                 "window.json or genai-prices' data.json");
    import->add_option("file", a.file, "Catalog file (JSON)")->required()->type_name("FILE");
    import->add_option("--workspace", a.workspace, "Workspace file (.tierlab)")->required();
    return import;
}

int runImport(const ImportArgs& a) {
    core::ImportOptions o;
    o.path = a.file;
    o.format = a.format;
    o.name = a.name;
    o.map = a.map;
    o.strict = a.strict;
    o.keepHistory = !a.noHistory;
    const core::ProgressFn progress = terminalProgress();
    core::ImportResult r;
    std::error_code ec;
    if (std::filesystem::exists(a.workspace, ec)) {
        auto ws = openWorkspace(a.workspace, false);
        if (!ws)
            return kExitInvalid;
        r = core::importUsage(*ws, o, progress);
    } else {
        // A new workspace is built with the data set in it and appears only when the import
        // succeeded: a failed import leaves no file behind.
        try {
            core::Workspace::create(a.workspace, [&](core::Workspace& ws) {
                r = core::importUsage(ws, o, progress);
                return r.ok;
            });
        } catch (const core::WorkspaceError& e) {
            std::cerr << e.what() << "\n";
            return kExitInvalid;
        }
    }
    if (progress)
        std::cerr << "\r\x1b[K" << std::flush;
    if (!r.ok) {
        std::cerr << r.error << "\n";
        return kExitInvalid;
    }
    printSummary(r.summary);
    return kExitOk;
}

int runDatasets(const DatasetsArgs& a) {
    auto ws = openWorkspace(a.workspace, false);
    if (!ws)
        return kExitInvalid;
    const auto all = ws->datasets();
    if (a.json) {
        Json list = Json::array();
        for (const core::DatasetSummary& d : all)
            list.push_back(summaryJson(d));
        std::cout << Json{{"datasets", list}}.dump(2) << "\n";
        return kExitOk;
    }
    if (all.empty())
        std::cout << a.workspace << ": no data sets (tierlab-cli import FILE --workspace "
                  << a.workspace << ")\n";
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i)
            std::cout << "\n";
        printSummary(all[i]);
    }
    return kExitOk;
}

int runCatalogImport(const CatalogArgs& a) {
    const core::CatalogFile file = core::readCatalogFile(a.file);
    if (!file.error.empty()) {
        std::cerr << a.file << ": " << file.error << "\n";
        return kExitInvalid;
    }
    const std::string& kind = file.kind;
    const core::CatalogRead& read = file.read;
    auto ws = openWorkspace(a.workspace, true);
    if (!ws)
        return kExitInvalid;
    {
        core::Transaction t(ws->db());
        ws->putCatalogPrices(read.prices, core::utcNow().substr(0, 10), a.file);
        t.commit();
    }
    std::cout << fmt::format("{}: {} prices from the {} catalog ({} entries skipped)\n", a.file,
                             read.prices.size(), kind, read.diagnostics.size());
    const std::string other = kind == "litellm" ? "genai-prices" : "litellm";
    const auto theirs = ws->catalogPrices(other);
    if (theirs.empty())
        return kExitOk;
    const auto diffs = core::comparePrices(read.prices, theirs, 0.01);
    std::cout << fmt::format("{} prices differ from the {} catalog by more than 1%:\n",
                             diffs.size(), other);
    for (const core::PriceDifference& d : diffs)
        std::cout << fmt::format("  {:<40} {:<11} {:>10} vs {:>10}  ({})\n", d.model, d.field,
                                 sig(d.a), sig(d.b), percent(d.relative));
    return kExitOk;
}

} // namespace tierlab::cli
