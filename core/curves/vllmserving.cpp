// SPDX-License-Identifier: MIT
// vLLM's benchmark_serving result JSON (benchmarks/benchmark_serving.py --save-result, also
// `vllm bench serve`): one run per file, or one per line with --append-result. Keys used:
// completed, total_input_tokens, total_output_tokens, output_throughput,
// total_token_throughput (tok/s, whole server), median_tpot_ms (else mean_tpot_ms),
// median_ttft_ms, p90_ttft_ms (with --metric-percentiles 90), median_e2el_ms,
// max_concurrency, model_id, backend, date; --metadata KEY=VALUE pairs are top-level keys.
#include "curveformats.h"

#include <fmt/format.h>

#include <cmath>

namespace tierlab::core::curves {

namespace {

// The first of these keys the document has, as text.
std::string firstText(const Json& doc, std::initializer_list<const char*> keys,
                      const std::string& file, const std::string& path) {
    for (const char* k : keys)
        if (auto s = optionalText(doc, k, file, path); !s.empty())
            return s;
    return {};
}

int gpusOf(const Json& doc, const CurveImportOptions& options, const std::string& file,
           const std::string& path) {
    for (const char* k : {"num_gpus", "gpus", "tp", "tensor_parallel_size"})
        if (const auto v = optionalNumber(doc, k, file, path)) {
            if (!(*v >= 1))
                fail(file, childPath(path, k), "the GPU count must be >= 1");
            return int(*v);
        }
    if (options.gpus)
        return *options.gpus;
    fail(file, path, "the GPU count is unknown: the result has no num_gpus, gpus, tp or "
                     "tensor_parallel_size key (benchmark_serving --metadata tp=N) and none "
                     "was given (--gpus N)");
}

Curve identityOf(const Json& doc, const CurveImportOptions& options, const std::string& file,
                 const std::string& path) {
    Curve c;
    c.model = firstText(doc, {"model_id", "model"}, file, path);
    if (c.model.empty())
        fail(file, childPath(path, "model_id"), "missing (the model is required)");
    c.hardware = firstText(doc, {"hardware", "gpu", "gpu_type"}, file, path);
    if (c.hardware.empty())
        c.hardware = options.hardware.empty() ? "unknown hardware" : options.hardware;
    c.engine = firstText(doc, {"engine"}, file, path);
    if (c.engine.empty())
        c.engine = "vLLM bench (" + firstText(doc, {"backend"}, file, path) + ")";
    c.precision = firstText(doc, {"precision", "dtype", "quantization"}, file, path);
    return c;
}

CurvePoint readRun(const Json& doc, const CurveImportOptions& options, const std::string& file,
                   const std::string& path) {
    CurvePoint pt;
    const double completed = requireNumber(doc, "completed", file, path);
    if (!(completed >= 1))
        fail(file, childPath(path, "completed"), "no request completed");
    pt.gpus = gpusOf(doc, options, file, path);
    pt.parallelism = optionalNumber(doc, "tp", file, path) ? fmt::format("TP{}", pt.gpus)
                                                           : fmt::format("{} GPUs", pt.gpus);
    // Mean lengths, rounded so that runs of one sweep share a length config.
    pt.inputTokens = std::round(requireNumber(doc, "total_input_tokens", file, path) / completed);
    pt.outputTokens = std::round(requireNumber(doc, "total_output_tokens", file, path) / completed);
    pt.outputTokensPerSPerGpu = requireNumber(doc, "output_throughput", file, path) / pt.gpus;
    if (const auto total = optionalNumber(doc, "total_token_throughput", file, path))
        pt.totalTokensPerSPerGpu = *total / pt.gpus;
    auto tpot = optionalNumber(doc, "median_tpot_ms", file, path);
    if (!tpot)
        tpot = optionalNumber(doc, "mean_tpot_ms", file, path);
    if (!tpot || !(*tpot > 0))
        fail(file, childPath(path, "median_tpot_ms"), "missing or not > 0");
    pt.tokensPerSPerUser = 1000.0 / *tpot;
    auto seconds = [&](const char* key) -> std::optional<double> {
        if (const auto ms = optionalNumber(doc, key, file, path))
            return *ms / 1000.0;
        return std::nullopt;
    };
    pt.ttftMedianS = seconds("median_ttft_ms");
    pt.ttftP90S = seconds("p90_ttft_ms");
    pt.e2eLatencyS = seconds("median_e2el_ms");
    if (const auto conc = optionalNumber(doc, "max_concurrency", file, path))
        pt.concurrency = int(*conc);
    pt.precision = identityOf(doc, options, file, path).precision;
    pt.source = {file, path.empty() ? std::string("(document)") : path,
                 optionalText(doc, "date", file, path)};
    return pt;
}

} // namespace

std::vector<Curve> readVllmServing(const std::vector<VllmDoc>& docs, const std::string& file,
                                   const CurveImportOptions& options) {
    std::vector<Curve> curves;
    for (const VllmDoc& d : docs) {
        if (!d.doc.is_object())
            fail(file, d.place, "not a benchmark result object");
        addPoint(curves, identityOf(d.doc, options, file, d.place),
                 readRun(d.doc, options, file, d.place));
    }
    return curves;
}

} // namespace tierlab::core::curves
