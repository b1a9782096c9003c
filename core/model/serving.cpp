// SPDX-License-Identifier: MIT
#include "serving.h"

#include <algorithm>
#include <cmath>

namespace tierlab::core {

namespace {
constexpr double kGiga = 1e9;
constexpr double kTera = 1e12;
constexpr double kMaxSlots = 1e9;
} // namespace

double weightMemoryGb(double paramsB, double bytesPerParam) {
    return paramsB * bytesPerParam;
}

double kvBytesPerToken(int layers, int kvHeads, int headDim, double kvBytes) {
    return 2.0 * layers * kvHeads * headDim * kvBytes;
}

int kvSlots(double hbmTotalGb, double usableFraction, double weightGb, double kvBytesPerToken,
            double contextTokens) {
    const double freeBytes = (hbmTotalGb * usableFraction - weightGb) * kGiga;
    if (freeBytes <= 0)
        return 0;
    // Saturate: absurdly small KV sizes must not overflow int (a pod never holds 1e9 sequences).
    const double slots = std::floor(freeBytes / (kvBytesPerToken * contextTokens));
    return static_cast<int>(std::min(slots, kMaxSlots));
}

double rooflinePrefillTokensPerS(int gpus, double peakTflops, double mfu, double activeParamsB) {
    return gpus * peakTflops * kTera * mfu / (2.0 * activeParamsB * kGiga);
}

double decodeStepSeconds(const DecodeRoofline& r, int batch) {
    const double bytes = r.weightGb * kGiga + batch * r.contextTokens * r.kvBytesPerToken;
    const double memorySeconds = bytes / (r.gpus * r.hbmTbPerS * kTera * r.mbu);
    const double flops = batch * 2.0 * r.activeParamsB * kGiga;
    const double computeSeconds = flops / (r.gpus * r.peakTflops * kTera * r.mfu);
    return std::max(memorySeconds, computeSeconds);
}

double rooflineDecodeTokensPerS(const DecodeRoofline& r, int batch) {
    return batch / decodeStepSeconds(r, batch);
}

double podSecondsPerRequest(double prefillTokens, double outputTokens, double prefillTokensPerS,
                            double decodeTokensPerS, bool overlap) {
    const double prefillS = prefillTokens / prefillTokensPerS;
    const double decodeS = outputTokens / decodeTokensPerS;
    return overlap ? std::max(prefillS, decodeS) : prefillS + decodeS;
}

} // namespace tierlab::core
