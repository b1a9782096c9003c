// SPDX-License-Identifier: MIT
// Serving rates at a speed target (model.md, "Serving from an operating curve" and "The
// roofline at a speed"): the operating point of a model with a curve, or of a roofline
// model when a target applies, and the prefill and decode throughputs it gives its pod.
#pragma once

#include "model/pricing.h"
#include "results.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core::detail {

bool hasCurve(const ServingSpec& v);

// The accelerator of pod `podIndex`.
const Accelerator& acceleratorOf(const Scenario& s, std::size_t podIndex);

// The peak of the roofline at full KV use (docs/model.md, "Serving throughput"): FP8 for
// weights of at most a byte where the GPU has it, else BF16.
double weightPeakTflops(const ServingSpec& v, const Accelerator& accel);

// Whether a target can set model m's throughput: it has a curve, or it is a roofline model
// (params and KV size, no measured throughputs, no typed-in costs).
bool servedAtSpeed(const ModelSpec& m);

struct SpeedRate {
    std::optional<ModelRate> rate; // none: `error` says why
    OperatingPointResult point;
    std::string error;
};

// Model i's rate at `target` for requests like `request` on its pod (hourly cost from
// `pods`). `who` starts the error ("tier 'max20x' on model 'opus'"). A curve must be loaded.
SpeedRate speedRate(const Scenario& s, const std::vector<PodResult>& pods, std::size_t i,
                    const SpeedTarget& target, const TokenCounts& request,
                    const std::string& who);

// The measured points of the curve at the length config nearest `typical` (in log lengths).
CurvePlot curvePlotFor(const Curve& curve, const TokenCounts& typical);

} // namespace tierlab::core::detail
