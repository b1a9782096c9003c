// SPDX-License-Identifier: MIT
// Large plain files are parsed in two halves on two threads (core/usage/importer.cpp). The
// result must be exactly the one-thread result: same totals, same aggregates, same bad rows
// with the same line numbers; a quoted field across the middle falls back to one thread.
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "testutil.h"
#include "usage/importer.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>
#include <tuple>

using namespace tierlab::core;

namespace {

const char* kHeader = "timestamp,user_id,tier,model,channel,input_tokens,output_tokens,"
                      "cache_read_tokens,cache_write_tokens\n";

// Rows of a canonical CSV; `bad` inserts a malformed row every `bad` rows (0: none).
std::string canonicalRows(int rows, int bad) {
    std::string out = kHeader;
    for (int i = 0; i < rows; ++i) {
        char line[160];
        std::snprintf(line, sizeof line, "2026-10-%02dT%02d:%02d:%02dZ,u%04d,%s,%s,%s,%d,%d,%d,0\n",
                      1 + i % 28, i % 24, i % 60, (i * 7) % 60, i % 97, i % 5 ? "pro" : "max5x",
                      i % 3 ? "sonnet" : "opus", i % 4 ? "interactive" : "programmatic",
                      500 + i % 700, 50 + i % 90, i % 11 * 10);
        out += line;
        if (bad && i % bad == bad - 1)
            out += "2026-10-01T00:00:00Z,u1,pro,opus,interactive,-1,5,0,0\n";
    }
    return out;
}

struct Outcome {
    int threads = 1;
    DatasetSummary summary;
    std::map<std::tuple<std::string, int, std::string, int>, std::uint64_t> aggregates;
};

} // namespace

class TestImportSplit : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    Outcome import(const std::string& text, std::uint64_t splitMinBytes) {
        const std::string name = "f" + std::to_string(++m_count);
        const std::string csv = m_dir.filePath(QString::fromStdString(name + ".csv")).toStdString();
        std::ofstream(csv, std::ios::binary) << text;
        auto ws = Workspace::openOrCreate(m_dir.filePath("w.tierlab").toStdString());
        ImportOptions o;
        o.path = csv;
        o.splitMinBytes = splitMinBytes;
        const ImportResult r = importUsage(*ws, o);
        if (!r.ok)
            qFatal("%s", r.error.c_str());
        Outcome out{r.parsingThreads, r.summary, {}};
        const DatasetNames names = readDatasetNames(ws->db(), r.summary.id);
        for (const DailyRow& d : readDailyRows(ws->db(), r.summary.id))
            out.aggregates[{names.subscribers[d.subscriber], d.day, names.models[d.model],
                            d.channel}] += d.requests * 1000003 + d.input;
        return out;
    }

    static void compare(const Outcome& one, const Outcome& two) {
        QCOMPARE(two.summary.rowsRead, one.summary.rowsRead);
        QCOMPARE(two.summary.rowsSkipped, one.summary.rowsSkipped);
        QCOMPARE(two.summary.requests, one.summary.requests);
        QCOMPARE(two.summary.inputTokens, one.summary.inputTokens);
        QCOMPARE(two.summary.outputTokens, one.summary.outputTokens);
        QCOMPARE(two.summary.cacheReadTokens, one.summary.cacheReadTokens);
        QCOMPARE(two.summary.subscribers, one.summary.subscribers);
        QCOMPARE(two.summary.dailyRows, one.summary.dailyRows);
        QCOMPARE(two.summary.firstUs, one.summary.firstUs);
        QCOMPARE(two.summary.lastUs, one.summary.lastUs);
        QVERIFY(two.aggregates == one.aggregates);
        QCOMPARE(two.summary.skippedExamples, one.summary.skippedExamples);
    }

private Q_SLOTS:
    void split_equalsOneThread() {
        const std::string text = canonicalRows(20000, 0);
        const Outcome one = import(text, ~0ull), two = import(text, 0);
        QCOMPARE(one.threads, 1);
        QCOMPARE(two.threads, 2);
        compare(one, two);
    }

    void split_badRowsKeepTheirLineNumbers() {
        // A bad row after every 997 good ones, in both halves: the examples name the same
        // file lines whichever way the file is read (the file name differs, the lines not).
        const std::string text = canonicalRows(20000, 997);
        Outcome one = import(text, ~0ull), two = import(text, 0);
        QCOMPARE(two.threads, 2);
        QCOMPARE(two.summary.rowsSkipped, std::int64_t(20));
        const auto lineOf = [](const std::string& example) {
            const auto colon = example.find(".csv:");
            return example.substr(colon + 5);
        };
        QCOMPARE(two.summary.skippedExamples.size(), one.summary.skippedExamples.size());
        for (std::size_t k = 0; k < one.summary.skippedExamples.size(); ++k)
            QCOMPARE(lineOf(two.summary.skippedExamples[k]),
                     lineOf(one.summary.skippedExamples[k]));
        // The 20th bad row: 20 x 998 + 1 (header) = line 19961.
        QVERIFY2(
            two.summary.skippedExamples.back().ends_with(":19961: input_tokens: negative: '-1'"),
            two.summary.skippedExamples.back().c_str());
    }

    void quotedFieldAcrossTheMiddle_fallsBackToOneThread() {
        // One field holding many newlines straddles the middle of the file: the first half
        // ends inside quotes, so the two-thread read is dropped and the file read again.
        std::string text = canonicalRows(3000, 0);
        std::string quoted = "2026-10-02T00:00:00Z,\"u";
        for (int i = 0; i < 20000; ++i)
            quoted += "x\n";
        quoted += "\",pro,opus,interactive,10,10,0,0\n";
        const std::string tail = canonicalRows(3000, 0).substr(std::string(kHeader).size());
        text += quoted + tail;
        const Outcome one = import(text, ~0ull), two = import(text, 0);
        QCOMPARE(two.threads, 1); // tried two, fell back to one
        compare(one, two);
        QCOMPARE(two.summary.rowsRead, std::int64_t(6001));
        QCOMPARE(two.summary.rowsSkipped, std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestImportSplit)
#include "tst_importsplit.moc"
