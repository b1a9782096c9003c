// SPDX-License-Identifier: MIT
#include "model/samplebucket.h"

#include <cstdint>

namespace tierlab::core {

namespace {

// The next code point of `s` from `i` (advanced past it). A malformed, overlong or truncated
// sequence yields its first byte's value and advances one byte.
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    int extra = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return b0;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) {
        ++i;
        return b0;
    }
    for (int k = 1; k <= extra; ++k) {
        const unsigned char b = byte(i + static_cast<std::size_t>(k));
        if ((b & 0xC0) != 0x80) {
            ++i;
            return b0;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return b0;
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

} // namespace

int sampleBucket(std::string_view utf8) {
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < utf8.size();)
        h = (h ^ static_cast<std::uint32_t>(nextCodePoint(utf8, i))) * 16777619u;
    std::uint32_t x = ((h >> 16) ^ h) * 73244475u;
    x = ((x >> 16) ^ x) * 73244475u;
    x = (x >> 16) ^ x;
    return static_cast<int>((static_cast<std::uint64_t>(x) * 10000u) >> 32);
}

} // namespace tierlab::core
