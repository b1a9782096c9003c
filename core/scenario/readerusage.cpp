// SPDX-License-Identifier: MIT
// Reading usage (inline records, synthetic populations, data set references) and the optional
// batch, opportunity, trend and capacity blocks.
#include "readerparts.h"

#include <cmath>
#include <map>

namespace tierlab::core::detail {

namespace {

constexpr double kShareTolerance = 1e-9;

int tierRef(ObjectReader& r, const Scenario& s, std::string_view key) {
    const auto id = r.requiredString(key);
    if (!id)
        return -1;
    const int t = indexOfId(s.tiers, *id);
    if (t < 0)
        r.context().error(r.pathOf(key), "unknown tier '" + *id + "'");
    return t;
}

// Model shares of a synthetic tier: {"sonnet": 0.8, "opus": 0.2}; default: the tier's model.
void readModelShares(ObjectReader& r, const Scenario& s, SyntheticTier& st) {
    const Json* shares = r.child("models");
    if (!shares) {
        const int m = st.tier >= 0 ? s.tiers[static_cast<std::size_t>(st.tier)].typicalModel : -1;
        const int fallback = m >= 0 ? m : s.routing.baselineModel;
        if (fallback < 0)
            r.context().error(r.pathOf("models"),
                              "is required when the tier names no typical model");
        st.models = {fallback};
        st.modelShares = {1.0};
        return;
    }
    ObjectReader mr(shares, r.pathOf("models"), r.context());
    if (!mr.valid())
        return;
    double sum = 0;
    for (const auto& [id, value] : shares->items()) {
        const int m = indexOfId(s.models, id);
        if (m < 0)
            r.context().error(mr.pathOf(id), unknownModel(s, id));
        const double f = mr.number(id, 0, Range::closed(0, 1));
        sum += f;
        st.models.push_back(m);
        st.modelShares.push_back(f);
    }
    if (std::abs(sum - 1.0) > kShareTolerance)
        r.context().error(r.pathOf("models"),
                          "shares must sum to 1 (within 1e-9), got " + formatSum(sum));
}

void readSynthetic(ObjectReader& r, ReadContext& ctx, Scenario& s) {
    UsageSpec& u = s.usage;
    u.source = UsageSource::Synthetic;
    u.seed = static_cast<std::uint64_t>(r.number("seed", 1, Range::wholeAtLeast(0)));
    forEachElement(r, ctx, "tiers", [&](const Json& node, const std::string& path) {
        ObjectReader tr(&node, path, ctx);
        SyntheticTier st;
        st.tier = tierRef(tr, s, "tier");
        st.subscribers = tr.integer("subscribers", 1000, Range::atLeast(0));
        st.distribution = tr.choice("distribution", SyntheticDistribution::Lognormal,
                                    kSyntheticDistributionNames);
        // Bounds keep every draw finite: exp(10 x 8.3) ~ 1e36 at the largest quantile drawn.
        st.medianRequests = tr.number("median_requests", 100, {0, 1e9, true, false, false});
        st.sigma = tr.number("sigma", 1.0, {0, 10, true, false, false});
        st.minRequests = tr.number("min_requests", 10, {0, 1e9, true, false, false});
        st.alpha = tr.number("alpha", 1.5, Range::atLeast(0.1));
        st.programmaticShare = tr.number("programmatic_share", 0, Range::closed(0, 1));
        readModelShares(tr, s, st);
        const TokenCounts fallback = st.tier >= 0
                                         ? s.tiers[static_cast<std::size_t>(st.tier)].typicalRequest
                                         : s.typicalRequest;
        ObjectReader req(tr.child("request"), tr.pathOf("request"), ctx);
        st.perRequest = readTokens(req, fallback);
        u.synthetic.push_back(st);
    });
    if (!r.has("tiers"))
        ctx.error(r.pathOf("tiers"), "is required: one entry per tier to simulate");
}

void readRecords(ObjectReader& r, ReadContext& ctx, Scenario& s) {
    s.usage.source = UsageSource::Records;
    std::map<std::string, std::pair<int, std::string>, std::less<>> tierOf; // first seen
    forEachElement(r, ctx, "records", [&](const Json& node, const std::string& path) {
        ObjectReader rr(&node, path, ctx);
        UsageRecord rec;
        rec.subscriber = rr.requiredString("subscriber").value_or("");
        rec.tier = tierRef(rr, s, "tier");
        rec.model = modelRef(rr, s, "model", true);
        rec.channel = rr.choice("channel", Channel::Interactive, kChannelNames);
        rec.requests = rr.requiredNumber("requests", Range::atLeast(0));
        rec.tokens = readTokens(rr, {});
        const auto [first, added] = tierOf.try_emplace(rec.subscriber, rec.tier, path);
        if (!added && first->second.first != rec.tier && rec.tier >= 0)
            ctx.error(rr.pathOf("tier"), "subscriber '" + rec.subscriber +
                                             "' is on another tier in " + first->second.second);
        s.usage.records.push_back(rec);
    });
}

// {"data set name": "scenario id" or null}; ids must exist in `items`.
template <typename T>
void readNameMap(ObjectReader& r, std::string_view key, const std::vector<T>& items,
                 std::map<std::string, std::optional<std::string>>& out) {
    const Json* map = r.child(key);
    if (!map)
        return;
    if (!map->is_object()) {
        r.context().error(r.pathOf(key), "must be an object of names, got " + map->dump());
        return;
    }
    for (const auto& [from, to] : map->items()) {
        const std::string path = childPath(r.pathOf(key), from);
        if (to.is_null()) {
            out[from] = std::nullopt;
        } else if (!to.is_string()) {
            r.context().error(path, "must be an id or null, got " + to.dump());
        } else if (indexOfId(items, to.template get<std::string>()) < 0) {
            r.context().error(path, "unknown id '" + to.template get<std::string>() + "'");
        } else {
            out[from] = to.template get<std::string>();
        }
    }
}

// capacity.bursts, capacity.autoscaling and capacity.rate_limit (docs/scenario.md section 12).
void readCapacityExtras(ObjectReader& r, ReadContext& ctx, CapacitySpec& c) {
    if (r.has("bursts")) {
        ObjectReader b(r.child("bursts"), r.pathOf("bursts"), ctx);
        c.burstsPerWeek = b.number("per_week", 1, Range::atLeast(0));
        c.burstSize = b.number("size", 3, Range::above(0));
        c.burstHours = b.number("hours", 2, {0, 168, true, false, false});
    }
    if (r.has("autoscaling")) {
        ObjectReader a(r.child("autoscaling"), r.pathOf("autoscaling"), ctx);
        c.autoscaling = a.boolean("enabled", true);
        c.autoscaleThreshold = a.integer("threshold", c.slots, Range::atLeast(0));
        c.coldStartMinutes = a.number("cold_start_min", 5, Range::atLeast(0));
        c.idleReleaseMinutes = a.number("idle_min", 30, Range::atLeast(0));
    }
    if (r.has("rate_limit")) {
        ObjectReader l(r.child("rate_limit"), r.pathOf("rate_limit"), ctx);
        c.rateLimitPerMinute = l.number("requests_per_min", 0, Range::atLeast(0));
    }
}

void readCapacity(ObjectReader& r, ReadContext& ctx, Scenario& s) {
    CapacitySpec c;
    if (auto id = r.string("pod", ""); !id.empty()) {
        c.pod = indexOfId(s.pods, id);
        if (c.pod < 0)
            ctx.error(r.pathOf("pod"), "unknown pod '" + id + "'");
    }
    c.slots = r.integer("slots", 20, Range::atLeast(1));
    c.confidence = r.number("confidence", 0.95, {0, 1, true, true, false});
    c.weeks = r.integer("weeks", 8, Range::atLeast(1));
    c.trials = r.integer("trials", 200, Range::atLeast(1));
    c.seed = static_cast<std::uint64_t>(r.number("seed", 1, Range::wholeAtLeast(0)));
    c.modulateAll = r.choice("modulate", false, kModulateNames);
    forEachElement(r, ctx, "gaps", [&](const Json& node, const std::string& path) {
        ObjectReader g(&node, path, ctx);
        c.gaps.push_back({g.requiredNumber("weight", Range::closed(0, 1)),
                          g.requiredNumber("median_min", Range::above(0)),
                          g.requiredNumber("sigma", Range::above(0))});
    });
    double weights = 0;
    for (const GapComponent& g : c.gaps)
        weights += g.weight;
    if (!c.gaps.empty() && std::abs(weights - 1.0) > kShareTolerance)
        ctx.error(r.pathOf("gaps"),
                  "weights must sum to 1 (within 1e-9), got " + formatSum(weights));
    ObjectReader gen(r.child("generation"), r.pathOf("generation"), ctx);
    c.generationMedianS = gen.number("median_s", 20, Range::above(0));
    c.generationSigma = gen.number("sigma", 0.5, Range::above(0));
    c.timeOfDay = r.boolean("time_of_day", true);
    c.sessionClustering = r.boolean("session_clustering", true);
    ObjectReader cl(r.child("clustering"), r.pathOf("clustering"), ctx);
    c.clusteringPhi = cl.number("phi", 0.6, {-1, 1, true, true, false});
    c.clusteringSigma = cl.number("sigma", 0.8, Range::atLeast(0));
    c.crossUserRho = r.number("cross_user_rho", 0.15, Range::closed(0, 1));
    c.closedLoop = r.boolean("closed_loop", false);
    c.users = r.integer("users", 100, Range::atLeast(1));
    c.timezoneSpreadHours = r.integer("timezone_spread_h", 3, Range::closed(0, 23));
    readCapacityExtras(r, ctx, c);
    s.capacity = c;
}

void readTrend(ObjectReader& r, Scenario& s) {
    TrendSpec t;
    t.years = r.integer("years", 3, Range::closed(0, 50));
    t.costDeclinePerYear = r.number("cost_decline_per_year", 0.5, {0, 1, false, true, false});
    t.priceDeclinePerYear =
        r.number("price_decline_per_year", t.costDeclinePerYear, {0, 1, false, true, false});
    t.usageGrowthPerYear = r.number("usage_growth_per_year", 1.0, Range::above(-1));
    s.trend = t;
}

void readBatch(ObjectReader& r, Scenario& s) {
    BatchSpec b;
    b.model = modelRef(r, s, "model", true);
    BatchExperiment& e = b.experiment;
    e.requests = r.requiredNumber("requests", Range::atLeast(0));
    e.perRequest = readTokens(r, s.typicalRequest);
    if (e.perRequest.total() <= 0)
        r.context().error(r.path(), "a request must have at least one token");
    e.tpmLimit = r.requiredNumber("tpm_limit", Range::above(0));
    e.minutesPerRequest = r.number("minutes_per_request", 1, Range::atLeast(0));
    e.batchPricing = r.boolean("batch_pricing", true);
    e.pods = r.number("pods", 1, Range::atLeast(0));
    s.batch = b;
}

void readOpportunity(ObjectReader& r, Scenario& s) {
    OpportunitySpec o;
    o.model = modelRef(r, s, "model", true);
    o.pods = r.number("pods", 1, Range::atLeast(0));
    o.hours = r.number("hours", s.hoursPerMonth, Range::atLeast(0));
    o.heldUtilization = r.number("held_utilization", 0.25, Range::closed(0, 1));
    o.productionUtilization = r.number("production_utilization", 0.7, Range::closed(0, 1));
    s.opportunity = o;
}

} // namespace

void readUsage(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    const Json* node = root.child("usage");
    if (!node)
        return;
    if (node->is_string()) {
        const std::string name = node->get<std::string>();
        const bool csv = name.ends_with(".csv") || name.ends_with(".csv.gz");
        s.usage.source = csv ? UsageSource::CsvFile : UsageSource::Dataset;
        s.usage.dataset = name;
        return;
    }
    ObjectReader r(node, "usage", ctx);
    if (!r.valid())
        return;
    // The share of cache writes at the 1-hour price, on every model's list price.
    const double share = r.number("cache_write_1h_share", 0, Range::closed(0, 1));
    for (ModelSpec& m : s.models)
        m.price.cacheWrite1hShare = share;
    const int forms = r.has("synthetic") + r.has("records") + r.has("dataset") + r.has("csv");
    if (forms > 1)
        ctx.error("usage", "give one of dataset, csv, synthetic or records, not several");
    if (r.has("synthetic")) {
        ObjectReader syn(r.child("synthetic"), "usage.synthetic", ctx);
        readSynthetic(syn, ctx, s);
    } else if (r.has("records")) {
        readRecords(r, ctx, s);
    } else if (r.has("dataset")) {
        s.usage.source = UsageSource::Dataset;
        s.usage.dataset = r.string("dataset", "");
        readNameMap(r, "tier_map", s.tiers, s.usage.tierMap);
        readNameMap(r, "model_map", s.models, s.usage.modelMap);
        s.usage.defaultTier = r.string("default_tier", "");
        if (!s.usage.defaultTier.empty() && indexOfId(s.tiers, s.usage.defaultTier) < 0)
            ctx.error(r.pathOf("default_tier"), "unknown tier '" + s.usage.defaultTier + "'");
        s.usage.scaleToMonth = r.boolean("scale_to_month", false);
        if (r.has("sample")) {
            ObjectReader sr(r.child("sample"), r.pathOf("sample"), ctx);
            if (sr.valid()) {
                UsageSpec::Sample sample;
                sample.ratePer10000 = static_cast<int>(
                    sr.requiredNumber("rate_per_10000", Range{1, 10000, false, false, true}));
                sample.resamples = sr.integer("resamples", 1000, Range{0, 100000, false, false, true});
                sample.confidence = sr.number("confidence", 0.99, Range{0, 1, true, true, false});
                sample.seed = static_cast<std::uint64_t>(
                    sr.number("seed", 1, Range::wholeAtLeast(0)));
                sr.accept({"rate_per_10000", "resamples", "confidence", "seed"});
                s.usage.sample = sample;
            }
        }
    } else if (r.has("csv")) {
        s.usage.source = UsageSource::CsvFile;
        s.usage.dataset = r.string("csv", "");
    } else {
        ctx.error("usage", "needs one of dataset, csv, synthetic or records");
    }
    if (r.has("sample") && !r.has("dataset"))
        ctx.error(r.pathOf("sample"), "is only allowed with dataset (a sample of a data set's "
                                      "subscribers)");
    r.accept({"synthetic", "records", "dataset", "csv", "tier_map", "model_map", "default_tier",
              "scale_to_month", "sample"});
}

void readExtras(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    if (root.has("batch")) {
        ObjectReader r(root.child("batch"), "batch", ctx);
        readBatch(r, s);
    }
    if (root.has("opportunity")) {
        ObjectReader r(root.child("opportunity"), "opportunity", ctx);
        readOpportunity(r, s);
    }
    if (root.has("trend")) {
        ObjectReader r(root.child("trend"), "trend", ctx);
        readTrend(r, s);
    }
    if (root.has("capacity")) {
        ObjectReader r(root.child("capacity"), "capacity", ctx);
        readCapacity(r, ctx, s);
    }
    root.accept({"batch", "opportunity", "trend", "capacity", "description"});
}

} // namespace tierlab::core::detail
