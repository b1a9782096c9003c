// SPDX-License-Identifier: MIT
// Inside the curve importers: one reader per file family and the helpers they share.
#pragma once

#include "curveimport.h"
#include "scenario/jsonpath.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core::curves {

// Each reader throws CurveImportError naming `file` and the place.
std::vector<Curve> readInferenceXDashboard(const Json& doc, const std::string& file);
std::vector<Curve> readInferenceXAggBmk(const Json& doc, const std::string& file);
std::vector<Curve> readAiConfiguratorSilicon(std::string_view text, const std::string& file,
                                             std::vector<std::string>& notes);
// `docs`: the one result object of the file, or each line of a JSON-lines file with the
// JSON path it is reported under ("" or "line 3").
struct VllmDoc {
    Json doc;
    std::string place;
};
std::vector<Curve> readVllmServing(const std::vector<VllmDoc>& docs, const std::string& file,
                                   const CurveImportOptions& options);

// "FILE: PATH: reason"
[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& why);

// The number at obj[key]: a JSON number or a string holding one. Missing or null -> nullopt;
// anything else throws naming `path.key`.
std::optional<double> optionalNumber(const Json& obj, std::string_view key,
                                     const std::string& file, const std::string& path);
double requireNumber(const Json& obj, std::string_view key, const std::string& file,
                     const std::string& path);
std::string optionalText(const Json& obj, std::string_view key, const std::string& file,
                         const std::string& path);
// A JSON boolean, or "true"/"false"/"1"/"0"; missing or null -> false.
bool optionalFlag(const Json& obj, std::string_view key, const std::string& file,
                  const std::string& path);

// Appends `point` to the curve of `curves` with the identity of `like`, adding one if needed.
void addPoint(std::vector<Curve>& curves, const Curve& like, CurvePoint point);

} // namespace tierlab::core::curves
