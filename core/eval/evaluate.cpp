// SPDX-License-Identifier: MIT
#include "evaluate.h"

#include "bootstrap.h"
#include "curves/operating.h"
#include "eval/resultsjson.h"
#include "model/routing.h"
#include "model/serving.h"
#include "replaypopulation.h"
#include "scenario/fieldreader.h"
#include "scenario/jsonpath.h"
#include "speedrates.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace tierlab::core {

namespace {

constexpr double kMillion = 1e6;

std::string indexPath(std::string_view array, std::size_t i) {
    return childPath(std::string(array), i);
}

struct Evaluation {
    const Scenario& s;
    EvalOutcome out;
    std::vector<ModelRate> rates;
    // Per tier, when a model has an operating curve: the rates at the tier's speed target
    // (empty: the tier uses `rates`).
    std::vector<std::vector<ModelRate>> tierRates;
    std::vector<std::vector<OperatingPointResult>> tierPoints;
    std::vector<RouteLeg> legs;
    ReplayCache* cache = nullptr; // with cacheKeys: reuse or keep the tiers' replays
    const ReplayKeys* cacheKeys = nullptr;

    void error(std::string path, std::string message) {
        out.diagnostics.push_back(
            {Diagnostic::Severity::Error, std::move(path), std::move(message)});
    }
    Results& r() { return out.results; }
};

// Utilization of pod `podIndex` from demand (model.md, "Utilization from demand"): the
// requests of the models it serves by hour of the week (each hour-of-week's count over the
// times it occurs in the span), mean against peak, over 1 + headroom.
void demandUtilization(Evaluation& e, std::size_t podIndex, const UsageData* usage, PodResult& p) {
    const Pod& pod = e.s.pods[podIndex];
    const std::string path = indexPath("pods", podIndex) + ".utilization";
    if (!usage || !usage->history || usage->history->size() == 0) {
        e.error(path, "from demand needs usage with request history (a per-request data set "
                      "in the workspace); give a number instead");
        return;
    }
    const RequestLog& log = *usage->history;
    constexpr std::int64_t kHourMs = 3600000;
    const auto hourOf = [](std::int64_t ms) {
        return ms >= 0 ? ms / kHourMs : (ms + 1) / kHourMs - 1;
    };
    // Epoch hour 0 is a Thursday 00:00 UTC: + 72 makes Monday 00:00 hour 0 of the week.
    const auto weekHour = [](std::int64_t h) {
        return static_cast<std::size_t>(((h + 72) % 168 + 168) % 168);
    };
    std::array<double, 168> count{}, occurs{};
    const std::int64_t first = hourOf(log.earliestMs), last = hourOf(log.latestMs);
    for (std::int64_t h = first; h <= last; ++h)
        occurs[weekHour(h)] += 1;
    std::size_t requests = 0;
    for (std::size_t r = 0; r < log.size(); ++r) {
        const auto m = static_cast<std::size_t>(log.model[r]);
        if (m >= e.s.models.size() || !e.s.models[m].served ||
            e.s.models[m].serving.pod != static_cast<int>(podIndex))
            continue;
        count[weekHour(hourOf(log.timeMs[r]))] += 1;
        ++requests;
    }
    if (requests == 0) {
        e.error(path, "from demand: no request of the usage is served on pod '" + pod.id + "'");
        return;
    }
    double sum = 0, peak = 0;
    int hours = 0;
    for (std::size_t h = 0; h < 168; ++h) {
        if (occurs[h] == 0)
            continue;
        const double rate = count[h] / occurs[h];
        sum += rate, peak = std::max(peak, rate), ++hours;
    }
    const double mean = sum / hours;
    const double headroom = *pod.demandHeadroom;
    p.utilization = mean / (peak * (1 + headroom));
    p.utilizationSource = fmt::format(
        "from demand: mean {:.4g} requests/hour against a peak hour of {:.4g} x {:g} headroom "
        "(hour-of-week profile over {:.1f} weeks, {} requests)",
        mean, peak, 1 + headroom, double(last - first + 1) / 168, requests);
}

void evaluatePods(Evaluation& e, const UsageData* usage) {
    for (std::size_t i = 0; i < e.s.pods.size(); ++i) {
        const Pod& pod = e.s.pods[i];
        const Accelerator& accel = detail::acceleratorOf(e.s, i);
        PodResult p;
        p.id = pod.id;
        p.gpus = pod.gpus();
        p.hbmTotalGb = p.gpus * accel.hbmGb;
        p.monthly = podMonthlyCost(pod, accel, e.s.hoursPerMonth);
        p.hourlyUsd = p.monthly.totalUsd / e.s.hoursPerMonth;
        p.utilization = pod.utilization;
        if (pod.demandHeadroom)
            demandUtilization(e, i, usage, p);
        if (!(p.hourlyUsd > 0))
            e.error(indexPath("pods", i) + ".cost",
                    "the pod costs nothing per hour, so no cost per token can be derived");
        e.r().pods.push_back(p);
    }
}

// Serving USD per million prefill, output and (with their own rate) cache-read tokens of a
// pod-served model at its pod's cost and utilization.
void servingCostsPerMtok(const ModelRate& rate, ModelResult& m) {
    const auto perMtok = [&](double tokensPerS) {
        return servingCostPerTokenUsd(rate.podHourUsd, tokensPerS, rate.utilization) * kMillion;
    };
    m.servingUsdPerMtokInput = perMtok(rate.prefillTokensPerS);
    m.servingUsdPerMtokOutput = perMtok(rate.decodeTokensPerS);
    if (rate.cacheReadTokensPerS)
        m.servingUsdPerMtokCacheRead = perMtok(*rate.cacheReadTokensPerS);
}

// Roofline or measured throughput of a pod-served model; fills `m` and `rate`.
void evaluateThroughput(Evaluation& e, std::size_t i, ModelResult& m, ModelRate& rate) {
    const ServingSpec& v = e.s.models[i].serving;
    const auto podIndex = static_cast<std::size_t>(v.pod);
    const Pod& pod = e.s.pods[podIndex];
    const Accelerator& accel = detail::acceleratorOf(e.s, podIndex);
    const std::string path = indexPath("models", i) + ".serving";
    const double peak = detail::weightPeakTflops(v, accel);
    m.pod = pod.id;
    m.weightGb = weightMemoryGb(v.paramsB, v.bytesPerParam);
    if (v.kvBytesPerToken > 0)
        m.kvSlots = kvSlots(pod.gpus() * accel.hbmGb, pod.usableHbmFraction, *m.weightGb,
                            v.kvBytesPerToken, v.contextTokens);
    m.measuredPrefill = v.prefillTokensPerS.has_value();
    m.measuredDecode = v.decodeTokensPerS.has_value();
    m.prefillTokensPerS = v.prefillTokensPerS
                              ? *v.prefillTokensPerS
                              : rooflinePrefillTokensPerS(pod.gpus(), peak, v.mfu, v.activeParamsB);
    if (v.decodeTokensPerS) {
        m.decodeTokensPerS = *v.decodeTokensPerS;
    } else if (m.kvSlots.value_or(0) < 1) {
        e.error(path, "weights of " + formatSum(*m.weightGb) + " GB leave no KV-cache slot of " +
                          formatSum(v.contextTokens) + " tokens on pod '" + pod.id + "' (" +
                          formatSum(pod.gpus() * accel.hbmGb * pod.usableHbmFraction) +
                          " GB usable); give decode_tokens_per_s or a larger pod");
        return;
    } else {
        m.batch = v.batch.value_or(*m.kvSlots);
        if (*m.batch > *m.kvSlots)
            e.error(path + ".batch", "must be <= the " + std::to_string(*m.kvSlots) +
                                         " KV slots of the pod, got " + std::to_string(*m.batch));
        const DecodeRoofline roof{
            pod.gpus(),      accel.hbmTbPerS,   peak,           v.mbu, v.mfu, *m.weightGb,
            v.activeParamsB, v.kvBytesPerToken, v.contextTokens};
        m.decodeTokensPerS = rooflineDecodeTokensPerS(roof, *m.batch);
    }
    rate.podHourUsd = e.r().pods[podIndex].hourlyUsd;
    rate.utilization = e.r().pods[podIndex].utilization;
    rate.prefillTokensPerS = *m.prefillTokensPerS;
    rate.decodeTokensPerS = *m.decodeTokensPerS;
    rate.overlap = v.overlap;
    servingCostsPerMtok(rate, m);
}

// The speed target of model i's requests in `tier` (null: the model's own), and where it
// was set.
SpeedTarget targetFor(const Evaluation& e, std::size_t i, const Tier* tier) {
    if (tier && tier->speed)
        return *tier->speed;
    return e.s.models[i].serving.speed.value_or(SpeedTarget{});
}

// Storage of cache writes' KV for model i (serving.cache_storage), USD per cache-write
// token: KV bytes per token / 1e9 x hours x USD per GB-hour (docs/model.md, "The roofline at
// a speed", cache reads).
double cacheStorageUsdPerToken(Evaluation& e, std::size_t i) {
    const ServingSpec& v = e.s.models[i].serving;
    if (!(v.cacheStorageUsdPerGbHour > 0 && v.cacheStorageHours > 0))
        return 0;
    if (!(v.kvBytesPerToken > 0))
        e.error(indexPath("models", i) + ".serving.cache_storage",
                "needs the KV size per token (kv_bytes_per_token or layers/kv_heads/head_dim)");
    return v.kvBytesPerToken / 1e9 * v.cacheStorageHours * v.cacheStorageUsdPerGbHour;
}

// Whether model i's throughput comes from a speed target: a curve always; a roofline
// model when it has its own target.
bool atSpeed(const Evaluation& e, std::size_t i) {
    const ModelSpec& m = e.s.models[i];
    return detail::hasCurve(m.serving) || (m.serving.speed && detail::servedAtSpeed(m));
}

// Model i's rate at `target` for `request`; errors at `path`. A stored curve not loaded is
// an error at the model's curve.
std::optional<ModelRate> rateAtSpeed(Evaluation& e, std::size_t i, const SpeedTarget& target,
                                     const TokenCounts& request, const std::string& path,
                                     const std::string& who, OperatingPointResult& point) {
    const ServingSpec& v = e.s.models[i].serving;
    if (detail::hasCurve(v) && !v.curve) {
        e.error(indexPath("models", i) + ".serving.curve",
                "names the stored curve '" + v.curveName +
                    "', which is not loaded: evaluate with the workspace that stores it "
                    "(tierlab-cli curve import FILE --workspace W)");
        return std::nullopt;
    }
    detail::SpeedRate r = detail::speedRate(e.s, e.r().pods, i, target, request, who);
    if (!r.rate) {
        e.error(path, r.error);
        return std::nullopt;
    }
    point = std::move(r.point);
    r.rate->cacheStorageUsdPerToken = cacheStorageUsdPerToken(e, i);
    return r.rate;
}

// A model served at its own target and the typical request: from its curve, or from the
// roofline at a speed.
void evaluateAtSpeed(Evaluation& e, std::size_t i, ModelResult& m, ModelRate& rate) {
    const ServingSpec& v = e.s.models[i].serving;
    const std::string path = indexPath("models", i) + ".serving";
    m.pod = e.s.pods[static_cast<std::size_t>(v.pod)].id;
    OperatingPointResult point;
    const auto r = rateAtSpeed(e, i, targetFor(e, i, nullptr), e.s.typicalRequest,
                               path + (v.speed ? ".speed" : ".curve"),
                               "model '" + e.s.models[i].id + "'", point);
    if (!r)
        return;
    const Accelerator& accel = detail::acceleratorOf(e.s, static_cast<std::size_t>(v.pod));
    if (v.curve && !sameHardware(v.curve->hardware, accel.id))
        e.out.diagnostics.push_back({Diagnostic::Severity::Warning, path + ".curve",
                                     "was measured on " + v.curve->hardware + ", but pod '" +
                                         m.pod + "' runs " + accel.id +
                                         ": its throughput is the curve's, per GPU"});
    rate = *r;
    m.operatingPoint = point;
    if (v.curve) {
        m.curvePlot = detail::curvePlotFor(*v.curve, e.s.typicalRequest);
        m.measuredPrefill = m.measuredDecode = true;
    } else {
        m.weightGb = weightMemoryGb(v.paramsB, v.bytesPerParam);
    }
    m.prefillTokensPerS = rate.prefillTokensPerS;
    m.decodeTokensPerS = rate.decodeTokensPerS;
    servingCostsPerMtok(rate, m);
}

// Each tier's rates at its speed target and typical request: every model with a curve, and
// roofline models when the tier or the model sets a target.
void evaluateTierRates(Evaluation& e) {
    e.tierRates.assign(e.s.tiers.size(), {});
    e.tierPoints.assign(e.s.tiers.size(), {});
    for (std::size_t t = 0; t < e.s.tiers.size(); ++t) {
        const Tier& tier = e.s.tiers[t];
        for (std::size_t i = 0; i < e.s.models.size(); ++i) {
            const ModelSpec& spec = e.s.models[i];
            if (!detail::servedAtSpeed(spec) ||
                !(detail::hasCurve(spec.serving) || tier.speed || spec.serving.speed))
                continue;
            if (e.tierRates[t].empty())
                e.tierRates[t] = e.rates;
            OperatingPointResult point;
            const std::string path = indexPath("tiers", t) + (tier.speed ? ".speed" : "");
            const auto r = rateAtSpeed(e, i, targetFor(e, i, &tier), tier.typicalRequest, path,
                                       "tier '" + tier.id + "' on model '" + spec.id + "'", point);
            if (!r)
                continue;
            e.tierRates[t][i] = *r;
            e.tierPoints[t].push_back(point);
        }
    }
}

// Per-Mtok figures of the typical request, and how serving cost moves with pod utilization.
void perMtokFigures(const ModelRate& rate, const TokenCounts& typical, ModelResult& m) {
    const double tokens = typical.total();
    if (!(tokens > 0))
        return;
    m.listUsdPerMtok = m.listUsdPerRequest / tokens * kMillion;
    m.servingUsdPerMtok = *m.servingUsdPerRequest / tokens * kMillion;
    if (!m.podSecondsPerRequest)
        return; // typed-in serving costs do not depend on utilization
    if (m.servingCostRatio)
        m.breakevenUtilization = rate.utilization * *m.servingCostRatio;
    ModelRate at = rate;
    for (int step = 1; step <= 20; ++step) {
        at.utilization = step / 20.0;
        m.servingCurve.emplace_back(at.utilization,
                                    servingCostUsd(at, typical, 1) / tokens * kMillion);
    }
}

void evaluateModels(Evaluation& e) {
    for (std::size_t i = 0; i < e.s.models.size(); ++i) {
        const ModelSpec& spec = e.s.models[i];
        ModelResult m;
        m.id = spec.id;
        m.name = spec.name;
        m.quality = spec.quality;
        ModelRate rate;
        rate.price = spec.price;
        rate.quality = spec.quality;
        if (!spec.served) {
            m.listUsdPerRequest = listValueUsd(spec.price, e.s.typicalRequest);
            e.rates.push_back(rate);
            e.r().models.push_back(m);
            continue;
        }
        if (spec.serving.inputUsdPerMtok) {
            rate.servingInputPerMtokUsd = spec.serving.inputUsdPerMtok;
            rate.servingOutputPerMtokUsd = spec.serving.outputUsdPerMtok;
            m.servingUsdPerMtokInput = *spec.serving.inputUsdPerMtok;
            m.servingUsdPerMtokOutput = *spec.serving.outputUsdPerMtok;
            m.pod = spec.serving.pod >= 0 ? e.s.pods[static_cast<std::size_t>(spec.serving.pod)].id
                                          : "";
        } else if (atSpeed(e, i)) {
            evaluateAtSpeed(e, i, m, rate);
        } else {
            evaluateThroughput(e, i, m, rate);
        }
        rate.cacheStorageUsdPerToken = cacheStorageUsdPerToken(e, i);
        if (!e.out.ok()) {
            e.rates.push_back(rate);
            e.r().models.push_back(m);
            continue;
        }
        const TokenCounts& typical = e.s.typicalRequest;
        m.podSecondsPerRequest = podSecondsFor(rate, typical);
        if (m.podSecondsPerRequest && *m.podSecondsPerRequest > 0) {
            m.requestsPerPodMinute = 60.0 / *m.podSecondsPerRequest;
            // Output tokens a busy pod turns out per second, per MW of facility power.
            const auto podIndex = static_cast<std::size_t>(spec.serving.pod);
            const Pod& pod = e.s.pods[podIndex];
            const double mw = pod.gpus() * itKwPerGpu(detail::acceleratorOf(e.s, podIndex)) *
                              pod.cost.pue / 1000.0;
            if (mw > 0)
                m.outputTokensPerSPerMw = typical.output / *m.podSecondsPerRequest / mw;
        }
        m.listUsdPerRequest = listValueUsd(spec.price, typical);
        m.servingUsdPerRequest = servingCostUsd(rate, typical, 1);
        if (m.listUsdPerRequest > 0)
            m.servingCostRatio = *m.servingUsdPerRequest / m.listUsdPerRequest;
        perMtokFigures(rate, typical, m);
        e.rates.push_back(rate);
        e.r().models.push_back(m);
    }
}

// Every model that serves requests needs a serving block; catalog-only models may not.
void checkServed(Evaluation& e, const UsageData* usage) {
    std::vector<std::string> usedBy(e.s.models.size());
    const auto use = [&](int m, const std::string& where) {
        if (m >= 0 && usedBy[static_cast<std::size_t>(m)].empty())
            usedBy[static_cast<std::size_t>(m)] = where;
    };
    for (std::size_t t = 0; t < e.s.tiers.size(); ++t) {
        const Tier& tier = e.s.tiers[t];
        use(tier.typicalModel, indexPath("tiers", t) + ".typical_request.model");
        for (std::size_t c = 0; c < tier.caps.size(); ++c)
            use(tier.caps[c].fallbackModel,
                indexPath(indexPath("tiers", t) + ".model_caps", c) + ".fallback_model");
    }
    for (int m : e.s.routing.models)
        use(m, "routing");
    use(e.s.routing.baselineModel, "routing.baseline_model");
    if (e.s.batch)
        use(e.s.batch->model, "batch.model");
    if (e.s.opportunity)
        use(e.s.opportunity->model, "opportunity.model");
    if (usage)
        for (const Subscriber& sub : usage->subscribers)
            for (const UsageLine& line : sub.lines)
                use(line.model, "usage");
    for (std::size_t m = 0; m < e.s.models.size(); ++m)
        if (!usedBy[m].empty() && !e.s.models[m].served)
            e.error(indexPath("models", m) + ".serving", "is required: model '" + e.s.models[m].id +
                                                             "' serves requests (" + usedBy[m] +
                                                             ")");
}

void evaluateRouting(Evaluation& e) {
    const RoutingSpec& rt = e.s.routing;
    if (rt.mode == RoutingMode::None)
        return;
    e.legs = rt.mode == RoutingMode::Mix ? mixLegs(rt.models, rt.shares)
                                         : cascadeLegs(rt.models, rt.escalate);
    RoutingResult r;
    r.mode = enumName(kRoutingModeNames, rt.mode);
    std::vector<double> list, serving, quality;
    for (const ModelResult& m : e.r().models) {
        list.push_back(m.listUsdPerRequest);
        serving.push_back(m.servingUsdPerRequest.value_or(0));
        quality.push_back(m.quality);
    }
    for (const RouteLeg& leg : e.legs) {
        const auto k = static_cast<std::size_t>(leg.model);
        r.legs.push_back({e.s.models[k].id, leg.runs, leg.answers, list[k], serving[k]});
    }
    r.listUsdPerRequest = routedCostUsd(e.legs, list, 0); // the overhead is a cost only
    r.servingUsdPerRequest = routedCostUsd(e.legs, serving, rt.routerOverheadUsd);
    r.expectedQuality = routedQuality(e.legs, quality);
    const auto base = static_cast<std::size_t>(rt.baselineModel);
    r.baselineModel = e.s.models[base].id;
    r.baselineListUsdPerRequest = list[base];
    r.baselineServingUsdPerRequest = serving[base];
    r.baselineQuality = quality[base];
    if (list[base] > 0)
        r.savingsList = savingsShare(r.listUsdPerRequest, list[base]);
    else
        e.error("routing.baseline_model", "the baseline's list price is 0: savings are undefined");
    r.savingsServing = savingsShare(r.servingUsdPerRequest, serving[base]);
    e.r().routing = r;
}

LinePricer pricerFor(const Evaluation& e, const Tier& tier) {
    const bool routed = tier.typicalModel < 0;
    const auto t = static_cast<std::size_t>(&tier - e.s.tiers.data());
    const std::vector<ModelRate>* rates =
        t < e.tierRates.size() && !e.tierRates[t].empty() ? &e.tierRates[t] : &e.rates;
    return {rates, routed ? &e.legs : nullptr, routed ? e.s.routing.routerOverheadUsd : 0};
}

void evaluateTier(Evaluation& e, std::size_t i) {
    const Tier& tier = e.s.tiers[i];
    const std::string path = indexPath("tiers", i);
    TierResult t;
    t.id = tier.id;
    t.name = tier.name;
    t.priceUsdMonth = tier.priceUsdMonth;
    if (tier.typicalModel < 0 && e.legs.empty()) {
        e.error(path + ".typical_request.model",
                "is required when routing.mode is none (which model serves the tier?)");
        return;
    }
    t.servedBy = tier.typicalModel >= 0 ? e.s.models[static_cast<std::size_t>(tier.typicalModel)].id
                                        : "routing";
    const UsageLine typical{std::max(tier.typicalModel, 0), Channel::Interactive, 1,
                            tier.typicalRequest};
    const LinePricer pricer = pricerFor(e, tier);
    std::vector<double> modelList;
    for (const ModelRate& rate : e.rates)
        modelList.push_back(listValueUsd(rate.price, tier.typicalRequest));
    t.typicalServingUsd = pricer.servingUsd(typical);
    t.typicalListUsd = tier.typicalModel >= 0
                           ? modelList[static_cast<std::size_t>(tier.typicalModel)]
                           : routedCostUsd(e.legs, modelList, 0);
    if (!(t.typicalListUsd > 0)) {
        e.error(path + ".typical_request",
                "has no list value (its model's prices are 0): full use and breakeven are "
                "undefined");
        return;
    }
    t.servingCostRatio = t.typicalServingUsd / t.typicalListUsd;
    t.maxMessagesPerMonth = maxMessagesPerMonth(tier.windows, e.s.hoursPerMonth);
    const auto full =
        fullUse(tier, e.s.hoursPerMonth, t.typicalListUsd, modelList, t.typicalServingUsd);
    if (!full || !(full->totalUsd > 0)) {
        // A limit that holds the typical request and blocks or bills bounds use (legacy
        // windows and caps, or the tier's own limits[]) unless the bound overflows.
        const bool overflow =
            std::any_of(tier.limits.begin(), tier.limits.end(), [&](const Limit& l) {
                const auto& models = l.scope.models;
                return (!l.scope.channel || *l.scope.channel == Channel::Interactive) &&
                       (models.empty() || std::find(models.begin(), models.end(),
                                                    tier.typicalModel) != models.end()) &&
                       tier.effective(l.policy) != LimitPolicy::Fallback && l.amount > 0;
            });
        e.error(path, full       ? "full-use value is 0: its limits allow no usage"
                      : overflow ? "full-use value is too large to compute: check its limits"
                                 : "nothing bounds interactive use: add a window or a limit, an "
                                   "interactive pool, or a block or extra-usage cap on the "
                                   "typical model");
        return;
    }
    t.fullUse = *full;
    t.breakevenUtilization =
        breakevenUtilization(tier.priceUsdMonth, full->totalUsd, t.servingCostRatio);
    t.marginAtFullUseUsd = tier.priceUsdMonth - full->totalUsd * t.servingCostRatio;
    if (i < e.tierPoints.size())
        t.operatingPoints = e.tierPoints[i];
    for (const ModelCap& cap : tier.caps)
        t.capLabels.push_back(e.s.models[static_cast<std::size_t>(cap.model)].id);
    for (const Pool& pool : tier.pools)
        t.poolLabels.emplace_back(enumName(kChannelNames, pool.channel));
    e.r().tiers.push_back(t);
}

TierReplaySettings replaySettings(const Evaluation& e, std::size_t t, const LinePricer& pricer) {
    const Tier& tier = e.s.tiers[t];
    const TierResult& tr = e.out.results.tiers[t];
    TierReplaySettings settings;
    settings.pricer = &pricer;
    settings.hoursPerMonth = e.s.hoursPerMonth;
    settings.typicalListUsdPerToken =
        tier.typicalRequest.total() > 0 ? tr.typicalListUsd / tier.typicalRequest.total() : 0;
    settings.seed = e.s.usage.seed;
    return settings;
}

// A subscriber the timeline may show: its month's tokens and margin.
struct Candidate {
    std::size_t index = 0; // into usage.subscribers
    double tokens = 0, marginUsd = 0;
};

void evaluateTimeline(Evaluation& e, const UsageData& usage, const TimelineRequest& request,
                      const std::vector<Candidate>& candidates) {
    if (!usage.history) {
        e.error("timeline", "the data set has no request history (daily data, or imported "
                            "with --no-history): a timeline needs every request");
        return;
    }
    std::optional<Candidate> chosen;
    std::string pickedAs;
    std::vector<Candidate> pool;
    for (const Candidate& c : candidates)
        if (request.tier.empty() ||
            e.s.tiers[static_cast<std::size_t>(usage.subscribers[c.index].tier)].id == request.tier)
            pool.push_back(c);
    switch (request.pick) {
    case TimelineRequest::Pick::Named:
        for (const Candidate& c : pool)
            if (c.index < usage.names.size() && usage.names[c.index] == request.subscriber)
                chosen = c;
        if (!chosen)
            e.error("timeline", "no subscriber '" + request.subscriber +
                                    "' among the priced subscribers (those on an unmapped "
                                    "tier are left out)");
        break;
    case TimelineRequest::Pick::Heaviest:
        pickedAs = "heaviest";
        for (const Candidate& c : pool)
            if (!chosen || c.tokens > chosen->tokens)
                chosen = c;
        if (!chosen)
            e.error("timeline", request.tier.empty()
                                    ? "the usage has no subscribers"
                                    : "tier '" + request.tier + "' has no subscribers");
        break;
    case TimelineRequest::Pick::MedianLossMaker: {
        pickedAs = "median loss-maker";
        std::vector<Candidate> losing;
        for (const Candidate& c : pool)
            if (c.marginUsd < 0)
                losing.push_back(c);
        std::stable_sort(losing.begin(), losing.end(), [](const Candidate& a, const Candidate& b) {
            return a.marginUsd < b.marginUsd;
        });
        if (losing.empty())
            e.error("timeline", "no subscriber loses money in this scenario");
        else
            chosen = losing[(losing.size() - 1) / 2];
        break;
    }
    }
    if (!chosen)
        return;
    const Subscriber& sub = usage.subscribers[chosen->index];
    const auto t = static_cast<std::size_t>(sub.tier);
    const Tier& tier = e.s.tiers[t];
    const LinePricer pricer = pricerFor(e, tier);
    SubscriberTimeline out;
    out.subscriber = chosen->index < usage.names.size() ? usage.names[chosen->index] : "";
    out.tier = tier.id;
    out.pickedAs = pickedAs;
    const Span span = historySpan(*usage.history);
    out.spanStartMs = span.startMs;
    out.spanEndMs = span.endMs;
    for (const Limit& l : tier.limits)
        out.limitLabels.push_back(l.label);
    for (const auto& m : e.s.models)
        out.modelIds.push_back(m.id);
    out.outcome =
        replayOne(tier, usage, chosen->index, replaySettings(e, t, pricer), &out.timeline);
    out.marginUsd = tier.priceUsdMonth + out.outcome.out.extraUsageUsd - out.outcome.out.costUsd;
    e.r().timeline = std::move(out);
}

// A tier's price response (off unless given): the share of each subscriber that stays, and
// the share that moves down to another tier, at the tier's price against the reference
// (docs/model.md, "Weights and price response").
struct Response {
    double kept = 1, moved = 0;
};
Response priceResponseOf(const Tier& tier, double utilization) {
    if (!tier.priceResponse)
        return {};
    const PriceResponse& pr = *tier.priceResponse;
    if (pr.elasticity)
        return {std::pow(tier.priceUsdMonth / pr.referencePriceUsd, *pr.elasticity), 0};
    const double increase = std::max(0.0, tier.priceUsdMonth - pr.referencePriceUsd);
    for (std::size_t b = 0; b < pr.bands.size(); ++b) {
        const PriceResponse::Band& band = pr.bands[b];
        if (b + 1 < pr.bands.size() && !(utilization < band.utilizationBelow))
            continue;
        const double leave = std::min(1.0, increase * band.leavePerUsd);
        const double moved = std::min(1.0 - leave, increase * band.moveDownPerUsd);
        return {1.0 - leave - moved, pr.moveDownTier >= 0 ? moved : 0};
    }
    return {};
}

// Each tier's subscribers through its limits: replayed over their requests when the data
// set kept them, else bounding their month (replaypopulation.h). With a price response, each
// subscriber counts at the share kept, and the share moving down joins the lower tier,
// replayed through its limits there.
void evaluatePopulation(Evaluation& e, const UsageData& usage, const TimelineRequest* timeline) {
    const std::size_t tiers = e.s.tiers.size();
    std::vector<std::vector<std::size_t>> members(tiers);
    for (std::size_t i = 0; i < usage.subscribers.size(); ++i)
        members[static_cast<std::size_t>(usage.subscribers[i].tier)].push_back(i);
    const bool replayed = usage.history.has_value();
    const Span span = replayed ? historySpan(*usage.history) : Span{};
    const double weeks =
        std::max(static_cast<double>(span.endMs - span.startMs) / 3.6e6, 1.0) / 168;
    std::vector<Candidate> candidates;
    // Pass 1: every tier's own subscribers, and who moves where.
    std::vector<SharedOutcomes> replays(tiers);
    std::vector<std::vector<double>> weights(tiers);
    std::vector<std::vector<std::size_t>> movedIn(tiers);
    std::vector<std::vector<double>> movedWeight(tiers);
    std::vector<double> retained(tiers, 1), baseWeight(tiers, 0);
    // Tiers whose replays the cache holds for the same inputs reuse them; a tier whose
    // limits changed only in their amounts keeps the outcomes no limit bound (replayTier).
    std::vector<bool> cached(tiers, false);
    std::vector<SharedOutcomes> sameShape(tiers);
    const bool keyed =
        e.cache && e.cacheKeys->exact.size() == tiers && e.cacheKeys->shape.size() == tiers;
    if (keyed) {
        std::lock_guard lock(e.cache->mutex);
        const bool sized = e.cache->keys.size() == tiers && e.cache->shapes.size() == tiers &&
                           e.cache->tiers.size() == tiers;
        for (std::size_t t = 0; sized && t < tiers; ++t)
            if (e.cache->keys[t] == e.cacheKeys->exact[t]) {
                cached[t] = true;
                replays[t] = e.cache->tiers[t];
            } else if (e.cache->shapes[t] == e.cacheKeys->shape[t]) {
                sameShape[t] = e.cache->tiers[t];
            }
    }
    for (std::size_t t = 0; t < tiers; ++t) {
        const Tier& tier = e.s.tiers[t];
        const TierResult& tr = e.r().tiers[t];
        const LinePricer pricer = pricerFor(e, tier);
        if (!cached[t])
            replays[t] = std::make_shared<const std::vector<ReplayOutcome>>(replayTier(
                tier, usage, members[t], replaySettings(e, t, pricer), sameShape[t].get()));
        double kept = 0;
        for (std::size_t i = 0; i < replays[t]->size(); ++i) {
            const std::size_t m = members[t][i];
            const double w = usage.subscribers[m].weight;
            const SubscriberOutcome& o = (*replays[t])[i].out;
            const Response r = priceResponseOf(tier, o.includedListUsd / tr.fullUse.totalUsd);
            weights[t].push_back(w * r.kept);
            kept += w * r.kept;
            baseWeight[t] += w;
            if (r.moved > 0) {
                const auto to = static_cast<std::size_t>(tier.priceResponse->moveDownTier);
                movedIn[to].push_back(m);
                movedWeight[to].push_back(w * r.moved);
            }
            if (timeline)
                candidates.push_back(
                    {m, o.tokens, tier.priceUsdMonth + o.extraUsageUsd - o.costUsd});
        }
        retained[t] = baseWeight[t] > 0 ? kept / baseWeight[t] : 1;
    }
    if (keyed) {
        std::lock_guard lock(e.cache->mutex);
        e.cache->keys.resize(tiers);
        e.cache->shapes.resize(tiers);
        e.cache->tiers.resize(tiers);
        for (std::size_t t = 0; t < tiers; ++t)
            if (!cached[t]) {
                e.cache->keys[t] = e.cacheKeys->exact[t];
                e.cache->shapes[t] = e.cacheKeys->shape[t];
                e.cache->tiers[t] = replays[t];
            }
    }
    // Pass 2: the movers through their new tier's limits, then every tier's figures.
    std::vector<TierOutcomes> priced(tiers);
    for (std::size_t t = 0; t < tiers; ++t) {
        const Tier& tier = e.s.tiers[t];
        TierOutcomes& to = priced[t];
        to.replays = std::move(replays[t]);
        to.weights = std::move(weights[t]);
        to.source = members[t];
        const bool allKept =
            std::none_of(to.weights.begin(), to.weights.end(), [](double w) { return w <= 0; });
        if (movedIn[t].empty() && allKept)
            continue; // the tier's own outcomes as replayed (or kept): no copy
        // Movers join, and subscribers who all left (weight 0) are in no figure: a copy.
        std::vector<ReplayOutcome> entries;
        std::vector<double> weightsKept;
        std::vector<std::size_t> sourceKept;
        for (std::size_t i = 0; i < to.replays->size(); ++i)
            if (to.weights[i] > 0) {
                entries.push_back((*to.replays)[i]);
                weightsKept.push_back(to.weights[i]);
                sourceKept.push_back(to.source[i]);
            }
        if (!movedIn[t].empty()) {
            const LinePricer pricer = pricerFor(e, tier);
            std::vector<ReplayOutcome> more =
                replayTier(tier, usage, movedIn[t], replaySettings(e, t, pricer));
            for (std::size_t i = 0; i < more.size(); ++i)
                if (movedWeight[t][i] > 0) {
                    entries.push_back(std::move(more[i]));
                    weightsKept.push_back(movedWeight[t][i]);
                    sourceKept.push_back(movedIn[t][i]);
                }
        }
        to.replays = std::make_shared<const std::vector<ReplayOutcome>>(std::move(entries));
        to.weights = std::move(weightsKept);
        to.source = std::move(sourceKept);
    }
    const TierFiguresFn figuresOf = [&](std::size_t t, const std::vector<ReplayOutcome>& r,
                                        const std::vector<double>& weights) {
        const Tier& tier = e.s.tiers[t];
        const TierResult& tr = e.r().tiers[t];
        const bool unweighted =
            std::all_of(weights.begin(), weights.end(), [](double w) { return w == 1; });
        const std::vector<double> none;
        const std::vector<double>& w = unweighted ? none : weights;
        PopulationFigures f =
            populationFigures(tier, r, tr.fullUse.totalUsd, tr.breakevenUtilization, w);
        limitFigures(tier, r, replayed, weeks, f, w);
        return f;
    };
    std::vector<const PopulationFigures*> all;
    for (std::size_t t = 0; t < tiers; ++t) {
        PopulationFigures f = figuresOf(t, *priced[t].replays, priced[t].weights);
        if (e.s.tiers[t].priceResponse)
            f.retainedShare = retained[t];
        for (double m : movedWeight[t])
            f.movedInSubscribers += m;
        e.r().tiers[t].population = std::move(f);
        all.push_back(&*e.r().tiers[t].population);
    }
    e.r().totals = totalsOf(all);
    if (usage.sampleRatePer10000 > 0 && e.s.usage.sample) {
        const UsageSpec::Sample& spec = *e.s.usage.sample;
        e.r().sample =
            SampleSummary{usage.sampleRatePer10000, double(usage.subscribers.size()),
                          double(usage.populationSubscribers), spec.resamples, spec.confidence};
        BootstrapIntervals b = bootstrapIntervals(priced, all, usage.subscribers.size(), figuresOf,
                                                  spec.resamples, spec.confidence, spec.seed);
        for (std::size_t t = 0; t < b.tiers.size(); ++t)
            e.r().tiers[t].population->intervals = std::move(b.tiers[t]);
        e.r().totals->intervals = std::move(b.totals);
    }
    e.r().usage = usage.description;
    if (timeline)
        evaluateTimeline(e, usage, *timeline, candidates);
}

void evaluateExtras(Evaluation& e) {
    if (e.s.batch) {
        const auto m = static_cast<std::size_t>(e.s.batch->model);
        const ModelRate& rate = e.rates[m];
        if (rate.servingInputPerMtokUsd)
            e.error("batch.model", "needs a model served on a pod (its pod cost is the cost)");
        else
            e.r().batch = batchExperiment(e.s.batch->experiment, rate.price, rate.podHourUsd);
    }
    if (e.s.opportunity) {
        const OpportunitySpec& o = *e.s.opportunity;
        const ModelResult& m = e.r().models[static_cast<std::size_t>(o.model)];
        if (!m.podSecondsPerRequest || !(*m.podSecondsPerRequest > 0)) {
            e.error("opportunity.model", "needs a model served on a pod");
        } else {
            OpportunityResult r{*m.podSecondsPerRequest, m.listUsdPerRequest, 0};
            r.costUsd =
                opportunityCostUsd(o.pods, o.hours, o.heldUtilization, o.productionUtilization,
                                   r.podSecondsPerRequest, r.listUsdPerRequest);
            e.r().opportunity = r;
        }
    }
    if (!e.s.trend)
        return;
    const TrendSpec& t = *e.s.trend;
    for (int y = 0; y <= t.years; ++y) {
        TrendYear row{y,
                      compoundFactor(-t.costDeclinePerYear, y),
                      compoundFactor(-t.priceDeclinePerYear, y),
                      compoundFactor(t.usageGrowthPerYear, y),
                      {}};
        for (const TierResult& tier : e.r().tiers) {
            // V_full scales with list prices and the ratio with cost / price, so
            // u*_y = price / (V_full x ratio x costFactor).
            TrendTier tt{tier.id, tier.breakevenUtilization / row.costFactor, std::nullopt};
            if (tier.population) {
                const PopulationFigures& f = *tier.population;
                tt.marginUsd = f.subscriptionRevenueUsd +
                               f.extraUsageRevenueUsd * row.priceFactor * row.usageFactor -
                               f.costUsd * row.costFactor * row.usageFactor;
            }
            row.tiers.push_back(tt);
        }
        e.r().trend.push_back(row);
    }
}

// The last guard of "no NaN or infinity in an output": inputs at the edge of their ranges
// (huge prices times huge populations) can still overflow; say where instead.
void checkFinite(const Json& j, const std::string& path, Evaluation& e) {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) {
        e.error(path, "is not a finite number: inputs too large to compute with");
    } else if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            checkFinite(value, childPath(path, key), e);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            checkFinite(j[i], childPath(path, i), e);
    }
}

} // namespace

