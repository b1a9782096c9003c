// SPDX-License-Identifier: MIT
// Evaluating scenario documents in tests: read, evaluate, and read results by JSON path.
#pragma once

#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "testutil.h"

#include <QTest>

#include <string>
#include <vector>

namespace tierlab::test {

// Results JSON of a document with overrides applied; fails the test on any error.
inline core::Json evalDoc(core::Json doc, const std::vector<std::string>& sets = {}) {
    const core::Diagnostics setErrors = core::applyOverrides(doc, sets);
    if (!setErrors.empty())
        qFatal("--set: %s", core::formatDiagnostic(setErrors.front()).c_str());
    const core::ReadResult read = core::readScenario(doc);
    for (const core::Diagnostic& d : read.diagnostics)
        if (d.isError())
            qFatal("scenario: %s", core::formatDiagnostic(d).c_str());
    const core::EvalOutcome outcome = core::evaluate(read.scenario);
    for (const core::Diagnostic& d : outcome.diagnostics)
        if (d.isError())
            qFatal("evaluate: %s", core::formatDiagnostic(d).c_str());
    return core::resultsToJson(outcome.results);
}

// A number in a results document by path.
inline double at(core::Json results, const std::string& path) {
    const core::PathLookup where = core::lookupPath(results, path);
    if (!where.node || !where.node->is_number())
        qFatal("no number at %s: %s", path.c_str(), where.error.c_str());
    return where.node->get<double>();
}

} // namespace tierlab::test
