// SPDX-License-Identifier: MIT
// Importing every documented usage format into a workspace (importUsage), with bad rows
// skipped and counted or, in strict mode, ending the import; files the importer must refuse;
// files as spreadsheets and large exports write them.
//
// Every expected total comes from tests/fixtures/usage/totals.py, which re-implements each
// format's documented rules with Python's csv, json and datetime modules, independently of
// TierLab: `python3 tests/fixtures/usage/totals.py` prints the numbers cited below.
#include "importutil.h"
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "usage/importer.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

using namespace tierlab::core;
using namespace tierlab::test::imports;

namespace {

// What totals.py prints for one file.
struct Totals {
    qint64 read = 0, skipped = 0, requests = 0;
    qint64 input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
    qint64 subscribers = 0, models = 0;
    qint64 firstUs = -1, lastUs = -1; // -1: no time column
};

// A data set's totals in totals.py's terms.
Totals totalsOf(const DatasetSummary& d) {
    return {d.rowsRead,     d.rowsSkipped,          d.requests,           d.inputTokens,
            d.outputTokens, d.cacheReadTokens,      d.cacheWriteTokens,   d.subscribers,
            d.models,       d.firstUs.value_or(-1), d.lastUs.value_or(-1)};
}

QString describe(const Totals& t) {
    return QString("read %1 skipped %2 requests %3 input %4 output %5 cache_read %6 "
                   "cache_write %7 subscribers %8 models %9 first_us %10 last_us %11")
        .arg(t.read)
        .arg(t.skipped)
        .arg(t.requests)
        .arg(t.input)
        .arg(t.output)
        .arg(t.cacheRead)
        .arg(t.cacheWrite)
        .arg(t.subscribers)
        .arg(t.models)
        .arg(t.firstUs)
        .arg(t.lastUs);
}

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QStringList toQt(const std::vector<std::string>& lines) {
    QStringList out;
    for (const std::string& l : lines)
        out << QString::fromStdString(l);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(Totals)

class TestImportFormatsFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void formats_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format"); // --format; empty: detect
        QTest::addColumn<QString>("map");    // --map
        QTest::addColumn<QString>("detected");
        QTest::addColumn<Totals>("expected");
        QTest::addColumn<bool>("relative");
        QTest::addColumn<QString>("assumption"); // in the assumptions; empty: there are none
        const auto row = [](const char* tag, const char* file, const char* format,
                            const char* detected, Totals t, bool relative, const char* assumption,
                            const char* map = "") {
            QTest::newRow(tag) << QString(file) << QString(format) << QString(map)
                               << QString(detected) << t << relative << QString(assumption);
        };
        // Expected totals: `python3 tests/fixtures/usage/totals.py`, the line of each file.
        // Assumptions: the texts formats.cpp gives for the columns each format lacks.
        row("canonical", "canonical.csv", "", "canonical",
            {500, 0, 500, 2268832, 310289, 194943, 9766, 10, 3, 1790839177000000, 1793400920000000},
            false, "");
        row("canonical.gz", "canonical_small.csv.gz", "", "canonical",
            {12, 0, 12, 59864, 8346, 28054, 2613, 4, 3, 1790841731000000, 1791063000000000}, false,
            "");
        row("canonical_small", "canonical_small.csv", "", "canonical",
            {12, 0, 12, 59864, 8346, 28054, 2613, 4, 3, 1790841731000000, 1791063000000000}, false,
            "");
        row("tierlab-daily", "tierlab_daily.csv", "", "tierlab-daily",
            {10, 0, 688, 4084000, 432420, 2447040, 349350, 4, 3, 1790812800000000,
             1790985600000000},
            false, "rows are daily aggregates");
        // BurstGPT: Timestamp is seconds from the start; failed requests (0 response
        // tokens) count as requests.
        row("burstgpt-v1", "burstgpt_v1.csv", "", "burstgpt",
            {8, 0, 8, 7116, 1899, 0, 0, 1, 2, 5000000, 302000000}, true, "no user column");
        row("burstgpt-v2", "burstgpt_v2.csv", "", "burstgpt-v2",
            {7, 0, 7, 8005, 1973, 0, 0, 4, 2, 5000000, 256000000}, true,
            "each session is a subscriber");
        // OpenRouter: input = tokens_prompt - tokens_cached; `user`, else api_key_name.
        row("openrouter-documentedOrder", "openrouter_a.csv", "", "openrouter",
            {6, 0, 6, 20377, 3575, 7168, 0, 5, 3, 1755162764123000, 1755166811902000}, false,
            "input = prompt - cached");
        row("openrouter-otherOrder", "openrouter_b.csv", "", "openrouter",
            {5, 0, 5, 7760, 4573, 9728, 0, 4, 3, 1740924069311000, 1740930033486000}, false,
            "input = prompt - cached");
        // Anthropic Console: cache writes (5m + 1h, or the single old column) summed; one
        // request per row; api_key, else workspace.
        row("anthropic-console", "anthropic_console.csv", "", "anthropic-console",
            {7, 0, 7, 1069700, 221450, 3803400, 240580, 3, 3, 1756684800000000, 1756771200000000},
            false, "each row counts as one request");
        row("anthropic-console-old", "anthropic_console_old.csv", "", "anthropic-console",
            {5, 0, 5, 933120, 253950, 2854200, 108200, 3, 3, 1747008000000000, 1747180800000000},
            false, "each row counts as one request");
        row("openai-legacy", "openai_legacy.csv", "", "openai-legacy",
            {6, 0, 68, 66094, 7380, 0, 0, 3, 4, 1699401600000000, 1699412400000000}, false,
            "no tier column");
        // OpenAI usage API: input = input_tokens - input_cached_tokens; no time column.
        row("openai-api", "openai_api.csv", "", "openai-api",
            {5, 0, 331, 520452, 153870, 611328, 0, 5, 3, -1, -1}, false, "no time column");
        row("litellm-spend", "litellm_spend.csv", "", "litellm-spend",
            {6, 0, 602, 1452360, 124690, 350704, 26000, 2, 4, 1756684800000000, 1756771200000000},
            false, "no tier column");
        row("mapped", "generic_mapped.csv", "", "mapped",
            {6, 0, 6, 17450, 2858, 0, 0, 3, 1, 1748938462000000, 1748945130000000}, false,
            "no model column",
            "user_id=customer,input_tokens=prompt,output_tokens=completion,timestamp=ts");
        // Real traces (tests/fixtures/usage/README.md).
        row("azure-code", "azure2023_AzureLLMInferenceTrace_code.csv", "", "azure",
            {8819, 0, 8819, 18059974, 245896, 0, 0, 1, 1, 1700158623979960, 1700162059928016},
            false, "no user column");
        // Azure 2024 (hand-made in its documented form): +00:00 zones, some times without
        // microseconds, CRLF.
        row("azure-2024", "azure2024_sample.csv", "", "azure",
            {7, 0, 7, 8104, 616, 0, 0, 1, 1, 1715299200009930, 1715302800000000}, false,
            "no user column");
        row("azure-conv", "azure2023_AzureLLMInferenceTrace_conv.csv", "", "azure",
            {19366, 0, 19366, 22361870, 4088665, 0, 0, 1, 1, 1700158546680590, 1700162048402527},
            false, "no user column");
        row("azure-conv-named", "azure2023_AzureLLMInferenceTrace_conv.csv", "azure", "azure",
            {19366, 0, 19366, 22361870, 4088665, 0, 0, 1, 1, 1700158546680590, 1700162048402527},
            false, "no user column");
        // Mooncake: leading hash_ids blocks seen before are cache reads, min(input, hits x 512).
        row("mooncake-conversation", "mooncake_fast25_conversation_trace.jsonl", "", "mooncake",
            {12031, 0, 12031, 90695412, 4122048, 54098411, 0, 1, 1, 0, 3536999000}, true,
            "already seen earlier in the trace are cache reads");
        row("mooncake-synthetic", "mooncake_fast25_synthetic_trace.jsonl", "", "mooncake",
            {3993, 0, 3993, 21341967, 595432, 39852661, 0, 1, 1, 0, 1022025000}, true,
            "already seen earlier in the trace are cache reads");
        row("mooncake-synthetic-named", "mooncake_fast25_synthetic_trace.jsonl", "mooncake",
            "mooncake", {3993, 0, 3993, 21341967, 595432, 39852661, 0, 1, 1, 0, 1022025000}, true,
            "already seen earlier in the trace are cache reads");
        // ServeGen: requests = round(rate_rps x 600) per 10-minute window, no tokens.
        row("servegen", "servegen_m-large_chunk-0-trace.csv", "", "servegen",
            {2016, 0, 675387, 0, 0, 0, 0, 1, 1, 0, 1209000000000}, true,
            "requests = rate_rps x 600");
        row("servegen-named", "servegen_m-large_chunk-0-trace.csv", "servegen", "servegen",
            {2016, 0, 675387, 0, 0, 0, 0, 1, 1, 0, 1209000000000}, true,
            "requests = rate_rps x 600");
    }

