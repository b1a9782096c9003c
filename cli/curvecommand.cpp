// SPDX-License-Identifier: MIT
#include "curvecommand.h"

#include "commands.h"
#include "curves/curveimport.h"
#include "format.h"
#include "scenario/jsonpath.h"
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
    std::cout << fmt::format("  cheapest point at {:g}/{:g} tokens{}:\n", a.inputTokens,
                             a.outputTokens,
                             a.maxTtftP90S ? fmt::format(", TTFT p90 <= {:g} s", *a.maxTtftP90S)
                                           : std::string());
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
                     "Speed targets: print each curve's cheapest point with at least this many "
                     "output tokens/s per user (several: 30,40,50)")
        ->delimiter(',');
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
            for (double tps : a.minTps) {
                const core::SpeedTarget target{tps, a.maxTtftP90S};
                const auto best =
                    core::cheapestPointMeeting(c, target, a.inputTokens, a.outputTokens);
                Json pick = best.ok() ? pointJson(*best.value) : Json{{"error", best.error}};
                j["cheapest"].push_back({{"target", core::describeTarget(target)},
                                         {"point", std::move(pick)}});
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
