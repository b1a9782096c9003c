// SPDX-License-Identifier: MIT
// The stored request history (core/store/historycodec.h): chunks decode to exactly the
// requests encoded, at the size the layout gives by hand; damaged chunks are refused.
#include "store/historycodec.h"
#include "store/database.h"

#include <QTest>

#include <random>
#include <stdexcept>

using namespace tierlab::core;

namespace {

HistoryRecord rec(std::uint32_t sub, std::int64_t t, std::uint16_t model, std::uint8_t channel,
                  std::uint32_t in, std::uint32_t out, std::uint32_t cr, std::uint32_t cw) {
    HistoryRecord r;
    r.subscriber = sub;
    r.timeMs = t;
    r.model = model;
    r.channel = channel;
    r.input = in;
    r.output = out;
    r.cacheRead = cr;
    r.cacheWrite = cw;
    return r;
}

std::vector<HistoryRecord> roundTrip(const std::vector<HistoryRecord>& in,
                                     std::vector<std::size_t>* chunkBytes = nullptr) {
    HistoryEncoder enc;
    std::vector<HistoryRecord> out;
    auto drain = [&] {
        const auto chunk = enc.take();
        if (chunkBytes)
            chunkBytes->push_back(chunk.size());
        decodeHistoryChunk(chunk, out);
    };
    for (const HistoryRecord& r : in) {
        enc.add(r);
        if (enc.full())
            drain();
    }
    if (!enc.empty())
        drain();
    return out;
}

} // namespace

class TestHistoryCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Two subscribers in whole seconds. By hand: header = version 1 (1 byte) + unit 1000
    // (2) + 2 runs (1) = 4. Run of subscriber 3: zigzag(3) = 6 (1), length 2 (1), first
    // time zigzag(2 s) = 4 (1); request 1: model 1 / channel 0 -> 2 (1), tokens 100, 20, 0, 0
    // (4); request 2: delta 5 s (1), model 0 / channel 1 -> 1 (1), 300 (2), 200 (2), 0, 0 (2)
    // = 16. Run of subscriber 5: zigzag(+2) = 4 (1), length 1 (1), zigzag(1 s) = 2 (1),
    // model 2 -> 4 (1), tokens 1, 1, 1, 1 (4) = 8. Total 4 + 16 + 8 = 28 bytes.
    void handChunk_sizeAndRoundTrip() {
        const std::vector<HistoryRecord> in = {rec(3, 2000, 1, 0, 100, 20, 0, 0),
                                               rec(3, 7000, 0, 1, 300, 200, 0, 0),
                                               rec(5, 1000, 2, 0, 1, 1, 1, 1)};
        std::vector<std::size_t> bytes;
        QCOMPARE(roundTrip(in, &bytes), in);
        QCOMPARE(bytes, std::vector<std::size_t>{28});
    }

    // A time with milliseconds makes the chunk count in milliseconds: the 5,001 ms delta
    // takes 2 bytes instead of the 1 of 5 s, and the unit 1 byte instead of 2.
    void milliseconds_keptExactly() {
        const std::vector<HistoryRecord> in = {rec(3, 2000, 1, 0, 100, 20, 0, 0),
                                               rec(3, 7001, 0, 1, 300, 200, 0, 0),
                                               rec(5, 1000, 2, 0, 1, 1, 1, 1)};
        std::vector<std::size_t> bytes;
        QCOMPARE(roundTrip(in, &bytes), in);
        // Header 3; first times zigzag(2000) = 4000 and zigzag(1000) = 2000 take 2 bytes
        // each (+2); the delta 5001 takes 2 (+1): 28 - 1 + 2 + 1 = 30.
        QCOMPARE(bytes, std::vector<std::size_t>{30});
    }

    // Times before 1970 (relative traces never have them, but the codec is signed), equal
    // times, the largest token counts and model ids, and a subscriber that spans chunks.
    void edges_roundTrip() {
        std::vector<HistoryRecord> in;
        in.push_back(rec(0, -5000, 65535, 1, 4294967295u, 0, 4294967295u, 7));
        in.push_back(rec(0, -5000, 0, 0, 0, 0, 0, 0));
        for (int i = 0; i < 70000; ++i) // more than one chunk, one subscriber
            in.push_back(rec(1, 1'700'000'000'000 + std::int64_t(i) * 1500, std::uint16_t(i % 3),
                             std::uint8_t(i % 2), std::uint32_t(i), 5, 0, 0));
        in.push_back(rec(4'000'000'000u, 0, 1, 0, 1, 2, 3, 4));
        std::vector<std::size_t> bytes;
        QCOMPARE(roundTrip(in, &bytes), in);
        QCOMPARE(bytes.size(), std::size_t(2)); // 65,536 + 4,467 of the 70,003 requests
    }

    // Random bursty subscribers: exact round trip; in whole seconds the size stays under the
    // 12 bytes a request the workspace aims at.
    void random_roundTripAndSize() {
        std::mt19937_64 rng(7);
        std::vector<HistoryRecord> in;
        std::uniform_int_distribution<int> perSub(1, 200);
        std::exponential_distribution<double> gapS(1.0 / 900);
        std::lognormal_distribution<double> tokens(7, 1.2);
        for (std::uint32_t s = 0; s < 2000; ++s) {
            std::int64_t t = 1'790'000'000'000 + std::int64_t(rng() % 86400) * 1000;
            for (int k = perSub(rng); k > 0; --k) {
                t += std::int64_t(gapS(rng)) * 1000;
                in.push_back(rec(s, t, std::uint16_t(rng() % 3), std::uint8_t(rng() % 2),
                                 std::uint32_t(tokens(rng)), std::uint32_t(tokens(rng) / 8),
                                 rng() % 5 ? 0 : std::uint32_t(tokens(rng)), 0));
            }
        }
        std::vector<std::size_t> bytes;
        QCOMPARE(roundTrip(in, &bytes), in);
        std::size_t total = 0;
        for (std::size_t b : bytes)
            total += b;
        QVERIFY2(double(total) / double(in.size()) < 12, qPrintable(QString::number(
                                                              double(total) / double(in.size()))));
    }

    // Subscribers come in any order (hashed partitions), each in time order.
    void order_subscribersAnyTimesAscending() {
        const std::vector<HistoryRecord> in = {rec(9, 1000, 0, 0, 1, 1, 0, 0),
                                               rec(2, 5000, 0, 0, 1, 1, 0, 0),
                                               rec(2, 5000, 1, 0, 1, 1, 0, 0),
                                               rec(7, 0, 0, 1, 1, 1, 0, 0)};
        QCOMPARE(roundTrip(in), in);
        HistoryEncoder enc;
        enc.add(rec(2, 1000, 0, 0, 1, 1, 0, 0));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, enc.add(rec(2, 999, 0, 0, 1, 1, 0, 0)));
    }

    // Every truncation of a chunk, and a chunk with a byte too many, is refused.
    void damagedChunks_refused() {
        HistoryEncoder enc;
        enc.add(rec(3, 2000, 1, 0, 100, 20, 0, 0));
        enc.add(rec(3, 7000, 0, 1, 300, 200, 0, 0));
        const std::vector<std::uint8_t> chunk = enc.take();
        for (std::size_t n = 0; n < chunk.size(); ++n) {
            std::vector<HistoryRecord> out;
            QVERIFY_THROWS_EXCEPTION(
                DatabaseError, decodeHistoryChunk(std::span(chunk.data(), n), out));
        }
        std::vector<std::uint8_t> longer = chunk;
        longer.push_back(0);
        std::vector<HistoryRecord> out;
        QVERIFY_THROWS_EXCEPTION(DatabaseError, decodeHistoryChunk(longer, out));
        std::vector<std::uint8_t> version = chunk;
        version[0] = 2;
        QVERIFY_THROWS_EXCEPTION(DatabaseError, decodeHistoryChunk(version, out));
    }
};

QTEST_APPLESS_MAIN(TestHistoryCodec)
#include "tst_historycodec.moc"
