// SPDX-License-Identifier: MIT
#include "csvpipeline.h"

namespace tierlab::core {

namespace {
constexpr std::size_t kRowsPerBatch = 8192;
constexpr std::size_t kQueuedBatches = 4; // bounds the memory between the two threads

} // namespace

CsvPipeline::CsvPipeline(CsvReader& reader, const RowMapper& mapper, const CsvRecord* firstRecord,
                         const std::function<std::uint64_t()>& position)
    : m_reader(reader), m_mapper(mapper), m_position(position) {
    CsvRecord first = firstRecord ? *firstRecord : CsvRecord{};
    const bool hasFirst = firstRecord != nullptr;
    m_thread = std::thread(
        [this, first = std::move(first), hasFirst]() { run(hasFirst ? &first : nullptr); });
}

CsvPipeline::~CsvPipeline() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void CsvPipeline::push(RowBatch&& batch) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_queue.size() < kQueuedBatches || m_stop; });
    if (m_stop)
        return;
    m_queue.push_back(std::move(batch));
    m_changed.notify_all();
}

void CsvPipeline::run(const CsvRecord* firstRecord) {
    try {
        CsvRecord record;
        RowBatch batch;
        batch.rows.reserve(kRowsPerBatch);
        UsageRow row;
        std::string error;
        std::uint32_t tier = kNoTierId;
        const auto handle = [&](const CsvRecord& r) {
            if (!r.error.empty()) {
                batch.lines.push_back(r.line);
                batch.reasons.push_back(r.error);
                batch.endedInQuote = r.error == kUnterminatedQuote;
            } else if (m_mapper.map(r, row, error)) {
                batch.rows.push_back(m_interner.intern(row, tier, batch.fresh));
                batch.tiers.push_back(tier);
            } else {
                batch.lines.push_back(r.line);
                batch.reasons.push_back(error);
            }
        };
        const auto close = [&] {
            batch.bytesRead = m_position();
            push(std::move(batch));
            batch = RowBatch{};
            batch.rows.reserve(kRowsPerBatch);
            batch.tiers.reserve(kRowsPerBatch);
        };
        if (firstRecord)
            handle(*firstRecord);
        while (m_reader.next(record)) {
            handle(record);
            if (batch.rows.size() + batch.lines.size() >= kRowsPerBatch) {
                close();
                std::lock_guard lock(m_mutex);
                if (m_stop)
                    return;
            }
        }
        close();
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
    }
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_changed.notify_all();
}

bool CsvPipeline::next(RowBatch& batch) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_done; });
    if (!m_queue.empty()) {
        batch = std::move(m_queue.front());
        m_queue.pop_front();
        m_changed.notify_all();
        return true;
    }
    if (m_error)
        std::rethrow_exception(m_error);
    return false;
}

} // namespace tierlab::core
