// SPDX-License-Identifier: MIT
// Parses CSV records into usage rows on a second thread while the calling thread aggregates
// them: the two halves of an import cost about the same, so the pair takes little more than
// either alone on the 2-core benchmark machine (docs/benchmarks.md).
#pragma once

#include "aggregator.h"
#include "csvreader.h"
#include "rowmapper.h"
#include "usagerow.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tierlab::core {

// Rows of consecutive records, interned into the parsing thread's own dictionaries.
struct RowBatch {
    std::vector<Aggregator::Request> rows; // local subscriber and model ids
    std::vector<std::uint32_t> tiers;      // local tier id of each row (kNoTierId: none)
    NewNames fresh;                        // names first seen in this batch
    std::vector<std::uint64_t> lines;      // line of each bad record, in order
    std::vector<std::string> reasons;      // why, in order
    std::uint64_t bytesRead = 0;           // of the source, when the batch was closed
    bool endedInQuote = false;             // the source ended inside a quoted field
};

class CsvPipeline {
public:
    // Starts parsing `reader`'s records with `mapper` on a new thread; `firstRecord` (when
    // set) is data to map first (headerless formats). The reader belongs to the thread until
    // next() returns false.
    CsvPipeline(CsvReader& reader, const RowMapper& mapper, const CsvRecord* firstRecord,
                const std::function<std::uint64_t()>& position);
    ~CsvPipeline(); // stops and joins the parser
    CsvPipeline(const CsvPipeline&) = delete;
    CsvPipeline& operator=(const CsvPipeline&) = delete;

    // The next batch in file order; false at the end. Rethrows the parser's exception.
    bool next(RowBatch& batch);

private:
    void run(const CsvRecord* firstRecord);
    void push(RowBatch&& batch);

    CsvReader& m_reader;
    const RowMapper& m_mapper;
    Aggregator::LocalInterner m_interner;
    std::function<std::uint64_t()> m_position;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<RowBatch> m_queue;
    bool m_done = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;
};

} // namespace tierlab::core
