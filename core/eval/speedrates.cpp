// SPDX-License-Identifier: MIT
#include "speedrates.h"

#include "curves/curve.h"
#include "curves/operating.h"
#include "curves/validation.h"
#include "model/roofline.h"
#include "model/serving.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tierlab::core::detail {

namespace {

// "a.json / b.json" from "dir/a.json / dir/b.json": the files of a point's source, short.
std::string fileNames(const std::string& files) {
    std::string out;
    std::size_t start = 0;
    while (start <= files.size()) {
        auto end = files.find(" / ", start);
        if (end == std::string::npos)
            end = files.size();
        const std::string one = files.substr(start, end - start);
        const auto slash = one.find_last_of('/');
        out +=
            (out.empty() ? "" : " / ") + (slash == std::string::npos ? one : one.substr(slash + 1));
        start = end + 3;
    }
    return out;
}

// The rate of a request split into prefill and decode: time t of a request of I prompt and
// O output tokens, a share f of it before the first token: P = I / (f t), D = O / ((1-f) t).
ModelRate splitRate(const Scenario& s, const std::vector<PodResult>& pods, std::size_t i, double I,
                    double O, double t, double f) {
    const ModelSpec& spec = s.models[i];
    const auto podIndex = static_cast<std::size_t>(spec.serving.pod);
    ModelRate rate;
    rate.price = spec.price;
    rate.quality = spec.quality;
    rate.podHourUsd = pods[podIndex].hourlyUsd;
    rate.utilization = pods[podIndex].utilization;
    rate.prefillTokensPerS = I / (t * f);
    rate.decodeTokensPerS = O / (t * (1 - f));
    rate.overlap = false; // t already has prefill and decode in it
    return rate;
}

SpeedRate curveRate(const Scenario& s, const std::vector<PodResult>& pods, std::size_t i,
                    const SpeedTarget& target, double prompt, double output,
                    const std::string& who) {
    const ServingSpec& v = s.models[i].serving;
    const auto podIndex = static_cast<std::size_t>(v.pod);
    const Pod& pod = s.pods[podIndex];
    SpeedRate out;
    // Without a TTFT on the curve, the roofline's compute-bound prefill splits the time when
    // the model's active parameters are given.
    std::optional<double> prefill;
    if (v.activeParamsB > 0) {
        const Accelerator& accel = acceleratorOf(s, podIndex);
        prefill = rooflinePrefillTokensPerS(pod.gpus(), weightPeakTflops(v, accel), v.mfu,
                                            v.activeParamsB);
    }
    const auto op = operatingRate(*v.curve, target, prompt, output, pod.gpus(), prefill);
    if (!op.ok()) {
        out.error = who + ": " + op.error;
        return out;
    }
    const OperatingRate& o = *op.value;
    OperatingPointResult& point = out.point;
    point.curve = describeCurve(*v.curve);
    point.kind = pointKindName(o.point.kind);
    point.source = fileNames(o.point.source.file) + " " + o.point.source.location;
    point.basis = throughputBasisName(throughputBasis(*v.curve));
    point.tokensPerSPerUser = *o.point.tokensPerSPerUser;
    point.throughputPerGpu = o.throughputPerGpu;
    point.ttftS = o.ttftS;
    point.inputTokens = o.inputTokens;
    point.outputTokens = o.outputTokens;
    point.lengthsClamped = o.lengthsClamped;
    point.podSecondsPerRequest = o.podSecondsPerRequest;
    point.prefillShare = o.prefillShare;
    point.split = splitName(o.split);
    out.rate = splitRate(s, pods, i, o.inputTokens, o.outputTokens, o.podSecondsPerRequest,
                         o.prefillShare);
    return out;
}

ModelShape shapeOf(const ServingSpec& v) {
    ModelShape m;
    m.paramsB = v.paramsB;
    m.activeParamsB = v.activeParamsB;
    m.bytesPerParam = v.bytesPerParam;
    m.experts = v.experts;
    m.activeExperts = v.activeExperts;
    m.sharedParamsB = v.sharedParamsB;
    m.kvBytesPerToken = v.kvBytesPerToken;
    m.attentionFlopsPerContextToken = v.attentionFlopsPerContextToken;
    m.layers = v.layers;
    m.tokensPerStep = v.tokensPerStep;
    return m;
}

SpeedRate rooflineRate(const Scenario& s, const std::vector<PodResult>& pods, std::size_t i,
                       const SpeedTarget& target, const TokenCounts& request,
                       const std::string& who) {
    // New prompt tokens are prefilled; cache reads are context only (model.md).
    const double prompt = std::max(1.0, request.prefill()), cached = request.cacheRead;
    const double output = request.output;
    const ServingSpec& v = s.models[i].serving;
    const auto podIndex = static_cast<std::size_t>(v.pod);
    const Pod& pod = s.pods[podIndex];
    const Accelerator& accel = acceleratorOf(s, podIndex);
    InstanceSpec inst = instanceOf(accel, pod.gpus(), v.computePrecision);
    inst.usableHbm = pod.usableHbmFraction;
    inst.mfu = v.mfu;
    inst.mbu = v.mbu;
    inst.layerOverheadS = v.layerOverheadUs * 1e-6;
    inst.parallelOverheadS = v.parallelOverheadUs * 1e-6;
    inst.prefillGpus = v.prefillGpus;
    const ModelShape shape = shapeOf(v);
    SpeedRate out;
    const auto at =
        rooflineAtSpeed(shape, inst, prompt, output, target.minTokensPerSPerUser, cached);
    if (!at) {
        const RooflinePoint one = rooflineAt(shape, inst, prompt, output, 1, cached);
        out.error =
            one.kvSlots < 1
                ? fmt::format("{}: the weights leave no KV-cache room for a request of {:g} "
                              "tokens on pod '{}'",
                              who, prompt + cached + output, pod.id)
                : fmt::format("{}: the roofline on pod '{}' reaches at most {:.1f} tok/s per "
                              "user (one request alone), below {}",
                              who, pod.id, one.tokensPerSPerUser, describeTarget(target));
        return out;
    }
    OperatingPointResult& point = out.point;
    point.curve = "roofline";
    point.kind = pointKindName(PointKind::Modelled);
    point.source = fmt::format("roofline at batch {:.1f} ({}-bound)", at->batch,
                               at->memoryBound ? "memory" : "compute");
    point.basis = throughputBasisName(ThroughputBasis::OutputTokens);
    point.tokensPerSPerUser = at->tokensPerSPerUser;
    point.throughputPerGpu = at->outputTokensPerSPerGpu;
    point.inputTokens = prompt + cached;
    point.outputTokens = output;
    point.podSecondsPerRequest = at->requestSeconds;
    point.split = "roofline prefill";
    // The cached prefix's part of the time: the same request without it, at the same batch.
    const RooflinePoint bare = rooflineAt(shape, inst, prompt, output, at->batch, 0);
    const double cacheSeconds = std::max(0.0, at->requestSeconds - bare.requestSeconds);
    point.cacheReadShare = cacheSeconds / at->requestSeconds;
    const double rest = at->requestSeconds - cacheSeconds;
    point.prefillShare = std::clamp(bare.prefillShare, 1e-9, 1 - 1e-9);
    out.rate = splitRate(s, pods, i, prompt, output, rest, point.prefillShare);
    if (cached > 0 && cacheSeconds > 0)
        out.rate->cacheReadTokensPerS = cached / cacheSeconds;
    return out;
}

} // namespace

