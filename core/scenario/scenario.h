// SPDX-License-Identifier: MIT
// A scenario as plain structs: everything an analyst assumes (docs/scenario.md).
// Built from the JSON document by readScenario(); model references are resolved to indices.
#pragma once

#include "enumname.h"
#include "model/batch.h"
#include "model/hardware.h"
#include "model/pricing.h"
#include "model/tier.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

// How one model is served. Either through a pod (roofline or measured throughput) or with
// measured serving costs per million tokens typed in, which skip the pod chain.
struct ServingSpec {
    int pod = -1;                            // index into Scenario::pods; -1 with typed-in costs
    double paramsB = 0;                      // total parameters, billions
    double activeParamsB = 0;                // active parameters per token (MoE), billions
    double bytesPerParam = 2;                // 2 FP16/BF16, 1 FP8, 0.5 4-bit
    double kvBytesPerToken = 0;              // KV-cache bytes per token of context
    double contextTokens = 100000;           // context held per sequence (mid-context default)
    std::optional<double> prefillTokensPerS; // measured, per pod
    std::optional<double> decodeTokensPerS;  // measured, per pod
    std::optional<double> inputUsdPerMtok;   // measured serving cost
    std::optional<double> outputUsdPerMtok;  // measured serving cost
    std::optional<int> batch;                // decode batch; default: all KV slots
    double mfu = 0.4;
    double mbu = 0.6;
    bool overlap = true;
    // An operating curve (docs/curves.md): a workspace's curve by name, resolved into `curve`
    // before evaluation (resolveCurves in store/workspace.h), or given inline. With a curve,
    // throughput comes from its cheapest point meeting the speed target (docs/model.md,
    // "Serving from an operating curve").
    std::string curveName;
    std::optional<Curve> curve;
    std::optional<SpeedTarget> speed; // the model's default target; tiers may set their own
    // The roofline at a speed (docs/model.md): used for a roofline model when a speed target
    // applies (the model's `speed` or a tier's).
    int layers = 0;
    int experts = 0; // routed experts per layer; 0 dense
    int activeExperts = 0;
    double sharedParamsB = 0;
    double attentionFlopsPerContextToken = 0;
    std::string computePrecision = "bf16"; // "bf16", "fp8", "fp4"
    double layerOverheadUs = 60;
    double parallelOverheadUs = 40;
    double tokensPerStep = 1; // speculative decoding: accepted tokens per decode step
    int prefillGpus = 0;      // disaggregated: GPUs of the pod that only prefill
    // cache_storage: cached prefixes kept `hours` at `usd_per_gb_hour` (0: not charged).
    double cacheStorageUsdPerGbHour = 0;
    double cacheStorageHours = 0;
};

struct ModelSpec {
    std::string id;
    std::string name;
    Price price;
    bool served = false; // has a serving block; a catalog entry may carry prices only
    ServingSpec serving;
    double quality = 1.0;
};

enum class RoutingMode { None, Mix, Cascade };

// `routing.mode` as the scenario spells it (core/enumname.h).
inline constexpr EnumName<RoutingMode> kRoutingModeNames[] = {
    {RoutingMode::None, "none"},
    {RoutingMode::Mix, "mix"},
    {RoutingMode::Cascade, "cascade"},
};
static_assert(enumNamesUnique(kRoutingModeNames));

struct RoutingSpec {
    RoutingMode mode = RoutingMode::None;
    std::vector<int> models;      // mix members or cascade stages, in order
    std::vector<double> shares;   // mix fractions, summing to 1
    std::vector<double> escalate; // cascade escalation probabilities (last one unused)
    int baselineModel = -1;
    double routerOverheadUsd = 0; // per routed request
};

enum class SyntheticDistribution { Lognormal, Pareto };

inline constexpr EnumName<SyntheticDistribution> kSyntheticDistributionNames[] = {
    {SyntheticDistribution::Lognormal, "lognormal"},
    {SyntheticDistribution::Pareto, "pareto"},
};
static_assert(enumNamesUnique(kSyntheticDistributionNames));

// Synthetic monthly usage of one tier's subscribers.
struct SyntheticTier {
    int tier = -1;
    int subscribers = 0;
    SyntheticDistribution distribution = SyntheticDistribution::Lognormal;
    double medianRequests = 100;  // lognormal median of requests a month
    double sigma = 1.0;           // lognormal shape
    double minRequests = 10;      // Pareto scale x_m
    double alpha = 1.5;           // Pareto shape
    double programmaticShare = 0; // share of requests on the programmatic channel
    std::vector<int> models;      // models used, with shares
    std::vector<double> modelShares;
    TokenCounts perRequest; // tokens of one request
};

