// SPDX-License-Identifier: MIT
// Everything one evaluation of a scenario computes. Every front end shows these and
// computes nothing of its own (architecture.md, idea 1).
#pragma once

#include "model/batch.h"
#include "model/hardware.h"
#include "model/population.h"
#include "model/replay.h"
#include "model/tier.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

struct PodResult {
    std::string id;
    int gpus = 0;
    double hbmTotalGb = 0;
    PodMonthlyCost monthly; // USD per month
    double hourlyUsd = 0;
    double utilization = 0;
    // "typed in", or how the usage set it: "from demand: mean 12.3 requests/hour against a
    // peak hour of 40.1 x 1.2 headroom (hour-of-week profile, 4.3 weeks)"
    std::string utilizationSource = "typed in";
};

// Where a model's requests sit on its operating curve (docs/model.md, "Serving from an
// operating curve"): the cheapest point meeting a speed target, read at a request's lengths,
// and the throughputs it implies.
struct OperatingPointResult {
    std::string model;  // model id
    std::string curve;  // curveName()
    std::string target; // describeTarget(), e.g. "at least 40 tok/s per user"
    std::string kind;   // "measured" or "interpolated"
    std::string source; // file and place of the point (of the nearer one when interpolated)
    std::string basis;  // throughputBasisName(): what throughputPerGpu counts
    double targetTokensPerSPerUser = 0;
    double tokensPerSPerUser = 0; // speed of the point, >= the target
    double throughputPerGpu = 0;  // tokens/s per GPU at the point (basis)
    std::optional<double> ttftS;  // time to first token used for the prefill share
    double inputTokens = 0;       // lengths the point was read at (the typical request's,
    double outputTokens = 0;      // clamped into the measured box)
    bool lengthsClamped = false;
    double podSecondsPerRequest = 0; // of one request at those lengths
    double prefillShare = 0;         // of that time spent before the first token
    std::string split;               // how: "TTFT", "roofline prefill", "tokens alike"
    double cacheReadShare = 0;       // of that time due to the cached prefix (roofline)
};

// A model's operating curve for charts: the points at the measured length configuration
// nearest the typical request (in log lengths), each with whether it is on the frontier.
struct CurvePlot {
    std::string curve;
    std::string basis;
    double inputTokens = 0, outputTokens = 0;
    struct Point {
        double tokensPerSPerUser = 0;
        double throughputPerGpu = 0;
        bool frontier = false;
        std::string source; // "data[21]"
    };
    std::vector<Point> points; // sorted by speed per user
};

struct ModelResult {
    std::string id;
    std::string name;
    std::string pod; // "" with typed-in serving costs
    std::optional<double> weightGb;
    std::optional<int> kvSlots;
    std::optional<int> batch; // decode batch used by the roofline
    std::optional<double> prefillTokensPerS;
    std::optional<double> decodeTokensPerS;
    bool measuredPrefill = false;
    bool measuredDecode = false;
    std::optional<double> podSecondsPerRequest;   // typical request
    std::optional<double> requestsPerPodMinute;   // typical requests a busy pod serves
    // Output tokens/s of a busy pod on the typical request per MW of facility power
    // (GPUs x server kW per GPU x PUE).
    std::optional<double> outputTokensPerSPerMw;
    std::optional<double> servingUsdPerMtokInput; // at the pod's utilization; none unserved
    std::optional<double> servingUsdPerMtokOutput;
    std::optional<double> servingUsdPerMtokCacheRead; // roofline at a speed with cache reads
    double listUsdPerRequest = 0;               // typical request at list price
    std::optional<double> servingUsdPerRequest; // typical request at serving cost
    std::optional<double> servingCostRatio;     // serving / list; none when list value is 0
    double quality = 1;
    // The typical request per million of its tokens (all kinds together).
    double listUsdPerMtok = 0;
    std::optional<double> servingUsdPerMtok;
    // Served on a pod: the pod utilization at which serving cost equals list value
    // (cost falls as 1/u, so u* = utilization x serving-cost ratio), and serving USD per
    // Mtok of the typical request at utilization 0.05, 0.10, ..., 1.
    std::optional<double> breakevenUtilization;
    std::vector<std::pair<double, double>> servingCurve;
    // With an operating curve: the point at the model's own target and the typical request.
    std::optional<OperatingPointResult> operatingPoint;
    std::optional<CurvePlot> curvePlot;
};

