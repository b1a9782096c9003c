// SPDX-License-Identifier: MIT
// Serving a model on a pod: memory, KV-cache slots and throughput (docs/model.md, "Serving
// throughput").
#pragma once

#include <optional>

namespace tierlab::core {

// Weight memory of a model, GB: parameters (billions) x bytes per parameter.
// 70B at FP16 (2 bytes) -> 140 GB. Valid for paramsB >= 0, bytesPerParam > 0.
double weightMemoryGb(double paramsB, double bytesPerParam);

// KV-cache bytes per token from the architecture: 2 (K and V) x layers x kv heads x head
// dimension x bytes per KV element.
double kvBytesPerToken(int layers, int kvHeads, int headDim, double kvBytes);

// Concurrent generations a pod holds (docs/model.md, "Serving throughput"):
// floor((HBM_total x usable - W) / (kv bytes per token x context per sequence)), and 0 when
// the weights leave no room. hbmTotalGb, weightGb in GB; kvBytesPerToken in bytes; context
// in tokens (> 0). Saturates at 1e9.
int kvSlots(double hbmTotalGb, double usableFraction, double weightGb, double kvBytesPerToken,
            double contextTokens);

// Compute-bound prefill throughput of a pod, tokens/s: gpus x peak x MFU / (2 x active params).
// peakTflops per GPU, activeParamsB in billions (> 0), 0 < mfu <= 1.
double rooflinePrefillTokensPerS(int gpus, double peakTflops, double mfu, double activeParamsB);

// Inputs of the decode roofline, per pod.
struct DecodeRoofline {
    int gpus = 1;
    double hbmTbPerS = 0;  // per GPU
    double peakTflops = 0; // per GPU
    double mbu = 0.6;      // memory-bandwidth utilization, 0 < mbu <= 1
    double mfu = 0.4;      // 0 < mfu <= 1
    double weightGb = 0;
    double activeParamsB = 0;
    double kvBytesPerToken = 0;
    double contextTokens = 0; // average context held per sequence
};

// Seconds per decode step at batch B: the slower of reading weights plus B contexts of KV
// cache from HBM and computing B tokens (docs/model.md, "Serving throughput").
double decodeStepSeconds(const DecodeRoofline& r, int batch);

// Decode throughput at batch B, tokens/s: B / step. batch >= 1 (callers cap it at the slots).
double rooflineDecodeTokensPerS(const DecodeRoofline& r, int batch);

// Pod-seconds one request occupies: max(I/P, O/D) when prefill and decode overlap
// (continuous batching), I/P + O/D otherwise. Throughputs in tokens/s, > 0.
double podSecondsPerRequest(double prefillTokens, double outputTokens, double prefillTokensPerS,
                            double decodeTokensPerS, bool overlap);

} // namespace tierlab::core
