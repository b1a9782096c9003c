// SPDX-License-Identifier: MIT
// Shared by the scenario reader's tests (tst_scenario_reader_*.cpp): the smallest complete
// scenario, diagnostics as text, the non-finite numbers of results, the project's JSON files.
#pragma once

#include "eval/resultsjson.h"
#include "scenario/reader.h"
#include "testutil.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace tierlab::test::reader {

// The smallest complete scenario: one accelerator, one pod at a given hourly cost, two
// models served with measured throughput, one tier with a window and a typical model.
inline core::Json minimal() {
    return core::Json::parse(R"({
      "schema": "tierlab.scenario/1",
      "name": "Minimal",
      "hours_per_month": 730,
      "accelerators": [
        {"id": "h200", "hbm_gb": 141, "hbm_tbs": 4.8, "bf16_tflops": 989}
      ],
      "pods": [
        {"id": "pod", "accelerator": "h200", "nodes": 1, "gpus_per_node": 8,
         "cost": {"mode": "given", "usd_per_hour": 30}, "utilization": 0.7}
      ],
      "models": [
        {"id": "opus", "price": {"input_per_mtok": 15, "output_per_mtok": 75},
         "serving": {"pod": "pod", "prefill_tokens_per_s": 20000, "decode_tokens_per_s": 200}},
        {"id": "haiku", "price": {"input_per_mtok": 0.25, "output_per_mtok": 1.25},
         "serving": {"pod": "pod", "prefill_tokens_per_s": 200000,
                     "decode_tokens_per_s": 4000}}
      ],
      "tiers": [
        {"id": "pro", "price_usd_month": 20,
         "typical_request": {"model": "opus", "input_tokens": 2000, "output_tokens": 500},
         "windows": [{"messages": 45, "hours": 5}]}
      ]
    })");
}

inline core::Json withMix(double opusShare, double haikuShare) {
    core::Json doc = minimal();
    doc["routing"] = {{"mode", "mix"},
                      {"mix", {{"opus", opusShare}, {"haiku", haikuShare}}},
                      {"baseline_model", "opus"}};
    return doc;
}

// Every diagnostic of one severity as "path: message", one a line, in reported order.
inline QString listed(const core::Diagnostics& d, core::Diagnostic::Severity severity) {
    QStringList lines;
    for (const core::Diagnostic& x : d)
        if (x.severity == severity)
            lines << QString::fromStdString(x.path + ": " + x.message);
    return lines.join('\n');
}
inline QString errors(const core::Diagnostics& d) {
    return listed(d, core::Diagnostic::Severity::Error);
}
inline QString warnings(const core::Diagnostics& d) {
    return listed(d, core::Diagnostic::Severity::Warning);
}
inline QString errorsOf(const core::Json& doc) {
    return errors(core::readScenario(doc).diagnostics);
}

// Messages of the errors at exactly `path`.
inline QStringList errorsAt(const core::Diagnostics& d, const std::string& path) {
    QStringList out;
    for (const core::Diagnostic& x : d)
        if (x.isError() && x.path == path)
            out << QString::fromStdString(x.message);
    return out;
}

// Paths of the numbers in `j` that are NaN or infinite; counts the numbers seen.
inline void collectNonFinite(const core::Json& j, const std::string& path, QStringList& bad,
                             int& numbers) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            collectNonFinite(value, core::childPath(path, key), bad, numbers);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            collectNonFinite(j[i], core::childPath(path, i), bad, numbers);
    } else if (j.is_number()) {
        ++numbers;
        if (!std::isfinite(j.get<double>()))
            bad << QString::fromStdString(path);
    }
}
inline QStringList nonFinite(const core::Results& r, int* numbers = nullptr) {
    QStringList bad;
    int seen = 0;
    collectNonFinite(core::resultsToJson(r), "", bad, seen);
    if (numbers)
        *numbers = seen;
    return bad;
}

inline std::vector<std::string> jsonFiles(const std::string& folder) {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(sourcePath(folder)))
        if (entry.path().extension() == ".json")
            out.push_back(folder + "/" + entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

inline QString js(const core::Json& j) {
    return QString::fromStdString(j.dump());
}

} // namespace tierlab::test::reader
