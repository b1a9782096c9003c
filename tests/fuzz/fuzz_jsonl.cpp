// SPDX-License-Identifier: MIT
// libFuzzer target: the Mooncake JSON-lines reader on arbitrary bytes.
#include "memorysource.h"
#include "usage/aggregator.h"
#include "usage/mooncake.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tierlab::core;
    auto source = tierlab::fuzz::sourceFor(data, size);
    Aggregator agg(1 << 16, 0);
    readMooncake(
        source, agg, [](std::uint64_t, const std::string&) {}, [] {});
    tierlab::fuzz::NullSink sink;
    agg.finish(sink, nullptr);
    return 0;
}
