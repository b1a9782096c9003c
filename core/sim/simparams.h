// SPDX-License-Identifier: MIT
// Parameters of the capacity Monte Carlo (docs/model.md, "Capacity"), in the units the simulator
// uses (seconds), built from a scenario's `capacity` block or directly by tests.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tierlab::core {

struct CapacitySpec;
struct GapComponent;
struct Scenario;

// One component of a user's gap mixture.
struct GapLaw {
    double weight = 1;            // mixture weight, the weights sum to 1
    double medianS = 60;          // median gap, seconds, > 0
    double sigma = 1;             // lognormal sigma of the gap, > 0 (ignored if exponential)
    bool exponential = false;     // exponential gap with this median (mean medianS / ln 2)
    bool betweenSessions = false; // a draw from it ends a session and starts the next
};

struct SimParams {
    int users = 100;          // users on the pod for the concurrency figures, >= 1
    int podSlots = 20;        // concurrent generations one pod serves, >= 1 (Qt reserves "slots")
    double confidence = 0.95; // for users per pod, (0, 1)
    int weeks = 8;            // simulated horizon per trial, >= 1
    int trials = 200;         // >= 1
    std::uint64_t seed = 1;
    int threads = 0;          // worker threads, 0 = all cores; never changes any result
    int maxUsersSearched = 0; // cap of the users-per-pod search, 0 = derived from the load
    // false: only users per pod (CapacityResult's users-per-pod fields and P(exceed) at
    // `users`); the other figures at `users` stay empty or zero, and each trial stops at its
    // first exceeding user instead of simulating at least `users` users.
    bool figuresAtUsers = true;
    bool modulateAll = false; // every gap in activity time (replication mode)
    std::vector<GapLaw> gaps;
    double generationMedianS = 20;
    double generationSigma = 0.5;
    bool timeOfDay = true;
    std::array<double, 24> hourlyProfile{}; // activity by local hour, mean 1
    int timezoneSpreadHours = 3;            // users' UTC offsets uniform in [0, spread]
    bool sessionClustering = true;
    double clusteringPhi = 0.6;
    double clusteringSigma = 0.8;
    double crossUserRho = 0.15;
    double burstsPerWeek = 0;      // shared bursts: mean number per week, >= 0
    double burstSize = 1;          // multiplier of every user's session intensity during a burst
    double burstHours = 1;         // duration, hours (rounded up to whole hours)
    bool closedLoop = false;       // the next gap starts when the previous reply ends
    double rateLimitPerMinute = 0; // requests one user may start in any 60 s, 0 = no limit
    bool autoscaling = false;
    int autoscaleThreshold = 16;    // a second pod is requested when concurrency exceeds this
    double coldStartMinutes = 5;    // from request to serving
    double idleReleaseMinutes = 30; // released after concurrency stays <= threshold this long
    double podHourUsd = 0;          // cost of the second pod per hour, 0 = unknown
};

// The default activity profile by local hour (night low, afternoon high), scaled to mean 1.
std::array<double, 24> defaultHourlyProfile();

// The default gap mixture of docs/model.md, "Capacity": medians 1, 4 and 250 minutes, weights
// 0.80 / 0.15 / 0.05, sigmas 0.8 / 0.6 / 1.0; the last starts a new session.
std::vector<GapLaw> defaultGaps();
// The same mixture in the scenario's units (capacity.gaps: median in minutes).
std::vector<GapComponent> defaultGapComponents();

// Simulator parameters from a scenario's capacity block: minutes become seconds, the
// component with the largest median is the between-session one, an empty gap list takes
// defaultGaps(), and the pod's hourly cost (if the block names a pod) prices autoscaling.
SimParams simParamsFromSpec(const CapacitySpec& spec);
SimParams simParamsFromScenario(const Scenario& scenario);

// Mean of one gap draw, seconds (sum of weight x component mean).
double meanGapS(const SimParams& p);

// Mean generation time, seconds: median x exp(sigma^2 / 2).
double meanGenerationS(const SimParams& p);

// Empty string when `p` can be simulated, otherwise the first problem found (for tests and
// callers building parameters by hand; the scenario reader already checks its keys).
const char* checkSimParams(const SimParams& p);

} // namespace tierlab::core
