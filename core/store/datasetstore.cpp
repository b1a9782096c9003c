// SPDX-License-Identifier: MIT
#include "datasetstore.h"

#include "model/samplebucket.h"
#include "scenario/fieldreader.h"
#include "usage/formats.h"
#include "usage/timestamp.h"
#include "varint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace tierlab::core {

namespace {

constexpr std::uint32_t kRowsPerChunk = 65536;
constexpr std::uint32_t kNoTier = std::numeric_limits<std::uint32_t>::max();

void insertChunk(Database& db, std::int64_t id, std::string_view kind, std::int64_t chunk,
                 const std::vector<std::uint8_t>& bytes) {
    Statement s(db, "INSERT INTO dataset_chunks (dataset_id, kind, chunk, data) VALUES (?,?,?,?)");
    s.bind(1, id).bind(2, kind).bind(3, chunk).bindBlob(4, bytes).run();
}

template <typename Each>
void forEachChunk(Database& db, std::int64_t id, std::string_view kind, Each each) {
    Statement s(db, "SELECT data FROM dataset_chunks WHERE dataset_id = ? AND kind = ? "
                    "ORDER BY chunk");
    s.bind(1, id).bind(2, kind);
    while (s.step())
        each(s.columnBlob(0));
}

} // namespace

DatasetWriter::DatasetWriter(Database& db, std::int64_t datasetId, bool keepHistory)
    : m_db(db), m_datasetId(datasetId),
      m_insert(db, "INSERT INTO dataset_chunks (dataset_id, kind, chunk, data) "
                   "VALUES (?, 'daily', ?, ?)"),
      m_historyKept(keepHistory) {
    m_bytes.reserve(1 << 20);
}

// Rows are delta-encoded against the previous row of the chunk: subscribers and days change
// little from row to row in their sorted order.
void DatasetWriter::add(const DailyRow& row) {
    const bool first = m_rows == 0;
    varint::put(m_bytes, varint::zigzag(std::int64_t(row.subscriber) - (first ? 0 : m_previous.subscriber)));
    varint::put(m_bytes, varint::zigzag(std::int64_t(row.day) - (first ? 0 : m_previous.day)));
    varint::put(m_bytes, row.model);
    varint::put(m_bytes, row.channel);
    varint::put(m_bytes, row.requests);
    varint::put(m_bytes, row.input);
    varint::put(m_bytes, row.output);
    varint::put(m_bytes, row.cacheRead);
    varint::put(m_bytes, row.cacheWrite);
    m_previous = row;
    if (++m_rows == kRowsPerChunk)
        flush();
}

void DatasetWriter::flush() {
    if (m_rows == 0)
        return;
    std::vector<std::uint8_t> chunk;
    chunk.reserve(m_bytes.size() + 5);
    varint::put(chunk, m_rows);
    chunk.insert(chunk.end(), m_bytes.begin(), m_bytes.end());
    m_insert.bind(1, m_datasetId).bind(2, m_chunk++).bindBlob(3, chunk).run();
    m_bytes.clear();
    m_rows = 0;
}

// Each partition is encoded on its own (its last chunk may hold fewer than 65,536 requests)
// so that the two reducing threads encode in parallel.
SortedBlobs DatasetWriter::encodeSorted(std::span<const InternedRow> rows) const {
    SortedBlobs out;
    if (!m_historyKept)
        return out;
    constexpr std::uint64_t kMaxTokens = std::numeric_limits<std::uint32_t>::max();
    HistoryEncoder encoder;
    for (const InternedRow& r : rows) {
        if ((r.flags & 3) != 3 || r.requests != 1 || r.input > kMaxTokens ||
            r.output > kMaxTokens || r.cacheRead > kMaxTokens || r.cacheWrite > kMaxTokens)
            return {false, 0, {}};
        HistoryRecord h;
        h.subscriber = r.subscriber;
        h.timeMs = floorDiv(r.timeUs, 1000);
        h.model = r.model;
        h.channel = r.channel;
        h.input = static_cast<std::uint32_t>(r.input);
        h.output = static_cast<std::uint32_t>(r.output);
        h.cacheRead = static_cast<std::uint32_t>(r.cacheRead);
        h.cacheWrite = static_cast<std::uint32_t>(r.cacheWrite);
        encoder.add(h);
        ++out.items;
        if (encoder.full())
            out.blobs.push_back(encoder.take());
    }
    if (!encoder.empty())
        out.blobs.push_back(encoder.take());
    return out;
}

