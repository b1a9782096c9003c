// SPDX-License-Identifier: MIT
#include "resultsjson.h"

namespace tierlab::core {

namespace {

template <typename T> Json optional(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Json podJson(const PodResult& p) {
    return {{"id", p.id},
            {"gpus", p.gpus},
            {"hbm_total_gb", p.hbmTotalGb},
            {"finance_usd_month", p.monthly.financeUsd},
            {"energy_usd_month", p.monthly.energyUsd},
            {"hosting_usd_month", p.monthly.hostingUsd},
            {"cost_usd_month", p.monthly.totalUsd},
            {"cost_usd_hour", p.hourlyUsd},
            {"utilization", p.utilization},
            {"utilization_source", p.utilizationSource},
            {"depreciation_usd_month", p.monthly.depreciationUsd}};
}

Json pairsJson(const std::vector<std::pair<double, double>>& points) {
    Json out = Json::array();
    for (const auto& [x, y] : points)
        out.push_back({x, y});
    return out;
}

Json operatingPointJson(const OperatingPointResult& p) {
    return {{"model", p.model},
            {"curve", p.curve},
            {"target", p.target},
            {"target_tokens_per_s_per_user", p.targetTokensPerSPerUser},
            {"kind", p.kind},
            {"source", p.source},
            {"throughput_basis", p.basis},
            {"tokens_per_s_per_user", p.tokensPerSPerUser},
            {"throughput_per_gpu", p.throughputPerGpu},
            {"ttft_s", optional(p.ttftS)},
            {"input_tokens", p.inputTokens},
            {"output_tokens", p.outputTokens},
            {"lengths_clamped", p.lengthsClamped},
            {"pod_seconds_per_request", p.podSecondsPerRequest},
            {"prefill_share", p.prefillShare},
            {"prefill_split", p.split},
            {"cache_read_share", p.cacheReadShare}};
}

Json curvePlotJson(const CurvePlot& c) {
    Json points = Json::array();
    for (const CurvePlot::Point& p : c.points)
        points.push_back({{"tokens_per_s_per_user", p.tokensPerSPerUser},
                          {"throughput_per_gpu", p.throughputPerGpu},
                          {"frontier", p.frontier},
                          {"source", p.source}});
    return {{"curve", c.curve},
            {"throughput_basis", c.basis},
            {"input_tokens", c.inputTokens},
            {"output_tokens", c.outputTokens},
            {"points", points}};
}

Json modelJson(const ModelResult& m) {
    return {{"id", m.id},
            {"name", m.name},
            {"pod", m.pod.empty() ? Json(nullptr) : Json(m.pod)},
            {"weight_gb", optional(m.weightGb)},
            {"kv_slots", optional(m.kvSlots)},
            {"decode_batch", optional(m.batch)},
            {"prefill_tokens_per_s", optional(m.prefillTokensPerS)},
            {"decode_tokens_per_s", optional(m.decodeTokensPerS)},
            {"prefill_measured", m.measuredPrefill},
            {"decode_measured", m.measuredDecode},
            {"pod_seconds_per_request", optional(m.podSecondsPerRequest)},
            {"requests_per_pod_minute", optional(m.requestsPerPodMinute)},
            {"output_tokens_per_s_per_mw", optional(m.outputTokensPerSPerMw)},
            {"serving_usd_per_mtok_input", optional(m.servingUsdPerMtokInput)},
            {"serving_usd_per_mtok_output", optional(m.servingUsdPerMtokOutput)},
            {"serving_usd_per_mtok_cache_read", optional(m.servingUsdPerMtokCacheRead)},
            {"list_usd_per_request", m.listUsdPerRequest},
            {"serving_usd_per_request", optional(m.servingUsdPerRequest)},
            {"serving_cost_ratio", optional(m.servingCostRatio)},
            {"quality", m.quality},
            {"list_usd_per_mtok", m.listUsdPerMtok},
            {"serving_usd_per_mtok", optional(m.servingUsdPerMtok)},
            {"breakeven_utilization", optional(m.breakevenUtilization)},
            {"serving_curve", pairsJson(m.servingCurve)},
            {"operating_point",
             m.operatingPoint ? operatingPointJson(*m.operatingPoint) : Json(nullptr)},
            {"curve_plot", m.curvePlot ? curvePlotJson(*m.curvePlot) : Json(nullptr)}};
}

Json sharesJson(const std::vector<std::string>& labels, const std::vector<double>& shares) {
    Json out = Json::array();
    for (std::size_t i = 0; i < labels.size() && i < shares.size(); ++i)
        out.push_back({{"id", labels[i]}, {"share", shares[i]}});
    return out;
}

Json limitsJson(const PopulationFigures& f) {
    Json out = Json::array();
    for (const LimitFigures& l : f.limits)
        out.push_back({{"id", l.label},
                       {"path", l.path},
                       {"kind", l.kind},
                       {"unit", l.unit},
                       {"hit_share", l.hitShare},
                       {"blocked_share", l.blockedShare},
                       {"fallback_share", l.fallbackShare},
                       {"billed_share", l.billedShare},
                       {"delayed_share", l.delayedShare},
                       {"lockout_hours_per_week_p50", optional(l.lockoutHoursPerWeekP50)},
                       {"lockout_hours_per_week_p90", optional(l.lockoutHoursPerWeekP90)},
                       {"first_hit_hours_p50", optional(l.firstHitHoursP50)}});
    return out;
}

Json poolsJson(const PopulationFigures& f) {
    Json out = Json::array();
    for (const PoolFigures& p : f.pools)
        out.push_back({{"id", p.label},
                       {"path", p.path},
                       {"granted_usd", p.grantedUsd},
                       {"used_usd", p.usedUsd},
                       {"breakage_usd", p.breakageUsd},
                       {"ran_out_share", p.ranOutShare},
                       {"ran_out_day_p50", optional(p.ranOutDayP50)},
                       {"balance_by_day_usd", p.balanceByDay}});
    return out;
}

Json labelAt(const std::vector<std::string>& labels, std::int32_t i) {
    return i >= 0 && static_cast<std::size_t>(i) < labels.size()
               ? Json(labels[static_cast<std::size_t>(i)])
               : Json(nullptr);
}

Json timelineJson(const SubscriberTimeline& t) {
    Json limits = Json::array();
    for (std::size_t l = 0; l < t.limitLabels.size() && l < t.outcome.limits.size(); ++l) {
        const LimitOutcome& o = t.outcome.limits[l];
        limits.push_back(
            {{"id", t.limitLabels[l]},
             {"hit", o.hit},
             {"blocked_requests", o.blockedRequests},
             {"fallback_requests", o.fallbackRequests},
             {"billed_requests", o.billedRequests},
             {"delayed_requests", o.delayedRequests},
             {"lockout_hours", o.lockoutHours},
             {"first_hit_hours", o.firstHitHours >= 0 ? Json(o.firstHitHours) : Json(nullptr)}});
    }
    Json events = Json::array();
    for (const TimelineEvent& ev : t.timeline.events)
        events.push_back({{"time_ms", ev.timeMs},
                          {"served_ms", ev.servedMs >= 0 ? Json(ev.servedMs) : Json(nullptr)},
                          {"model", labelAt(t.modelIds, ev.model)},
                          {"fate", enumName(kRequestFateNames, ev.fate)},
                          {"limit", labelAt(t.limitLabels, ev.limit)}});
    Json windows = Json::array();
    for (const TimelineWindow& w : t.timeline.windows)
        windows.push_back({{"limit", labelAt(t.limitLabels, w.limit)},
                           {"start_ms", w.startMs},
                           {"end_ms", w.endMs},
                           {"used", w.used},
                           {"full", w.full}});
    const SubscriberOutcome& o = t.outcome.out;
    return {{"subscriber", t.subscriber},
            {"tier", t.tier},
            {"picked_as", t.pickedAs.empty() ? Json(nullptr) : Json(t.pickedAs)},
            {"span_start_ms", t.spanStartMs},
            {"span_end_ms", t.spanEndMs},
            {"requests", o.requests},
            {"blocked_requests", o.blockedRequests},
            {"fallback_requests", o.fallbackRequests},
            {"extra_usage_usd", o.extraUsageUsd},
            {"cost_usd", o.costUsd},
            {"margin_usd", t.marginUsd},
            {"limits", limits},
            {"windows", windows},
            {"events", events}};
}

// {"figure": {"low": ..., "high": ...}}, or null without a sample.
Json intervalsJson(const std::vector<FigureInterval>& intervals) {
    if (intervals.empty())
        return nullptr;
    Json out = Json::object();
    for (const FigureInterval& i : intervals)
        out[i.figure] = {{"low", i.low}, {"high", i.high}};
    return out;
}

Json populationJson(const TierResult& t, const PopulationFigures& f) {
    return {{"subscribers", f.subscribers},
            {"limits_replayed", f.replayed},
            {"limits", limitsJson(f)},
            {"credit_pools", poolsJson(f)},
            {"blocked_behaviour",
             {{"waited_requests", f.waitedRequests},
              {"abandoned_requests", f.abandonedRequests},
              {"bought_requests", f.boughtRequests},
              {"wait_hours_p50", optional(f.waitHoursP50)},
              {"wait_hours_p90", optional(f.waitHoursP90)}}},
            {"retained_share", optional(f.retainedShare)},
            {"moved_in_subscribers", f.movedInSubscribers},
            {"intervals", intervalsJson(f.intervals)},
            {"subscription_revenue_usd", f.subscriptionRevenueUsd},
            {"extra_usage_revenue_usd", f.extraUsageRevenueUsd},
            {"revenue_usd", f.revenueUsd},
            {"cost_usd", f.costUsd},
            {"margin_usd", f.marginUsd},
            {"margin_per_subscriber_usd", f.subscribers > 0 ? f.marginUsd / f.subscribers : 0.0},
            {"loss_making_share", f.lossMakingShare},
            {"utilization_p50", f.utilizationP50},
            {"utilization_p90", f.utilizationP90},
            {"utilization_p99", f.utilizationP99},
            {"tokens_p50", f.tokensP50},
            {"tokens_p90", f.tokensP90},
            {"tokens_p99", f.tokensP99},
            {"top1_token_share", f.top1TokenShare},
            {"top10_token_share", f.top10TokenShare},
            {"gini", f.gini},
            {"requests", f.requests},
            {"tokens", f.tokens},
            {"fallback_requests", f.fallbackRequests},
            {"blocked_requests", f.blockedRequests},
            {"window_hit_share", f.windowHitShare},
            {"cap_hit_share", sharesJson(t.capLabels, f.capHitShare)},
            {"pool_hit_share", sharesJson(t.poolLabels, f.poolHitShare)},
            {"lorenz", pairsJson(f.lorenz)},
            {"utilization_quantiles", f.utilizationQuantiles},
            {"utilization_histogram_max", f.utilizationHistogramMax},
            {"utilization_histogram_share", f.utilizationHistogramShare}};
}

Json tierJson(const TierResult& t) {
    Json j = {{"id", t.id},
              {"name", t.name},
              {"price_usd_month", t.priceUsdMonth},
              {"served_by", t.servedBy},
              {"typical_list_usd", t.typicalListUsd},
              {"typical_serving_usd", t.typicalServingUsd},
              {"serving_cost_ratio", t.servingCostRatio},
              {"max_messages_month", optional(t.maxMessagesPerMonth)},
              {"full_use_requests", t.fullUse.interactiveRequests},
              {"full_use_interactive_usd", t.fullUse.interactiveUsd},
              {"full_use_pool_usd", t.fullUse.poolUsd},
              {"full_use_value_usd", t.fullUse.totalUsd},
              {"breakeven_utilization", t.breakevenUtilization},
              {"margin_at_full_use_usd", t.marginAtFullUseUsd},
              {"margin_usd", t.population ? Json(t.population->marginUsd) : Json(nullptr)}};
    j["operating_points"] = Json::array();
    for (const OperatingPointResult& p : t.operatingPoints)
        j["operating_points"].push_back(operatingPointJson(p));
    j["population"] = t.population ? populationJson(t, *t.population) : Json(nullptr);
    return j;
}

Json routingJson(const RoutingResult& r) {
    Json legs = Json::array();
    for (const RouteLegResult& l : r.legs)
        legs.push_back({{"model", l.model},
                        {"runs", l.runs},
                        {"answers", l.answers},
                        {"list_usd_per_request", l.listUsd},
                        {"serving_usd_per_request", l.servingUsd}});
    return {{"mode", r.mode},
            {"legs", legs},
            {"list_usd_per_request", r.listUsdPerRequest},
            {"serving_usd_per_request", r.servingUsdPerRequest},
            {"baseline_model", r.baselineModel},
            {"baseline_list_usd_per_request", r.baselineListUsdPerRequest},
            {"baseline_serving_usd_per_request", r.baselineServingUsdPerRequest},
            {"savings_list", r.savingsList},
            {"savings_serving", r.savingsServing},
            {"expected_quality", r.expectedQuality},
            {"baseline_quality", r.baselineQuality}};
}

Json extrasInto(Json j, const Results& r) {
    if (r.batch)
        j["batch"] = {{"minutes", r.batch->minutes},
                      {"requests_per_minute", r.batch->requestsPerMinute},
                      {"parallel_streams", r.batch->parallelStreams},
                      {"revenue_usd", r.batch->revenueUsd},
                      {"pod_cost_usd", r.batch->podCostUsd},
                      {"profit_usd", r.batch->profitUsd}};
    if (r.opportunity)
        j["opportunity"] = {{"pod_seconds_per_request", r.opportunity->podSecondsPerRequest},
                            {"list_usd_per_request", r.opportunity->listUsdPerRequest},
                            {"cost_usd", r.opportunity->costUsd}};
    if (!r.trend.empty()) {
        Json years = Json::array();
        for (const TrendYear& y : r.trend) {
            Json tiers = Json::array();
            for (const TrendTier& t : y.tiers)
                tiers.push_back({{"id", t.id},
                                 {"breakeven_utilization", t.breakevenUtilization},
                                 {"margin_usd", optional(t.marginUsd)}});
            years.push_back({{"year", y.year},
                             {"cost_factor", y.costFactor},
                             {"price_factor", y.priceFactor},
                             {"usage_factor", y.usageFactor},
                             {"tiers", tiers}});
        }
        j["trend"] = years;
    }
    if (r.timeline)
        j["timeline"] = timelineJson(*r.timeline);
    return j;
}

} // namespace

Json resultsToJson(const Results& r) {
    Json j = {{"schema", kResultsSchema}, {"name", r.name}};
    j["usage"] = r.usage.empty() ? Json(nullptr) : Json(r.usage);
    Json pods = Json::array(), models = Json::array(), tiers = Json::array();
    for (const PodResult& p : r.pods)
        pods.push_back(podJson(p));
    for (const ModelResult& m : r.models)
        models.push_back(modelJson(m));
    for (const TierResult& t : r.tiers)
        tiers.push_back(tierJson(t));
    j["pods"] = pods;
    j["models"] = models;
    j["tiers"] = tiers;
    j["routing"] = r.routing ? routingJson(*r.routing) : Json(nullptr);
    if (r.totals)
        j["totals"] = {{"subscribers", r.totals->subscribers},
                       {"revenue_usd", r.totals->revenueUsd},
                       {"extra_usage_revenue_usd", r.totals->extraUsageRevenueUsd},
                       {"cost_usd", r.totals->costUsd},
                       {"margin_usd", r.totals->marginUsd},
                       {"loss_making_share", r.totals->lossMakingShare},
                       {"intervals", intervalsJson(r.totals->intervals)}};
    else
        j["totals"] = nullptr;
    j["sample"] = r.sample ? Json{{"rate_per_10000", r.sample->ratePer10000},
                                  {"sampled_subscribers", r.sample->sampled},
                                  {"population_subscribers", r.sample->population},
                                  {"resamples", r.sample->resamples},
                                  {"confidence", r.sample->confidence}}
                           : Json(nullptr);
    return extrasInto(std::move(j), r);
}

} // namespace tierlab::core
