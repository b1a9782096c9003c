// SPDX-License-Identifier: MIT
#include "importer.h"

#include "aggregator.h"
#include "bytesource.h"
#include "csvpipeline.h"
#include "csvreader.h"
#include "formatchoice.h"
#include "formats.h"
#include "linereader.h"
#include "mooncake.h"
#include "rowmapper.h"
#include "store/datasetstore.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace tierlab::core {

namespace {

constexpr std::uint64_t kProgressEvery = 1 << 20; // bytes
constexpr std::uint64_t kCancelEvery = 1 << 14;   // rows

// TIERLAB_IMPORT_TIMING=1 prints the wall time of each phase to stderr (for benchmarks).
struct PhaseTimer {
    bool on = std::getenv("TIERLAB_IMPORT_TIMING") != nullptr;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    void mark(const char* phase) {
        const auto now = std::chrono::steady_clock::now();
        if (on)
            std::fprintf(stderr, "import timing: %-10s %7.3f s\n", phase,
                         std::chrono::duration<double>(now - last).count());
        last = now;
    }
};

// A bad row ends a strict import with this.
struct StrictStop : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Counts bad rows and keeps the first examples as "file:line: reason".
struct Skips {
    const ImportOptions& options;
    std::uint64_t count = 0;
    std::vector<std::string> examples;

    void add(std::uint64_t line, const std::string& reason) {
        const std::string where = options.path + ":" + std::to_string(line) + ": " + reason;
        if (options.strict)
            throw StrictStop(where);
        ++count;
        if (examples.size() < options.maxExamples)
            examples.push_back(where);
    }
};

struct Progress {
    const ProgressFn& fn;
    const CancelToken* cancel;
    std::uint64_t total;
    std::uint64_t lastReported = 0;
    std::uint64_t rows = 0;

