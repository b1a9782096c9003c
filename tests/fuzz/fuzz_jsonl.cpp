// SPDX-License-Identifier: MIT
// libFuzzer target: the Mooncake JSON-lines reader on arbitrary bytes.
#include "memorysource.h"
#include "usage/aggregator.h"
#include "usage/mooncake.h"

namespace {
class NullSink final : public tierlab::core::DailySink {
public:
    void add(const tierlab::core::DailyRow&) override {}
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tierlab::core;
    auto source = tierlab::fuzz::sourceFor(data, size);
    Aggregator agg(1 << 16, 0);
    readMooncake(
        source, "fuzz.jsonl", agg, [](std::uint64_t, const std::string&) {}, [] {});
    NullSink sink;
    agg.finish(sink, nullptr);
    return 0;
}
