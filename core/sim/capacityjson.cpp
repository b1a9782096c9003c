// SPDX-License-Identifier: MIT
#include "sim/capacityjson.h"

#include "scenario/scenario.h" // kModulateNames
#include "sim/gapfitdataset.h"

namespace tierlab::core {

namespace {

Json interval(const Estimate& e) {
    return Json::array({e.low, e.high});
}

// `name` and `name_interval`, the convention for every figure estimated over trials.
void putEstimate(Json& j, const std::string& name, const Estimate& e) {
    j[name] = e.value;
    j[name + "_interval"] = interval(e);
}

// The scenario's capacity.autoscaling keys, then what the second pod did.
Json autoscalingJson(const SimParams& p, const CapacityResult& r) {
    if (!r.autoscaled)
        return nullptr;
    Json j = {{"threshold", p.autoscaleThreshold},
              {"cold_start_min", p.coldStartMinutes},
              {"idle_min", p.idleReleaseMinutes}};
    putEstimate(j, "outage_minutes_per_week", r.outageMinutesPerWeekAutoscaled);
    putEstimate(j, "extra_pod_hours_per_week", r.extraPodHoursPerWeek);
    // Zero in the struct means the pod's cost is unknown, which a reader should not take
    // for a free pod.
    j["extra_cost_usd_per_week"] = p.podHourUsd > 0 ? Json(r.extraCostUsdPerWeek) : Json();
    j["extra_cost_share"] = r.extraCostShare;
    return j;
}

void addAtUsers(const SimParams& p, const CapacityResult& r, Json& j) {
    const auto& share = r.concurrencyShare;
    putEstimate(j, "exceed_probability", r.exceedProbability);
    j["mean_concurrency"] = r.meanConcurrency;
    j["concurrency_p50"] = concurrencyQuantile(share, 0.5);
    j["concurrency_p99"] = concurrencyQuantile(share, 0.99);
    j["concurrency_p999"] = concurrencyQuantile(share, 0.999);
    putEstimate(j, "max_concurrency", r.maxConcurrency);
    j["max_concurrency_overall"] = r.maxConcurrencyOverall;
    j["concurrency_share"] = share;
    putEstimate(j, "outage_minutes_per_week", r.outageMinutesPerWeek);
    putEstimate(j, "top_user_slots_at_peak", r.topUserSlotsAtPeak);
    putEstimate(j, "top_user_slots_anytime", r.topUserSlotsAnytime);
    j["rate_limit"] =
        p.rateLimitPerMinute > 0 ? Json{{"requests_per_min", p.rateLimitPerMinute}} : Json();
    j["autoscaling"] = autoscalingJson(p, r);
}

void addUsersPerPod(const CapacityResult& r, Json& j) {
    j["users_per_pod"] = r.usersPerPod;
    j["users_per_pod_interval"] = Json::array({r.usersPerPodLow, r.usersPerPodHigh});
    j["users_per_pod_censored"] = r.usersPerPodCensored;
    Json curve = Json::array();
    for (const auto& [users, pExceed] : r.exceedByUsers)
        curve.push_back(Json::array({users, pExceed}));
    j["exceed_by_users"] = curve;
}

} // namespace

Json capacityToJson(const std::string& scenario, const SimParams& p, const CapacityResult& r,
                    bool usersPerPod) {
    Json j = {{"schema", kCapacitySchema},
              {"scenario", scenario},
              {"slots", p.podSlots},
              {"users", p.users},
              {"trials", p.trials},
              {"weeks", p.weeks},
              {"seed", p.seed},
              {"confidence", p.confidence},
              {"modulate", enumName(kModulateNames, p.modulateAll)}};
    if (p.figuresAtUsers)
        addAtUsers(p, r, j);
    if (usersPerPod)
        addUsersPerPod(r, j);
    return j;
}

Json gapFitToJson(const DatasetGapFit& f, const std::string& dataset) {
    return {{"dataset", dataset},
            {"source", f.source == GapSource::Aggregate ? "aggregate" : "per_subscriber"},
            {"note", f.sourceNote},
            {"subscribers", f.subscribers},
            {"gaps", f.fit.gaps},
            {"components", f.capacityGaps},
            {"ks_distance", f.fit.ksDistance},
            {"log_likelihood", f.fit.logLikelihood},
            {"iterations", f.fit.iterations},
            {"converged", f.fit.converged}};
}

int concurrencyQuantile(const std::vector<double>& share, double q) {
    double cumulative = 0;
    for (std::size_t k = 0; k < share.size(); ++k) {
        cumulative += share[k];
        // Shares are sums of many small floats: a cumulative 0.99 may land a hair below.
        if (cumulative >= q - 1e-12)
            return static_cast<int>(k);
    }
    return static_cast<int>(share.size()) - 1;
}

} // namespace tierlab::core