// One line of usage given inline in the scenario (small fixtures).
struct UsageRecord {
    std::string subscriber;
    int tier = -1;
    int model = -1;
    Channel channel = Channel::Interactive;
    double requests = 0;
    TokenCounts tokens;
};

enum class UsageSource { None, Records, Synthetic, Dataset, CsvFile };

struct UsageSpec {
    UsageSource source = UsageSource::None;
    std::vector<UsageRecord> records;
    std::uint64_t seed = 1;
    std::vector<SyntheticTier> synthetic;
    std::string dataset; // workspace data set name, or CSV path
    // A data set's names -> the scenario's: a tier or model id, or nullopt to leave the
    // subscribers (tiers) or requests (models) out.
    std::map<std::string, std::optional<std::string>> tierMap;
    std::map<std::string, std::optional<std::string>> modelMap;
    std::string defaultTier;   // for subscribers without a tier
    bool scaleToMonth = false; // scale the data set's span to hours_per_month
    // usage.sample: only the subscribers in the sample (samplebucket.h) at rate / 10,000,
    // each standing for 10,000 / rate; figures get bootstrap intervals over subscribers.
    struct Sample {
        int ratePer10000 = 100;
        int resamples = 1000;    // bootstrap resamples; 0: no intervals
        double confidence = 0.99;
        std::uint64_t seed = 1;
    };
    std::optional<Sample> sample;
};

struct BatchSpec {
    int model = -1;
    BatchExperiment experiment;
};

struct OpportunitySpec {
    int model = -1;
    double pods = 1;
    double hours = 730;
    double heldUtilization = 0.25;
    double productionUtilization = 0.7;
};

struct TrendSpec {
    int years = 3;
    double costDeclinePerYear = 0.5;  // share by which serving cost falls each year
    double priceDeclinePerYear = 0.5; // share by which list prices fall each year
    double usageGrowthPerYear = 1.0;  // share by which usage grows each year
};

struct GapComponent {
    double weight = 0;
    double medianMinutes = 1;
    double sigma = 1;
};

// `capacity.modulate`: CapacitySpec::modulateAll.
inline constexpr EnumName<bool> kModulateNames[] = {
    {false, "sessions"},
    {true, "all"},
};
static_assert(enumNamesUnique(kModulateNames));

// Capacity simulation settings (docs/model.md, "Capacity"), read and validated here;
// simulated by core/sim.
struct CapacitySpec {
    int pod = -1;
    int slots = 20;
    double confidence = 0.95;
    int weeks = 8;
    int trials = 200;
    std::uint64_t seed = 1;
    bool modulateAll = false; // "all" (replication) instead of "sessions": kModulateNames
    std::vector<GapComponent> gaps;
    double generationMedianS = 20;
    double generationSigma = 0.5;
    bool timeOfDay = true;
    bool sessionClustering = true;
    double clusteringPhi = 0.6;
    double clusteringSigma = 0.8;
    double crossUserRho = 0.15;
    bool closedLoop = false;
    int users = 100;                // users on the pod for the concurrency figures
    int timezoneSpreadHours = 3;    // users' UTC offsets spread over [0, this] hours
    double burstsPerWeek = 0;       // shared bursts, mean count per week; 0 = none
    double burstSize = 3;           // multiplier of session intensity during a burst
    double burstHours = 2;          // duration of a burst, hours
    bool autoscaling = false;       // block present: a second pod on demand
    int autoscaleThreshold = 16;    // concurrency above which the second pod is requested
    double coldStartMinutes = 5;    // request to serving
    double idleReleaseMinutes = 30; // concurrency <= threshold this long releases it
    double rateLimitPerMinute = 0;  // requests one user may start per minute; 0 = none
};

struct Scenario {
    std::string name;
    double hoursPerMonth = 730;
    TokenCounts typicalRequest{2000, 500, 0, 0}; // for per-model figures
    std::vector<Accelerator> accelerators;
    std::vector<Pod> pods;
    std::vector<int> podAccelerator; // index into accelerators, per pod
    std::vector<ModelSpec> models;
    std::vector<Tier> tiers;
    RoutingSpec routing;
    UsageSpec usage;
    std::optional<BatchSpec> batch;
    std::optional<OpportunitySpec> opportunity;
    std::optional<TrendSpec> trend;
    std::optional<CapacitySpec> capacity;
};

// Index of the element whose id is `id`, or -1 (accelerators, pods, models, tiers).
template <typename T> int indexOfId(const std::vector<T>& items, std::string_view id) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == id)
            return static_cast<int>(i);
    return -1;
}

} // namespace tierlab::core
