// SPDX-License-Identifier: MIT
// NVIDIA AIConfigurator's measured silicon data (silicon_sample.csv, silicon_refs.csv): one
// serving run per row with its TTFT and TPOT in ms at a concurrency and a parallelism.
// Throughput is not a column; it follows from the run being closed-loop at that concurrency
// (docs/curves.md): output tok/s = concurrency x osl / (TTFT + (osl - 1) x TPOT).
#include "curveformats.h"
#include "usage/bytesource.h"
#include "usage/csvreader.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <map>

namespace tierlab::core::curves {

namespace {

class TextSource final : public ByteSource {
public:
    explicit TextSource(std::string_view text) : m_text(text) { m_size = text.size(); }
    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min(size, m_text.size() - m_at);
        std::memcpy(buffer, m_text.data() + m_at, n);
        m_at += n;
        return n;
    }
    std::uint64_t position() const override { return m_at; }

private:
    std::string_view m_text;
    std::size_t m_at = 0;
};

// One record with its header, for lookups by column name.
struct Row {
    const std::map<std::string, std::size_t, std::less<>>& columns;
    const CsvRecord& record;
    const std::string& file;

    std::string where() const { return fmt::format("{}:{}", file, record.line); }
    std::string_view text(std::string_view column) const {
        const auto it = columns.find(column);
        return it == columns.end() ? std::string_view() : record.fields[it->second];
    }
    std::optional<double> number(std::string_view column) const {
        const std::string_view s = text(column);
        if (s.empty())
            return std::nullopt;
        double v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size())
            throw CurveImportError(fmt::format("{}: column {}: not a number: \"{}\"", where(),
                                               column, s));
        return v;
    }
    double required(std::string_view column) const {
        const auto v = number(column);
        if (!v || !(*v > 0))
            throw CurveImportError(fmt::format("{}: column {}: a number > 0 is required, got \"{}\"",
                                               where(), column, text(column)));
        return *v;
    }
    // A size column that may be empty (1): tp, pp, attention DP.
    int size(std::string_view column) const { return int(number(column).value_or(1)); }
};

// "...; measured=2026-04-17T00:00:00.000Z; ..." -> "2026-04-17"; "" when not stated.
std::string measuredDate(std::string_view source) {
    const auto at = source.find("measured=");
    return at == std::string_view::npos ? std::string() : std::string(source.substr(at + 9, 10));
}

std::optional<int> statedConcurrency(std::string_view source) {
    const auto at = source.find("silicon_concurrency=");
    if (at == std::string_view::npos)
        return std::nullopt;
    int v = 0;
    const char* begin = source.data() + at + 20;
    if (std::from_chars(begin, source.data() + source.size(), v).ec != std::errc())
        return std::nullopt;
    return v;
}

Curve identityOf(const Row& row) {
    Curve c;
    c.model = std::string(row.text("model_path"));
    c.hardware = std::string(row.text("system"));
    c.engine = std::string(row.text("backend"));
    c.precision = std::string(row.text("precision"));
    if (c.precision.empty())
        c.precision = std::string(row.text("gemm_quant_mode"));
    c.config = row.text("mode") == "disagg" ? "disaggregated" : "";
    if (c.model.empty() || c.hardware.empty())
        throw CurveImportError(row.where() + ": model_path and system are required");
    return c;
}

// Why a row is left out: a disaggregated run whose GPU count or concurrency is not stated.
enum class Skip { None, NoWorkers, NoConcurrency };