void DatasetWriter::addEncoded(SortedBlobs&& blobs) {
    if (!m_historyKept)
        return;
    if (!blobs.kept) {
        dropHistory();
        return;
    }
    for (const std::vector<std::uint8_t>& chunk : blobs.blobs)
        insertChunk(m_db, m_datasetId, "history", m_historyChunk++, chunk);
    m_historyRequests += blobs.items;
}

// A row that is not one request at a time: the data set has no history.
void DatasetWriter::dropHistory() {
    m_historyKept = false;
    Statement s(m_db, "DELETE FROM dataset_chunks WHERE dataset_id = ? AND kind = 'history'");
    s.bind(1, m_datasetId).run();
}

void DatasetWriter::finish(const Aggregator& a) {
    flush();
    std::vector<std::uint8_t> names;
    const auto putList = [&](const Dictionary& d) {
        varint::put(names, d.size());
        for (std::string_view n : d.names())
            varint::putText(names, n);
    };
    putList(a.subscribers());
    for (std::uint32_t t : a.subscriberTier())
        varint::put(names, t == kNoTier ? 0 : std::uint64_t(t) + 1);
    putList(a.models());
    putList(a.tiers());
    insertChunk(m_db, m_datasetId, "names", 0, names);
    Json gaps = {{"lower_edges_s", Json::array()}, {"counts", Json::array()}};
    for (int b = 0; b < GapHistogram::kBins; ++b) {
        gaps["lower_edges_s"].push_back(GapHistogram::lowerEdge(b));
        gaps["counts"].push_back(a.gaps().counts[static_cast<std::size_t>(b)]);
    }
    const std::string gapText = gaps.dump();
    insertChunk(m_db, m_datasetId, "gaps", 0, {gapText.begin(), gapText.end()});
    const std::string hours = Json(a.hourOfWeek()).dump();
    insertChunk(m_db, m_datasetId, "hours", 0, {hours.begin(), hours.end()});
}

DatasetNames readDatasetNames(Database& db, std::int64_t datasetId) {
    DatasetNames out;
    forEachChunk(db, datasetId, "names", [&](std::span<const std::uint8_t> bytes) {
        varint::Reader r(bytes);
        const auto list = [&](std::vector<std::string>& v) {
            v.resize(static_cast<std::size_t>(r.next()));
            for (std::string& s : v)
                s = r.text();
        };
        list(out.subscribers);
        for (std::size_t i = 0; i < out.subscribers.size(); ++i)
            out.subscriberTier.push_back(static_cast<std::int64_t>(r.next()) - 1);
        list(out.models);
        list(out.tiers);
    });
    return out;
}

std::vector<DailyRow> readDailyRows(Database& db, std::int64_t datasetId) {
    std::vector<DailyRow> rows;
    forEachChunk(db, datasetId, "daily", [&](std::span<const std::uint8_t> bytes) {
        varint::Reader r(bytes);
        const auto n = r.next();
        DailyRow prev;
        for (std::uint64_t k = 0; k < n; ++k) {
            DailyRow d;
            d.subscriber =
                static_cast<std::uint32_t>(varint::unzigzag(r.next()) + (k ? prev.subscriber : 0));
            d.day = static_cast<std::int32_t>(varint::unzigzag(r.next()) + (k ? prev.day : 0));
            d.model = static_cast<std::uint16_t>(r.next());
            d.channel = static_cast<std::uint8_t>(r.next());
            d.requests = r.next();
            d.input = r.next();
            d.output = r.next();
            d.cacheRead = r.next();
            d.cacheWrite = r.next();
            rows.push_back(d);
            prev = d;
        }
    });
    return rows;
}

DatasetProfiles readDatasetProfiles(Database& db, std::int64_t datasetId) {
    DatasetProfiles p;
    forEachChunk(db, datasetId, "gaps", [&](std::span<const std::uint8_t> bytes) {
        const Json j = Json::parse(bytes.begin(), bytes.end());
        p.gapLowerEdgesS = j.at("lower_edges_s").get<std::vector<double>>();
        p.gapCounts = j.at("counts").get<std::vector<std::uint64_t>>();
    });
    forEachChunk(db, datasetId, "hours", [&](std::span<const std::uint8_t> bytes) {
        p.hourOfWeek = Json::parse(bytes.begin(), bytes.end()).get<std::vector<std::uint64_t>>();
    });
    return p;
}