bool hasCurve(const ServingSpec& v) {
    return v.curve || !v.curveName.empty();
}

const Accelerator& acceleratorOf(const Scenario& s, std::size_t podIndex) {
    return s.accelerators[static_cast<std::size_t>(s.podAccelerator[podIndex])];
}

double weightPeakTflops(const ServingSpec& v, const Accelerator& accel) {
    return v.bytesPerParam <= 1 && accel.fp8Tflops > 0 ? accel.fp8Tflops : accel.bf16Tflops;
}

bool servedAtSpeed(const ModelSpec& m) {
    const ServingSpec& v = m.serving;
    if (!m.served)
        return false;
    if (hasCurve(v))
        return true;
    return !v.inputUsdPerMtok && !v.prefillTokensPerS && !v.decodeTokensPerS && v.paramsB > 0 &&
           v.kvBytesPerToken > 0 && v.pod >= 0;
}

SpeedRate speedRate(const Scenario& s, const std::vector<PodResult>& pods, std::size_t i,
                    const SpeedTarget& target, const TokenCounts& request, const std::string& who) {
    const double prompt = request.input + request.cacheRead + request.cacheWrite;
    if (!(prompt > 0) || !(request.output > 0))
        return {std::nullopt,
                {},
                who + ": a request without prompt or output tokens has no operating point"};
    SpeedRate out = hasCurve(s.models[i].serving)
                        ? curveRate(s, pods, i, target, prompt, request.output, who)
                        : rooflineRate(s, pods, i, target, request, who);
    out.point.model = s.models[i].id;
    out.point.target = describeTarget(target);
    out.point.targetTokensPerSPerUser = target.minTokensPerSPerUser;
    return out;
}

// The measured points of the curve at the length config nearest the typical request.
CurvePlot curvePlotFor(const Curve& curve, const TokenCounts& typical) {
    CurvePlot plot;
    plot.curve = describeCurve(curve);
    const ThroughputBasis basis = throughputBasis(curve);
    plot.basis = throughputBasisName(basis);
    const double in =
        std::log(std::max(1.0, typical.input + typical.cacheRead + typical.cacheWrite));
    const double out = std::log(std::max(1.0, typical.output));
    double best = std::numeric_limits<double>::infinity();
    for (const LengthConfig& c : lengthConfigs(curve)) {
        const double d = std::hypot(std::log(c.inputTokens) - in, std::log(c.outputTokens) - out);
        if (d < best)
            best = d, plot.inputTokens = c.inputTokens, plot.outputTokens = c.outputTokens;
    }
    const auto frontier = frontierAt(curve, plot.inputTokens, plot.outputTokens, basis);
    for (const CurvePoint& p : curve.points) {
        if (p.inputTokens != plot.inputTokens || p.outputTokens != plot.outputTokens ||
            !p.tokensPerSPerUser)
            continue;
        const auto t = basis == ThroughputBasis::OutputTokens ? p.outputTokensPerSPerGpu
                                                              : p.totalTokensPerSPerGpu;
        if (!t)
            continue;
        const bool onFrontier =
            std::any_of(frontier.begin(), frontier.end(), [&](const CurvePoint& f) {
                return f.source.location == p.source.location && f.source.file == p.source.file;
            });
        plot.points.push_back({*p.tokensPerSPerUser, *t, onFrontier, p.source.location});
    }
    std::sort(plot.points.begin(), plot.points.end(),
              [](const CurvePlot::Point& a, const CurvePlot::Point& b) {
                  return a.tokensPerSPerUser < b.tokensPerSPerUser;
              });
    return plot;
}

} // namespace tierlab::core::detail
