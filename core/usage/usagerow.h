// SPDX-License-Identifier: MIT
// One row of usage as read from any format, before aggregation.
#pragma once

#include "model/tier.h"

#include <cstdint>
#include <string_view>

namespace tierlab::core {

struct UsageRow {
    std::string_view user; // views into the reader's buffer; valid for one row
    std::string_view tier;
    std::string_view model;
    Channel channel = Channel::Interactive;
    bool hasTime = false;   // false: the format has no time column (day 0)
    bool perRequest = true; // one request at an exact time (gaps are meaningful)
    std::int64_t timeUs = 0;
    std::uint64_t requests = 1;
    std::uint64_t input = 0;
    std::uint64_t output = 0;
    std::uint64_t cacheRead = 0;
    std::uint64_t cacheWrite = 0;
};

} // namespace tierlab::core
