// SPDX-License-Identifier: MIT
#include "sim/capacity.h"

#include "sim/concurrencygrid.h"
#include "sim/simulator.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>

namespace tierlab::core {

namespace {

constexpr double kZ95 = 1.959963984540054; // standard normal 0.975 quantile

struct TrialRecord {
    std::vector<std::uint64_t> histogram; // seconds at each concurrency, at p.users users
    int maxConcurrency = 0;
    double outageSeconds = 0;
    int topAtPeak = 0;
    int topAnytime = 0;
    int firstExceedingUsers = 0; // fewest users whose concurrency passes the slots; cap + 1 if none
    AutoscaleOutcome autoscale;
};

// The search cap: three times the users whose mean load fills the slots (M/G/inf mean
// N E[duration] / E[gap]), so only pathological inputs reach it.
int searchCap(const SimParams& p) {
    if (p.maxUsersSearched > 0)
        return std::max(p.maxUsersSearched, p.users);
    const double fill = p.podSlots * meanGapS(p) / meanGenerationS(p);
    return std::max(p.users, static_cast<int>(std::min(3 * fill + p.podSlots, 1e6)));
}

void measureAtUsers(const SimParams& p, const TrialClock& clock, const ConcurrencyGrid& grid,
                    const std::vector<std::vector<Interval>>& users, TrialRecord& r) {
    r.histogram.assign(static_cast<std::size_t>(grid.max()) + 1, 0);
    for (std::uint16_t c : grid.counts())
        ++r.histogram[c];
    r.maxConcurrency = grid.max();
    r.outageSeconds = grid.secondsAbove(p.podSlots);
    const std::size_t peak = grid.peakSecond();
    for (const auto& u : users) {
        r.topAtPeak = std::max(r.topAtPeak, ConcurrencyGrid::heldAt(u, clock.warmupS, peak));
        r.topAnytime = std::max(r.topAnytime, ConcurrencyGrid::mostHeld(u, clock.warmupS));
    }
    if (p.autoscaling)
        r.autoscale = replayAutoscaling(grid.counts(), p.podSlots, p.autoscaleThreshold,
                                        p.coldStartMinutes * 60, p.idleReleaseMinutes * 60);
}

// Users are simulated in chunks, and a chunk enters the grid one block of seconds at a time,
// its users in order within each block: the block stays in cache while every user of the
// chunk adds to it. (One user at a time over the whole grid, 9.7 MB at 8 weeks, missed the
// cache at nearly every generation.)
constexpr int kChunkUsers = 16;
constexpr int kChunkUsersNear = 4; // once the grid's maximum is within kNearSlots of the slots
constexpr int kNearSlots = 3;
constexpr std::size_t kBlockCells = 8192;

// Adds users [n0, n1) (their spans in `spans`) to the grid and lowers `first` to n + 1 when
// user n makes some block pass the slots. A `complete` chunk adds every user everywhere
// (the grid must hold them for the figures at p.users); otherwise a block stops at the users
// that can no longer lower `first`, and the trial ends with this chunk.
void addChunk(const SimParams& p, ConcurrencyGrid& grid,
              const std::vector<std::vector<ConcurrencyGrid::Span>>& spans, int n0, int n1,
              bool complete, int& first) {
    std::array<std::size_t, kChunkUsers> cursor{};
    for (std::size_t lo = 0; lo < grid.size(); lo += kBlockCells) {
        const std::size_t hi = std::min(lo + kBlockCells, grid.size());
        for (int n = n0; n < n1 && (complete || n + 1 < first); ++n) {
            const auto k = static_cast<std::size_t>(n - n0);
            if (grid.addWithin(spans[k], cursor[k], lo, hi) > p.podSlots)
                first = std::min(first, n + 1);
        }
    }
}

// One trial: users join in order (user u's stream does not depend on how many join), so the
// grid's maximum only grows and the first user count passing the slots is exact, whatever
// the chunks.
TrialRecord runTrial(const SimParams& p, const TrialClock& clock, int trial, int cap,
                     const CancelToken* cancel) {
    const TrialShared shared = makeTrialShared(p, clock, trial);
    ConcurrencyGrid grid(clock);
    const int atUsers = p.figuresAtUsers ? p.users : 0;
    std::vector<std::vector<Interval>> kept;
    UserScratch scratch;
    std::vector<Interval> user;
    std::vector<std::vector<ConcurrencyGrid::Span>> spans(kChunkUsers);
    TrialRecord r;
    r.firstExceedingUsers = cap + 1;
    for (int n0 = 0; n0 < atUsers || (r.firstExceedingUsers > cap && n0 < cap);) {
        const bool complete = n0 < atUsers;
        // Near the slots, smaller chunks: users past the first exceeding one are wasted work.
        const int chunk =
            complete || grid.max() + kNearSlots < p.podSlots ? kChunkUsers : kChunkUsersNear;
        const int n1 = std::min(n0 + chunk, complete ? atUsers : cap);
        for (int n = n0; n < n1; ++n) {
            if (cancel && cancel->cancelled())
                throw Cancelled();
            simulateUser(p, clock, shared, trial, n, scratch, user);
            spans[static_cast<std::size_t>(n - n0)].clear();
            grid.appendSpans(user, spans[static_cast<std::size_t>(n - n0)]);
            if (complete)
                kept.push_back(user);
        }
        addChunk(p, grid, spans, n0, n1, complete, r.firstExceedingUsers);
        n0 = n1;
        if (n0 == atUsers)
            measureAtUsers(p, clock, grid, kept, r);
    }
    return r;
}

// Runs every trial on `threads` threads; trial t always lands in slot t.
std::vector<TrialRecord> runTrials(const SimParams& p, int threads, const ProgressFn& progress,
                                   const CancelToken* cancel) {
    const TrialClock clock = trialClock(p);
    const int cap = searchCap(p);
    std::vector<TrialRecord> records(static_cast<std::size_t>(p.trials));
    std::atomic<int> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::exception_ptr failure;
    int done = 0;
    auto work = [&] {
        for (int t = next++; t < p.trials && !stop; t = next++) {
            try {
                records[static_cast<std::size_t>(t)] = runTrial(p, clock, t, cap, cancel);
            } catch (...) {
                const std::lock_guard lock(mutex);
                failure = failure ? failure : std::current_exception();
                stop = true;
                return;
            }
            const std::lock_guard lock(mutex);
            ++done;
            if (progress)
                progress(static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(p.trials));
        }
    };
    {
        std::vector<std::jthread> pool;
        for (int i = 1; i < threads; ++i)
            pool.emplace_back(work);
        work();
    }
    if (failure)
        std::rethrow_exception(failure);
    return records;
}

// Normal interval of a mean over trials; every figure averaged here is >= 0 (counts,
// minutes, hours), so the interval is cut at 0 rather than reaching below it when most
// trials are 0 (outage minutes of a lightly loaded pod).
Estimate meanInterval(const std::vector<double>& xs) {
    const auto n = static_cast<double>(xs.size());
    const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
    double ss = 0;
    for (double x : xs)
        ss += (x - mean) * (x - mean);
    const double half = xs.size() > 1 ? kZ95 * std::sqrt(ss / (n - 1) / n) : 0;
    return {mean, std::max(0.0, mean - half), mean + half};
}

template <typename F> Estimate overTrials(const std::vector<TrialRecord>& rs, F f) {
    std::vector<double> xs;
    for (const TrialRecord& r : rs)
        xs.push_back(f(r));
    return meanInterval(xs);
}

void summarizeConcurrency(const std::vector<TrialRecord>& rs, CapacityResult& out) {
    std::vector<std::uint64_t> total;
    for (const TrialRecord& r : rs) {
        total.resize(std::max(total.size(), r.histogram.size()), 0);
        for (std::size_t k = 0; k < r.histogram.size(); ++k)
            total[k] += r.histogram[k];
        out.maxConcurrencyOverall = std::max(out.maxConcurrencyOverall, r.maxConcurrency);
    }
    const double seconds = std::accumulate(total.begin(), total.end(), 0.0);
    for (std::size_t k = 0; k < total.size(); ++k) {
        out.concurrencyShare.push_back(static_cast<double>(total[k]) / seconds);
        out.meanConcurrency += static_cast<double>(k) * out.concurrencyShare.back();
    }
}

// Users per pod from the sorted first exceeding user counts: P(exceed | N) is the share of
// trials whose count is <= N, a step function rising in N.
void summarizeUsersPerPod(const SimParams& p, const std::vector<TrialRecord>& rs, int cap,
                          CapacityResult& out) {
    std::vector<int> first;
    for (const TrialRecord& r : rs)
        first.push_back(r.firstExceedingUsers);
    std::sort(first.begin(), first.end());
    const double n = static_cast<double>(first.size());
    const double q = 1 - p.confidence;
    const auto at = [&](double k) {
        const auto i = static_cast<std::size_t>(std::clamp(k, 0.0, n - 1));
        return first[i] - 1;
    };
    const double k = std::floor(q * n + 1e-9);
    const double half = kZ95 * std::sqrt(n * q * (1 - q));
    out.usersPerPod = at(k);
    out.usersPerPodLow = at(std::floor(k - half));
    out.usersPerPodHigh = at(std::ceil(k + half));
    out.usersPerPodCensored = out.usersPerPod >= cap;
    const int top = first[static_cast<std::size_t>(std::min(n - 1, std::ceil(0.99 * n)))];
    const int step = std::max(1, std::min(top, cap) / 40);
    for (int users = step; users <= std::min(top, cap); users += step) {
        const auto below = std::upper_bound(first.begin(), first.end(), users) - first.begin();
        out.exceedByUsers.emplace_back(users, static_cast<double>(below) / n);
    }
    out.firstExceedingUsers = std::move(first);
}

void summarizeAutoscaling(const SimParams& p, const std::vector<TrialRecord>& rs,
                          CapacityResult& out) {
    out.autoscaled = true;
    out.outageMinutesPerWeekAutoscaled = overTrials(
        rs, [&](const TrialRecord& r) { return r.autoscale.outageSeconds / 60 / p.weeks; });
    out.extraPodHoursPerWeek = overTrials(
        rs, [&](const TrialRecord& r) { return r.autoscale.extraPodSeconds / 3600 / p.weeks; });
    out.extraCostUsdPerWeek = out.extraPodHoursPerWeek.value * p.podHourUsd;
    out.extraCostShare = out.extraPodHoursPerWeek.value / 168.0;
}

} // namespace

Estimate wilsonInterval(int successes, int trials) {
    const double n = trials;
    const double phat = successes / n;
    const double z2 = kZ95 * kZ95;
    const double centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
    const double half = kZ95 * std::sqrt(phat * (1 - phat) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return {phat, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

CapacityResult runCapacity(const SimParams& p, const ProgressFn& progress,
                           const CancelToken* cancel) {
    if (const std::string problem = checkSimParams(p); !problem.empty())
        throw std::invalid_argument("capacity simulation: " + problem);
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    const int threads = std::min(p.threads > 0 ? p.threads : cores, p.trials);
    const std::vector<TrialRecord> rs = runTrials(p, threads, progress, cancel);
    CapacityResult out;
    out.users = p.users;
    out.podSlots = p.podSlots;
    out.trials = p.trials;
    summarizeConcurrency(rs, out);
    out.maxConcurrency = overTrials(rs, [](const TrialRecord& r) { return r.maxConcurrency; });
    // Common random numbers make "the maximum at `users` passes the slots" and "the first
    // exceeding user count is <= users" the same event; the maxima when they were measured
    // (a test checks that the two agree), the counts in a search-only run.
    const auto exceeded = std::count_if(rs.begin(), rs.end(), [&](const TrialRecord& r) {
        return p.figuresAtUsers ? r.maxConcurrency > p.podSlots : r.firstExceedingUsers <= p.users;
    });
    out.exceedProbability = wilsonInterval(static_cast<int>(exceeded), p.trials);
    out.outageMinutesPerWeek =
        overTrials(rs, [&](const TrialRecord& r) { return r.outageSeconds / 60 / p.weeks; });
    out.topUserSlotsAtPeak = overTrials(rs, [](const TrialRecord& r) { return r.topAtPeak; });
    out.topUserSlotsAnytime = overTrials(rs, [](const TrialRecord& r) { return r.topAnytime; });
    summarizeUsersPerPod(p, rs, searchCap(p), out);
    if (p.autoscaling)
        summarizeAutoscaling(p, rs, out);
    return out;
}

} // namespace tierlab::core
