// SPDX-License-Identifier: MIT
// Data sets in the workspace: writing an import's aggregates as compact chunks, and reading
// them back as the monthly usage evaluate() prices.
#pragma once

#include "database.h"
#include "eval/evaluate.h"
#include "historycodec.h"
#include "scenario/scenario.h"
#include "usage/aggregator.h"
#include "workspace.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tierlab::core {

// Receives daily rows during an import and stores them in chunks of 65,536 rows, each
// varint-encoded (about 12 bytes a row). Must live inside the import's transaction.
//
// It also keeps every request (kind 'history', historycodec.h) when every row is one request
// at a time; a row that is not (a daily aggregate, a row without a time) drops the history,
// and the data set's limits then apply as a monthly bound.
class DatasetWriter final : public DailySink {
public:
    DatasetWriter(Database& db, std::int64_t datasetId, bool keepHistory = true);
    void add(const DailyRow& row) override;
    SortedBlobs encodeSorted(std::span<const InternedRow> rows) const override;
    void addEncoded(SortedBlobs&& blobs) override;
    // Writes the last chunks, the dictionaries, the gap histogram and the hour-of-week profile.
    void finish(const Aggregator& aggregator);
    // Every request was stored.
    bool hasHistory() const { return m_historyKept && m_historyRequests > 0; }

private:
    void flush();

    Database& m_db;
    std::int64_t m_datasetId;
    Statement m_insert;
    std::vector<std::uint8_t> m_bytes;
    std::uint32_t m_rows = 0;
    std::int64_t m_chunk = 0;
    DailyRow m_previous;
    bool m_historyKept;
    std::int64_t m_historyChunk = 0;
    std::uint64_t m_historyRequests = 0;
    void dropHistory();
};

// The stored dictionaries of a data set.
struct DatasetNames {
    std::vector<std::string> subscribers;
    std::vector<std::int64_t> subscriberTier; // index into tiers, -1 for none
    std::vector<std::string> models;
    std::vector<std::string> tiers;
};
DatasetNames readDatasetNames(Database& db, std::int64_t datasetId);

// Decodes every daily row of a data set.
std::vector<DailyRow> readDailyRows(Database& db, std::int64_t datasetId);

// The gap histogram and hour-of-week profile stored with a data set.
struct DatasetProfiles {
    std::vector<double> gapLowerEdgesS;
    std::vector<std::uint64_t> gapCounts;
    std::vector<std::uint64_t> hourOfWeek; // 168 values, Monday 00:00 first
};
DatasetProfiles readDatasetProfiles(Database& db, std::int64_t datasetId);

// A month of usage of a stored data set for a scenario: subscribers' tiers and models mapped
// to the scenario's by name, usage.tier_map / model_map / default_tier, and scaled to a month
// when usage.scale_to_month is set. Errors name the unmapped names.
UsageData loadDatasetUsage(Workspace& ws, const Scenario& s, Diagnostics& diagnostics);

} // namespace tierlab::core
