// SPDX-License-Identifier: MIT
#include "preview.h"

#include "aggregator.h"
#include "bytesource.h"
#include "csvreader.h"
#include "formatchoice.h"
#include "formats.h"
#include "linereader.h"
#include "mooncake.h"
#include "rowmapper.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace tierlab::core {

namespace {

bool isRelative(const Format* f) {
    return f &&
           (f->timeKind == TimeKind::RelativeSeconds || f->timeKind == TimeKind::RelativeMillis);
}

std::string where(const ImportOptions& o, std::uint64_t line, const std::string& reason) {
    return o.path + ":" + std::to_string(line) + ": " + reason;
}

PreviewRow badRow(std::uint64_t line, std::string error) {
    PreviewRow p;
    p.line = line;
    p.error = std::move(error);
    return p;
}

PreviewRow fromUsageRow(const UsageRow& r, std::uint64_t line) {
    PreviewRow p;
    p.line = line;
    p.ok = true;
    p.hasTime = r.hasTime;
    p.timeUs = r.timeUs;
    p.user = std::string(r.user);
    p.tier = std::string(r.tier);
    p.model = std::string(r.model);
    p.channel = r.channel;
    p.requests = r.requests;
    p.input = r.input;
    p.output = r.output;
    p.cacheRead = r.cacheRead;
    p.cacheWrite = r.cacheWrite;
    return p;
}

void previewCsv(ByteSource& source, const ImportOptions& o, std::size_t maxRows, UsagePreview& p) {
    CsvReader reader(source);
    CsvRecord record;
    if (!reader.next(record))
        throw std::invalid_argument(o.path + ": the file is empty");
    const Format* detected = detectCsvFormat(record);
    if (p.detectedFormat.empty() && detected)
        p.detectedFormat = detected->id;
    if (!(detected && detected->headerless))
        p.header.assign(record.fields.begin(), record.fields.end());
    Format mapped;
    bool firstIsData = false;
    const Format& format = chooseCsvFormat(o, record, mapped, firstIsData);
    p.formatId = format.id;
    p.assumptions = format.assumptions;
    p.relativeTime = isRelative(findFormat(format.id));
    const std::vector<std::string> headerCopy(record.fields.begin(), record.fields.end());
    const std::vector<std::string_view> header(headerCopy.begin(), headerCopy.end());
    const RowMapper mapper(format, header);
    p.ok = true;
    UsageRow row;
    std::string error;
    const auto handle = [&](const CsvRecord& r) {
        if (!r.error.empty()) {
            p.rows.push_back(badRow(r.line, where(o, r.line, r.error)));
        } else if (mapper.map(r, row, error)) {
            p.rows.push_back(fromUsageRow(row, r.line));
        } else {
            p.rows.push_back(badRow(r.line, where(o, r.line, error)));
        }
    };
    if (firstIsData)
        handle(record);
    while (p.rows.size() < maxRows && reader.next(record))
        handle(record);
}

// Bytes held in memory, as a source for the Mooncake reader.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string text) : m_text(std::move(text)) { m_size = m_text.size(); }
    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min(size, m_text.size() - m_offset);
        std::memcpy(buffer, m_text.data() + m_offset, n);
        m_offset += n;
        return n;
    }
    std::uint64_t position() const override { return m_offset; }

private:
    std::string m_text;
    std::size_t m_offset = 0;
};

struct JsonLine {
    std::uint64_t line;
    std::string text;
};

// Runs the import's Mooncake reader over `text`; after each non-blank line, `line(index,
// totals-so-far, skip reason)` is called.
template <typename OnLine> void readLines(const std::string& text, OnLine&& line) {
    MemorySource source(text);
    Aggregator agg(0, 1);
    std::size_t index = 0;
    std::string reason;
    readMooncake(
        source, agg, [&](std::uint64_t, const std::string& why) { reason = why; },
        [&] {
            line(index++, agg.totals(), reason);
            reason.clear();
        });
}

// Mooncake rows: tokens are the aggregate's growth over each line read in order (cache reads
// depend on earlier lines); the time is that of the line read alone.
void previewJsonLines(ByteSource& source, const ImportOptions& o, std::size_t maxRows,
                      UsagePreview& p) {
    const Format* format = findFormat("mooncake");
    p.jsonLines = true;
    p.formatId = format->id;
    p.assumptions = format->assumptions;
    p.relativeTime = isRelative(format);
    LineReader lines(source);
    std::vector<JsonLine> kept;
    std::string joined;
    std::string_view text;
    while (kept.size() < maxRows && lines.next(text)) {
        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue; // skipped by the reader without a tick
        kept.push_back({lines.lineNumber(), std::string(text)});
        joined += std::string(text) + "\n";
    }
    AggregateTotals before;
    readLines(joined, [&](std::size_t i, const AggregateTotals& t, const std::string& why) {
        PreviewRow r;
        r.line = kept[i].line;
        r.ok = why.empty();
        if (!r.ok) {
            r.error = where(o, r.line, why);
        } else {
            r.user = r.model = "(trace)";
            r.requests = t.requests - before.requests;
            r.input = t.input - before.input;
            r.output = t.output - before.output;
            r.cacheRead = t.cacheRead - before.cacheRead;
            readLines(kept[i].text + "\n",
                      [&](std::size_t, const AggregateTotals& alone, const std::string&) {
                          r.hasTime = alone.anyTime;
                          r.timeUs = alone.firstUs;
                      });
        }
        before = t;
        p.rows.push_back(std::move(r));
    });
    p.ok = true;
}

} // namespace

UsagePreview previewUsage(const ImportOptions& options, std::size_t maxRows) {
    UsagePreview p;
    try {
        auto file = ByteSource::open(options.path);
        p.compressed = file->compressed();
        const std::string head = readHead(*file);
        ReplaySource source(*file, head);
        ImportOptions detectOnly;
        detectOnly.path = options.path;
        if (isJsonLines(head, detectOnly))
            p.detectedFormat = "mooncake";
        if (isJsonLines(head, options))
            previewJsonLines(source, options, maxRows, p);
        else
            previewCsv(source, options, maxRows, p);
    } catch (const std::exception& e) {
        p.ok = false;
        p.error = e.what();
    }
    return p;
}

} // namespace tierlab::core
