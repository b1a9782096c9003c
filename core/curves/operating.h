// SPDX-License-Identifier: MIT
// Serving rates from an operating curve (docs/model.md, "Serving from an operating curve"):
// the cheapest point meeting a speed target at a request's lengths, turned into the prefill
// and decode throughputs of a pod.
#pragma once

#include "curve.h"

#include <string>

namespace tierlab::core {

struct OperatingRate {
    CurvePoint point;        // cheapestPointMeeting() at the lengths below
    double inputTokens = 0;  // lengths the point was read at: the request's, clamped
    double outputTokens = 0; // into the box of the curve's measured lengths
    bool lengthsClamped = false;
    double throughputPerGpu = 0; // the point's throughput in the curve's basis
    // Pod-seconds of one request at those lengths on a pod of `gpus` GPUs:
    // O / (T x gpus) when T counts output tokens, (I + O) / (T x gpus) when it counts both.
    double podSecondsPerRequest = 0;
    // Share of that time before the first token: TTFT / (TTFT + O / s) with the point's TTFT
    // (median, else p90) and speed s; without a TTFT, I / P_roof / t with the roofline's
    // prefill throughput P_roof when given (and below 1), else I / (I + O) (every token
    // alike, the convention of a total-tokens throughput).
    double prefillShare = 0;
    enum class Split { Ttft, Roofline, Tokens } split = Split::Tokens;
    std::optional<double> ttftS;
    // The pod's throughputs that give that time: P = I / (t x share) prompt tokens/s and
    // D = O / (t x (1 - share)) output tokens/s, served one after the other (I/P + O/D = t).
    double prefillTokensPerS = 0;
    double decodeTokensPerS = 0;
};

// The operating rate of `curve` on a pod of `gpus` GPUs (>= 1) for requests of
// `inputTokens` prompt tokens (cached ones included: they are context) and `outputTokens`
// (both > 0) at `target`. Lengths outside the measured box are clamped to it (never
// extrapolated) and say so. An error when no point meets the target (cheapestPointMeeting's
// message, naming the target and the fastest point).
CurveResult<OperatingRate> operatingRate(const Curve& curve, const SpeedTarget& target,
                                         double inputTokens, double outputTokens, int gpus,
                                         std::optional<double> rooflinePrefillTokensPerS = {});

// "TTFT", "roofline prefill", "tokens alike"
const char* splitName(OperatingRate::Split split);

// Whether a curve measured on `curveHardware` ("h200", "h200_sxm", "H200-SXM5") describes
// the accelerator `acceleratorId` ("h200"): equal after lowercasing and dropping
// punctuation, or one a prefix of the other.
bool sameHardware(const std::string& curveHardware, const std::string& acceleratorId);

} // namespace tierlab::core