namespace {

constexpr int kDrop = -1;
constexpr int kUnmapped = -2;

// Maps a data set's names to scenario indices: through the map first (null drops), then by
// equal id; kUnmapped otherwise.
template <typename T>
std::vector<int> mapNames(const std::vector<std::string>& names, const std::vector<T>& items,
                          const std::map<std::string, std::optional<std::string>>& map) {
    std::vector<int> out;
    for (const std::string& n : names) {
        const auto it = map.find(n);
        if (it != map.end())
            out.push_back(it->second ? indexOfId(items, *it->second) : kDrop);
        else
            out.push_back(indexOfId(items, n) >= 0 ? indexOfId(items, n) : kUnmapped);
    }
    return out;
}

std::string listUnmapped(const std::vector<std::string>& names, const std::vector<int>& mapped,
                         const std::set<std::size_t>& used) {
    std::string list;
    for (std::size_t i : used)
        if (mapped[i] == kUnmapped)
            list += (list.empty() ? "'" : ", '") + names[i] + "'";
    return list;
}

// Hours the data set covers: whole days for daily aggregates, else first to last request.
double spanHours(const DatasetSummary& d, const std::vector<DailyRow>& rows) {
    const Format* f = findFormat(d.format);
    const bool daily = f && !f->columns.empty() &&
                       std::any_of(f->columns.begin(), f->columns.end(),
                                   [](const ColumnRole& c) { return c.role == Role::Day; });
    if (daily && !rows.empty()) {
        const auto [lo, hi] =
            std::minmax_element(rows.begin(), rows.end(),
                                [](const DailyRow& a, const DailyRow& b) { return a.day < b.day; });
        return double(hi->day - lo->day + 1) * 24.0;
    }
    if (!d.firstUs || !d.lastUs)
        return 0;
    return double(*d.lastUs - *d.firstUs) / 3.6e9;
}

// Every request of the priced subscribers, in the scenario's model indices, into
// usage.history; requests of dropped models are left out. A subscriber's requests are one
// run in the stored order (the import writes them together), possibly over several chunks.
void loadHistory(Database& db, std::int64_t datasetId,
                 const std::vector<std::int64_t>& subscriberIndex, const std::vector<int>& modelOf,
                 UsageData& out) {
    RequestLog log;
    std::vector<HistoryRecord> records;
    std::vector<bool> seen(subscriberIndex.size(), false);
    std::uint32_t current = std::numeric_limits<std::uint32_t>::max();
    Subscriber* sub = nullptr;
    forEachChunk(db, datasetId, "history", [&](std::span<const std::uint8_t> bytes) {
        records.clear();
        decodeHistoryChunk(bytes, records);
        log.reserve(log.size() + records.size());
        for (const HistoryRecord& r : records) {
            if (r.subscriber != current) {
                if (r.subscriber >= subscriberIndex.size() || seen[r.subscriber])
                    throw DatabaseError("data set " + std::to_string(datasetId) +
                                        ": damaged request history (subscriber " +
                                        std::to_string(r.subscriber) + " out of place)");
                seen[r.subscriber] = true;
                current = r.subscriber;
                const std::int64_t at = subscriberIndex[r.subscriber];
                sub = at < 0 ? nullptr : &out.subscribers[static_cast<std::size_t>(at)];
                if (sub)
                    sub->firstRequest = log.size();
            }
            if (!sub || r.model >= modelOf.size() || modelOf[r.model] < 0)
                continue;
            log.push(r.timeMs, modelOf[r.model], r.channel, r.input, r.output, r.cacheRead,
                     r.cacheWrite);
            ++sub->requestCount;
        }
    });
    out.history = std::move(log);
}

} // namespace