    void row(std::uint64_t done) { batch(1, done); }
    void batch(std::uint64_t count, std::uint64_t done) {
        const std::uint64_t before = rows;
        rows += count;
        if (before / kCancelEvery != rows / kCancelEvery && cancel && cancel->cancelled())
            throw Cancelled();
        if (fn && done - lastReported >= kProgressEvery) {
            lastReported = done;
            fn(done, total);
        }
    }
};

// A quoted field spans the point where the file was split: read it again on one thread.
struct SplitFailed : std::runtime_error {
    SplitFailed() : std::runtime_error("split inside a quoted field") {}
};

// Where a plain file may be split in two for parsing: just after the first newline past its
// middle; 0 when it may not (compressed, small, or no newline near the middle).
std::uint64_t splitPoint(const std::string& path, std::uint64_t headerEnd, std::uint64_t size,
                         std::uint64_t minBytes) {
    if (size < minBytes || size <= headerEnd + 1)
        return 0;
    auto probe = ByteSource::openRange(path, headerEnd + (size - headerEnd) / 2, size);
    std::string chunk(1 << 20, '\0');
    const std::size_t n = probe->read(chunk.data(), chunk.size());
    const auto newline = chunk.find('\n');
    if (newline == std::string::npos || newline >= n)
        return 0;
    return headerEnd + (size - headerEnd) / 2 + newline + 1;
}

// Adds a batch's rows in global ids; bad rows go to `bad` as (line, reason).
void consume(RowBatch& batch, Aggregator::Remap& remap, Aggregator& agg,
             std::vector<std::pair<std::uint64_t, std::string>>* bad, Skips& skips) {
    remap.extend(batch.fresh, agg);
    for (std::size_t k = 0; k < batch.lines.size(); ++k) {
        if (bad)
            bad->emplace_back(batch.lines[k], std::move(batch.reasons[k]));
        else
            skips.add(batch.lines[k], batch.reasons[k]);
    }
    for (std::size_t i = 0; i < batch.rows.size(); ++i) {
        std::uint32_t tier = batch.tiers[i];
        remap.apply(batch.rows[i], tier);
        agg.addWithTier(batch.rows[i], tier);
    }
}

// Both halves of the file parsed at once, each on its own thread; their batches are added
// alternately (A1, B1, A2, B2, ...), so the result does not depend on timing. Bad rows of the
// second half are numbered once the first half's line count is known.
void readSplit(const ImportOptions& o, const RowMapper& mapper, std::uint64_t headerEnd,
               std::uint64_t split, std::uint64_t firstLine, Aggregator& agg, Skips& skips,
               Progress& progress) {
    const std::uint64_t size = std::filesystem::file_size(o.path);
    auto sourceA = ByteSource::openRange(o.path, headerEnd, split);
    auto sourceB = ByteSource::openRange(o.path, split, size);
    CsvReader readerA(*sourceA, ',', firstLine), readerB(*sourceB, ',', 1);
    CsvPipeline a(readerA, mapper, nullptr, [&s = *sourceA] { return s.position(); });
    CsvPipeline b(readerB, mapper, nullptr, [&s = *sourceB] { return s.position(); });
    Aggregator::Remap remapA, remapB;
    std::vector<std::pair<std::uint64_t, std::string>> badB;
    RowBatch batch;
    bool moreA = true, moreB = true, quoteAtSplit = false;
    std::uint64_t doneA = 0, doneB = 0;
    while (moreA || moreB) {
        if (moreA && (moreA = a.next(batch))) {
            quoteAtSplit = quoteAtSplit || batch.endedInQuote;
            doneA = batch.bytesRead;
            consume(batch, remapA, agg, nullptr, skips);
            progress.batch(batch.rows.size() + batch.lines.size(), headerEnd + doneA + doneB);
        }
        if (moreB && (moreB = b.next(batch))) {
            doneB = batch.bytesRead;
            consume(batch, remapB, agg, &badB, skips);
            progress.batch(batch.rows.size() + batch.lines.size(), headerEnd + doneA + doneB);
        }
    }
    if (quoteAtSplit)
        throw SplitFailed();
    const std::uint64_t offset = readerA.nextLine() - 1;
    for (const auto& [line, reason] : badB)
        skips.add(line + offset, reason);
}

// Returns the number of threads that parsed the file.
int readCsv(ByteSource& source, const ImportOptions& o, const std::string& head, bool split,
            Aggregator& agg, Skips& skips, Progress& progress, std::string& formatId,
            std::vector<std::string>& assumptions) {
    CsvReader reader(source);
    CsvRecord record;
    if (!reader.next(record))
        throw std::invalid_argument(o.path + ": the file is empty");
    Format mapped;
    bool firstIsData = false;
    const Format& format = chooseCsvFormat(o, record, mapped, firstIsData);
    formatId = format.id;
    assumptions = format.assumptions;
    const std::vector<std::string> headerCopy(record.fields.begin(), record.fields.end());
    const std::vector<std::string_view> header(headerCopy.begin(), headerCopy.end());
    RowMapper mapper(format, header);
    const bool bom = head.rfind("\xEF\xBB\xBF", 0) == 0;
    const std::uint64_t headerEnd = reader.bytesConsumed() + (bom ? 3 : 0);
    const std::uint64_t at = split && !o.strict && !firstIsData && !source.compressed()
                                 ? splitPoint(o.path, headerEnd, source.size(), o.splitMinBytes)
                                 : 0;
    if (at > 0) {
        readSplit(o, mapper, headerEnd, at, reader.nextLine(), agg, skips, progress);
        return 2;
    }
    CsvPipeline pipeline(reader, mapper, firstIsData ? &record : nullptr,
                         [&source] { return source.position(); });
    Aggregator::Remap remap;
    RowBatch batch;
    while (pipeline.next(batch)) {
        consume(batch, remap, agg, nullptr, skips);
        progress.batch(batch.rows.size() + batch.lines.size(), batch.bytesRead);
    }
    return 1;
}

std::int64_t insertDataset(Database& db, const std::string& name, const std::string& path) {
    Statement s(db,
                "INSERT INTO datasets (name, source_file, format, imported_at, rows_read, "
                "rows_skipped, requests, input_tokens, output_tokens, cache_read_tokens, "
                "cache_write_tokens, subscribers, models, daily_rows, relative_time, assumptions, "
                "skipped_examples) VALUES (?, ?, '', ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', '')");
    s.bind(1, name).bind(2, path).bind(3, utcNow()).run();
    return db.lastInsertId();
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += (out.empty() ? "" : "\n") + l;
    return out;
}

void updateDataset(Database& db, std::int64_t id, const std::string& format, const Aggregator& agg,
                   const Skips& skips, bool relative, const std::vector<std::string>& assumptions,
                   bool history) {
    const AggregateTotals& t = agg.totals();
    Statement s(db, "UPDATE datasets SET format = ?, rows_read = ?, rows_skipped = ?, "
                    "requests = ?, input_tokens = ?, output_tokens = ?, cache_read_tokens = ?, "
                    "cache_write_tokens = ?, subscribers = ?, models = ?, first_us = ?, "
                    "last_us = ?, relative_time = ?, assumptions = ?, skipped_examples = ?, "
                    "daily_rows = ?, has_history = ? WHERE id = ?");
    s.bind(1, format).bind(2, std::int64_t(t.rows + skips.count));
    s.bind(3, std::int64_t(skips.count)).bind(4, std::int64_t(t.requests));
    s.bind(5, std::int64_t(t.input)).bind(6, std::int64_t(t.output));
    s.bind(7, std::int64_t(t.cacheRead)).bind(8, std::int64_t(t.cacheWrite));
    s.bind(9, std::int64_t(agg.subscribers().size())).bind(10, std::int64_t(agg.models().size()));
    if (t.anyTime)
        s.bind(11, t.firstUs).bind(12, t.lastUs);
    else
        s.bindNull(11).bindNull(12);
    s.bind(13, std::int64_t(relative ? 1 : 0)).bind(14, joinLines(assumptions));
    s.bind(15, joinLines(skips.examples)).bind(16, std::int64_t(t.dailyRows));
    s.bind(17, std::int64_t(history ? 1 : 0)).bind(18, id).run();
}

} // namespace

