// SPDX-License-Identifier: MIT
#include "curvecommand.h"

#include "commands.h"
#include "curves/curveimport.h"
#include "curves/curvejson.h"
#include "curves/operating.h"
#include "curves/validation.h"
#include "format.h"
#include "scenario/jsonpath.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "store/embedded.h"
#include "store/workspace.h"
#include "table.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <tuple>

namespace tierlab::cli {

namespace {

using core::Curve;
using core::CurvePoint;
using core::Json;

std::string cell(const std::optional<double>& v, int decimals) {
    return v ? number(*v, decimals) : "-";
}

Table pointTable() {
    return Table({"<kind", "in/out", "conc", "<parallelism", "tok/s/user", "out tok/s/GPU",
                  "total tok/s/GPU", "TTFT med s", "TTFT p90 s", "<source"});
}

void addPointRow(Table& t, const CurvePoint& p) {
    t.addRow({core::pointKindName(p.kind), fmt::format("{:g}/{:g}", p.inputTokens, p.outputTokens),
              p.concurrency ? std::to_string(*p.concurrency) : "-", p.parallelism,
              cell(p.tokensPerSPerUser, 1), cell(p.outputTokensPerSPerGpu, 0),
              cell(p.totalTokensPerSPerGpu, 0), cell(p.ttftMedianS, 3), cell(p.ttftP90S, 3),
              p.source.location + (p.source.date.empty() ? "" : " (" + p.source.date + ")")});
}

// The points in reading order: by lengths, then speed per user.
std::vector<CurvePoint> sortedPoints(const Curve& c) {
    std::vector<CurvePoint> pts = c.points;
    auto key = [](const CurvePoint& p) {
        return std::tuple(p.inputTokens, p.outputTokens, p.tokensPerSPerUser.value_or(0),
                          p.e2eLatencyS.value_or(0));
    };
    std::stable_sort(pts.begin(), pts.end(),
                     [&](const CurvePoint& a, const CurvePoint& b) { return key(a) < key(b); });
    return pts;
}

// The distinct files the points come from.
std::string filesOf(const Curve& c) {
    std::vector<std::string> files;
    for (const CurvePoint& p : c.points)
        if (std::find(files.begin(), files.end(), p.source.file) == files.end())
            files.push_back(p.source.file);
    std::string s;
    for (const std::string& f : files)
        s += "  file: " + f + "\n";
    return s;
}

void printCheapest(const Curve& c, const CurveArgs& a) {
    Table t({"target tok/s/user", "<kind", "tok/s/user", "out tok/s/GPU", "total tok/s/GPU",
             "TTFT p90 s", "<parallelism", "<source"});
    std::vector<std::string> errors;
    for (double tps : a.minTps) {
        const core::SpeedTarget target{tps, a.maxTtftP90S};
        const auto best = core::cheapestPointMeeting(c, target, a.inputTokens, a.outputTokens);
        if (!best.ok()) {
            errors.push_back(best.error);
            continue;
        }
        const CurvePoint& p = *best.value;
        t.addRow({number(tps, 1), core::pointKindName(p.kind), cell(p.tokensPerSPerUser, 1),
                  cell(p.outputTokensPerSPerGpu, 0), cell(p.totalTokensPerSPerGpu, 0),
                  cell(p.ttftP90S, 3), p.parallelism, p.source.location});
    }
    std::cout << fmt::format(
        "  cheapest point at {:g}/{:g} tokens{}:\n", a.inputTokens, a.outputTokens,
        a.maxTtftP90S ? fmt::format(", TTFT p90 <= {:g} s", *a.maxTtftP90S) : std::string());
    std::cout << t.render();
    for (const std::string& e : errors)
        std::cout << "  " << e << "\n";
    std::cout << "\n";
}

void printCurve(const Curve& c, const CurveArgs& a) {
    std::cout << core::describeCurve(c)
              << fmt::format("  [{} points, ranked by {}]\n", c.points.size(),
                             core::throughputBasisName(core::throughputBasis(c)))
              << filesOf(c);
    if (!a.minTps.empty()) {
        printCheapest(c, a);
        return;
    }
    Table t = pointTable();
    for (const CurvePoint& p : sortedPoints(c))
        addPointRow(t, p);
    std::cout << t.render() << "\n";
}

bool selected(const Curve& c, const CurveArgs& a) {
    return (a.model.empty() || c.model.find(a.model) != std::string::npos) &&
           (a.onHardware.empty() || c.hardware == a.onHardware);
}

} // namespace

namespace {

void addReadOptions(CLI::App* cmd, CurveArgs& a) {
    cmd->add_option("--format", a.format,
                    "inferencex-dashboard, inferencex-agg-bmk, aiconfigurator-silicon or "
                    "vllm-serving (default: from the content)");
    cmd->add_option("--hardware", a.hardware, "Hardware of vLLM results, which name none");
    cmd->add_option("--gpus", a.gpus, "GPUs of the server of vLLM results")
        ->check(CLI::Range(1, 100000));
}

void addFilters(CLI::App* cmd, CurveArgs& a) {
    cmd->add_option("--model", a.model, "Only curves whose model contains this text");
    cmd->add_option("--on", a.onHardware, "Only curves on this hardware, e.g. h200");
}

} // namespace

CLI::App* addCurve(CLI::App& app, CurveArgs& a) {
    auto* curve = app.add_subcommand("curve", "Operating curves from measured benchmark files");
    curve->require_subcommand(1);
    auto* show = curve->add_subcommand(
        "show", "Print the curves of benchmark files (InferenceX dashboard JSON or agg_bmk.json, "
                "AIConfigurator silicon CSV, vLLM benchmark_serving JSON), or with --workspace "
                "and no file the curves stored there; files with the same model and hardware "
                "make one curve");
    show->add_option("FILE", a.files, "Benchmark file(s)");
    show->add_option("--workspace", a.workspace, "Show the curves stored in this workspace");
    show->add_flag("--json", a.json, "Print JSON");
    addReadOptions(show, a);
    addFilters(show, a);
    show->add_option("--min-tps", a.minTps,
                     "Speed targets: print each curve's cheapest point with at least this many "
                     "output tokens/s per user (several: 30,40,50)")
        ->delimiter(',');
    show->add_option("--max-ttft-p90", a.maxTtftP90S, "Speed target: TTFT p90 at most S seconds")
        ->type_name("S");
    show->add_option("--isl", a.inputTokens, "Input tokens per request for --min-tps");
    show->add_option("--osl", a.outputTokens, "Output tokens per request for --min-tps");
    show->callback([&a] { a.action = "show"; });

    auto* importCmd = curve->add_subcommand(
        "import", "Read benchmark files and store their curves in the workspace (one "
                  "transaction: a file that does not read stores nothing); a curve of the same "
                  "name is replaced");
    importCmd->add_option("FILE", a.files, "Benchmark file(s)")->required();
    importCmd->add_option("--workspace", a.workspace, "Workspace (.tierlab), created if missing")
        ->required();
    addReadOptions(importCmd, a);
    addFilters(importCmd, a);
    importCmd->callback([&a] { a.action = "import"; });

    auto* compare = curve->add_subcommand(
        "compare", "The roofline against measured points: for each measured frontier point, the "
                   "output tokens/s per GPU TierLab models at the same speed per user, lengths "
                   "and GPU count, and the ratio (docs/validation.md)");
    compare->add_option("FILE", a.files, "Benchmark file(s)")->required();
    compare
        ->add_option("--shapes", a.shapes,
                     "Model shapes (JSON: models[] with curve_model and the roofline keys; "
                     "data/validation/shapes.json)")
        ->required();
    compare->add_option("--mfu", a.mfu, "Achieved share of peak FLOPS")
        ->check(CLI::Range(0.01, 1.0));
    compare->add_option("--mbu", a.mbu, "Achieved share of HBM bandwidth")
        ->check(CLI::Range(0.01, 1.0));
    compare
        ->add_option("--length-share", a.lengthShare,
                     "Mean request lengths as a share of the nominal (InferenceX: 0.9)")
        ->check(CLI::Range(0.01, 1.0));
    compare
        ->add_option("--layer-overhead-us", a.layerOverheadUs,
                     "Fixed time per layer of each decode step, microseconds")
        ->check(CLI::Range(0.0, 10000.0));
    compare
        ->add_option("--parallel-overhead-us", a.parallelOverheadUs,
                     "Added per layer and step when an instance has several GPUs "
                     "(tensor-parallel all-reduces), microseconds")
        ->check(CLI::Range(0.0, 10000.0));
    compare->add_flag("--json", a.json, "Print JSON");
    compare->add_flag("--markdown", a.markdown, "Print Markdown tables");
    addReadOptions(compare, a);
    addFilters(compare, a);
    compare->callback([&a] { a.action = "compare"; });

    auto* list = curve->add_subcommand("list", "The curves stored in a workspace");
    list->add_option("--workspace", a.workspace, "Workspace (.tierlab)")->required();
    list->add_flag("--json", a.json, "Print JSON");
    addFilters(list, a);
    list->callback([&a] { a.action = "list"; });
    return curve;
}

namespace {

// The curves of the files named, merged; nullopt (after printing why) on any error.
std::optional<std::vector<Curve>> readFiles(const CurveArgs& a, std::string& formatName) {
    core::CurveImportOptions options;
    if (!a.format.empty() && !(options.format = core::curveFormatFromName(a.format))) {
        std::cerr << "--format: unknown format " << a.format << "\n";
        return std::nullopt;
    }
    options.hardware = a.hardware;
    if (a.gpus > 0)
        options.gpus = a.gpus;
    std::vector<Curve> curves;
    try {
        for (const std::string& file : a.files) {
            core::CurveImport imported = core::importCurveFile(file, options);
            for (const std::string& note : imported.notes)
                std::cerr << file << ": note: " << note << "\n";
            const std::string name = core::curveFormatName(imported.format);
            formatName = formatName.empty() || formatName == name ? name : "mixed";
            core::mergeCurves(curves, std::move(imported.curves));
        }
    } catch (const core::CurveImportError& e) {
        std::cerr << e.what() << "\n";
        return std::nullopt;
    }
    std::erase_if(curves, [&](const Curve& c) { return !selected(c, a); });
    return curves;
}

void printJson(const std::vector<Curve>& curves, const CurveArgs& a) {
    Json out = Json::array();
    for (const Curve& c : curves) {
        Json j = core::curveToJson(c);
        for (double tps : a.minTps) {
            const core::SpeedTarget target{tps, a.maxTtftP90S};
            const auto best = core::cheapestPointMeeting(c, target, a.inputTokens, a.outputTokens);
            Json pick =
                best.ok() ? core::curvePointToJson(*best.value) : Json{{"error", best.error}};
            j["cheapest"].push_back(
                {{"target", core::describeTarget(target)}, {"point", std::move(pick)}});
        }
        out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
}

int importCurves(const CurveArgs& a) {
    std::string format;
    auto curves = readFiles(a, format);
    if (!curves)
        return kExitInvalid;
    if (curves->empty()) {
        std::cerr << "no curve to store"
                  << (a.model.empty() && a.onHardware.empty()
                          ? " (the files hold no operating point)"
                          : " (--model/--on matched none)")
                  << "\n";
        return kExitInvalid;
    }
    try {
        auto ws = core::Workspace::openOrCreate(a.workspace);
        core::Transaction t(ws->db());
        std::vector<std::string> names;
        for (const Curve& c : *curves)
            names.push_back(ws->putCurve(c, format));
        t.commit();
        for (std::size_t i = 0; i < names.size(); ++i)
            std::cout << fmt::format("stored '{}': {} points\n", names[i],
                                     (*curves)[i].points.size());
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return kExitInvalid;
    }
    return kExitOk;
}

std::optional<std::vector<core::StoredCurve>> storedCurves(const CurveArgs& a) {
    try {
        auto ws = core::Workspace::open(a.workspace);
        auto stored = ws->curves();
        std::erase_if(stored, [&](const core::StoredCurve& c) { return !selected(c.curve, a); });
        return stored;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return std::nullopt;
    }
}

int listCurves(const CurveArgs& a) {
    const auto stored = storedCurves(a);
    if (!stored)
        return kExitInvalid;
    if (a.json) {
        Json out = Json::array();
        for (const core::StoredCurve& c : *stored)
            out.push_back(
                {{"name", c.name},
                 {"format", c.format},
                 {"source_files", c.sourceFiles},
                 {"imported_at", c.importedAt},
                 {"points", c.curve.points.size()},
                 {"throughput_basis", core::throughputBasisName(core::throughputBasis(c.curve))}});
        std::cout << out.dump(2) << "\n";
        return kExitOk;
    }
    Table t({"<name", "points", "<format", "<imported"});
    for (const core::StoredCurve& c : *stored)
        t.addRow({c.name, std::to_string(c.curve.points.size()), c.format, c.importedAt});
    std::cout << t.render();
    return kExitOk;
}

struct Shape {
    std::string curveModel;
    core::ModelShape shape;
};

// The shapes file; nullopt (after printing FILE: PATH: reason) when it does not read.
std::optional<std::vector<Shape>> readShapes(const std::string& file) {
    std::string error;
    const auto text = core::readTextFile(file, error);
    if (!text) {
        std::cerr << file << ": cannot read: " << error << "\n";
        return std::nullopt;
    }
    const core::ParsedJson parsed = core::parseJsonText(*text);
    if (parsed.error) {
        std::cerr << file << ": " << core::formatDiagnostic(*parsed.error) << "\n";
        return std::nullopt;
    }
    core::Diagnostics d;
    core::FieldIndex fields;
    core::ReadContext ctx{d, fields};
    core::ObjectReader root(&parsed.doc, "", ctx);
    root.accept({"description"});
    std::vector<Shape> out;
    const Json* models = root.child("models");
    if (!models || !models->is_array())
        ctx.error("models", "must be an array of model shapes");
    for (std::size_t i = 0; models && models->is_array() && i < models->size(); ++i) {
        core::ObjectReader r(&(*models)[i], core::childPath("models", i), ctx);
        Shape s;
        s.curveModel = r.requiredString("curve_model").value_or("");
        r.accept({"source"});
        core::ModelShape& m = s.shape;
        m.paramsB = r.requiredNumber("params_b", core::Range::above(0));
        m.activeParamsB = r.number("active_params_b", m.paramsB, core::Range::above(0));
        m.experts = r.integer("experts", 0, core::Range::wholeAtLeast(0));
        m.activeExperts = r.integer("active_experts", 0, core::Range::wholeAtLeast(0));
        m.sharedParamsB = r.number("shared_params_b", 0, core::Range::atLeast(0));
        m.kvBytesPerToken = r.requiredNumber("kv_bytes_per_token", core::Range::above(0));
        m.attentionFlopsPerContextToken =
            r.number("attention_flops_per_context_token", 0, core::Range::atLeast(0));
        m.layers = r.integer("layers", 0, core::Range::wholeAtLeast(0));
        if (m.experts > 0 && (m.activeExperts < 1 || m.activeExperts > m.experts))
            ctx.error(r.pathOf("active_experts"), "must be between 1 and experts");
        out.push_back(std::move(s));
    }
    for (const core::Diagnostic& x : d)
        std::cerr << file << ": " << core::formatDiagnostic(x) << "\n";
    if (core::hasErrors(d))
        return std::nullopt;
    return out;
}

// The catalog's accelerators (data/catalog/accelerators.json).
std::vector<core::Accelerator> catalogAccelerators() {
    for (const core::EmbeddedFile& f : core::embeddedFiles())
        if (f.path == "catalog/accelerators.json")
            return core::readScenario(core::parseJsonText(f.text).doc).scenario.accelerators;
    return {};
}

std::string ratioCell(const std::optional<double>& r) {
    return r ? number(*r, 2) : "-";
}

int validateCurves(const CurveArgs& a) {
    std::string format;
    auto curves = readFiles(a, format);
    if (!curves)
        return kExitInvalid;
    const auto shapes = readShapes(a.shapes);
    if (!shapes)
        return kExitInvalid;
    const std::vector<core::Accelerator> accelerators = catalogAccelerators();
    core::ValidationOptions options{
        a.mfu, a.mbu, 0.9, a.layerOverheadUs * 1e-6, a.parallelOverheadUs * 1e-6, a.lengthShare};
    std::vector<double> ratios;
    Json out = Json::array();
    std::vector<std::string> skipped;
    for (const Curve& c : *curves) {
        const auto shape = std::find_if(shapes->begin(), shapes->end(),
                                        [&](const Shape& s) { return s.curveModel == c.model; });
        const auto accel =
            std::find_if(accelerators.begin(), accelerators.end(), [&](const core::Accelerator& x) {
                return core::sameHardware(c.hardware, x.id);
            });
        if (shape == shapes->end() || accel == accelerators.end() || !c.config.empty()) {
            skipped.push_back(core::describeCurve(c) +
                              (shape == shapes->end()        ? ": no shape for this model"
                               : accel == accelerators.end() ? ": hardware not in the catalog"
                                                             : ": " + c.config + " not modelled"));
            continue;
        }
        const auto rows = core::validateCurve(c, shape->shape, *accel, options);
        Table t({"in/out", "GPUs", "batch", "tok/s/user", "modelled", "out tok/s/GPU", "modelled",
                 "ratio", "<bound", "<source", "<note"});
        for (const core::ValidationRow& r : rows) {
            if (r.ratio)
                ratios.push_back(*r.ratio);
            t.addRow({fmt::format("{:g}/{:g}", r.inputTokens, r.outputTokens),
                      std::to_string(r.gpus), r.ratio ? number(r.batch, 0) : "-",
                      number(r.measuredTokensPerSPerUser, 1),
                      r.modelledTokensPerSPerUser ? number(*r.modelledTokensPerSPerUser, 1) : "-",
                      number(r.measuredOutputPerGpu, 0),
                      r.modelledOutputPerGpu ? number(*r.modelledOutputPerGpu, 0) : "-",
                      ratioCell(r.ratio), r.ratio ? (r.memoryBound ? "memory" : "compute") : "",
                      r.source, r.note});
            out.push_back(
                {{"curve", r.curve},
                 {"input_tokens", r.inputTokens},
                 {"output_tokens", r.outputTokens},
                 {"gpus", r.gpus},
                 {"measured_tokens_per_s_per_user", r.measuredTokensPerSPerUser},
                 {"measured_output_tokens_per_s_per_gpu", r.measuredOutputPerGpu},
                 {"modelled_tokens_per_s_per_user",
                  r.modelledTokensPerSPerUser ? Json(*r.modelledTokensPerSPerUser) : Json()},
                 {"modelled_output_tokens_per_s_per_gpu",
                  r.modelledOutputPerGpu ? Json(*r.modelledOutputPerGpu) : Json()},
                 {"ratio", r.ratio ? Json(*r.ratio) : Json()},
                 {"batch", r.batch},
                 {"memory_bound", r.memoryBound},
                 {"source", r.source},
                 {"note", r.note}});
        }
        if (a.json)
            continue;
        if (a.markdown)
            std::cout << "\n**" << core::describeCurve(c) << "** (" << accel->id << ")\n\n"
                      << t.renderMarkdown();
        else
            std::cout << core::describeCurve(c) << "\n" << t.render() << "\n";
    }
    std::sort(ratios.begin(), ratios.end());
    const auto median =
        ratios.empty() ? 0.0 : (ratios[(ratios.size() - 1) / 2] + ratios[ratios.size() / 2]) / 2;
    double worst = 1;
    for (double r : ratios)
        if (std::abs(std::log(r)) > std::abs(std::log(worst)))
            worst = r;
    std::size_t within2 = 0;
    for (double r : ratios)
        within2 += (r >= 0.5 && r <= 2) ? 1 : 0;
    if (a.json) {
        std::cout << Json{{"rows", out},
                          {"median_ratio", ratios.empty() ? Json() : Json(median)},
                          {"worst_ratio", ratios.empty() ? Json() : Json(worst)},
                          {"compared", ratios.size()},
                          {"within_2x", within2},
                          {"skipped", skipped}}
                         .dump(2)
                  << "\n";
        return kExitOk;
    }
    std::cout << fmt::format("\n{} points compared: median ratio {:.2f}, worst {:.2f}, {} within "
                             "a factor of 2 (mfu {:g}, mbu {:g}, lengths x {:g}, step overhead "
                             "{:g} + {:g} us per layer)\n",
                             ratios.size(), median, worst, within2, a.mfu, a.mbu, a.lengthShare,
                             a.layerOverheadUs, a.parallelOverheadUs);
    for (const std::string& s : skipped)
        std::cout << "  skipped: " << s << "\n";
    return kExitOk;
}

} // namespace

int runCurve(const CurveArgs& a) {
    if (a.action == "compare")
        return validateCurves(a);
    if (a.action == "import")
        return importCurves(a);
    if (a.action == "list")
        return listCurves(a);
    std::vector<Curve> curves;
    if (a.files.empty()) {
        if (a.workspace.empty()) {
            std::cerr << "curve show: give benchmark FILE(s), or --workspace W for its curves\n";
            return kExitUsage;
        }
        const auto stored = storedCurves(a);
        if (!stored)
            return kExitInvalid;
        for (const core::StoredCurve& c : *stored)
            curves.push_back(c.curve);
    } else {
        std::string format;
        auto read = readFiles(a, format);
        if (!read)
            return kExitInvalid;
        curves = std::move(*read);
    }
    if (a.json) {
        printJson(curves, a);
        return kExitOk;
    }
    for (const Curve& c : curves)
        printCurve(c, a);
    return kExitOk;
}

} // namespace tierlab::cli
