// SPDX-License-Identifier: MIT
// Sampling intervals of a sampled population's figures: a bootstrap over subscribers
// (docs/model.md, "A sample of subscribers").
#pragma once

#include "model/population.h"
#include "model/replay.h"
#include "results.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tierlab::core {

// One tier's priced subscribers: an entry per (subscriber, tier) with its weight and the
// usage subscriber it came from (a subscriber a price response moved down has an entry in
// each tier).
struct TierOutcomes {
    SharedOutcomes replays; // shared with a ReplayCache
    std::vector<double> weights;
    std::vector<std::size_t> source;
};

// The figures of tier t from entries and their weights (evaluate.cpp: the population and
// limit figures).
using TierFiguresFn = std::function<PopulationFigures(
    std::size_t t, const std::vector<ReplayOutcome>&, const std::vector<double>&)>;

// The scalar figures intervals are given for, by their key in the results (docs/cli.md).
std::vector<std::pair<std::string, double>> intervalFigures(const PopulationFigures& f);
std::vector<std::pair<std::string, double>> intervalFigures(const PopulationTotals& t);

// Sums tiers' figures into population totals.
PopulationTotals totalsOf(const std::vector<const PopulationFigures*>& tiers);

struct BootstrapIntervals {
    std::vector<std::vector<FigureInterval>> tiers; // per tier, in intervalFigures' order
    std::vector<FigureInterval> totals;
};

// `resamples` times: draw each of the `subscribers` sampled subscribers a Poisson(1) number
// of times (the Poisson bootstrap: a sample taken subscriber by subscriber at a rate has a
// random size, and so does each resample; drawing exactly as many as were sampled would give
// the population's count no interval at all). Each resample has its own generator, seeded
// from `seed` and its index, so the result does not depend on the number of threads. Each
// entry's weight is multiplied by its source's draws and the figures are recomputed. The interval of a figure is the
// (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of its resampled values. Resamples
// run in parallel on all cores.
// `full` holds each tier's figures over the whole sample (they name the intervals).
BootstrapIntervals bootstrapIntervals(const std::vector<TierOutcomes>& tiers,
                                      const std::vector<const PopulationFigures*>& full,
                                      std::size_t subscribers, const TierFiguresFn& figuresOf,
                                      int resamples, double confidence, std::uint64_t seed);

} // namespace tierlab::core
