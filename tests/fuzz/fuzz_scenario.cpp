// SPDX-License-Identifier: MIT
// libFuzzer target: scenario JSON through the reader and, when valid, the evaluation. Every
// number that comes out must be finite (issue #2: no NaN or infinity in an output).
#include "eval/evaluate.h"
#include "eval/resultsjson.h"
#include "scenario/reader.h"

#include <cmath>
#include <cstdlib>

namespace {
void checkFinite(const tierlab::core::Json& j) {
    if (j.is_number_float() && !std::isfinite(j.get<double>()))
        std::abort();
    if (j.is_structured())
        for (const auto& v : j)
            checkFinite(v);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tierlab::core;
    const ParsedJson parsed =
        parseJsonText(std::string_view(reinterpret_cast<const char*>(data), size));
    if (parsed.error)
        return 0;
    const ReadResult read = readScenario(parsed.doc);
    if (!read.ok())
        return 0;
    // Keep synthetic populations small so each input runs fast.
    for (const SyntheticTier& t : read.scenario.usage.synthetic)
        if (t.subscribers > 2000)
            return 0;
    const EvalOutcome outcome = evaluate(read.scenario);
    if (outcome.ok())
        checkFinite(resultsToJson(outcome.results));
    return 0;
}
