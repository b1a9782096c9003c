// SPDX-License-Identifier: MIT
// Evaluates a scenario document with one numeric input changed and reads one result: the
// primitive of goal seek and sensitivity. Every probe goes through readScenario() and
// evaluate(), the same path as everything else.
#pragma once

#include "eval/evaluate.h"
#include "scenario/fieldreader.h"
#include "scenario/jsonpath.h"

#include <optional>
#include <string>

namespace tierlab::core {

// A numeric input located in a document.
struct InputField {
    std::string canonical; // index path
    double value = 0;      // value in the document
    Range range;           // valid values
};

class Probe {
public:
    Probe(const Json& doc, const UsageData* usage);

    // Locates a numeric input that is set in the document. nullopt with a reason otherwise.
    std::optional<InputField> input(const std::string& path, std::string& error) const;
    // The result at `resultPath` with the input at `canonical` set to `x`; nullopt with a
    // reason when that makes the scenario invalid or the result is not a number.
    std::optional<double> resultAt(const std::string& canonical, double x,
                                   const std::string& resultPath, std::string& error);
    // The result of the unchanged document.
    std::optional<double> baseResult(const std::string& resultPath, std::string& error);
    // Index of every numeric input (for defaults and ranges).
    const FieldIndex& fields() const { return m_fields; }
    const Json& document() const { return m_doc; }
    int evaluations() const { return m_evaluations; }

private:
    std::optional<double> evaluateDoc(const Json& doc, const std::string& resultPath,
                                      std::string& error);

    Json m_doc;
    const UsageData* m_usage;
    FieldIndex m_fields;
    int m_evaluations = 0;
};

} // namespace tierlab::core
