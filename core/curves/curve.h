// SPDX-License-Identifier: MIT
// Operating curves: throughput per GPU against speed per user for one model on one hardware
// configuration, from measured benchmark points (docs/curves.md).
#pragma once

#include "enumname.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// Where a point's numbers come from.
enum class PointKind { Measured, Interpolated, Modelled };

// A point's `kind` in the curve's JSON form (core/enumname.h).
inline constexpr EnumName<PointKind> kPointKindNames[] = {
    {PointKind::Measured, "measured"},
    {PointKind::Interpolated, "interpolated"},
    {PointKind::Modelled, "modelled"},
};
static_assert(enumNamesUnique(kPointKindNames));

// "measured", "interpolated" or "modelled".
inline std::string pointKindName(PointKind kind) {
    return std::string(enumName(kPointKindNames, kind));
}

struct PointSource {
    std::string file;     // the benchmark file, as given to the importer
    std::string location; // "line 12" (CSV) or a JSON path such as "data[3]"
    std::string date;     // date of the measurement or capture as the file states it; may be ""
};

// One operating point. Unknown quantities are empty, never 0.
struct CurvePoint {
    std::optional<double> outputTokensPerSPerGpu; // output tokens/s per GPU
    std::optional<double> totalTokensPerSPerGpu;  // input + output tokens/s per GPU
    std::optional<double> tokensPerSPerUser;      // output tokens/s per user (1000 / TPOT ms)
    std::optional<double> ttftMedianS;            // time to first token, median, s
    std::optional<double> ttftP90S;               // time to first token, 90th percentile, s
    std::optional<double> e2eLatencyS;            // end-to-end request latency, median, s
    std::optional<int> concurrency;               // concurrent requests of the client
    double inputTokens = 0;                       // input length per request (nominal or mean)
    double outputTokens = 0;                      // output length per request
    int gpus = 0;                                 // GPUs of one serving instance
    std::string parallelism;                      // e.g. "TP8", "TP1 EP8 DP-attn"
    std::string precision;                        // e.g. "fp8"
    PointKind kind = PointKind::Measured;
    PointSource source;
};

// One model served on one hardware configuration by one engine at one precision. Points may
// come at several input/output lengths, concurrencies and parallelisms.
struct Curve {
    std::string model;     // as the file names it, e.g. "DeepSeek R1 0528"
    std::string hardware;  // e.g. "h200", "h200_sxm"
    std::string engine;    // e.g. "SGLang", "TensorRT-LLM"
    std::string precision; // e.g. "fp8"
    std::string config;    // anything else that sets it apart: "MTP", "disaggregated"
    std::vector<CurvePoint> points;
};

// The throughput the rules rank points by: output tokens/s per GPU when every point of the
// curve has it, else total tokens/s per GPU when every point has that.
enum class ThroughputBasis { OutputTokens, TotalTokens, None };
ThroughputBasis throughputBasis(const Curve& curve);
const char* throughputBasisName(ThroughputBasis basis); // "output tok/s/GPU", ...

// A value or the reason there is none.
template <class T> struct CurveResult {
    std::optional<T> value;
    std::string error;
    bool ok() const { return value.has_value(); }
};

// The points of `curve` at exactly these lengths that have a speed per user and the basis
// throughput, reduced to their Pareto frontier (no other point is both faster per user and
// higher in throughput) and sorted by speed per user, ascending; throughput then falls.
std::vector<CurvePoint> frontierAt(const Curve& curve, double inputTokens, double outputTokens,
                                   ThroughputBasis basis);

// Throughput per GPU (the curve's basis) at `tokensPerSPerUser` on the frontier at these
// exact lengths: linear between the two frontier points around it. Outside the measured
// speed range, or with fewer than one point, an error: curves are never extrapolated.
CurveResult<double> throughputAtSpeed(const Curve& curve, double inputTokens,
                                      double outputTokens, double tokensPerSPerUser);

// The distinct (input, output) lengths of the curve's points, sorted.
struct LengthConfig {
    double inputTokens = 0;
    double outputTokens = 0;
};
std::vector<LengthConfig> lengthConfigs(const Curve& curve);

// How a request's lengths are served from the measured length configurations: the exact
// config when there is one, else the two configs nearest in (ln input, ln output), with
// weight t of the second (the request projected onto the segment between them in log space,
// clamped to [0, 1]). An error when the request lies outside the box of measured lengths
// (no extrapolation) or the curve has no points.
struct LengthBlend {
    LengthConfig first;
    LengthConfig second;
    double weightSecond = 0; // 0 = first only
};
CurveResult<LengthBlend> blendLengths(const Curve& curve, double inputTokens,
                                      double outputTokens);

// A speed target: at least `minTokensPerSPerUser` output tokens/s per user and, when set,
// TTFT p90 at most `maxTtftP90S` seconds.
struct SpeedTarget {
    double minTokensPerSPerUser = 0;
    std::optional<double> maxTtftP90S;
};

// "at least 40 tok/s per user and TTFT p90 <= 2 s"
std::string describeTarget(const SpeedTarget& target);

// The cheapest point of `curve` that meets `target` for requests of these lengths: the one
// with the highest throughput per GPU. Per length config, points failing the TTFT bound are
// dropped, the rest reduced to the frontier; the best point is at speed max(target, slowest
// frontier point), interpolated between frontier neighbours; between two length configs the
// throughputs (and speeds, TTFTs) are blended with blendLengths' weight. The result is
// `Measured` when it is a measured point, else `Interpolated`. When nothing meets the target
// the error names the target and the fastest point available (the caller adds the tier).
CurveResult<CurvePoint> cheapestPointMeeting(const Curve& curve, const SpeedTarget& target,
                                             double inputTokens, double outputTokens);

// "DeepSeek R1 0528 on h200 (SGLang, fp8)"
std::string describeCurve(const Curve& curve);

} // namespace tierlab::core
