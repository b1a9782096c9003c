// SPDX-License-Identifier: MIT
// Which subscribers a sample holds: the bucket of docs/aggregate-at-scale.md section 8.2, the
// same number the SQL export (docs/sql/history_sample.sql) computes for an id.
#pragma once

#include <string_view>

namespace tierlab::core {

inline constexpr int kSampleBuckets = 10000;

// 0 .. 9,999 from the id alone: 32-bit FNV-1a over its Unicode code points, two
// xorshift-multiply rounds and a xorshift, scaled to 10,000. `utf8` is decoded as UTF-8; a
// byte that is not part of a valid sequence counts as the code point of its value (as
// Latin-1), so that every id has a bucket.
int sampleBucket(std::string_view utf8);

// True when the subscriber is in a sample of rate_per_10000 / 10,000: bucket < rate.
inline bool inSample(std::string_view utf8, int ratePer10000) {
    return sampleBucket(utf8) < ratePer10000;
}

} // namespace tierlab::core
