// SPDX-License-Identifier: MIT
// The capacity Monte Carlo's random numbers: a small fast generator and exact samplers for
// the laws it draws (uniform, uniform integer, standard normal, standard exponential).
// std::mt19937_64 with std::normal_distribution cost about half of a simulation's time.
//
// - Xoshiro256pp: xoshiro256++ 1.0 of Blackman and Vigna, "Scrambled linear pseudorandom
//   number generators" (ACM TOMS 47, 2021; reference code at prng.di.unimi.it), period
//   2^256 - 1. Its state is filled from one 64-bit seed by SplitMix64, as the authors advise.
// - Normal and exponential: the ziggurat of Marsaglia and Tsang, "The ziggurat method for
//   generating random variables" (J. Stat. Softw. 5(8), 2000), 256 layers, with Doornik's
//   fix ("An improved ziggurat method to generate normal random samples", 2005): the layer
//   index and the abscissa come from disjoint bits of one draw. Exact: points outside the
//   layer's inner rectangle are accepted by the density itself, and the tails are sampled
//   exactly (Marsaglia's tail method for the normal, memorylessness for the exponential).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tierlab::core {

class Xoshiro256pp {
public:
    using result_type = std::uint64_t;

    explicit Xoshiro256pp(std::uint64_t seed);

    std::uint64_t operator()() {
        const std::uint64_t result = rotl(m_s[0] + m_s[3], 23) + m_s[0];
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    static constexpr std::uint64_t min() { return 0; }
    static constexpr std::uint64_t max() { return ~std::uint64_t{0}; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> m_s{};
};

// Uniform on [0, 1) from the top 53 bits: every double k / 2^53, equally likely.
inline double uniform01(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

inline double uniform01(Xoshiro256pp& rng) {
    return uniform01(rng());
}

// Uniform integer in [0, n] (n >= 0), unbiased: Lemire's multiply-and-reject ("Fast random
// integer generation in an interval", ACM TOMACS 29, 2019).
int uniformInt(Xoshiro256pp& rng, int n);

// Tables of one 256-layer ziggurat: layer i covers [0, x[i]] between heights f(x[i]) and
// f(x[i + 1]); x[0] is the base layer's virtual width (its area includes the tail).
struct ZigguratTables {
    std::array<double, 257> x{};
    std::array<double, 257> f{};
    double r = 0; // where the tail starts
};

const ZigguratTables& normalTables();
const ZigguratTables& exponentialTables();

double normalSlow(Xoshiro256pp& rng, const ZigguratTables& t, std::size_t i, double x);
double exponentialSlow(Xoshiro256pp& rng, const ZigguratTables& t, std::size_t i, double x);

// Standard normal N(0, 1). The fast path (about 99 % of draws) is one draw and a compare.
inline double standardNormal(Xoshiro256pp& rng) {
    static const ZigguratTables& t = normalTables();
    const std::uint64_t bits = rng();
    const std::size_t i = bits & 0xff;
    const double x = (2 * uniform01(bits) - 1) * t.x[i];
    if (x < t.x[i + 1] && -x < t.x[i + 1])
        return x;
    return normalSlow(rng, t, i, x);
}

// Standard exponential (mean 1).
inline double standardExponential(Xoshiro256pp& rng) {
    static const ZigguratTables& t = exponentialTables();
    const std::uint64_t bits = rng();
    const std::size_t i = bits & 0xff;
    const double x = uniform01(bits) * t.x[i];
    if (x < t.x[i + 1])
        return x;
    return exponentialSlow(rng, t, i, x);
}

} // namespace tierlab::core
