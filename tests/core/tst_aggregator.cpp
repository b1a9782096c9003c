// SPDX-License-Identifier: MIT
// The aggregator's string dictionary and its reduction of rows (core/usage/aggregator.h).
#include "testutil.h"
#include "usage/aggregator.h"
#include "usage/formats.h"
#include "usage/rowmapper.h"

#include <QTest>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

using namespace tierlab::core;

namespace {
class Collect final : public DailySink {
public:
    void add(const DailyRow& row) override { rows.push_back(row); }
    std::vector<DailyRow> rows;
};
} // namespace

class TestAggregator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dictionary_emptyNameFirst_isInterned() {
        // Found by fuzz_csv: an empty first name (an empty model column) read past an empty
        // block list.
        Dictionary d;
        QCOMPARE(d.intern(""), 0u);
        QCOMPARE(d.intern("sonnet"), 1u);
        QCOMPARE(d.intern(""), 0u);
        QCOMPARE(d.names()[0], std::string_view(""));
    }

    void dictionary_shortAndLongKeys_keepDistinctIds() {
        // Keys of up to 8 bytes are compared inline; longer ones through their text. Keys
        // equal in their first 8 bytes must still differ, and ids stay dense and stable
        // across the table's growth.
        Dictionary d;
        std::vector<std::string> keys;
        for (int i = 0; i < 50000; ++i)
            keys.push_back(i % 2 ? "u" + std::to_string(i) : "subscriber-" + std::to_string(i));
        keys.push_back("abcdefgh");  // exactly 8 bytes
        keys.push_back("abcdefghi"); // the same first 8 bytes
        keys.push_back("abcdefgh\x01");
        for (std::size_t i = 0; i < keys.size(); ++i)
            QCOMPARE(d.intern(keys[i]), static_cast<std::uint32_t>(i));
        for (std::size_t i = 0; i < keys.size(); ++i) {
            QCOMPARE(d.intern(keys[i]), static_cast<std::uint32_t>(i));
            QCOMPARE(d.names()[i], std::string_view(keys[i]));
        }
        QCOMPARE(d.size(), keys.size());
    }

    void dictionary_everyShortLength_packsDistinctly() {
        // Keys of 1..7 bytes are packed from overlapping loads (1..3 bytes from three single
        // ones, 4..7 from two 4-byte ones): every string of 1..3 bytes over {0, 'a', 'b'} and
        // of 4..8 bytes over {'a', 'b'} is its own key, a zero byte included ("a" and "a\0"
        // pack alike and differ by length), looked up again straight after (the last-hit
        // shortcut) and after all the others.
        std::vector<std::string> keys;
        const auto all = [&](std::string_view alphabet, std::size_t length) {
            std::vector<std::string> level{""};
            for (std::size_t k = 0; k < length; ++k) {
                std::vector<std::string> next;
                for (const std::string& prefix : level)
                    for (char c : alphabet)
                        next.push_back(prefix + c);
                level.swap(next);
            }
            keys.insert(keys.end(), level.begin(), level.end());
        };
        using namespace std::string_view_literals;
        for (std::size_t n = 1; n <= 3; ++n)
            all("\0ab"sv, n);
        for (std::size_t n = 4; n <= 8; ++n)
            all("ab"sv, n);
        QCOMPARE(keys.size(), std::size_t(3 + 9 + 27 + 16 + 32 + 64 + 128 + 256));
        Dictionary d;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            QCOMPARE(d.intern(keys[i]), static_cast<std::uint32_t>(i));
            QCOMPARE(d.intern(keys[i]), static_cast<std::uint32_t>(i));
        }
        for (std::size_t i = keys.size(); i-- > 0;)
            QCOMPARE(d.intern(keys[i]), static_cast<std::uint32_t>(i));
        QCOMPARE(d.size(), keys.size());
    }

    void reduce_groupsByDayModelChannel_andCountsGaps() {
        // Three requests of one subscriber: two on day 0 (60 s apart, same model and
        // channel), one on day 1: two daily rows, one gap of 60 s and one of a day minus 60 s.
        Aggregator agg(1 << 20, 0);
        const auto row = [](std::int64_t seconds, std::uint64_t input) {
            UsageRow r;
            r.user = "u1";
            r.model = "opus";
            r.hasTime = true;
            r.timeUs = seconds * 1'000'000;
            r.input = input;
            return r;
        };
        agg.add(row(86400 + 30, 5)); // out of order on purpose
        agg.add(row(0, 1));
        agg.add(row(60, 2));
        Collect sink;
        agg.finish(sink, nullptr);
        QCOMPARE(sink.rows.size(), std::size_t(2));
        QCOMPARE(sink.rows[0].day, 0);
        QCOMPARE(sink.rows[0].requests, 2u);
        QCOMPARE(sink.rows[0].input, 3u);
        QCOMPARE(sink.rows[1].day, 1);
        QCOMPARE(sink.rows[1].input, 5u);
        QCOMPARE(agg.totals().gapsCounted, 2u);
        QCOMPARE(agg.gaps().counts[std::size_t(GapHistogram::binOf(60))], 1u);
        QCOMPARE(agg.gaps().counts[std::size_t(GapHistogram::binOf(86370))], 1u);
    }

    void gapHistogram_binsAreTenPerDecade() {
        // Bin 0 below 10 ms; 10 ms starts bin 1; each decade spans 10 bins.
        QCOMPARE(GapHistogram::binOf(0.005), 0);
        QCOMPARE(GapHistogram::binOf(0.01), 1);
        QCOMPARE(GapHistogram::binOf(0.1), 11);
        QCOMPARE(GapHistogram::binOf(1.0), 21);
        QCOMPARE(GapHistogram::binOf(1e9), GapHistogram::kBins - 1);
        TL_COMPARE_REL(GapHistogram::lowerEdge(21), 1.0, 1e-12);
    }

    void gapHistogram_microsAgreeWithSeconds() {
        // binOfMicros is a table of binOf's bin edges: the two agree on either side of every
        // edge and at values in between (gaps of imported requests are whole microseconds).
        for (std::int64_t us = 1; us < 20'000'000'000'000; us = us * 3 / 2 + 7) {
            for (std::int64_t x : {us - 1, us, us + 1})
                QCOMPARE(GapHistogram::binOfMicros(x), GapHistogram::binOf(double(x) / 1e6));
        }
        for (int b = 1; b < GapHistogram::kBins; ++b) {
            const auto edge = static_cast<std::int64_t>(GapHistogram::lowerEdge(b) * 1e6);
            for (std::int64_t x = edge - 2; x <= edge + 2; ++x)
                QCOMPARE(GapHistogram::binOfMicros(x), GapHistogram::binOf(double(x) / 1e6));
        }
        QCOMPARE(GapHistogram::binOfMicros(0), 0);
        QCOMPARE(GapHistogram::binOfMicros(10'000), 1);
        QCOMPARE(GapHistogram::binOfMicros(1'000'000), 21);
    }

    void spill_keepsEveryRow_evenWideOnes() {
        // Rows spilled to the partition files (a budget of 1,024 rows, read back in 2,048-record
        // pieces, so that some wide rows straddle two) come back equal to the
        // rows kept in memory: one-request rows in 32 bytes, and rows of many requests or of
        // token counts past 32 bits in two records.
        const auto fill = [](Aggregator& agg) {
            for (int i = 0; i < 40000; ++i) { // partitions of many 64 KiB pieces
                const std::string user = "u" + std::to_string(i % 97); // r.user views it
                UsageRow r;
                r.user = user;
                r.model = i % 3 ? "opus" : "sonnet";
                r.hasTime = true;
                r.timeUs = std::int64_t(i) * 7'919'000'000;
                r.input = i % 11 == 0 ? 5'000'000'000ull + std::uint64_t(i) : std::uint64_t(i);
                r.output = 3 * std::uint64_t(i);
                r.cacheRead = i % 13 == 0 ? (1ull << 40) + 1 : 7;
                r.cacheWrite = std::uint64_t(i % 5);
                r.requests = i % 7 == 0 ? 4 : 1;
                agg.add(r);
            }
        };
        Aggregator spilled(1, 0), kept(1 << 26, 0);
        fill(spilled);
        fill(kept);
        Collect a, b;
        spilled.finish(a, nullptr);
        kept.finish(b, nullptr);
        QVERIFY(spilled.spilled());
        QVERIFY(!kept.spilled());
        QCOMPARE(spilled.totals().gapsCounted, kept.totals().gapsCounted);
        QCOMPARE(spilled.gaps().counts, kept.gaps().counts);
        // Partitions come back in another subscriber order: compare as sorted sets.
        const auto key = [](const DailyRow& r) {
            return std::tuple(r.subscriber, r.day, r.model, r.channel, r.requests, r.input,
                              r.output, r.cacheRead, r.cacheWrite);
        };
        const auto less = [&](const DailyRow& x, const DailyRow& y) { return key(x) < key(y); };
        std::sort(a.rows.begin(), a.rows.end(), less);
        std::sort(b.rows.begin(), b.rows.end(), less);
        QCOMPARE(a.rows.size(), b.rows.size());
        std::uint64_t wide = 0;
        for (std::size_t i = 0; i < a.rows.size(); ++i) {
            QVERIFY(key(a.rows[i]) == key(b.rows[i]));
            wide += a.rows[i].input > 0xFFFFFFFFu ? 1 : 0;
        }
        QVERIFY(wide > 0);
    }

    void headerlessFormat_tooFewColumns_isRefused() {
        // Found by fuzz_csv: --format servegen on a one-column file read past the record.
        const std::vector<std::string_view> oneColumn{"600"};
        try {
            RowMapper mapper(*findFormat("servegen"), oneColumn);
            QFAIL("a one-column file was accepted as ServeGen");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("expected at least 2 columns for format servegen, got 1"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAggregator)
#include "tst_aggregator.moc"
