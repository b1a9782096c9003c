// SPDX-License-Identifier: MIT
// Reduces usage rows, once, to what the model needs (architecture.md, idea 3): requests and
// tokens per subscriber x model x channel x day, each subscriber's gaps between consecutive
// requests as a log-binned histogram, requests by hour of the week, and a summary.
//
// Memory stays bounded on any file size: rows are buffered up to a budget; past it they are
// spilled to temporary files partitioned by subscriber, and each partition is then sorted by
// (subscriber, time) and reduced on its own.
#pragma once

#include "job.h"
#include "usagerow.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

// One aggregate: a subscriber's use of one model on one channel on one day.
struct DailyRow {
    std::uint32_t subscriber = 0; // index into the subscriber dictionary
    std::int32_t day = 0;         // days since 1970-01-01 (or since the trace start)
    std::uint16_t model = 0;
    std::uint8_t channel = 0; // Channel
    std::uint64_t requests = 0;
    std::uint64_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
};

// The fixed-width record buffered and spilled: a usage row with its strings interned.
struct InternedRow {
    std::uint32_t subscriber;
    std::uint16_t model;
    std::uint8_t channel;
    std::uint8_t flags; // bit 0: per-request (gaps count); bit 1: has a time
    std::int64_t timeUs;
    std::uint64_t requests, input, output, cacheRead, cacheWrite;
};

// Where aggregates go (the workspace writer, or a test).
// What a sink makes of one partition's rows for storage (a sink that keeps every request):
// encoded on the thread that reduced the partition, handed back in order on the importing one.
struct SortedBlobs {
    bool kept = true; // false: a row was not one request at a time, keep none
    std::uint64_t items = 0;
    std::vector<std::vector<std::uint8_t>> blobs;
};

class DailySink {
public:
    virtual ~DailySink() = default;
    virtual void add(const DailyRow& row) = 0;
    // The rows of one partition, each subscriber's together and in time order. Called on
    // the reducing thread, perhaps while add() runs for another partition: it must touch no
    // state that add() or addEncoded() change. By default, nothing.
    virtual SortedBlobs encodeSorted(std::span<const InternedRow> rows) const {
        (void)rows;
        return {};
    }
    // What encodeSorted() made of a partition, after the partition's daily rows.
    virtual void addEncoded(SortedBlobs&& blobs) { (void)blobs; }
};

// Log-binned histogram of gaps between a subscriber's consecutive requests: bin 0 holds gaps
// under 10 ms; bins 1..90 cover 10 ms to 1e7 s with 10 bins a decade.
struct GapHistogram {
    static constexpr int kBins = 91;
    static constexpr double kMinSeconds = 0.01;
    static constexpr int kBinsPerDecade = 10;
    std::array<std::uint64_t, kBins> counts{};
    static int binOf(double seconds);
    // binOf(micros / 1e6) for a whole number of microseconds (the gaps of imported requests),
    // from a table of each bin's first microsecond: a search of 91 integers instead of a
    // log10 per request (2 % of the 2M-row import's cycles).
    static int binOfMicros(std::int64_t micros);
    static double lowerEdge(int bin); // seconds; bin 0 starts at 0
};

// Interns strings to dense indices; views into it stay valid. Open addressing with linear
// probing over (hash, index) slots: a third of the time of std::unordered_map on the 2M-row
// benchmark, where every row looks up a subscriber, a model and a tier.
class Dictionary {
public:
    std::uint32_t intern(std::string_view s);
    const std::vector<std::string_view>& names() const { return m_names; }
    std::size_t size() const { return m_names.size(); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint64_t inlineKey = 0; // the key itself when it has at most 8 bytes
        std::uint32_t length = 0;
        std::uint32_t index = 0; // 0: empty; else names index + 1
    };
    void grow();

    std::vector<Slot> m_slots = std::vector<Slot>(64);
    std::uint32_t m_last = 0; // index + 1 of the last hit: models and tiers repeat
    std::uint32_t m_lastLength = 0;
    std::uint64_t m_lastKey = 0; // the last hit's packed first 8 bytes
    std::vector<std::string_view> m_names;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_blockUsed = 0, m_blockSize = 0;
};

// Names first seen in a batch of rows, in the order of their local ids.
struct NewNames {
    std::vector<std::string> subscribers, models, tiers;
};

