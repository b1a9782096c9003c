// SPDX-License-Identifier: MIT
// TierLab's roofline against measured operating points (docs/validation.md): for each
// measured frontier point of a curve, the throughput per GPU (and speed per user) the
// roofline gives at the same lengths, GPU count and concurrency (or, without a concurrency,
// at the same speed per user), and the ratio to the measurement.
#pragma once

#include "curve.h"
#include "model/hardware.h"
#include "model/roofline.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

struct ValidationOptions {
    double mfu = 0.4;
    double mbu = 0.6;
    double usableHbm = 0.9;
    // Fitted on the InferenceX 1K/1K files, checked on 1K/8K and 8K/1K (docs/validation.md).
    double layerOverheadS = 60e-6;
    double parallelOverheadS = 40e-6;
    // Mean request lengths as a share of the nominal ones: InferenceX draws each request's
    // lengths uniformly from [0.8 L, L], so 0.9.
    double lengthShare = 0.9;
};

struct ValidationRow {
    std::string curve;
    double inputTokens = 0, outputTokens = 0; // nominal
    int gpus = 0;
    std::string parallelism;
    std::string source;
    double measuredTokensPerSPerUser = 0;
    double measuredOutputPerGpu = 0;
    std::optional<double> modelledOutputPerGpu; // none: the roofline cannot reach the speed
    std::optional<double> modelledTokensPerSPerUser;
    std::optional<double> ratio;                // modelled / measured
    double batch = 0;
    bool memoryBound = true;
    std::string note;
};

// The weight bytes per parameter and the peak TFLOPS a run at `precision` ("fp8", "fp4",
// "bf16") uses on `accel`: FP4 weights run FP4 math where the GPU has it, else BF16
// (W4A16, as on Hopper); FP8 likewise.
double bytesForPrecision(const std::string& precision);
double peakForPrecision(const Accelerator& accel, const std::string& precision);

// `gpus` GPUs of `accel` computing at `precision`'s peak; efficiencies and overheads at
// their defaults, for the caller to set.
InstanceSpec instanceOf(const Accelerator& accel, int gpus, const std::string& precision);

// One row per measured frontier point of `curve` that has a speed per user, an output
// throughput per GPU and a GPU count.
std::vector<ValidationRow> validateCurve(const Curve& curve, ModelShape shape,
                                         const Accelerator& accel,
                                         const ValidationOptions& options = {});

} // namespace tierlab::core
