// SPDX-License-Identifier: MIT
#include "curve.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tierlab::core {

namespace {

std::optional<double> basisThroughput(const CurvePoint& p, ThroughputBasis basis) {
    if (basis == ThroughputBasis::OutputTokens)
        return p.outputTokensPerSPerGpu;
    if (basis == ThroughputBasis::TotalTokens)
        return p.totalTokensPerSPerGpu;
    return std::nullopt;
}

bool sameLength(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, b); }

bool atLengths(const CurvePoint& p, double in, double out) {
    return sameLength(p.inputTokens, in) && sameLength(p.outputTokens, out);
}

std::string lengthsText(double in, double out) { return fmt::format("{:g}/{:g}", in, out); }

// "95.3 tok/s per user at 1234 output tok/s/GPU (TP8, concurrency 4; file.json data[12])"
std::string describePoint(const CurvePoint& p, ThroughputBasis basis) {
    std::string s = fmt::format("{:.1f} tok/s per user at {:.0f} {}", *p.tokensPerSPerUser,
                                basisThroughput(p, basis).value_or(0), throughputBasisName(basis));
    s += " (" + (p.parallelism.empty() ? std::string("parallelism unknown") : p.parallelism);
    if (p.concurrency)
        s += fmt::format(", concurrency {}", *p.concurrency);
    return s + "; " + p.source.file + " " + p.source.location + ")";
}

std::optional<double> lerp(const std::optional<double>& a, const std::optional<double>& b,
                           double t) {
    if (!a || !b)
        return std::nullopt;
    return *a + t * (*b - *a);
}

// Joins two texts that differ ("TP4 / TP8"), or keeps the one they share.
std::string joinDistinct(const std::string& a, const std::string& b) {
    return a == b ? a : a + " / " + b;
}

// The point a fraction t of the way from a to b; kind Interpolated.
CurvePoint blendPoints(const CurvePoint& a, const CurvePoint& b, double t) {
    CurvePoint p;
    p.outputTokensPerSPerGpu = lerp(a.outputTokensPerSPerGpu, b.outputTokensPerSPerGpu, t);
    p.totalTokensPerSPerGpu = lerp(a.totalTokensPerSPerGpu, b.totalTokensPerSPerGpu, t);
    p.tokensPerSPerUser = lerp(a.tokensPerSPerUser, b.tokensPerSPerUser, t);
    p.ttftMedianS = lerp(a.ttftMedianS, b.ttftMedianS, t);
    p.ttftP90S = lerp(a.ttftP90S, b.ttftP90S, t);
    p.e2eLatencyS = lerp(a.e2eLatencyS, b.e2eLatencyS, t);
    p.inputTokens = a.inputTokens + t * (b.inputTokens - a.inputTokens);
    p.outputTokens = a.outputTokens + t * (b.outputTokens - a.outputTokens);
    p.gpus = a.gpus == b.gpus ? a.gpus : 0;
    p.parallelism = joinDistinct(a.parallelism, b.parallelism);
    p.precision = joinDistinct(a.precision, b.precision);
    p.kind = PointKind::Interpolated;
    p.source.file = joinDistinct(a.source.file, b.source.file);
    p.source.location = "between " + a.source.location + " and " + b.source.location;
    p.source.date = joinDistinct(a.source.date, b.source.date);
    return p;
}

// The frontier point at speed s (inside the frontier's range): a measured point when s is
// one, else the blend of its neighbours.
CurvePoint pointOnFrontier(const std::vector<CurvePoint>& f, double s) {
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (*f[i].tokensPerSPerUser == s)
            return f[i];
        if (i + 1 < f.size() && *f[i + 1].tokensPerSPerUser > s) {
            const double s0 = *f[i].tokensPerSPerUser, s1 = *f[i + 1].tokensPerSPerUser;
            return blendPoints(f[i], f[i + 1], (s - s0) / (s1 - s0));
        }
    }
    return f.back();
}

// The frontier of one length config after the TTFT bound; an error naming what is missing.
CurveResult<std::vector<CurvePoint>> eligibleFrontier(const Curve& curve, const LengthConfig& c,
                                                      const SpeedTarget& target,
                                                      ThroughputBasis basis) {
    Curve kept = curve;
    std::optional<double> lowestTtft;
    if (target.maxTtftP90S) {
        std::erase_if(kept.points, [&](const CurvePoint& p) {
            if (atLengths(p, c.inputTokens, c.outputTokens) && p.ttftP90S)
                lowestTtft = std::min(lowestTtft.value_or(*p.ttftP90S), *p.ttftP90S);
            return !p.ttftP90S || *p.ttftP90S > *target.maxTtftP90S;
        });
    }
    auto f = frontierAt(kept, c.inputTokens, c.outputTokens, basis);
    if (!f.empty())
        return {std::move(f), {}};
    const std::string where =
        fmt::format("{} at {} tokens", describeCurve(curve), lengthsText(c.inputTokens, c.outputTokens));
    if (!target.maxTtftP90S)
        return {std::nullopt, "no point of " + where + " has a speed per user and " +
                                  throughputBasisName(basis)};
    if (!lowestTtft)
        return {std::nullopt, "no point of " + where + " has a TTFT p90, which " +
                                  describeTarget(target) + " needs"};
    return {std::nullopt, fmt::format("no point of {} meets {}: the lowest TTFT p90 is {:.3g} s",
                                      where, describeTarget(target), *lowestTtft)};
}