static EvalOutcome evaluateWith(const Scenario& s, const UsageData* usage,
                                const TimelineRequest* timeline, ReplayCache* cache,
                                const ReplayKeys* cacheKeys);

ReplayKeys replayKeys(const Json& document) {
    Json global = document;
    global.erase("name");
    global.erase("description");
    global.erase("tiers");
    std::string common = global.dump() + "\n";
    ReplayKeys keys;
    const auto t = document.find("tiers");
    if (t == document.end() || !t->is_array())
        return keys;
    for (const Json& tier : *t)
        common += (tier.is_object() && tier.contains("id") ? tier["id"].dump() : "null") + ",";
    for (const Json& tier : *t) {
        Json stripped = tier;
        if (stripped.is_object()) {
            stripped.erase("price_usd_month");
            stripped.erase("price_response");
            stripped.erase("name");
        }
        const std::string head = common + "\n" + std::to_string(keys.exact.size()) + "\n";
        keys.exact.push_back(head + stripped.dump());
        if (stripped.is_object() && stripped.contains("limits") && stripped["limits"].is_array())
            for (Json& limit : stripped["limits"])
                if (limit.is_object())
                    limit.erase("amount");
        keys.shape.push_back(head + stripped.dump());
    }
    return keys;
}

EvalOutcome evaluate(const Scenario& s, const UsageData& usage, ReplayCache& cache,
                     const ReplayKeys& keys) {
    return evaluateWith(s, &usage, nullptr, &cache, &keys);
}

