// SPDX-License-Identifier: MIT
// A roofline of LLM serving at an operating point (model.md, "The roofline at a speed"):
// decode steps bound by HBM traffic (weights touched, KV read) or by compute (dense and
// attention FLOPs), prefill by compute, pooled over a request's life; the batch set by the
// speed per user a target asks for, capped by the KV cache of each request's own context.
#pragma once

#include <optional>
#include <string>

namespace tierlab::core {

// The shape of a model, as its config states it.
struct ModelShape {
    double paramsB = 0;        // total parameters, billions
    double activeParamsB = 0;  // active per token, billions
    double bytesPerParam = 1;  // weight bytes per parameter (2 BF16, 1 FP8, 0.5625 FP4)
    // Mixture of experts: `experts` routed experts per layer, `activeExperts` of them per
    // token; `sharedParamsB` every token reads (attention, dense layers, shared experts,
    // embeddings). Dense when experts == 0.
    int experts = 0;
    int activeExperts = 0;
    double sharedParamsB = 0;
    double kvBytesPerToken = 0; // KV cache per token of context, all layers
    // Attention FLOPs per token per token of context: 2 x layers x heads x (qk dim + v dim)
    // (4 L h d for standard attention; MLA uses its compressed dims).
    double attentionFlopsPerContextToken = 0;
    int layers = 0; // transformer layers (for the per-step overheads)
    // Speculative decoding (MTP, draft models): mean tokens a stream accepts per decode step,
    // >= 1. A step still reads the weights and KV once; the request needs O / m steps.
    // The compute of rejected draft tokens is not counted.
    double tokensPerStep = 1;
};

// One serving instance: `gpus` GPUs of one kind at the compute precision used.
struct InstanceSpec {
    int gpus = 8;
    double hbmGbPerGpu = 0;
    double hbmTbPerSPerGpu = 0;
    double peakTflopsPerGpu = 0; // dense, at the compute precision
    double usableHbm = 0.9;
    double mbu = 0.6; // achieved share of HBM bandwidth
    double mfu = 0.4; // achieved share of peak FLOPS
    // Fixed time of each decode step per layer, seconds: kernel launches and synchronisation
    // on one GPU, plus the tensor-parallel all-reduces when the instance has several GPUs.
    double layerOverheadS = 0;
    double parallelOverheadS = 0;
    // Disaggregated serving: this many of the GPUs prefill, the rest decode (each pool holds
    // the weights); 0 = prefill and decode share every GPU.
    int prefillGpus = 0;
};

// Bytes of weights one decode step of `batch` sequences reads: every parameter of a dense
// model; for a MoE, the shared parameters plus the routed experts at least one of the batch's
// tokens picks, E (1 - (1 - k/E)^B) of E, uniform routing assumed.
double weightBytesTouched(const ModelShape& m, double batch);

// Weight bytes of the whole model (what HBM must hold).
double weightBytesTotal(const ModelShape& m);

// The operating point of `batch` concurrent requests of `inputTokens` prompt and
// `outputTokens` output tokens (both > 0).
struct RooflinePoint {
    double batch = 0;
    double context = 0;          // mean context a decode step reads: I + O / 2
    double stepSeconds = 0;      // one decode step of the batch
    bool memoryBound = true;     // of the pooled request time
    double prefillSeconds = 0;   // compute time of one request's prefill (its pool's)
    double prefillShare = 0;     // of the request's cost due to prefill (GPU-time share)
    double requestSeconds = 0;   // pooled instance time of one request
    double tokensPerSPerUser = 0; // O / max(B t - prefill, O step): speed of one stream
    double outputTokensPerSPerGpu = 0;
    int kvSlots = 0; // sequences of I + O tokens the KV cache holds
};

// Pooled instance time of one request: t = max(C / F, M / W) + O tau / B with compute
// C = 2 A I + a I^2 / 2 + O (2 A + a c) and memory M = O (w(B) / B + c kv), where A active
// parameters, a attention FLOPs per context token, c = I + O/2, w(B) weight bytes touched,
// F and W the instance's achieved FLOPS and bandwidth, and tau = layers x (layer overhead +
// parallel overhead when gpus > 1) the fixed time of one decode step.
// `cachedTokens` of the prompt come from a prefix cache: no prefill compute (only the new
// tokens' attention over them), but context like any other: c = cached + I + O / 2, and KV
// room for cached + I + O. Prefill compute then is 2 A I + a I (cached + I / 2).
RooflinePoint rooflineAt(const ModelShape& m, const InstanceSpec& s, double inputTokens,
                         double outputTokens, double batch, double cachedTokens = 0);

// The largest batch (real-valued, in [1, KV slots]) whose speed per user is at least
// `minTokensPerSPerUser`; nullopt when even one request alone is slower, or no slot fits.
std::optional<RooflinePoint> rooflineAtSpeed(const ModelShape& m, const InstanceSpec& s,
                                             double inputTokens, double outputTokens,
                                             double minTokensPerSPerUser,
                                             double cachedTokens = 0);

} // namespace tierlab::core
