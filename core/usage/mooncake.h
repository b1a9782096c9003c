// SPDX-License-Identifier: MIT
// Mooncake traces (FAST'25): JSON lines with `timestamp` (ms from the start), `input_length`,
// `output_length` and `hash_ids`, the ids of the request's 512-token prefix blocks.
#pragma once

#include "aggregator.h"
#include "bytesource.h"

#include <functional>
#include <string>

namespace tierlab::core {

inline constexpr std::uint64_t kMooncakeBlockTokens = 512;

// Reads every line into `agg`. A request's leading blocks already seen earlier in the trace
// are a shared prefix served from the KV cache: min(input, hits x 512) tokens are cache reads,
// the rest input. Bad lines go to `skip(line, reason)`; `tick()` runs after each line.
void readMooncake(ByteSource& source, Aggregator& agg,
                  const std::function<void(std::uint64_t, const std::string&)>& skip,
                  const std::function<void()>& tick);

} // namespace tierlab::core
