// SPDX-License-Identifier: MIT
#include "simulatecommand.h"

#include "commands.h"
#include "format.h"
#include "sim/capacity.h"
#include "sim/capacityjson.h"
#include "sim/gapfitdataset.h"
#include "store/workspace.h"

#include <CLI/CLI.hpp>
#include <climits>
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>
#include <stdexcept>

namespace tierlab::cli {

namespace {

using core::concurrencyQuantile;
using core::Json;

// Which figures to show: at a number of users, users per pod, or both (neither flag given).
struct Shown {
    bool atUsers = true;
    bool perPod = true;
};

Shown shown(const SimulateArgs& a) {
    if (a.users > 0)
        return {true, false};
    if (a.findUsers)
        return {false, true};
    return {};
}

// A progress line on a terminal; nothing when stderr is a file or a pipe.
core::ProgressFn terminalProgress() {
    if (!::isatty(STDERR_FILENO))
        return {};
    return [](std::uint64_t done, std::uint64_t total) {
        std::cerr << fmt::format("\rsimulating: {} of {} trials", done, total) << std::flush;
    };
}

// Fits the gap mixture of the data set; prints the reason and returns nullopt on failure.
std::optional<core::DatasetGapFit> fitGaps(const SimulateArgs& a) {
    try {
        auto ws = core::Workspace::open(a.scenario.workspace);
        core::DatasetGapFit fit = core::fitDatasetGaps(*ws, a.fitGapsDataset);
        if (fit.fit.ok)
            return fit;
        std::cerr << a.scenario.workspace << ": " << fit.fit.error << "\n";
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
    }
    return std::nullopt;
}

// The command line's values, written into the document's capacity block so the reader checks
// them like any other input.
void applyOptions(const SimulateArgs& a, Json& capacity, const core::DatasetGapFit* fit) {
    if (fit)
        capacity["gaps"] = fit->capacityGaps;
    if (a.users > 0)
        capacity["users"] = a.users;
    if (a.trials > 0)
        capacity["trials"] = a.trials;
    if (a.weeks > 0)
        capacity["weeks"] = a.weeks;
    if (a.seed >= 0)
        capacity["seed"] = a.seed;
}

std::string withInterval(const core::Estimate& e, std::string (*f)(double)) {
    return fmt::format("{} [{}, {}]", f(e.value), f(e.low), f(e.high));
}

std::string twoDecimals(double v) {
    return number(v, 2);
}

void printFit(const SimulateArgs& a, const core::DatasetGapFit& f) {
    std::cout << fmt::format("Gap mixture fitted to data set '{}' ({} gaps): {}\n",
                             a.fitGapsDataset, number(double(f.fit.gaps)), f.sourceNote);
    for (const core::GapComponent& c : f.fit.components)
        std::cout << fmt::format("  weight {:.3f}  median {} min  sigma {:.2f}\n", c.weight,
                                 sig(c.medianMinutes), c.sigma);
    std::cout << fmt::format("  KS distance {:.4f} (at the bin edges), {} EM iterations{}\n\n",
                             f.fit.ksDistance, f.fit.iterations,
                             f.fit.converged ? "" : ", not converged");
}

void printAutoscaling(const core::SimParams& p, const core::CapacityResult& r) {
    std::cout << fmt::format("  autoscaling: a second pod above {} concurrent, cold start {} min, "
                             "released after {} idle min\n",
                             p.autoscaleThreshold, sig(p.coldStartMinutes),
                             sig(p.idleReleaseMinutes))
              << fmt::format("    outage minutes per week   {}\n",
                             withInterval(r.outageMinutesPerWeekAutoscaled, twoDecimals))
              << fmt::format("    extra pod-hours per week  {} ({} of the pod's hours{})\n",
                             withInterval(r.extraPodHoursPerWeek, twoDecimals),
                             percent(r.extraCostShare),
                             p.podHourUsd > 0 ? ", " + usd(r.extraCostUsdPerWeek) + " a week" : "");
}

void printAtUsers(const core::SimParams& p, const core::CapacityResult& r) {
    const auto& share = r.concurrencyShare;
    std::cout << fmt::format("At {} users:\n", r.users)
              << fmt::format("  P(exceed {} slots)         {}\n", r.podSlots,
                             withInterval(r.exceedProbability, percent))
              << fmt::format("  concurrency                mean {}, p50 {}, p99 {}, p99.9 {}\n",
                             twoDecimals(r.meanConcurrency), concurrencyQuantile(share, 0.5),
                             concurrencyQuantile(share, 0.99), concurrencyQuantile(share, 0.999))
              << fmt::format("  concurrency max            {} a trial, {} overall\n",
                             withInterval(r.maxConcurrency, twoDecimals), r.maxConcurrencyOverall)
              << fmt::format("  outage minutes per week    {}\n",
                             withInterval(r.outageMinutesPerWeek, twoDecimals))
              << fmt::format("  most slots of one user     {} at the peak second, {} at any\n",
                             withInterval(r.topUserSlotsAtPeak, twoDecimals),
                             withInterval(r.topUserSlotsAnytime, twoDecimals));
    if (p.rateLimitPerMinute > 0)
        std::cout << fmt::format("  rate limit                 {} requests per minute per user\n",
                                 sig(p.rateLimitPerMinute));
    if (r.autoscaled)
        printAutoscaling(p, r);
}

void printPerPod(const core::SimParams& p, const core::CapacityResult& r) {
    std::cout << fmt::format("Users per pod at {} confidence: {} [{}, {}]{}\n",
                             percent(p.confidence), r.usersPerPod, r.usersPerPodLow,
                             r.usersPerPodHigh,
                             r.usersPerPodCensored ? " (search cap reached: a lower bound)" : "");
}

void printHeader(const Loaded& loaded, const core::SimParams& p) {
    std::cout << fmt::format("{}\n  {} slots, modulate {}, {} trials of {} week{}, seed {}\n",
                             loaded.read.scenario.name, p.podSlots,
                             core::enumName(core::kModulateNames, p.modulateAll), p.trials, p.weeks,
                             p.weeks == 1 ? "" : "s", p.seed);
}

void report(const SimulateArgs& a, const Loaded& loaded, const core::SimParams& p,
            const core::CapacityResult& r, const core::DatasetGapFit* fit) {
    const Shown show = shown(a);
    if (a.scenario.json) {
        // --find-users left p.figuresAtUsers false, so the core omits those figures itself.
        Json j = core::capacityToJson(loaded.read.scenario.name, p, r, show.perPod);
        if (fit)
            j["gap_fit"] = core::gapFitToJson(*fit, a.fitGapsDataset);
        std::cout << j.dump(2) << "\n";
        return;
    }
    if (fit)
        printFit(a, *fit);
    printHeader(loaded, p);
    if (show.atUsers)
        printAtUsers(p, r);
    if (show.perPod)
        printPerPod(p, r);
}

// Runs the simulation; prints the reason and returns nullopt when the parameters are refused.
std::optional<core::CapacityResult> simulate(const SimulateArgs& a, const core::SimParams& p) {
    const core::ProgressFn progress = terminalProgress();
    try {
        core::CapacityResult r = core::runCapacity(p, progress);
        if (progress)
            std::cerr << "\r\x1b[K" << std::flush;
        return r;
    } catch (const std::invalid_argument& e) {
        std::cerr << a.scenario.file << ": capacity: " << e.what() << "\n";
        return std::nullopt;
    }
}

} // namespace

CLI::App* addSimulate(CLI::App& app, SimulateArgs& a) {
    auto* cmd = app.add_subcommand("simulate", "Capacity Monte Carlo of the scenario's capacity "
                                               "block: P(exceed) at N users, users per pod");
    addScenarioArgs(cmd, a.scenario);
    auto* users = cmd->add_option("--users", a.users,
                                  "Figures at N users (default: "
                                  "capacity.users; without --find-users)")
                      ->check(CLI::Range(1, INT_MAX));
    auto* find = cmd->add_flag("--find-users", a.findUsers,
                               "Only users per pod at the confidence level, with the P(exceed) "
                               "curve in --json");
    users->excludes(find);
    cmd->add_option("--trials", a.trials, "Trials (default: capacity.trials)")
        ->check(CLI::Range(1, INT_MAX));
    cmd->add_option("--weeks", a.weeks, "Weeks per trial (default: capacity.weeks)")
        ->check(CLI::Range(1, INT_MAX));
    cmd->add_option("--seed", a.seed, "Random seed (default: capacity.seed)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{INT64_MAX}));
    cmd->add_option("--threads", a.threads, "Worker threads, 0 = all cores; never changes a result")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--fit-gaps", a.fitGapsDataset,
                    "Fit capacity.gaps to this imported data set of --workspace first")
        ->type_name("DATASET")
        ->needs(cmd->get_option("--workspace"));
    return cmd;
}

int runSimulate(const SimulateArgs& a) {
    auto doc = loadDocument(a.scenario);
    if (!doc)
        return kExitInvalid;
    // A null block reads as no block.
    if (!doc->contains("capacity") || (*doc)["capacity"].is_null()) {
        std::cerr << a.scenario.file
                  << ": capacity: no capacity block to simulate (docs/scenario.md section 12)\n";
        return kExitInvalid;
    }
    std::optional<core::DatasetGapFit> fit;
    if (!a.fitGapsDataset.empty() && !(fit = fitGaps(a)))
        return kExitInvalid;
    if ((*doc)["capacity"].is_object())
        applyOptions(a, (*doc)["capacity"], fit ? &*fit : nullptr);
    const auto loaded = readDocument(a.scenario, std::move(*doc), false);
    if (!loaded)
        return kExitInvalid;
    core::SimParams p = core::simParamsFromScenario(loaded->read.scenario);
    p.threads = a.threads;
    // --find-users shows no figure at capacity.users: the trials need not simulate them.
    p.figuresAtUsers = shown(a).atUsers;
    const auto r = simulate(a, p);
    if (!r)
        return kExitInvalid;
    report(a, *loaded, p, *r, fit ? &*fit : nullptr);
    return kExitOk;
}

} // namespace tierlab::cli
