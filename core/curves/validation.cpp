// SPDX-License-Identifier: MIT
#include "validation.h"

#include <fmt/format.h>

#include <algorithm>

namespace tierlab::core {

double bytesForPrecision(const std::string& precision) {
    if (precision == "fp4" || precision == "mxfp4" || precision == "nvfp4")
        return 0.5625; // 4 bits and one 8-bit scale per 16 weights
    if (precision == "fp8" || precision == "int8")
        return 1;
    return 2;
}

double peakForPrecision(const Accelerator& accel, const std::string& precision) {
    if (bytesForPrecision(precision) < 1 && accel.fp4Tflops > 0)
        return accel.fp4Tflops;
    if (bytesForPrecision(precision) <= 1 && bytesForPrecision(precision) >= 1 &&
        accel.fp8Tflops > 0)
        return accel.fp8Tflops;
    return accel.bf16Tflops;
}

InstanceSpec instanceOf(const Accelerator& accel, int gpus, const std::string& precision) {
    InstanceSpec s;
    s.gpus = gpus;
    s.hbmGbPerGpu = accel.hbmGb;
    s.hbmTbPerSPerGpu = accel.hbmTbPerS;
    s.peakTflopsPerGpu = peakForPrecision(accel, precision);
    return s;
}

std::vector<ValidationRow> validateCurve(const Curve& curve, ModelShape shape,
                                         const Accelerator& accel,
                                         const ValidationOptions& options) {
    std::vector<ValidationRow> rows;
    shape.bytesPerParam = bytesForPrecision(curve.precision);
    for (const LengthConfig& c : lengthConfigs(curve)) {
        const auto frontier =
            frontierAt(curve, c.inputTokens, c.outputTokens, ThroughputBasis::OutputTokens);
        for (const CurvePoint& p : frontier) {
            if (p.kind != PointKind::Measured || !p.outputTokensPerSPerGpu || p.gpus <= 0)
                continue;
            ValidationRow r;
            r.curve = describeCurve(curve);
            r.inputTokens = c.inputTokens, r.outputTokens = c.outputTokens;
            r.gpus = p.gpus;
            r.parallelism = p.parallelism;
            r.source = p.source.location;
            r.measuredTokensPerSPerUser = *p.tokensPerSPerUser;
            r.measuredOutputPerGpu = *p.outputTokensPerSPerGpu;
            InstanceSpec s = instanceOf(accel, p.gpus, curve.precision);
            s.usableHbm = options.usableHbm;
            s.mfu = options.mfu;
            s.mbu = options.mbu;
            s.layerOverheadS = options.layerOverheadS;
            s.parallelOverheadS = options.parallelOverheadS;
            const double in = c.inputTokens * options.lengthShare;
            const double out = c.outputTokens * options.lengthShare;
            // At the measured concurrency when the point says it (the benchmark's batch):
            // then the ratio compares the speed and throughput the roofline gives that batch.
            // Else at the measured speed: the batch that speed allows.
            std::optional<RooflinePoint> at;
            if (p.concurrency) {
                at = rooflineAt(shape, s, in, out, double(*p.concurrency));
                if (at->kvSlots < *p.concurrency)
                    r.note = fmt::format("{} sequences exceed the {} KV slots", *p.concurrency,
                                         at->kvSlots);
            } else {
                at = rooflineAtSpeed(shape, s, in, out, r.measuredTokensPerSPerUser);
            }
            if (!at) {
                const RooflinePoint one = rooflineAt(shape, s, in, out, 1);
                r.note = one.kvSlots < 1
                             ? "the weights leave no KV room on " + std::to_string(p.gpus) + " GPUs"
                             : fmt::format("the roofline tops out at {:.1f} tok/s per user",
                                           one.tokensPerSPerUser);
            } else {
                r.modelledOutputPerGpu = at->outputTokensPerSPerGpu;
                r.modelledTokensPerSPerUser = at->tokensPerSPerUser;
                r.ratio = at->outputTokensPerSPerGpu / r.measuredOutputPerGpu;
                r.batch = at->batch;
                r.memoryBound = at->memoryBound;
            }
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

} // namespace tierlab::core
