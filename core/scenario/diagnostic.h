// SPDX-License-Identifier: MIT
// Errors are values: a place (JSON path), a reason and a severity.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tierlab::core {

struct Diagnostic {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    std::string path;    // JSON path such as tiers[1].price_usd_month; "" for the document
    std::string message; // the reason, e.g. "must be >= 0, got -5"

    bool isError() const { return severity == Severity::Error; }
};

using Diagnostics = std::vector<Diagnostic>;

inline bool hasErrors(const Diagnostics& d) {
    for (const Diagnostic& x : d)
        if (x.isError())
            return true;
    return false;
}

inline std::size_t errorCount(const Diagnostics& d) {
    std::size_t n = 0;
    for (const Diagnostic& x : d)
        n += x.isError() ? 1 : 0;
    return n;
}

// "path: message" (or "message" for the document itself), the form every front end prints.
inline std::string formatDiagnostic(const Diagnostic& d) {
    std::string s = d.path.empty() ? std::string() : d.path + ": ";
    if (!d.isError())
        s += "warning: ";
    return s + d.message;
}

} // namespace tierlab::core