// Fills GPUs, parallelism and concurrency.
Skip readTopology(const Row& row, CurvePoint& pt) {
    if (row.text("mode") != "disagg") {
        pt.gpus = row.size("tp_size") * row.size("pp_size") * row.size("attention_dp_size");
        pt.concurrency = int(row.required("batch_size"));
        pt.parallelism = fmt::format("TP{}", row.size("tp_size"));
        if (row.size("pp_size") > 1)
            pt.parallelism += fmt::format(" PP{}", row.size("pp_size"));
        if (row.size("attention_dp_size") > 1)
            pt.parallelism += fmt::format(" DP-attn{}", row.size("attention_dp_size"));
        if (row.size("moe_ep_size") > 1)
            pt.parallelism += fmt::format(" EP{}", row.size("moe_ep_size"));
        return Skip::None;
    }
    if (row.text("prefill_num_workers").empty() || row.text("decode_num_workers").empty())
        return Skip::NoWorkers;
    auto pool = [&](const char* prefix) {
        const std::string p = prefix;
        return row.size(p + "num_workers") *
               (row.size(p + "tp_size") * row.size(p + "pp_size") * row.size(p + "attention_dp_size"));
    };
    pt.gpus = pool("prefill_") + pool("decode_");
    pt.concurrency = statedConcurrency(row.text("silicon_data_source"));
    pt.parallelism = fmt::format("prefill {}x TP{} + decode {}x TP{}", row.size("prefill_num_workers"),
                                 row.size("prefill_tp_size"), row.size("decode_num_workers"),
                                 row.size("decode_tp_size"));
    return pt.concurrency ? Skip::None : Skip::NoConcurrency;
}

std::optional<CurvePoint> readRow(const Row& row, Skip& skip) {
    CurvePoint pt;
    if ((skip = readTopology(row, pt)) != Skip::None)
        return std::nullopt;
    const double ttftMs = row.required("silicon_ttft_ms"), tpotMs = row.required("silicon_tpot_ms");
    pt.inputTokens = row.required("isl");
    pt.outputTokens = row.required("osl");
    pt.tokensPerSPerUser = 1000.0 / tpotMs;
    pt.ttftMedianS = ttftMs / 1000.0;
    const double requestS = (ttftMs + (pt.outputTokens - 1) * tpotMs) / 1000.0;
    pt.outputTokensPerSPerGpu = *pt.concurrency * pt.outputTokens / requestS / pt.gpus;
    pt.totalTokensPerSPerGpu =
        *pt.outputTokensPerSPerGpu * (pt.inputTokens + pt.outputTokens) / pt.outputTokens;
    pt.precision = identityOf(row).precision;
    pt.source = {row.file, fmt::format("line {}", row.record.line),
                 measuredDate(row.text("silicon_data_source"))};
    return pt;
}

} // namespace

std::vector<Curve> readAiConfiguratorSilicon(std::string_view text, const std::string& file,
                                             std::vector<std::string>& notes) {
    TextSource source(text);
    CsvReader reader(source);
    CsvRecord record;
    if (!reader.next(record))
        throw CurveImportError(file + ": empty file");
    std::map<std::string, std::size_t, std::less<>> columns;
    const std::size_t headerFields = record.fields.size();
    for (std::size_t i = 0; i < record.fields.size(); ++i)
        columns.emplace(std::string(record.fields[i]), i);
    for (const char* needed : {"model_path", "system", "backend", "mode", "isl", "osl",
                               "silicon_ttft_ms", "silicon_tpot_ms"})
        if (!columns.contains(needed))
            throw CurveImportError(fmt::format("{}:{}: no column {}", file, record.line, needed));
    std::vector<Curve> curves;
    int noWorkers = 0, noConcurrency = 0;
    while (reader.next(record)) {
        if (!record.error.empty())
            throw CurveImportError(fmt::format("{}:{}: {}", file, record.line, record.error));
        if (record.fields.size() != headerFields)
            throw CurveImportError(fmt::format("{}:{}: {} fields, the header has {}", file,
                                               record.line, record.fields.size(), headerFields));
        const Row row{columns, record, file};
        Skip skip = Skip::None;
        if (auto pt = readRow(row, skip))
            addPoint(curves, identityOf(row), std::move(*pt));
        (skip == Skip::NoWorkers ? noWorkers : noConcurrency) += skip != Skip::None;
    }
    if (noWorkers > 0)
        notes.push_back(fmt::format("{} disaggregated rows left out: no prefill_num_workers or "
                                    "decode_num_workers, so the GPU count is unknown",
                                    noWorkers));
    if (noConcurrency > 0)
        notes.push_back(fmt::format("{} disaggregated rows left out: no silicon_concurrency in "
                                    "silicon_data_source, so the concurrency is unknown",
                                    noConcurrency));
    return curves;
}

} // namespace tierlab::core::curves
