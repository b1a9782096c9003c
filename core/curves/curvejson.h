// SPDX-License-Identifier: MIT
// The JSON form of an operating curve (docs/curves.md §4): what `tierlab-cli curve show
// --json` prints, what a workspace stores for an imported curve, and what a scenario's
// models[].serving.curve may give inline.
#pragma once

#include "curve.h"
#include "scenario/fieldreader.h"
#include "scenario/jsonpath.h"

#include <optional>
#include <string>

namespace tierlab::core {

Json curvePointToJson(const CurvePoint& point);
Json curveToJson(const Curve& curve);

// Reads a curve from its JSON form; problems go to ctx with their JSON paths under `path`
// (an unknown point kind, a speed or throughput that is not a positive number, no points).
// nullopt when there was any error.
std::optional<Curve> readCurveJson(const Json& node, const std::string& path, ReadContext& ctx);

// The name a workspace stores a curve under: describeCurve() ("DeepSeek R1 0528 on h200
// (SGLang, fp8)"), which sets curves apart the way mergeCurves() does.
std::string curveName(const Curve& curve);

} // namespace tierlab::core
