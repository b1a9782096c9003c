// SPDX-License-Identifier: MIT
#include "probe.h"

#include "eval/resultsjson.h"
#include "scenario/reader.h"

#include <cmath>

namespace tierlab::core {

Probe::Probe(const Json& doc, const UsageData* usage) : m_doc(doc), m_usage(usage) {
    m_fields = readScenario(m_doc).fields;
}

std::optional<InputField> Probe::input(const std::string& path, std::string& error) const {
    Json doc = m_doc;
    const PathLookup where = lookupPath(doc, path);
    if (!where.node) {
        error = where.error;
        return std::nullopt;
    }
    const auto field = m_fields.find(where.canonical);
    if (field == m_fields.end()) {
        error = where.canonical + " is not a numeric input of the scenario";
        return std::nullopt;
    }
    if (!where.node->is_number()) {
        error = where.canonical + " is not a number";
        return std::nullopt;
    }
    return InputField{where.canonical, where.node->get<double>(), field->second};
}

std::optional<double> Probe::evaluateDoc(const Json& doc, const std::string& resultPath,
                                         std::string& error) {
    ++m_evaluations;
    const ReadResult read = readScenario(doc);
    for (const Diagnostic& d : read.diagnostics) {
        if (d.isError()) {
            error = formatDiagnostic(d);
            return std::nullopt;
        }
    }
    const EvalOutcome outcome = evaluate(read.scenario, m_usage);
    for (const Diagnostic& d : outcome.diagnostics) {
        if (d.isError()) {
            error = formatDiagnostic(d);
            return std::nullopt;
        }
    }
    Json results = resultsToJson(outcome.results);
    const PathLookup where = lookupPath(results, resultPath);
    if (!where.node) {
        error = "result " + where.error;
        return std::nullopt;
    }
    if (!where.node->is_number()) {
        error = "result " + where.canonical + " is not a number (" + where.node->dump() + ")";
        return std::nullopt;
    }
    return where.node->get<double>();
}

std::optional<double> Probe::resultAt(const std::string& canonical, double x,
                                      const std::string& resultPath, std::string& error) {
    Json doc = m_doc;
    *lookupPath(doc, canonical).node = x;
    return evaluateDoc(doc, resultPath, error);
}

std::optional<double> Probe::baseResult(const std::string& resultPath, std::string& error) {
    return evaluateDoc(m_doc, resultPath, error);
}

} // namespace tierlab::core