std::string noPointError(const Curve& curve, const SpeedTarget& target, const LengthConfig& c,
                         const CurvePoint& fastest, ThroughputBasis basis) {
    return fmt::format("no point of {} at {} tokens meets {}: the fastest is {}",
                       describeCurve(curve), lengthsText(c.inputTokens, c.outputTokens),
                       describeTarget(target), describePoint(fastest, basis));
}

} // namespace

ThroughputBasis throughputBasis(const Curve& curve) {
    if (curve.points.empty())
        return ThroughputBasis::None;
    auto all = [&](auto member) {
        return std::all_of(curve.points.begin(), curve.points.end(),
                           [&](const CurvePoint& p) { return (p.*member).has_value(); });
    };
    if (all(&CurvePoint::outputTokensPerSPerGpu))
        return ThroughputBasis::OutputTokens;
    if (all(&CurvePoint::totalTokensPerSPerGpu))
        return ThroughputBasis::TotalTokens;
    return ThroughputBasis::None;
}

const char* throughputBasisName(ThroughputBasis basis) {
    switch (basis) {
    case ThroughputBasis::OutputTokens:
        return "output tok/s/GPU";
    case ThroughputBasis::TotalTokens:
        return "total tok/s/GPU";
    case ThroughputBasis::None:
        break;
    }
    return "no throughput";
}

std::vector<CurvePoint> frontierAt(const Curve& curve, double inputTokens, double outputTokens,
                                   ThroughputBasis basis) {
    std::vector<CurvePoint> pts;
    for (const CurvePoint& p : curve.points)
        if (atLengths(p, inputTokens, outputTokens) && p.tokensPerSPerUser &&
            basisThroughput(p, basis))
            pts.push_back(p);
    // Fastest first; at equal speed the higher throughput first, so the sweep keeps it.
    std::sort(pts.begin(), pts.end(), [&](const CurvePoint& a, const CurvePoint& b) {
        if (*a.tokensPerSPerUser != *b.tokensPerSPerUser)
            return *a.tokensPerSPerUser > *b.tokensPerSPerUser;
        return *basisThroughput(a, basis) > *basisThroughput(b, basis);
    });
    std::vector<CurvePoint> frontier;
    double best = -std::numeric_limits<double>::infinity();
    for (CurvePoint& p : pts) {
        if (*basisThroughput(p, basis) > best) {
            best = *basisThroughput(p, basis);
            frontier.push_back(std::move(p));
        }
    }
    std::reverse(frontier.begin(), frontier.end());
    return frontier;
}

CurveResult<double> throughputAtSpeed(const Curve& curve, double inputTokens,
                                      double outputTokens, double tokensPerSPerUser) {
    const ThroughputBasis basis = throughputBasis(curve);
    const auto f = frontierAt(curve, inputTokens, outputTokens, basis);
    if (f.empty())
        return {std::nullopt, fmt::format("{} has no point with a speed per user and {} at {} "
                                          "tokens",
                                          describeCurve(curve), throughputBasisName(basis),
                                          lengthsText(inputTokens, outputTokens))};
    const double lo = *f.front().tokensPerSPerUser, hi = *f.back().tokensPerSPerUser;
    if (!(tokensPerSPerUser >= lo && tokensPerSPerUser <= hi))
        return {std::nullopt,
                fmt::format("{:g} tok/s per user is outside the measured range {:.1f}..{:.1f} of "
                            "{} at {} tokens (no extrapolation)",
                            tokensPerSPerUser, lo, hi, describeCurve(curve),
                            lengthsText(inputTokens, outputTokens))};
    return {basisThroughput(pointOnFrontier(f, tokensPerSPerUser), basis), {}};
}

std::vector<LengthConfig> lengthConfigs(const Curve& curve) {
    std::vector<LengthConfig> configs;
    for (const CurvePoint& p : curve.points) {
        const bool known = std::any_of(configs.begin(), configs.end(), [&](const LengthConfig& c) {
            return atLengths(p, c.inputTokens, c.outputTokens);
        });
        if (!known)
            configs.push_back({p.inputTokens, p.outputTokens});
    }
    std::sort(configs.begin(), configs.end(), [](const LengthConfig& a, const LengthConfig& b) {
        return a.inputTokens != b.inputTokens ? a.inputTokens < b.inputTokens
                                              : a.outputTokens < b.outputTokens;
    });
    return configs;
}

