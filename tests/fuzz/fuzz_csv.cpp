// SPDX-License-Identifier: MIT
// libFuzzer target: the CSV reader and the row mapper of every format on arbitrary bytes.
// No input may crash, hang, leak or trip a sanitizer.
#include "memorysource.h"
#include "usage/aggregator.h"
#include "usage/csvreader.h"
#include "usage/formats.h"
#include "usage/rowmapper.h"

#include <stdexcept>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tierlab::core;
    auto source = tierlab::fuzz::sourceFor(data, size);
    CsvReader reader(source);
    CsvRecord record;
    if (!reader.next(record))
        return 0;
    const std::vector<std::string> header(record.fields.begin(), record.fields.end());
    const std::vector<std::string_view> views(header.begin(), header.end());
    const Format* format = detectFormat(views);
    if (!format)
        format = findFormat(size % 2 ? "servegen" : "canonical");
    try {
        RowMapper mapper(*format, views);
        Aggregator agg(1 << 16, 0); // a small budget, so spilling runs too
        UsageRow row;
        std::string error;
        while (reader.next(record))
            if (record.error.empty() && mapper.map(record, row, error))
                agg.add(row);
        tierlab::fuzz::NullSink sink;
        agg.finish(sink, nullptr);
    } catch (const std::invalid_argument&) {
        // a header that lacks the format's columns: rejected, as importUsage does
    }
    return 0;
}
