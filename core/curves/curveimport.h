// SPDX-License-Identifier: MIT
// Reading operating curves from measured benchmark files (docs/curves.md): InferenceX
// dashboard JSON, InferenceX raw result rows (agg_bmk.json), AIConfigurator silicon CSV and
// vLLM benchmark_serving result JSON.
#pragma once

#include "curve.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

// A file that cannot be imported. The message starts with the file and names the place:
// "FILE:LINE: reason" for CSV, "FILE: JSON.path: reason" for JSON, "FILE: line L, column C:
// invalid JSON: reason" for a JSON syntax error.
class CurveImportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class CurveFormat { InferenceXDashboard, InferenceXAggBmk, AIConfiguratorSilicon, VllmServing };

// "inferencex-dashboard", "inferencex-agg-bmk", "aiconfigurator-silicon", "vllm-serving".
const char* curveFormatName(CurveFormat format);
// The format of that name; nullopt for an unknown name.
std::optional<CurveFormat> curveFormatFromName(std::string_view name);

// The format of a file's text when its content says so unambiguously: a JSON object with
// `metadata` and a `data` array of points with `x`, `y` and `hwKey`; a JSON array of rows
// with `hw`, `isl` and `osl`; a CSV header with `silicon_ttft_ms` and `silicon_tpot_ms`; a
// JSON object (or JSON lines of objects) with `completed` and `median_tpot_ms` or
// `mean_tpot_ms`. Otherwise nullopt.
std::optional<CurveFormat> detectCurveFormat(std::string_view text);

struct CurveImportOptions {
    std::optional<CurveFormat> format; // nullopt: detect from the content
    // vLLM results name neither the hardware nor the GPU count; these fill them (the file's
    // own `hardware`/`gpu` and `tp`/`num_gpus` metadata keys win when present).
    std::string hardware;
    std::optional<int> gpus;
};

struct CurveImport {
    CurveFormat format = CurveFormat::InferenceXDashboard;
    std::vector<Curve> curves;
    std::vector<std::string> notes; // rows left out on purpose, with the reason and count
};

// Reads one benchmark file. Throws CurveImportError on a malformed file or one whose format
// cannot be told; nothing partial is returned.
CurveImport importCurveFile(const std::string& path, const CurveImportOptions& options = {});

// Adds `more` to `into`: curves with the same model, hardware, engine, precision and config
// are one curve with the points of both.
void mergeCurves(std::vector<Curve>& into, std::vector<Curve> more);

} // namespace tierlab::core