CurveResult<LengthBlend> blendLengths(const Curve& curve, double inputTokens,
                                      double outputTokens) {
    const auto configs = lengthConfigs(curve);
    if (configs.empty())
        return {std::nullopt, describeCurve(curve) + " has no points"};
    for (const LengthConfig& c : configs)
        if (sameLength(c.inputTokens, inputTokens) && sameLength(c.outputTokens, outputTokens))
            return {LengthBlend{c, c, 0.0}, {}};
    double inLo = configs.front().inputTokens, inHi = inLo;
    double outLo = configs.front().outputTokens, outHi = outLo;
    for (const LengthConfig& c : configs) {
        inLo = std::min(inLo, c.inputTokens), inHi = std::max(inHi, c.inputTokens);
        outLo = std::min(outLo, c.outputTokens), outHi = std::max(outHi, c.outputTokens);
    }
    if (inputTokens < inLo || inputTokens > inHi || outputTokens < outLo || outputTokens > outHi)
        return {std::nullopt,
                fmt::format("{} tokens lie outside the measured lengths of {} (input {:g}..{:g}, "
                            "output {:g}..{:g}; no extrapolation)",
                            lengthsText(inputTokens, outputTokens), describeCurve(curve), inLo,
                            inHi, outLo, outHi)};
    // Nearest two configs in (ln input, ln output); ties keep the sorted order.
    const double qx = std::log(inputTokens), qy = std::log(outputTokens);
    auto dist = [&](const LengthConfig& c) {
        return std::hypot(std::log(c.inputTokens) - qx, std::log(c.outputTokens) - qy);
    };
    std::vector<LengthConfig> byDistance = configs;
    std::stable_sort(byDistance.begin(), byDistance.end(),
                     [&](const LengthConfig& a, const LengthConfig& b) { return dist(a) < dist(b); });
    const LengthConfig a = byDistance[0], b = byDistance[1];
    const double ax = std::log(a.inputTokens), ay = std::log(a.outputTokens);
    const double dx = std::log(b.inputTokens) - ax, dy = std::log(b.outputTokens) - ay;
    const double t = ((qx - ax) * dx + (qy - ay) * dy) / (dx * dx + dy * dy);
    return {LengthBlend{a, b, std::clamp(t, 0.0, 1.0)}, {}};
}

std::string describeTarget(const SpeedTarget& target) {
    std::string s = fmt::format("at least {:g} tok/s per user", target.minTokensPerSPerUser);
    if (target.maxTtftP90S)
        s += fmt::format(" and TTFT p90 <= {:g} s", *target.maxTtftP90S);
    return s;
}

CurveResult<CurvePoint> cheapestPointMeeting(const Curve& curve, const SpeedTarget& target,
                                             double inputTokens, double outputTokens) {
    const auto blend = blendLengths(curve, inputTokens, outputTokens);
    if (!blend.ok())
        return {std::nullopt, blend.error};
    const ThroughputBasis basis = throughputBasis(curve);
    const auto fa = eligibleFrontier(curve, blend.value->first, target, basis);
    if (!fa.ok())
        return {std::nullopt, fa.error};
    const double t = blend.value->weightSecond;
    if (t == 0.0) {
        const auto& f = *fa.value;
        if (target.minTokensPerSPerUser > *f.back().tokensPerSPerUser)
            return {std::nullopt, noPointError(curve, target, blend.value->first, f.back(), basis)};
        return {pointOnFrontier(f, std::max(target.minTokensPerSPerUser,
                                            *f.front().tokensPerSPerUser)),
                {}};
    }
    const auto fb = eligibleFrontier(curve, blend.value->second, target, basis);
    if (!fb.ok())
        return {std::nullopt, fb.error};
    const auto &a = *fa.value, &b = *fb.value;
    // Both configs must reach the speed: the blend is only defined where both are measured.
    const double hi = std::min(*a.back().tokensPerSPerUser, *b.back().tokensPerSPerUser);
    if (target.minTokensPerSPerUser > hi) {
        const bool aSlower = *a.back().tokensPerSPerUser <= *b.back().tokensPerSPerUser;
        return {std::nullopt, noPointError(curve, target,
                                           aSlower ? blend.value->first : blend.value->second,
                                           aSlower ? a.back() : b.back(), basis)};
    }
    const double lo = std::max(*a.front().tokensPerSPerUser, *b.front().tokensPerSPerUser);
    const double s = std::max(target.minTokensPerSPerUser, lo);
    const CurvePoint pa = pointOnFrontier(a, s), pb = pointOnFrontier(b, s);
    CurvePoint p = blendPoints(pa, pb, t);
    p.inputTokens = inputTokens, p.outputTokens = outputTokens;
    p.source.location = fmt::format("{:.3g} x ({}) + {:.3g} x ({})", 1 - t, pa.source.location,
                                    t, pb.source.location);
    return {std::move(p), {}};
}

std::string describeCurve(const Curve& curve) {
    std::string extra = curve.engine;
    for (const std::string* part : {&curve.precision, &curve.config})
        if (!part->empty())
            extra += (extra.empty() ? "" : ", ") + *part;
    return curve.model + " on " + curve.hardware + (extra.empty() ? "" : " (" + extra + ")");
}

} // namespace tierlab::core