UsageData loadDatasetUsage(Workspace& ws, const Scenario& s, Diagnostics& diagnostics) {
    UsageData out;
    const auto error = [&](std::string path, std::string message) {
        diagnostics.push_back({Diagnostic::Severity::Error, std::move(path), std::move(message)});
    };
    const auto summary = ws.dataset(s.usage.dataset);
    if (!summary) {
        std::string names;
        for (const DatasetSummary& d : ws.datasets())
            names += (names.empty() ? "" : ", ") + d.name;
        error("usage.dataset", "no data set '" + s.usage.dataset + "' in " + ws.path() +
                                   " (data sets: " + (names.empty() ? "none" : names) + ")");
        return out;
    }
    const DatasetNames names = readDatasetNames(ws.db(), summary->id);
    const std::vector<DailyRow> rows = readDailyRows(ws.db(), summary->id);
    std::vector<int> tierOf = mapNames(names.tiers, s.tiers, s.usage.tierMap);
    const std::vector<int> modelOf = mapNames(names.models, s.models, s.usage.modelMap);
    const int defaultTier =
        s.usage.defaultTier.empty() ? kUnmapped : indexOfId(s.tiers, s.usage.defaultTier);
    std::set<std::size_t> usedTiers, usedModels;
    bool tierless = false;
    for (std::size_t i = 0; i < names.subscribers.size(); ++i) {
        if (names.subscriberTier[i] < 0)
            tierless = true;
        else
            usedTiers.insert(static_cast<std::size_t>(names.subscriberTier[i]));
    }
    for (const DailyRow& r : rows)
        usedModels.insert(r.model);
    if (const auto list = listUnmapped(names.tiers, tierOf, usedTiers); !list.empty())
        error("usage.tier_map", "data set tiers " + list +
                                    " are not scenario tiers: map them "
                                    "(to a tier id, or null to leave them out)");
    if (tierless && defaultTier == kUnmapped)
        error("usage.default_tier", "the data set has subscribers without a tier: name the "
                                    "tier they are on");
    if (const auto list = listUnmapped(names.models, modelOf, usedModels); !list.empty())
        error("usage.model_map", "data set models " + list +
                                     " are not scenario models: map "
                                     "them (to a model id, or null to leave them out)");
    if (hasErrors(diagnostics))
        return out;
    const double hours = spanHours(*summary, rows);
    const double scale = s.usage.scaleToMonth && hours > 0 ? s.hoursPerMonth / hours : 1.0;
    // One subscriber entry per data-set subscriber; lines summed over days.
    std::vector<std::map<std::pair<int, int>, UsageLine>> lines(names.subscribers.size());
    for (const DailyRow& r : rows) {
        const int model = modelOf[r.model];
        if (model < 0)
            continue;
        UsageLine& l = lines[r.subscriber][{model, r.channel}];
        l.model = model;
        l.channel = static_cast<Channel>(r.channel);
        l.requests += double(r.requests) * scale;
        l.tokens += TokenCounts{double(r.input), double(r.output), double(r.cacheRead),
                                double(r.cacheWrite)}
                        .scaled(scale);
    }
    std::vector<std::int64_t> subscriberIndex(names.subscribers.size(), -1);
    const int rate = s.usage.sample ? s.usage.sample->ratePer10000 : 0;
    std::size_t population = 0;
    for (std::size_t i = 0; i < names.subscribers.size(); ++i) {
        const std::int64_t t = names.subscriberTier[i];
        const int tier = t < 0 ? defaultTier : tierOf[static_cast<std::size_t>(t)];
        if (tier < 0)
            continue;
        ++population;
        if (rate > 0 && !inSample(names.subscribers[i], rate))
            continue;
        Subscriber sub{tier, {}};
        if (rate > 0)
            sub.weight = double(kSampleBuckets) / rate;
        for (auto& [key, line] : lines[i])
            sub.lines.push_back(line);
        subscriberIndex[i] = static_cast<std::int64_t>(out.subscribers.size());
        out.subscribers.push_back(std::move(sub));
        out.names.push_back(names.subscribers[i]);
    }
    out.spanHours = hours;
    out.scale = scale;
    out.sampleRatePer10000 = rate;
    out.populationSubscribers = population;
    if (summary->hasHistory)
        loadHistory(ws.db(), summary->id, subscriberIndex, modelOf, out);
    const std::string sampled =
        rate > 0 ? fmt::format(" sampled at {:.4g} % of {}, each standing for {:.4g}",
                               rate / 100.0, population, double(kSampleBuckets) / rate)
                 : std::string();
    out.description = "data set '" + summary->name + "' (" +
                      std::to_string(out.subscribers.size()) + " subscribers" + sampled +
                      (scale != 1.0 ? fmt::format(", scaled x{:.4g} to a month", scale) : "") + ")";
    return out;
}

} // namespace tierlab::core
