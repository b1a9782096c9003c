// SPDX-License-Identifier: MIT
// tierlab-cli generate: a synthetic per-request usage CSV (docs/cli.md §12).
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct GenerateArgs {
    std::uint64_t rows = 100000;
    std::uint64_t seed = 1;
    std::uint64_t subscribers = 0;
    std::string tiers;
    std::string start = "2026-10-01";
    int days = 30;
    std::string out; // empty or "-": standard output
};

CLI::App* addGenerate(CLI::App& app, GenerateArgs& a);
int runGenerate(const GenerateArgs& a);

} // namespace tierlab::cli
