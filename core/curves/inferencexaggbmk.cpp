// SPDX-License-Identifier: MIT
// InferenceX raw benchmark rows (agg_bmk.json): a JSON array, one object per run with its
// identity (hw, model, framework, precision, spec_decoding, disagg, isl, osl, conc), its
// topology (tp, ep, dp_attention or the prefill_/decode_ keys) and its metrics, either at the
// top level or under "metrics" (later versions): tput_per_gpu, output_tput_per_gpu,
// median_intvty, median_ttft, p90_ttft, median_e2el (latencies in seconds).
#include "curveformats.h"

#include <fmt/format.h>

namespace tierlab::core::curves {

namespace {

int count(const Json& row, std::string_view key, const std::string& file, const std::string& path) {
    return int(optionalNumber(row, key, file, path).value_or(0));
}

Curve identityOf(const Json& row, const std::string& file, const std::string& path) {
    Curve c;
    c.model = optionalText(row, "model", file, path);
    c.hardware = optionalText(row, "hw", file, path);
    if (c.model.empty() || c.hardware.empty())
        fail(file, path, "model and hw are required");
    c.engine = optionalText(row, "framework", file, path);
    c.precision = optionalText(row, "precision", file, path);
    const bool disagg = optionalFlag(row, "disagg", file, path);
    std::string spec = optionalText(row, "spec_decoding", file, path);
    if (spec == "none" || spec == "false" || spec == "False")
        spec.clear();
    c.config = disagg ? "disaggregated" : "";
    if (!spec.empty())
        c.config += std::string(c.config.empty() ? "" : ", ") + spec;
    return c;
}

void readTopology(const Json& row, bool disagg, CurvePoint& pt, const std::string& file,
                  const std::string& path) {
    if (disagg) {
        pt.gpus = count(row, "num_prefill_gpu", file, path) + count(row, "num_decode_gpu", file, path);
        pt.parallelism = fmt::format("prefill {}x TP{} EP{} + decode {}x TP{} EP{}",
                                     count(row, "prefill_num_workers", file, path),
                                     count(row, "prefill_tp", file, path),
                                     count(row, "prefill_ep", file, path),
                                     count(row, "decode_num_workers", file, path),
                                     count(row, "decode_tp", file, path),
                                     count(row, "decode_ep", file, path));
        return;
    }
    pt.gpus = int(requireNumber(row, "tp", file, path));
    pt.parallelism = fmt::format("TP{}", pt.gpus);
    if (const int ep = count(row, "ep", file, path); ep > 1)
        pt.parallelism += fmt::format(" EP{}", ep);
    if (optionalFlag(row, "dp_attention", file, path))
        pt.parallelism += " DP-attn";
}

CurvePoint readRow(const Json& row, bool disagg, const std::string& file, const std::string& path) {
    const bool nested = row.contains("metrics") && row["metrics"].is_object();
    const Json& m = nested ? row["metrics"] : row;
    const std::string mpath = nested ? childPath(path, "metrics") : path;
    CurvePoint pt;
    pt.totalTokensPerSPerGpu = requireNumber(m, "tput_per_gpu", file, mpath);
    pt.outputTokensPerSPerGpu = optionalNumber(m, "output_tput_per_gpu", file, mpath);
    pt.tokensPerSPerUser = optionalNumber(m, "median_intvty", file, mpath);
    if (!pt.tokensPerSPerUser)
        if (const auto tpot = optionalNumber(m, "median_tpot", file, mpath); tpot && *tpot > 0)
            pt.tokensPerSPerUser = 1.0 / *tpot;
    pt.ttftMedianS = optionalNumber(m, "median_ttft", file, mpath);
    pt.ttftP90S = optionalNumber(m, "p90_ttft", file, mpath);
    pt.e2eLatencyS = optionalNumber(m, "median_e2el", file, mpath);
    if (const auto conc = optionalNumber(row, "conc", file, path))
        pt.concurrency = int(*conc);
    pt.inputTokens = requireNumber(row, "isl", file, path);
    pt.outputTokens = requireNumber(row, "osl", file, path);
    pt.precision = optionalText(row, "precision", file, path);
    readTopology(row, disagg, pt, file, path);
    pt.source = {file, path, optionalText(row, "date", file, path)};
    return pt;
}

} // namespace

std::vector<Curve> readInferenceXAggBmk(const Json& doc, const std::string& file) {
    if (!doc.is_array())
        fail(file, "", "not an array of benchmark rows");
    std::vector<Curve> curves;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const std::string path = childPath("", i);
        if (!doc[i].is_object())
            fail(file, path, "not an object");
        const Curve like = identityOf(doc[i], file, path);
        addPoint(curves, like, readRow(doc[i], like.config.find("disagg") == 0, file, path));
    }
    return curves;
}

} // namespace tierlab::core::curves