std::string defaultDatasetName(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    for (const char* ext : {".gz", ".csv", ".jsonl", ".ndjson", ".json", ".tsv", ".txt"})
        if (name.size() > std::string_view(ext).size() && name.ends_with(ext))
            name.resize(name.size() - std::string_view(ext).size());
    return name;
}

ImportResult importUsage(Workspace& ws, const ImportOptions& o, const ProgressFn& progressFn,
                         const CancelToken* cancel) {
    ImportResult result;
    const std::string name = o.name.empty() ? defaultDatasetName(o.path) : o.name;
    PhaseTimer timer;
    try {
        auto file = ByteSource::open(o.path);
        const std::string head = readHead(*file);
        auto source = std::make_unique<ReplaySource>(*file, head);
        if (ws.dataset(name)) {
            result.error = "a data set named '" + name + "' is already in " + ws.path() +
                           "; choose another with --name";
            return result;
        }
        const std::uint64_t size = source->size() * (source->compressed() ? 5 : 1);
        auto aggregator = std::make_unique<Aggregator>(o.memoryBudgetBytes, size / 48);
        Skips skips{o, 0, {}};
        Progress progress{progressFn, cancel, source->size()};
        Transaction transaction(ws.db());
        const std::int64_t id = insertDataset(ws.db(), name, o.path);
        std::string format;
        std::vector<std::string> assumptions;
        if (isJsonLines(head, o)) {
            format = "mooncake";
            assumptions = findFormat("mooncake")->assumptions;
            readMooncake(
                *source, *aggregator,
                [&](std::uint64_t line, const std::string& why) { skips.add(line, why); },
                [&] { progress.row(source->position()); });
        } else {
            try {
                result.parsingThreads = readCsv(*source, o, head, true, *aggregator, skips,
                                                progress, format, assumptions);
            } catch (const SplitFailed&) {
                // Start over on one thread, from a fresh aggregator and the file's start.
                aggregator = std::make_unique<Aggregator>(o.memoryBudgetBytes, size / 48);
                skips.count = 0;
                skips.examples.clear();
                progress.rows = 0;
                auto again = ByteSource::open(o.path);
                result.parsingThreads = readCsv(*again, o, head, false, *aggregator, skips,
                                                progress, format, assumptions);
            }
        }
        Aggregator& agg = *aggregator; // the one that read the file
        if (agg.tierConflicts() > 0)
            assumptions.push_back(std::to_string(agg.tierConflicts()) +
                                  " rows name another tier than their subscriber's first row; "
                                  "the first tier is kept");
        if (agg.totals().rows == 0)
            throw std::invalid_argument(
                o.path + ": no usable rows (" + std::to_string(skips.count) + " skipped)" +
                (skips.examples.empty() ? "" : "; first: " + skips.examples.front()));
        timer.mark("read");
        DatasetWriter writer(ws.db(), id, o.keepHistory);
        agg.finish(writer, cancel);
        writer.finish(agg);
        timer.mark("reduce");
        const Format* f = findFormat(format);
        const bool relative = f && (f->timeKind == TimeKind::RelativeSeconds ||
                                    f->timeKind == TimeKind::RelativeMillis);
        updateDataset(ws.db(), id, format, agg, skips, relative, assumptions,
                      writer.hasHistory());
        if (cancel && cancel->cancelled())
            throw Cancelled();
        transaction.commit();
        timer.mark("commit");
        if (progressFn)
            progressFn(source->size(), source->size());
        result.summary = *ws.dataset(name);
        result.ok = true;
    } catch (const Cancelled&) {
        result.cancelled = true;
        result.error = "import cancelled; the workspace is unchanged";
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

} // namespace tierlab::core