EvalOutcome evaluate(const Scenario& s, const UsageData* usage, const TimelineRequest* timeline) {
    return evaluateWith(s, usage, timeline, nullptr, nullptr);
}

static EvalOutcome evaluateWith(const Scenario& s, const UsageData* usage,
                                const TimelineRequest* timeline, ReplayCache* cache,
                                const ReplayKeys* cacheKeys) {
    Evaluation e{s, {}, {}, {}, {}, {}, cache, cacheKeys};
    e.r().name = s.name;
    UsageData own;
    if (!usage &&
        (s.usage.source == UsageSource::Records || s.usage.source == UsageSource::Synthetic)) {
        own = builtInUsage(s);
        usage = &own;
    }
    evaluatePods(e, usage);
    if (e.out.ok())
        checkServed(e, usage);
    if (e.out.ok())
        evaluateModels(e);
    if (e.out.ok())
        evaluateTierRates(e);
    if (e.out.ok())
        evaluateRouting(e);
    for (std::size_t i = 0; e.out.ok() && i < s.tiers.size(); ++i)
        evaluateTier(e, i);
    if (!e.out.ok())
        return std::move(e.out);
    if (!usage && s.usage.source == UsageSource::Dataset)
        e.error("usage.dataset", "data set '" + s.usage.dataset +
                                     "' lives in a workspace: give it with --workspace");
    if (!usage && s.usage.source == UsageSource::CsvFile)
        e.error("usage.csv", "'" + s.usage.dataset +
                                 "': import it first (tierlab-cli import FILE --workspace W) "
                                 "and name the data set in usage.dataset");
    if (usage)
        evaluatePopulation(e, *usage, timeline);
    else if (timeline)
        e.error("timeline", "needs usage: a data set with request history (--workspace)");
    if (e.out.ok())
        evaluateExtras(e);
    if (e.out.ok())
        checkFinite(resultsToJson(e.r()), "", e);
    return std::move(e.out);
}

} // namespace tierlab::core
