// SPDX-License-Identifier: MIT
// exp(x) inline, for the two lognormal draws of every simulated request (libm's exp behind
// its PLT call was a fifth of a simulation's time).
//
// Tang's table method, as in glibc's and ARM's optimized-routines exp (Szabolcs Nagy):
// x = (k / N) ln 2 + r with N = 128 and |r| <= ln 2 / 256, exp(x) = 2^(k / N) exp(r), 2^(j / N)
// from a table, exp(r) - 1 by its Taylor polynomial of degree 5 (the next term is below
// 6e-19 relative). Within about 1 ulp of the exact value; outside |x| < 700 it defers to
// std::exp (overflow, underflow, infinities and NaN keep libm's behaviour).
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace tierlab::core {

namespace fastexp_detail {

constexpr int kBits = 7;
constexpr std::uint64_t kN = 1U << kBits;

// Bits of 2^(j / N), minus j << 45 so that adding k << 45 (k = m N + j) yields 2^m 2^(j / N).
inline const std::array<std::uint64_t, kN> kTable = [] {
    std::array<std::uint64_t, kN> t{};
    for (std::uint64_t j = 0; j < kN; ++j)
        t[j] = std::bit_cast<std::uint64_t>(std::exp2(static_cast<double>(j) / kN)) -
               (j << (52 - kBits));
    return t;
}();

} // namespace fastexp_detail

inline double fastExp(double x) {
    using namespace fastexp_detail;
    if (!(std::abs(x) < 700))
        return std::exp(x);
    constexpr double kInvLn2N = 0x1.71547652b82fep0 * kN;
    constexpr double kShift = 0x1.8p52; // adding it rounds to an integer, kept in the low bits
    constexpr double kNegLn2HiN = -0x1.62e42fefa0000p-8; // -ln 2 / N, exact in k x this
    constexpr double kNegLn2LoN = -0x1.cf79abc9e3b3ap-47;
    const double kd = x * kInvLn2N + kShift;
    const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
    const double k = kd - kShift;
    const double r = x + k * kNegLn2HiN + k * kNegLn2LoN;
    const double scale = std::bit_cast<double>(kTable[ki % kN] + (ki << (52 - kBits)));
    const double r2 = r * r;
    const double poly = r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * (1.0 / 24 + r * (1.0 / 120));
    return scale + scale * poly;
}

} // namespace tierlab::core