inline constexpr std::uint32_t kNoTierId = 0xFFFFFFFF;

struct AggregateTotals {
    std::uint64_t rows = 0;
    std::uint64_t requests = 0;
    std::uint64_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
    std::int64_t firstUs = 0, lastUs = 0;
    bool anyTime = false;
    std::uint64_t gapsCounted = 0;
    std::uint64_t dailyRows = 0;
};

class Aggregator {
public:
    // `memoryBudgetBytes` bounds the rows held in memory; `expectedRows` (0 if unknown) sizes
    // the spill partitions.
    Aggregator(std::size_t memoryBudgetBytes, std::uint64_t expectedRows);
    ~Aggregator();
    Aggregator(const Aggregator&) = delete;
    Aggregator& operator=(const Aggregator&) = delete;

    using Request = InternedRow;

    void add(const UsageRow& row) { addPrepared(prepare(row)); }

    // For parsing threads: each interns into its own dictionaries (LocalInterner) and sends
    // rows with local ids plus the names it saw first; the aggregating thread maps them to
    // global ids (Remap) and adds the rows with their tier.
    class LocalInterner {
    public:
        // The row with local subscriber and model ids, and its local tier id (kNoTierId for
        // none); names seen for the first time are appended to `fresh`.
        Request intern(const UsageRow& row, std::uint32_t& tier, NewNames& fresh);

    private:
        Dictionary m_subscribers, m_models, m_tiers;
    };
    class Remap {
    public:
        // Interns the names of a batch into `agg`'s dictionaries.
        void extend(const NewNames& fresh, Aggregator& agg);
        // A batch row to global ids.
        void apply(Request& r, std::uint32_t& tier) const;

    private:
        std::vector<std::uint32_t> m_subscribers, m_models, m_tiers;
    };
    // Adds a row in global ids; `tier` is the tier id of this row (kNoTierId for none).
    void addWithTier(const Request& r, std::uint32_t tier);
    // The two halves of add(), for an import that parses on another thread: prepare() interns
    // (dictionaries, subscribers' tiers) and may run on the parsing thread while
    // addPrepared() (buffer, spill, totals) runs on the calling one; each half on one thread.
    Request prepare(const UsageRow& row);
    void addPrepared(const Request& r);
    // Sorts and reduces everything added; sends daily rows to `sink` in subscriber order
    // within each partition. Throws Cancelled when `cancel` is set.
    void finish(DailySink& sink, const CancelToken* cancel);

    const Dictionary& subscribers() const { return m_subscribers; }
    const Dictionary& models() const { return m_models; }
    const Dictionary& tiers() const { return m_tiers; }
    // Tier index per subscriber (UINT32_MAX: none).
    const std::vector<std::uint32_t>& subscriberTier() const { return m_subscriberTier; }
    const AggregateTotals& totals() const { return m_totals; }
    // Rows naming another tier than their subscriber's first row (the first is kept).
    std::uint64_t tierConflicts() const { return m_tierConflicts; }
    const GapHistogram& gaps() const { return m_gaps; }
    const std::array<std::uint64_t, 168>& hourOfWeek() const { return m_hours; }
    bool spilled() const { return !m_partitions.empty(); }

private:
    // What reducing one partition produces; partitions reduce independently.
    struct Reduced {
        std::vector<DailyRow> daily;
        GapHistogram gaps;
        std::uint64_t gapsCounted = 0;
    };
    void spill();
    void noteTier(std::uint32_t subscriber, std::uint32_t tier);
    void readPartition(std::FILE* f, std::vector<Request>& rows) const;
    Reduced reduce(std::vector<Request>& rows) const;
    void deliver(const Reduced& r, DailySink& sink);

    std::size_t m_budgetRows;
    std::uint64_t m_expectedRows;
    std::vector<Request> m_buffer;
    std::vector<std::FILE*> m_partitions;
    Dictionary m_subscribers, m_models, m_tiers;
    std::vector<std::uint32_t> m_subscriberTier;
    AggregateTotals m_totals;
    std::uint64_t m_tierConflicts = 0;
    GapHistogram m_gaps;
    std::array<std::uint64_t, 168> m_hours{};
};

} // namespace tierlab::core
