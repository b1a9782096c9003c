// SPDX-License-Identifier: MIT
#include "operating.h"

#include <algorithm>
#include <cctype>

namespace tierlab::core {

namespace {

std::string squeezed(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        if (std::isalnum(c))
            out += static_cast<char>(std::tolower(c));
    return out;
}

} // namespace

CurveResult<OperatingRate> operatingRate(const Curve& curve, const SpeedTarget& target,
                                         double inputTokens, double outputTokens, int gpus,
                                         std::optional<double> rooflinePrefillTokensPerS) {
    const std::vector<LengthConfig> configs = lengthConfigs(curve);
    if (configs.empty())
        return {std::nullopt, describeCurve(curve) + " has no operating point"};
    OperatingRate r;
    const auto [inLo, inHi] = std::minmax_element(
        configs.begin(), configs.end(),
        [](const LengthConfig& a, const LengthConfig& b) { return a.inputTokens < b.inputTokens; });
    const auto [outLo, outHi] = std::minmax_element(
        configs.begin(), configs.end(), [](const LengthConfig& a, const LengthConfig& b) {
            return a.outputTokens < b.outputTokens;
        });
    r.inputTokens = std::clamp(inputTokens, inLo->inputTokens, inHi->inputTokens);
    r.outputTokens = std::clamp(outputTokens, outLo->outputTokens, outHi->outputTokens);
    r.lengthsClamped = r.inputTokens != inputTokens || r.outputTokens != outputTokens;
    auto best = cheapestPointMeeting(curve, target, r.inputTokens, r.outputTokens);
    if (!best.ok())
        return {std::nullopt, best.error};
    r.point = std::move(*best.value);
    const ThroughputBasis basis = throughputBasis(curve);
    const bool output = basis == ThroughputBasis::OutputTokens;
    r.throughputPerGpu = output ? *r.point.outputTokensPerSPerGpu : *r.point.totalTokensPerSPerGpu;
    const double I = r.inputTokens, O = r.outputTokens;
    r.podSecondsPerRequest = (output ? O : I + O) / (r.throughputPerGpu * gpus);
    r.ttftS = r.point.ttftMedianS ? r.point.ttftMedianS : r.point.ttftP90S;
    const double roofShare = rooflinePrefillTokensPerS && *rooflinePrefillTokensPerS > 0
                                 ? I / *rooflinePrefillTokensPerS / r.podSecondsPerRequest
                                 : 1;
    if (r.ttftS && *r.ttftS > 0) {
        r.prefillShare = *r.ttftS / (*r.ttftS + O / *r.point.tokensPerSPerUser);
        r.split = OperatingRate::Split::Ttft;
    } else if (roofShare < 1) {
        r.prefillShare = roofShare;
        r.split = OperatingRate::Split::Roofline;
    } else {
        r.prefillShare = I / (I + O);
        r.split = OperatingRate::Split::Tokens;
    }
    r.prefillTokensPerS = I / (r.podSecondsPerRequest * r.prefillShare);
    r.decodeTokensPerS = O / (r.podSecondsPerRequest * (1 - r.prefillShare));
    return {std::move(r), {}};
}

const char* splitName(OperatingRate::Split split) {
    switch (split) {
    case OperatingRate::Split::Ttft:
        return "TTFT";
    case OperatingRate::Split::Roofline:
        return "roofline prefill";
    case OperatingRate::Split::Tokens:
        return "tokens alike";
    }
    return "";
}

bool sameHardware(const std::string& curveHardware, const std::string& acceleratorId) {
    const std::string a = squeezed(curveHardware), b = squeezed(acceleratorId);
    if (a.empty() || b.empty())
        return true; // nothing to compare
    return a.starts_with(b) || b.starts_with(a);
}

} // namespace tierlab::core
