// SPDX-License-Identifier: MIT
#include "sim/random.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace tierlab::core {

namespace {

std::uint64_t splitMix64Next(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A density shape (unnormalized, decreasing on [0, inf)), its inverse and its tail area.
struct Shape {
    double (*f)(double);
    double (*inverse)(double);
    double (*tail)(double);
};

// Fills the layers down from r, each of area v = r f(r) + tail(r); returns the top layer's
// area minus v (its area is whatever is left under f(0) = 1), or -inf when the layers reach
// the top before the last one (v too large: r too small).
double fillLayers(const Shape& s, double r, ZigguratTables& t) {
    const double v = r * s.f(r) + s.tail(r);
    t.r = r;
    t.x[0] = v / s.f(r);
    t.x[1] = r;
    for (std::size_t i = 1; i < 255; ++i) {
        const double height = v / t.x[i] + s.f(t.x[i]);
        if (height >= 1)
            return -std::numeric_limits<double>::infinity();
        t.x[i + 1] = s.inverse(height);
    }
    t.x[256] = 0;
    for (std::size_t i = 0; i < 257; ++i)
        t.f[i] = s.f(t.x[i]);
    return t.x[255] * (1 - t.f[255]) - v;
}

// The ziggurat whose 256 layers have equal areas: r by bisection (a larger r means smaller
// layers and a larger top layer), so no published constant's rounding enters the tables.
ZigguratTables solveZiggurat(const Shape& s, double lo, double hi) {
    ZigguratTables t;
    for (int k = 0; k < 200 && lo < hi; ++k) {
        const double mid = (lo + hi) / 2;
        if (mid == lo || mid == hi)
            break;
        (fillLayers(s, mid, t) > 0 ? hi : lo) = mid;
    }
    fillLayers(s, hi, t);
    return t;
}

double normalShape(double x) {
    return std::exp(-x * x / 2);
}
double normalInverse(double y) {
    return std::sqrt(-2 * std::log(y));
}
double normalTail(double r) {
    return std::sqrt(std::numbers::pi / 2) * std::erfc(r / std::numbers::sqrt2);
}
double exponentialShape(double x) {
    return std::exp(-x);
}
double exponentialInverse(double y) {
    return -std::log(y);
}

} // namespace

Xoshiro256pp::Xoshiro256pp(std::uint64_t seed) {
    for (std::uint64_t& s : m_s)
        s = splitMix64Next(seed);
}

int uniformInt(Xoshiro256pp& rng, int n) {
    const auto range = static_cast<std::uint64_t>(n) + 1;
    std::uint64_t m = (rng() >> 32) * range;
    if ((m & 0xffffffffULL) < range) {
        const std::uint64_t threshold = (0x100000000ULL - range) % range;
        while ((m & 0xffffffffULL) < threshold)
            m = (rng() >> 32) * range;
    }
    return static_cast<int>(m >> 32);
}

const ZigguratTables& normalTables() {
    static const ZigguratTables t = solveZiggurat({normalShape, normalInverse, normalTail}, 3, 4);
    return t;
}

const ZigguratTables& exponentialTables() {
    static const ZigguratTables t =
        solveZiggurat({exponentialShape, exponentialInverse, exponentialShape}, 6, 9);
    return t;
}

// Outside layer i's inner rectangle: the tail beyond r (Marsaglia 1964: a = Exp / r, accepted
// when 2 Exp' >= a^2), or the wedge, accepted under the density; otherwise a fresh draw.
double normalSlow(Xoshiro256pp& rng, const ZigguratTables& t, std::size_t i, double x) {
    if (i == 0) {
        double a = 0;
        double b = 0;
        do {
            a = -std::log(1 - uniform01(rng)) / t.r;
            b = -std::log(1 - uniform01(rng));
        } while (b + b < a * a);
        return x > 0 ? t.r + a : -(t.r + a);
    }
    if (t.f[i] + uniform01(rng) * (t.f[i + 1] - t.f[i]) < std::exp(-x * x / 2))
        return x;
    return standardNormal(rng);
}

// The exponential's tail beyond r is r plus a fresh exponential (memorylessness).
double exponentialSlow(Xoshiro256pp& rng, const ZigguratTables& t, std::size_t i, double x) {
    if (i == 0)
        return t.r + standardExponential(rng);
    if (t.f[i] + uniform01(rng) * (t.f[i + 1] - t.f[i]) < std::exp(-x))
        return x;
    return standardExponential(rng);
}

} // namespace tierlab::core
