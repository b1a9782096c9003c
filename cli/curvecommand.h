// SPDX-License-Identifier: MIT
// tierlab-cli curve show | import | list: the operating curves of measured benchmark files
// (docs/curves.md), optionally the cheapest point of each meeting a speed target; stored in a
// workspace for scenarios to name (models[].serving.curve).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct CurveArgs {
    std::string action; // "show", "import", "list"
    std::vector<std::string> files;
    std::string workspace; // import: where to store; show, list: read stored curves
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
    // validate
    std::string shapes;
    double mfu = 0.4, mbu = 0.6, lengthShare = 0.9;
    double layerOverheadUs = 60, parallelOverheadUs = 40;
    bool markdown = false;
};

CLI::App* addCurve(CLI::App& app, CurveArgs& a);
int runCurve(const CurveArgs& a);

} // namespace tierlab::cli