struct TierResult {
    std::string id;
    std::string name;
    double priceUsdMonth = 0;
    std::string servedBy;      // model id, or "routing"
    double typicalListUsd = 0; // one typical request
    double typicalServingUsd = 0;
    double servingCostRatio = 0;
    std::optional<double> maxMessagesPerMonth;
    FullUse fullUse;
    double breakevenUtilization = 0;
    double marginAtFullUseUsd = 0; // price - V_full x serving-cost ratio
    // Per model with an operating curve: the point at the tier's speed target (or the
    // model's) and the tier's typical request; the tier's serving costs use these.
    std::vector<OperatingPointResult> operatingPoints;
    std::vector<std::string> capLabels;  // model id per cap
    std::vector<std::string> poolLabels; // channel per pool
    std::optional<PopulationFigures> population;
};

struct RouteLegResult {
    std::string model;
    double runs = 0;
    double answers = 0;
    double listUsd = 0; // of one typical request on this model
    double servingUsd = 0;
};

struct RoutingResult {
    std::string mode; // "mix" or "cascade"
    std::vector<RouteLegResult> legs;
    double listUsdPerRequest = 0;
    double servingUsdPerRequest = 0;
    std::string baselineModel;
    double baselineListUsdPerRequest = 0;
    double baselineServingUsdPerRequest = 0;
    double savingsList = 0;
    double savingsServing = 0;
    double expectedQuality = 0;
    double baselineQuality = 0;
};

struct PopulationTotals {
    double subscribers = 0;
    double revenueUsd = 0;
    double extraUsageRevenueUsd = 0;
    double costUsd = 0;
    double marginUsd = 0;
    double lossMakingShare = 0;
    std::vector<FigureInterval> intervals; // with a sampled population
};

// usage.sample: what was sampled and how the intervals were found.
struct SampleSummary {
    int ratePer10000 = 0;
    double sampled = 0;    // subscribers in the sample
    double population = 0; // subscribers of the data set on the scenario's tiers
    int resamples = 0;
    double confidence = 0;
};

struct OpportunityResult {
    double podSecondsPerRequest = 0;
    double listUsdPerRequest = 0;
    double costUsd = 0;
};

struct TrendTier {
    std::string id;
    double breakevenUtilization = 0;
    std::optional<double> marginUsd; // population margin, when usage is given
};

struct TrendYear {
    int year = 0; // years from now
    double costFactor = 1;
    double priceFactor = 1;
    double usageFactor = 1;
    std::vector<TrendTier> tiers;
};

// One subscriber's replay (evaluate() with a TimelineRequest): every request's fate and
// every window that held usage, over the data set's span (not scaled to a month).
struct SubscriberTimeline {
    std::string subscriber; // the data set's id
    std::string tier;
    std::string pickedAs; // "heaviest", "median loss-maker", or "" when named
    std::int64_t spanStartMs = 0, spanEndMs = 0;
    std::vector<std::string> limitLabels; // per Tier::limits, indexed by events and windows
    std::vector<std::string> modelIds;    // per scenario model, indexed by events
    Timeline timeline;
    ReplayOutcome outcome; // scaled to the month as the population's
    double marginUsd = 0;  // price + extra usage - serving cost, a month
};

struct Results {
    std::string name;
    std::string usage; // what population was priced, in words
    std::vector<PodResult> pods;
    std::vector<ModelResult> models;
    std::vector<TierResult> tiers;
    std::optional<RoutingResult> routing;
    std::optional<PopulationTotals> totals;
    std::optional<SampleSummary> sample;
    std::optional<BatchResult> batch;
    std::optional<OpportunityResult> opportunity;
    std::vector<TrendYear> trend;
    std::optional<SubscriberTimeline> timeline;
};

} // namespace tierlab::core
