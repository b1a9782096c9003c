// SPDX-License-Identifier: MIT
#include "sensitivity.h"

#include "probe.h"
#include "scenario/fieldreader.h"

#include <algorithm>
#include <cmath>

namespace tierlab::core {

namespace {

// Every continuous numeric input that is set in the document and can move.
std::vector<std::string> defaultInputs(const Probe& probe) {
    std::vector<std::string> paths;
    for (const auto& [path, range] : probe.fields()) {
        if (range.integer || path.starts_with("capacity") || path.ends_with("seed"))
            continue;
        std::string error;
        if (auto in = probe.input(path, error); in && in->value != 0)
            paths.push_back(path);
    }
    return paths;
}

// Moves `x` by `factor`, kept inside the range; says so when it had to clamp.
double moved(const InputField& in, double factor, std::string& note) {
    double x = in.value * factor;
    const Range& r = in.range;
    if (!r.contains(x)) {
        const double bound = x < in.value ? r.min : r.max;
        const bool open = x < in.value ? r.minOpen : r.maxOpen;
        x = open ? in.value : bound;
        note += (note.empty() ? "" : "; ") + std::string("clamped to ") + formatNumber(x);
    }
    return x;
}

} // namespace

SensitivityResult sensitivity(const Json& doc, const std::string& resultPath,
                              const std::vector<std::string>& inputs, double deltaShare,
                              const UsageData* usage) {
    SensitivityResult out;
    out.result = resultPath;
    out.deltaShare = deltaShare;
    Probe probe(doc, usage);
    const auto base = probe.baseResult(resultPath, out.error);
    if (!base)
        return out;
    out.baseResult = *base;
    const bool chosen = !inputs.empty();
    for (const std::string& path : chosen ? inputs : defaultInputs(probe)) {
        auto in = probe.input(path, out.error);
        if (!in)
            return out;
        if (in->range.integer) {
            out.error = in->canonical + " takes whole numbers only; sensitivity moves inputs "
                                        "by a percentage";
            return out;
        }
        SensitivityRow row{in->canonical, in->value, 0, 0, *base, *base, 0, {}};
        int invalidSides = 0;
        row.low = moved(*in, 1.0 - deltaShare, row.note);
        row.high = moved(*in, 1.0 + deltaShare, row.note);
        for (auto [x, y, side] : {std::tuple{row.low, &row.resultLow, "low"},
                                  std::tuple{row.high, &row.resultHigh, "high"}}) {
            std::string why;
            if (auto r = probe.resultAt(in->canonical, x, resultPath, why))
                *y = *r;
            else {
                ++invalidSides;
                row.note += (row.note.empty() ? "" : "; ") + std::string(side) + " invalid: " + why;
            }
        }
        // A default input that cannot move alone (a share that must sum to 1 with others)
        // tells nothing; a chosen one is shown with its reason.
        if (invalidSides == 2 && !chosen)
            continue;
        row.swing = std::abs(row.resultHigh - row.resultLow);
        out.rows.push_back(row);
    }
    std::stable_sort(
        out.rows.begin(), out.rows.end(),
        [](const SensitivityRow& a, const SensitivityRow& b) { return a.swing > b.swing; });
    out.evaluations = probe.evaluations();
    out.ok = true;
    return out;
}

} // namespace tierlab::core
