// SPDX-License-Identifier: MIT
// Importing a usage file into a workspace: detect the format, read every row, skip and count
// bad ones, aggregate, and store the data set in one transaction. A failed or cancelled
// import leaves the workspace exactly as it was.
#pragma once

#include "job.h"
#include "store/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tierlab::core {

struct ImportOptions {
    std::string path;
    std::string format;  // a built-in format id; empty: detect from the header
    std::string map;     // --map "role=column,..." for any other CSV
    std::string name;    // data set name; empty: the file name without extensions
    bool strict = false; // stop at the first bad row
    std::size_t maxExamples = 100;
    std::size_t memoryBudgetBytes = 12u << 20; // rows held before spilling
    // Plain files at least this large are parsed in two halves on two threads.
    std::uint64_t splitMinBytes = 8u << 20;
    // Store every request of per-request formats (historycodec.h), so that tier limits are
    // replayed over it; off, the data set's limits apply as a monthly bound.
    bool keepHistory = true;
};

struct ImportResult {
    bool ok = false;
    bool cancelled = false;
    std::string error;      // why it failed: "file:line: reason" where a row is to blame
    DatasetSummary summary; // what was stored (when ok)
    int parsingThreads = 1; // 2 when a large plain file was parsed in two halves
};

ImportResult importUsage(Workspace& ws, const ImportOptions& options,
                         const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// The data set name a file gets by default: its name without directories and extensions
// (".csv", ".jsonl", ".gz", ...).
std::string defaultDatasetName(const std::string& path);

} // namespace tierlab::core
