// SPDX-License-Identifier: MIT
#include "curvejson.h"

namespace tierlab::core {

namespace {

Json optionalJson(const std::optional<double>& v) {
    return v ? Json(*v) : Json(nullptr);
}

} // namespace

Json curvePointToJson(const CurvePoint& p) {
    Json j;
    j["kind"] = pointKindName(p.kind);
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
    j["source"] = {
        {"file", p.source.file}, {"location", p.source.location}, {"date", p.source.date}};
    return j;
}

Json curveToJson(const Curve& c) {
    Json j;
    j["model"] = c.model;
    j["hardware"] = c.hardware;
    j["engine"] = c.engine;
    j["precision"] = c.precision;
    j["config"] = c.config;
    j["throughput_basis"] = throughputBasisName(throughputBasis(c));
    j["points"] = Json::array();
    for (const CurvePoint& p : c.points)
        j["points"].push_back(curvePointToJson(p));
    return j;
}

std::optional<Curve> readCurveJson(const Json& node, const std::string& path, ReadContext& ctx) {
    const std::size_t errorsBefore = errorCount(ctx.diagnostics);
    ObjectReader r(&node, path, ctx);
    if (!r.valid())
        return std::nullopt;
    Curve c;
    c.model = r.requiredString("model").value_or("");
    c.hardware = r.requiredString("hardware").value_or("");
    c.engine = r.string("engine", "");
    c.precision = r.string("precision", "");
    c.config = r.string("config", "");
    r.accept({"throughput_basis", "cheapest"}); // derived; `curve show --json` prints them
    const Json* points = r.child("points");
    if (!points || !points->is_array() || points->empty()) {
        ctx.error(r.pathOf("points"), "must be a non-empty array of operating points");
        return std::nullopt;
    }
    for (std::size_t i = 0; i < points->size(); ++i) {
        ObjectReader p(&(*points)[i], childPath(r.pathOf("points"), i), ctx);
        if (!p.valid())
            continue;
        CurvePoint pt;
        pt.kind = p.choice("kind", PointKind::Measured, kPointKindNames);
        pt.inputTokens = p.requiredNumber("input_tokens", Range::above(0));
        pt.outputTokens = p.requiredNumber("output_tokens", Range::above(0));
        if (p.has("concurrency"))
            pt.concurrency = p.integer("concurrency", 1, Range::wholeAtLeast(1));
        p.accept({"concurrency"}); // null: unknown
        pt.gpus = p.integer("gpus", 0, Range::wholeAtLeast(0));
        pt.parallelism = p.string("parallelism", "");
        pt.precision = p.string("precision", "");
        pt.tokensPerSPerUser = p.optionalNumber("tokens_per_s_per_user", Range::above(0));
        pt.outputTokensPerSPerGpu =
            p.optionalNumber("output_tokens_per_s_per_gpu", Range::above(0));
        pt.totalTokensPerSPerGpu = p.optionalNumber("total_tokens_per_s_per_gpu", Range::above(0));
        pt.ttftMedianS = p.optionalNumber("ttft_median_s", Range::atLeast(0));
        pt.ttftP90S = p.optionalNumber("ttft_p90_s", Range::atLeast(0));
        pt.e2eLatencyS = p.optionalNumber("e2e_latency_s", Range::above(0));
        if (const Json* src = p.child("source")) {
            ObjectReader s(src, p.pathOf("source"), ctx);
            pt.source = {s.string("file", ""), s.string("location", ""), s.string("date", "")};
        }
        if (pt.source.location.empty())
            pt.source.location = childPath(r.pathOf("points"), i);
        c.points.push_back(std::move(pt));
    }
    if (errorCount(ctx.diagnostics) != errorsBefore)
        return std::nullopt;
    return c;
}

std::string curveName(const Curve& curve) {
    return describeCurve(curve);
}

} // namespace tierlab::core
