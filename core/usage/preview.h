// SPDX-License-Identifier: MIT
// The first rows of a usage file as the import would read them: the same format choice
// (named, mapped or detected from the header), the same CSV reader and RowMapper (or the
// Mooncake reader), the same reasons for bad rows. The import dialog shows it before
// importing, so what the user sees cannot disagree with what the import stores.
#pragma once

#include "importer.h"
#include "model/tier.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tierlab::core {

// One record of the file as parsed: a usage row, or the reason it would be skipped.
struct PreviewRow {
    std::uint64_t line = 0; // 1-based line where the record starts
    bool ok = false;
    std::string error; // "file:line: reason" when !ok, as the import reports it
    bool hasTime = false;
    std::int64_t timeUs = 0; // epoch microseconds (UTC), or from the trace start if relative
    std::string user, tier, model;
    Channel channel = Channel::Interactive;
    std::uint64_t requests = 0;
    std::uint64_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
};

struct UsagePreview {
    bool ok = false;   // the file was read and its format resolved; rows are valid
    std::string error; // why not ("cannot tell the format ...", "missing column 'x'")
    bool compressed = false;
    bool jsonLines = false;               // read as JSON lines (Mooncake), not CSV
    std::string detectedFormat;           // the format the header alone selects; "" for none
    std::string formatId;                 // the format used: named, "mapped" or detected
    std::vector<std::string> header;      // column names of a CSV header; empty without one
    std::vector<std::string> assumptions; // of the format used
    bool relativeTime = false;            // times count from the trace start, as stored
    std::vector<PreviewRow> rows;         // up to maxRows records, bad ones included
};

// Reads at most `maxRows` records of `options.path` with `options.format` / `options.map`
// (both empty: detected from the header, as importUsage does). Never throws: an unreadable
// file, an unknown format or a mapping naming a missing column gives ok = false and an error.
// For Mooncake, each line's tokens are what the import's reader added for it (cache reads
// depend on the lines before).
UsagePreview previewUsage(const ImportOptions& options, std::size_t maxRows = 20);

} // namespace tierlab::core
