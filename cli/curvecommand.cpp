// SPDX-License-Identifier: MIT
#include "curvecommand.h"

#include "commands.h"
#include "curves/curveimport.h"
#include "format.h"
#include "scenario/jsonpath.h"
#include "table.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

namespace tierlab::cli {

namespace {

using core::Curve;
using core::CurvePoint;
using core::Json;

Json optionalJson(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json pointJson(const CurvePoint& p) {
    Json j;
    j["kind"] = core::pointKindName(p.kind);
    j["input_tokens"] = p.inputTokens;
    j["output_tokens"] = p.outputTokens;
    j["concurrency"] = p.concurrency ? Json(*p.concurrency) : Json(nullptr);
    j["gpus"] = p.gpus;
    j["parallelism"] = p.parallelism;
    j["precision"] = p.precision;
    j["tokens_per_s_per_user"] = optionalJson(p.tokensPerSPerUser);
    j["output_tokens_per_s_per_gpu"] = optionalJson(p.outputTokensPerSPerGpu);
    j["total_tokens_per_s_per_gpu"] = optionalJson(p.totalTokensPerSPerGpu);
    j["ttft_median_s"] = optionalJson(p.ttftMedianS);
    j["ttft_p90_s"] = optionalJson(p.ttftP90S);
    j["e2e_latency_s"] = optionalJson(p.e2eLatencyS);
    j["source"] = {{"file", p.source.file}, {"location", p.source.location}, {"date", p.source.date}};
    return j;
}

Json curveJson(const Curve& c) {
    Json j;
    j["model"] = c.model;
    j["hardware"] = c.hardware;
    j["engine"] = c.engine;
    j["precision"] = c.precision;
    j["config"] = c.config;
    j["throughput_basis"] = core::throughputBasisName(core::throughputBasis(c));
    j["points"] = Json::array();
    for (const CurvePoint& p : c.points)
        j["points"].push_back(pointJson(p));
    return j;
}

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

std::optional<core::SpeedTarget> targetOf(const CurveArgs& a) {
    if (!a.minTps)
        return std::nullopt;
    return core::SpeedTarget{*a.minTps, a.maxTtftP90S};
}

void printCurve(const Curve& c, const CurveArgs& a) {
    std::cout << core::describeCurve(c) << fmt::format("  [{} points, ranked by {}]\n",
                                                       c.points.size(),
                                                       core::throughputBasisName(
                                                           core::throughputBasis(c)));
    const auto target = targetOf(a);
    if (!target) {
        Table t = pointTable();
        for (const CurvePoint& p : c.points)
            addPointRow(t, p);
        std::cout << t.render() << "\n";
        return;
    }
    const auto best = core::cheapestPointMeeting(c, *target, a.inputTokens, a.outputTokens);
    if (!best.ok()) {
        std::cout << "  " << best.error << "\n\n";
        return;
    }
    std::cout << fmt::format("  cheapest point {} at {:g}/{:g} tokens:\n",
                             core::describeTarget(*target), a.inputTokens, a.outputTokens);
    Table t = pointTable();
    addPointRow(t, *best.value);
    std::cout << t.render() << "  source: " << best.value->source.file << " "
              << best.value->source.location << "\n\n";
}

bool selected(const Curve& c, const CurveArgs& a) {
    return (a.model.empty() || c.model.find(a.model) != std::string::npos) &&
           (a.onHardware.empty() || c.hardware == a.onHardware);
}

} // namespace

CLI::App* addCurve(CLI::App& app, CurveArgs& a) {
    auto* curve = app.add_subcommand("curve", "Operating curves from measured benchmark files");
    curve->require_subcommand(1);
    auto* show = curve->add_subcommand(
        "show", "Print the curves of benchmark files (InferenceX dashboard JSON or agg_bmk.json, "
                "AIConfigurator silicon CSV, vLLM benchmark_serving JSON); files with the same "
                "model and hardware make one curve");
    show->add_option("FILE", a.files, "Benchmark file(s)")->required();
    show->add_flag("--json", a.json, "Print JSON");
    show->add_option("--format", a.format,
                     "inferencex-dashboard, inferencex-agg-bmk, aiconfigurator-silicon or "
                     "vllm-serving (default: from the content)");
    show->add_option("--hardware", a.hardware, "Hardware of vLLM results, which name none");
    show->add_option("--gpus", a.gpus, "GPUs of the server of vLLM results")
        ->check(CLI::Range(1, 100000));
    show->add_option("--model", a.model, "Only curves whose model contains this text");
    show->add_option("--on", a.onHardware, "Only curves on this hardware, e.g. h200");
    show->add_option("--min-tps", a.minTps,
                     "Speed target: print each curve's cheapest point with at least this many "
                     "output tokens/s per user");
    show->add_option("--max-ttft-p90", a.maxTtftP90S, "Speed target: TTFT p90 at most S seconds")
        ->type_name("S");
    show->add_option("--isl", a.inputTokens, "Input tokens per request for --min-tps");
    show->add_option("--osl", a.outputTokens, "Output tokens per request for --min-tps");
    return curve;
}

int runCurve(const CurveArgs& a) {
    core::CurveImportOptions options;
    if (!a.format.empty() && !(options.format = core::curveFormatFromName(a.format))) {
        std::cerr << "--format: unknown format " << a.format << "\n";
        return kExitUsage;
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
            core::mergeCurves(curves, std::move(imported.curves));
        }
    } catch (const core::CurveImportError& e) {
        std::cerr << e.what() << "\n";
        return kExitInvalid;
    }
    std::erase_if(curves, [&](const Curve& c) { return !selected(c, a); });
    if (a.json) {
        Json out = Json::array();
        for (const Curve& c : curves) {
            Json j = curveJson(c);
            if (const auto target = targetOf(a)) {
                const auto best = core::cheapestPointMeeting(c, *target, a.inputTokens, a.outputTokens);
                j["cheapest"] = best.ok() ? pointJson(*best.value) : Json{{"error", best.error}};
            }
            out.push_back(std::move(j));
        }
        std::cout << out.dump(2) << "\n";
        return kExitOk;
    }
    for (const Curve& c : curves)
        printCurve(c, a);
    return kExitOk;
}

} // namespace tierlab::cli
