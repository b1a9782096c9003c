// SPDX-License-Identifier: MIT
// Scenario and result documents as leaf paths: what the compare page diffs, and the inputs
// and results the what-if choosers (sensitivity, goal seek) offer. Paths are the one address
// of every value (architecture.md, idea 2); array elements with a unique id are named by
// selector (tiers[id=pro].price_usd_month) so that a diff survives reordered tiers.
#pragma once

#include "app/convert.h"
#include "scenario/fieldreader.h"
#include "scenario/jsonpath.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace tierlab::gui {

// One leaf of a document: its index path and its value.
struct JsonLeaf {
    std::string canonical; // tiers[0].price_usd_month
    core::Json value;
};

// Every leaf of `doc` by readable path. Elements of an array whose members all carry a
// unique "id" (or "model", "channel", "year") are addressed by selector, others by index.
// Empty objects and arrays are leaves. With `skipNumericArrays`, arrays of numbers or of
// arrays (curves, quantiles, Lorenz points, histograms) are left out.
std::map<std::string, JsonLeaf> flattenJson(const core::Json& doc, bool skipNumericArrays = false);

// Canonical (index) path -> readable (selector) path of every leaf of `doc`.
std::map<std::string, std::string> readablePaths(const core::Json& doc);

// A leaf's value as a table shows it: numbers to 10 significant digits, strings as is.
QString formatJsonValue(const core::Json& value);

// The unit of a result or input, guessed from its last key (margin_usd: USD, *_share and
// *utilization*: share, ...) for display; Plain when nothing fits.
Unit unitOfPath(const std::string& path);

// Result paths worth watching, present as numbers in `results`: the totals margin, each
// tier's population margin, breakeven utilization and margin at full use, the routing
// savings and each model's serving cost per Mtok.
std::vector<std::string> usefulResultPaths(const core::Json& results);

// A numeric input that goal seek can vary: set in the document (core::Probe semantics) and
// continuous (whole-number inputs are refused by core).
struct InputChoice {
    std::string canonical;
    std::string readable;
    double value = 0;
    core::Range range;
};
std::vector<InputChoice> continuousInputs(const core::Json& doc, const core::FieldIndex& fields);

} // namespace tierlab::gui
