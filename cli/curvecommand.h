// SPDX-License-Identifier: MIT
// tierlab-cli curve show: the operating curves of measured benchmark files (docs/curves.md),
// optionally the cheapest point of each meeting a speed target.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct CurveArgs {
    std::vector<std::string> files;
    bool json = false;
    std::string format;   // "" = detect from the content
    std::string hardware; // for vLLM results, which name none
    int gpus = 0;         // for vLLM results: GPUs of the server; 0 = from the file
    std::string model;    // only curves whose model contains this text
    std::string onHardware; // only curves on this hardware
    std::vector<double> minTps; // speed targets: print the cheapest point meeting each
    std::optional<double> maxTtftP90S;
    double inputTokens = 1024;
    double outputTokens = 1024;
};

CLI::App* addCurve(CLI::App& app, CurveArgs& a);
int runCurve(const CurveArgs& a);

} // namespace tierlab::cli
