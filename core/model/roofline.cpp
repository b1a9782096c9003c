// SPDX-License-Identifier: MIT
#include "roofline.h"

#include <algorithm>
#include <cmath>

namespace tierlab::core {

namespace {

constexpr double kGiga = 1e9;
constexpr double kTera = 1e12;

} // namespace

double weightBytesTotal(const ModelShape& m) { return m.paramsB * kGiga * m.bytesPerParam; }

double weightBytesTouched(const ModelShape& m, double batch) {
    if (m.experts <= 0 || m.activeExperts <= 0)
        return weightBytesTotal(m);
    const double routed = std::max(0.0, m.paramsB - m.sharedParamsB);
    const double share = double(m.activeExperts) / m.experts;
    // 1 - (1 - k/E)^B, computed without cancellation for small k/E.
    const double touched = -std::expm1(batch * std::log1p(-std::min(share, 1.0 - 1e-15)));
    const double fraction = share >= 1 ? 1.0 : touched;
    return (m.sharedParamsB + routed * fraction) * kGiga * m.bytesPerParam;
}

RooflinePoint rooflineAt(const ModelShape& m, const InstanceSpec& s, double inputTokens,
                         double outputTokens, double batch, double cachedTokens) {
    RooflinePoint p;
    p.batch = batch;
    const double I = inputTokens, O = outputTokens, B = batch, K = cachedTokens;
    p.context = K + I + O / 2;
    // Split pools: prefill on its own GPUs, decode on the rest (each pool holds the weights).
    const bool split = s.prefillGpus > 0 && s.prefillGpus < s.gpus;
    const int decodeGpus = split ? s.gpus - s.prefillGpus : s.gpus;
    const double flops = decodeGpus * s.peakTflopsPerGpu * kTera * s.mfu;
    const double bandwidth = decodeGpus * s.hbmTbPerSPerGpu * kTera * s.mbu;
    const double prefillPoolFlops = split ? s.prefillGpus * s.peakTflopsPerGpu * kTera * s.mfu
                                          : flops;
    const double A = m.activeParamsB * kGiga;
    const double a = m.attentionFlopsPerContextToken;
    const double weights = weightBytesTouched(m, B);
    const double stepMemory = weights + B * p.context * m.kvBytesPerToken;
    const double stepCompute = B * (2 * A + a * p.context);
    const double overhead =
        m.layers * (s.layerOverheadS + (decodeGpus > 1 ? s.parallelOverheadS : 0.0));
    p.stepSeconds = std::max(stepMemory / bandwidth, stepCompute / flops) + overhead;
    const double prefillFlops = 2 * A * I + a * I * (K + I / 2);
    p.prefillSeconds = prefillFlops / prefillPoolFlops;
    const double steps = O / std::max(1.0, m.tokensPerStep); // decode steps of one request
    const double decodeCompute = O * (2 * A + a * p.context);
    const double compute = (split ? 0.0 : prefillFlops) + decodeCompute;
    const double memory = steps * (weights / B + p.context * m.kvBytesPerToken);
    p.memoryBound = memory / bandwidth >= compute / flops;
    const double decodeSeconds =
        std::max(memory / bandwidth, compute / flops) + steps * overhead / B;
    double life = 0;
    if (split) {
        // The pod serves one request per the slower pool's time; a stream decodes for its
        // life in the decode pool (its prefill ran before, elsewhere).
        p.requestSeconds = std::max(p.prefillSeconds, decodeSeconds);
        p.prefillShare = s.prefillGpus * p.prefillSeconds /
                         (s.prefillGpus * p.prefillSeconds + decodeGpus * decodeSeconds);
        life = std::max(B * decodeSeconds, steps * p.stepSeconds);
    } else {
        p.requestSeconds = decodeSeconds;
        p.prefillShare = p.prefillSeconds / p.requestSeconds;
        // A stream's decode lasts its life (B t, Little's law) less its own prefill, and
        // never less than its steps.
        life = std::max(B * p.requestSeconds - p.prefillSeconds, steps * p.stepSeconds);
    }
    p.tokensPerSPerUser = life > 0 ? O / life : 0;
    p.outputTokensPerSPerGpu = O / p.requestSeconds / s.gpus;
    const double free = decodeGpus * s.hbmGbPerGpu * kGiga * s.usableHbm - weightBytesTotal(m);
    const double perSequence = (K + I + O) * m.kvBytesPerToken;
    p.kvSlots = free > 0 && perSequence > 0 ? int(std::min(1e9, std::floor(free / perSequence)))
                                            : (free > 0 ? 1000000000 : 0);
    return p;
}

std::optional<RooflinePoint> rooflineAtSpeed(const ModelShape& m, const InstanceSpec& s,
                                             double inputTokens, double outputTokens,
                                             double minTokensPerSPerUser, double cachedTokens) {
    const auto at = [&](double b) {
        return rooflineAt(m, s, inputTokens, outputTokens, b, cachedTokens);
    };
    const RooflinePoint one = at(1);
    if (one.kvSlots < 1 || one.tokensPerSPerUser < minTokensPerSPerUser)
        return std::nullopt;
    const double maxBatch = std::max(1.0, double(one.kvSlots));
    const RooflinePoint full = at(maxBatch);
    if (full.tokensPerSPerUser >= minTokensPerSPerUser)
        return full;
    // Speed per user falls as the batch grows: bisect for the batch at the target.
    double lo = 1, hi = maxBatch;
    for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (at(mid).tokensPerSPerUser >= minTokensPerSPerUser)
            lo = mid;
        else
            hi = mid;
    }
    return at(lo);
}

} // namespace tierlab::core