    void formats() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, map);
        QFETCH(QString, detected);
        QFETCH(Totals, expected);
        QFETCH(bool, relative);
        QFETCH(QString, assumption);
        TempWorkspace t;
        const ImportResult r =
            importFile(*t.ws, file.toStdString(), format.toStdString(), map.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        const std::string name = defaultDatasetName(file.toStdString());
        const auto stored = t.ws->dataset(name);
        QVERIFY(stored);
        QCOMPARE(describe(totalsOf(*stored)), describe(expected));
        QCOMPARE(describe(totalsOf(r.summary)), describe(expected));
        QCOMPARE(QString::fromStdString(stored->format), detected);
        QCOMPARE(QString::fromStdString(stored->sourceFile),
                 QString::fromStdString(fixture(file.toStdString())));
        QCOMPARE(stored->relativeTime, relative);
        QVERIFY(stored->skippedExamples.empty());
        const QStringList assumptions = toQt(stored->assumptions);
        if (assumption.isEmpty())
            QCOMPARE(assumptions, QStringList());
        else
            QVERIFY2(assumptions.join('\n').contains(assumption),
                     qPrintable(assumptions.join('\n')));
    }

    void defaultName_dropsDirectoriesAndExtensions() {
        QCOMPARE(qs(defaultDatasetName("/data/usage/canonical_small.csv.gz")),
                 QString("canonical_small"));
        QCOMPARE(qs(defaultDatasetName("trace.jsonl")), QString("trace"));
    }

    void skippedRows_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Totals>("expected");
        QTest::addColumn<QStringList>("examples"); // "<line>: <reason>"
        // Totals: totals.py; lines counted in the fixture (the header is line 1); reasons as
        // rowmapper.h, csvreader.h and timestamp.h word them.
        QTest::newRow("fieldCount")
            << QString("bad_fieldcount.csv")
            << Totals{5, 2, 3, 7620, 1342, 0, 0, 2, 2, 1790841600000000, 1790856900000000}
            << QStringList{"3: expected 9 fields, got 7", "5: expected 9 fields, got 10"};
        QTest::newRow("nonNumeric")
            << QString("bad_nonnumeric.csv")
            << Totals{4, 2, 2, 3600, 732, 0, 0, 2, 1, 1790841600000000, 1790856900000000}
            << QStringList{"3: output_tokens: not a number: 'n/a'", "4: input_tokens: empty"};
        QTest::newRow("negative")
            << QString("bad_negative.csv")
            << Totals{3, 1, 2, 3600, 732, 800, 0, 2, 1, 1790841600000000, 1790856900000000}
            << QStringList{"3: cache_read_tokens: negative: '-40'"};
        QTest::newRow("time")
            << QString("bad_time.csv")
            << Totals{5, 3, 2, 3600, 732, 0, 0, 2, 1, 1790841600000000, 1790856900000000}
            << QStringList{"3: timestamp: month 13 out of range",
                           "4: timestamp: day 30 out of range for 2026-02",
                           "5: timestamp: unexpected 'y' at 0"};
        QTest::newRow("overflow")
            << QString("bad_overflow.csv")
            << Totals{4, 2, 2, 3600, 732, 0, 0, 2, 1, 1790841600000000, 1790856900000000}
            << QStringList{"3: input_tokens: overflow: "
                           "'99999999999999999999'",
                           "4: output_tokens: overflow: '9007199254740993'"};
        // 2.5 is skipped; 3.0 is the count 3 (rowmapper.h, parseCount).
        QTest::newRow("fraction")
            << QString("bad_fraction.csv")
            << Totals{4, 1, 3, 3603, 872, 0, 0, 2, 2, 1790841600000000, 1790856900000000}
            << QStringList{"3: output_tokens: not a whole number: '2.5'"};
        // Lines 3-4 are one record (a quoted user id with a newline and doubled quotes), so
        // the later errors are on lines 5 and 7; the file has CRLF line ends.
        QTest::newRow("quotes")
            << QString("bad_quotes.csv")
            << Totals{5, 2, 3, 5400, 1122, 0, 0, 3, 1, 1790841600000000, 1790856900000000}
            << QStringList{"5: text after a closing quote", "7: unterminated quoted field"};
        // JSON lines (mooncake.cpp): a blank line (4) is skipped without counting; bad lines
        // add no hash_ids, so line 9's block 1 is a hit and block 2 is after a miss.
        QTest::newRow("mooncake") << QString("bad_mooncake.jsonl")
                                  << Totals{8, 5, 3, 1564, 160, 1536, 0, 1, 1, 0, 50000}
                                  << QStringList{
                                         "3: not a JSON object", "5: input_length: missing",
                                         "6: output_length: not a non-negative whole number: -5",
                                         "7: input_length: not a non-negative whole number: 2.5",
                                         "8: not a JSON object"};
    }

    void skippedRows() {
        QFETCH(QString, file);
        QFETCH(Totals, expected);
        QFETCH(QStringList, examples);
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, file.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        const auto stored = t.ws->dataset(defaultDatasetName(file.toStdString()));
        QVERIFY(stored);
        QCOMPARE(describe(totalsOf(*stored)), describe(expected));
        const QString path = QString::fromStdString(fixture(file.toStdString()));
        QStringList withPath;
        for (const QString& e : examples)
            withPath << path + ":" + e;
        QCOMPARE(toQt(stored->skippedExamples), withPath);
    }

    void strictMode_failsWithFirstReason_data() { skippedRows_data(); }

    void strictMode_failsWithFirstReason() {
        QFETCH(QString, file);
        QFETCH(QStringList, examples);
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, file.toStdString(), {}, {}, true);
        QVERIFY(!r.ok);
        QCOMPARE(QString::fromStdString(r.error),
                 QString::fromStdString(fixture(file.toStdString())) + ":" + examples.front());
        QVERIFY(!t.ws->dataset(defaultDatasetName(file.toStdString())));
        QCOMPARE(t.ws->datasets().size(), 0u);
    }

    void maxExamples_limitsExamplesNotCount() {
        TempWorkspace t;
        ImportOptions o;
        o.path = fixture("bad_time.csv");
        o.maxExamples = 1;
        const ImportResult r = importUsage(*t.ws, o);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.summary.rowsSkipped, 3); // totals.py: bad_time.csv skipped 3
        QCOMPARE(
            toQt(r.summary.skippedExamples),
            QStringList{QString::fromStdString(o.path) + ":3: timestamp: month 13 out of range"});
    }

    void allRowsBad_failsNamingTheFirst() {
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, "bad_all.csv");
        QVERIFY(!r.ok);
        const std::string path = fixture("bad_all.csv");
        // Three rows, each bad (totals.py: bad_all.csv read 3 skipped 3).
        QCOMPARE(qs(r.error), qs(path + ": no usable rows (3 skipped); first: " + path +
                                 ":2: input_tokens: not a number: 'abc'"));
        QCOMPARE(t.ws->datasets().size(), 0u);
        const ImportResult strict = importFile(*t.ws, "bad_all.csv", {}, {}, true);
        QCOMPARE(qs(strict.error), qs(path + ":2: input_tokens: not a number: 'abc'"));
    }

    void allRowsBad_eachReasonCounted() {
        TempWorkspace t;
        ImportOptions o;
        o.path = fixture("bad_all.csv");
        o.maxExamples = 1;
        const ImportResult r = importUsage(*t.ws, o);
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error).contains("(3 skipped)"), r.error.c_str());
        // The other two reasons, through the strict path of files holding only them.
        QTemporaryDir dir;
        const std::string header = "timestamp,user_id,tier,model,channel,input_tokens,"
                                   "output_tokens,cache_read_tokens,cache_write_tokens\n";
        const std::string file = dir.filePath("channel.csv").toStdString();
        std::ofstream(file) << header
                            << "2026-10-01T10:00:00Z,u2,free,haiku,sometimes,900,140,0,0\n";
        o.path = file;
        o.strict = true;
        QCOMPARE(
            qs(importUsage(*t.ws, o).error),
            qs(file + ":2: channel: unknown channel 'sometimes' (interactive or programmatic)"));
    }

    void unknownHeader_errorNamesColumnsAndSuggestsOptions() {
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, "unknown_header.csv");
        QVERIFY(!r.ok);
        QCOMPARE(qs(r.error), qs(fixture("unknown_header.csv") +
                                 ":1: cannot tell the format from the header (when, who, what, "
                                 "how_many); name it with --format or map the columns with --map"));
        QCOMPARE(t.ws->datasets().size(), 0u);
    }

    void unknownFormatId_isError() {
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, "canonical_small.csv", "csv-ish");
        QVERIFY(!r.ok);
        QCOMPARE(qs(r.error), QString("unknown format 'csv-ish' (see --help)"));
        QCOMPARE(t.ws->datasets().size(), 0u);
    }

    void namedFormatMissingColumn_isErrorNamingIt() {
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, "canonical_small.csv", "litellm-spend");
        QVERIFY(!r.ok);
        QCOMPARE(qs(r.error), QString("missing column 'date'"));
    }

    void unknownMapRole_isError() {
        TempWorkspace t;
        const ImportResult r = importFile(*t.ws, "generic_mapped.csv", {}, "who=customer");
        QVERIFY(!r.ok);
        QVERIFY2(r.error.starts_with("--map: unknown role 'who'"), r.error.c_str());
        QCOMPARE(t.ws->datasets().size(), 0u);
    }

    void emptyFile_isError() {
        TempWorkspace t;
        const std::string file = t.dir.filePath("empty.csv").toStdString();
        std::ofstream{file};
        ImportOptions o;
        o.path = file;
        const ImportResult r = importUsage(*t.ws, o);
        QVERIFY(!r.ok);
        QCOMPARE(qs(r.error), qs(file + ": the file is empty"));
    }

    void sameNameTwice_isErrorFirstIntact() {
        TempWorkspace t;
        QVERIFY(importFile(*t.ws, "canonical_small.csv").ok);
        const Totals first = totalsOf(*t.ws->dataset("canonical_small"));
        // The .gz has the same default name.
        const ImportResult again = importFile(*t.ws, "canonical_small.csv.gz");
        QVERIFY(!again.ok);
        QCOMPARE(qs(again.error), qs("a data set named 'canonical_small' is already in " + t.path +
                                     "; choose another with --name"));
        QCOMPARE(t.ws->datasets().size(), 1u);
        QCOMPARE(describe(totalsOf(*t.ws->dataset("canonical_small"))), describe(first));
        // totals.py: canonical_small.csv
        QCOMPARE(first.requests, 12);
        QCOMPARE(first.input, 59864);
        ImportOptions o;
        o.path = fixture("canonical_small.csv.gz");
        o.name = "small-gz";
        QVERIFY(importUsage(*t.ws, o).ok);
        QCOMPARE(t.ws->datasets().size(), 2u);
        QCOMPARE(describe(totalsOf(*t.ws->dataset("small-gz"))), describe(first));
    }

    // canonical_small.csv as a spreadsheet might save it: a UTF-8 BOM, CRLF line ends and no
    // newline after the last row. The same rows as the plain file.
    void bomCrlfNoFinalNewline_importsLikePlainFile() {
        TempWorkspace t;
        std::ifstream in(fixture("canonical_small.csv"), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string converted = "\xEF\xBB\xBF";
        for (const char c : text)
            converted += c == '\n' ? std::string("\r\n") : std::string(1, c);
        converted.resize(converted.size() - 2);
        const std::string file = t.dir.filePath("excel.csv").toStdString();
        std::ofstream(file, std::ios::binary) << converted;
        ImportOptions o;
        o.path = file;
        const ImportResult r = importUsage(*t.ws, o);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(qs(r.summary.format), QString("canonical"));
        // totals.py: canonical_small.csv
        QCOMPARE(describe(totalsOf(r.summary)), describe({12, 0, 12, 59864, 8346, 28054, 2613, 4, 3,
                                                          1790841731000000, 1791063000000000}));
    }

    void spilledImport_dailyRowsSumToTotals_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Totals>("expected");
        // totals.py; a 1-byte memory budget holds 1,024 rows (aggregator.cpp), so the two
        // traces are spilled to partition files and read back; canonical.csv (500 rows) is not.
        QTest::newRow("canonical-inMemory")
            << QString("canonical.csv")
            << Totals{500, 0, 500, 2268832, 310289, 194943, 9766, 10, 3};
        QTest::newRow("azure-conv-spilled")
            << QString("azure2023_AzureLLMInferenceTrace_conv.csv")
            << Totals{19366, 0, 19366, 22361870, 4088665, 0, 0, 1, 1};
        QTest::newRow("mooncake-conversation-spilled")
            << QString("mooncake_fast25_conversation_trace.jsonl")
            << Totals{12031, 0, 12031, 90695412, 4122048, 54098411, 0, 1, 1};
    }

    void spilledImport_dailyRowsSumToTotals() {
        QFETCH(QString, file);
        QFETCH(Totals, expected);
        TempWorkspace t;
        ImportOptions o;
        o.path = fixture(file.toStdString());
        o.memoryBudgetBytes = 1;
        const ImportResult r = importUsage(*t.ws, o);
        QVERIFY2(r.ok, r.error.c_str());
        Totals daily;
        for (const DailyRow& d : readDailyRows(t.ws->db(), r.summary.id)) {
            daily.requests += qint64(d.requests);
            daily.input += qint64(d.input);
            daily.output += qint64(d.output);
            daily.cacheRead += qint64(d.cacheRead);
            daily.cacheWrite += qint64(d.cacheWrite);
        }
        daily.read = r.summary.rowsRead;
        daily.subscribers = qint64(readDatasetNames(t.ws->db(), r.summary.id).subscribers.size());
        daily.models = qint64(readDatasetNames(t.ws->db(), r.summary.id).models.size());
        QCOMPARE(describe(daily), describe(expected));
    }

    // A valid file whose last record has a quoted newline and no final newline (what many
    // spreadsheet exports write). Imported in a child process: the bug below may crash it.
    void quotedNewlineInLastRecord_noFinalNewline_imports() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.tierlab").toStdString();
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE})
                std::signal(sig, SIG_DFL); // no Qt Test crash report from the child
            int code = 2;
            try {
                auto ws = Workspace::create(path);
                code = importFile(*ws, "quoted_multiline_last.csv").ok ? 0 : 1;
            } catch (...) {
            }
            std::_Exit(code);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        QString outcome;
        if (!WIFEXITED(status))
            outcome = QString("the import crashed (signal %1)").arg(WTERMSIG(status));
        else if (WEXITSTATUS(status) != 0)
            outcome = QString("the import failed (exit %1)").arg(WEXITSTATUS(status));
        else
            outcome = describe(totalsOf(*Workspace::open(path)->dataset("quoted_multiline_last")));
        // totals.py: quoted_multiline_last.csv
        QCOMPARE(outcome,
                 describe({3, 0, 3, 8000, 1390, 320, 0, 3, 3, 1790841600000000, 1790859600000000}));
    }
};

QTEST_GUILESS_MAIN(TestImportFormatsFiles)
#include "tst_importformats_files.moc"
