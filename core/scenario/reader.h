// SPDX-License-Identifier: MIT
// Reading and validating `tierlab.scenario/1` documents (docs/scenario.md).
#pragma once

#include "diagnostic.h"
#include "fieldreader.h"
#include "jsonpath.h"
#include "scenario.h"

#include <optional>
#include <string>
#include <string_view>

namespace tierlab::core {

inline constexpr std::string_view kScenarioSchema = "tierlab.scenario/1";

struct ReadResult {
    Scenario scenario;       // complete only when there is no error
    Diagnostics diagnostics; // errors and warnings, each with its JSON path
    FieldIndex fields;       // every numeric input with its valid range

    bool ok() const { return !hasErrors(diagnostics); }
};

// Builds the scenario from a parsed document, checking every value and reference.
ReadResult readScenario(const Json& doc);

// Parses JSON text. On a syntax error, returns a diagnostic whose path is "line L, column C".
struct ParsedJson {
    Json doc;
    std::optional<Diagnostic> error;
};
ParsedJson parseJsonText(std::string_view text);

// Writes a document as TierLab writes scenario files: 2-space indent, keys in their order,
// final newline.
std::string writeJsonText(const Json& doc);

} // namespace tierlab::core
