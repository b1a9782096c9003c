// SPDX-License-Identifier: MIT
// A synthetic per-request usage file in TierLab's canonical columns (docs/model.md section
// "Synthetic usage"), for tests, benchmarks and the sample workspace: bursty sessions drawn
// from the capacity model's gap mixture, heavy-tailed volume per subscriber, chat turns and
// agent turns with growing cached context. Deterministic for a seed; rows come in time order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tierlab::core {

struct GeneratorTier {
    std::string name;
    double share = 0; // of subscribers, > 0 (the shares are normalized)
    std::vector<std::pair<std::string, double>> models; // model -> weight of its sessions
};

struct GeneratorSpec {
    std::uint64_t rows = 100000;
    std::uint64_t seed = 1;
    std::uint64_t subscribers = 0;        // 0: rows / 50, at least 1
    std::vector<GeneratorTier> tiers;     // empty: defaultGeneratorTiers()
    std::int64_t startMs = 1790812800000; // first day, 2026-10-01T00:00:00Z
    int days = 30;                        // sessions start on days [0, days)
};

// free 0.55, pro 0.35, max5x 0.07, max20x 0.03, each with its own haiku/sonnet/opus mix.
std::vector<GeneratorTier> defaultGeneratorTiers();

// Parses "free:0.55,pro:0.35" (name:share, comma separated). A default tier's name keeps its
// model mix; another name gets pro's. Throws std::invalid_argument naming the bad item.
std::vector<GeneratorTier> parseGeneratorTiers(std::string_view text);

// What a run made (for the command's summary line).
struct GeneratorStats {
    std::uint64_t rows = 0;
    std::uint64_t subscribers = 0; // with at least one request
    std::uint64_t sessions = 0;
};

// Writes the header line and spec.rows rows through `write` (called with chunks of about
// 1 MB). Throws std::invalid_argument on a spec out of range (rows 0, days < 1, ...).
GeneratorStats generateUsage(const GeneratorSpec& spec,
                             const std::function<void(std::string_view)>& write);

} // namespace tierlab::core
