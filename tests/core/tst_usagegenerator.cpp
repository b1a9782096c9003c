// SPDX-License-Identifier: MIT
// The synthetic usage generator (docs/model.md, "Synthetic usage"): exact row count, time
// order, determinism, and the laws it draws from, each checked against its derivation.
#include "sim/usagegenerator.h"
#include "usage/timestamp.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tierlab::core;

namespace {

struct Row {
    std::int64_t us = 0;
    std::string user, tier, model, channel;
    std::uint64_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
};

std::string generate(const GeneratorSpec& spec, GeneratorStats* stats = nullptr) {
    std::string out;
    const GeneratorStats s = generateUsage(spec, [&](std::string_view chunk) { out += chunk; });
    if (stats)
        *stats = s;
    return out;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
        fields.push_back(line.substr(from, comma - from));
    fields.push_back(line.substr(from));
    return fields;
}

std::vector<Row> parse(const std::string& csv, std::string& header) {
    std::vector<Row> rows;
    std::size_t from = csv.find('\n');
    header = csv.substr(0, from);
    for (++from; from < csv.size();) {
        const std::size_t end = csv.find('\n', from);
        const auto f = split(csv.substr(from, end - from));
        from = end + 1;
        if (f.size() != 9)
            qFatal("row with %zu fields", f.size());
        Row r;
        std::string error;
        r.us = parseIsoMicros(f[0], error).value_or(-1);
        r.user = f[1];
        r.tier = f[2];
        r.model = f[3];
        r.channel = f[4];
        r.input = std::stoull(f[5]);
        r.output = std::stoull(f[6]);
        r.cacheRead = std::stoull(f[7]);
        r.cacheWrite = std::stoull(f[8]);
        rows.push_back(r);
    }
    return rows;
}

// Standard normal CDF.
double phi(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

} // namespace

class TestUsageGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactRowsInTimeOrder() {
        GeneratorSpec spec;
        spec.rows = 5000;
        spec.seed = 3;
        GeneratorStats stats;
        std::string header;
        const auto rows = parse(generate(spec, &stats), header);
        QCOMPARE(header, std::string("timestamp,user_id,tier,model,channel,input_tokens,"
                                     "output_tokens,cache_read_tokens,cache_write_tokens"));
        QCOMPARE(rows.size(), std::size_t{5000});
        QCOMPARE(stats.rows, std::uint64_t{5000});
        for (std::size_t i = 1; i < rows.size(); ++i)
            QVERIFY2(rows[i - 1].us <= rows[i].us, qPrintable(QString::number(i)));
        // Sessions start on 2026-10-01 .. 2026-10-30 (UTC); the last may run past midnight.
        QVERIFY(rows.front().us >= spec.startMs * 1000);
        QVERIFY(rows.back().us < (spec.startMs + 31LL * 86400000) * 1000);
        std::map<std::string, int> users;
        for (const Row& r : rows) {
            users[r.user]++;
            QVERIFY(r.us >= 0);
            QVERIFY(r.input >= 1 && r.output >= 1);
            QVERIFY(r.channel == "interactive" || r.channel == "programmatic");
            if (r.channel == "interactive")
                QCOMPARE(r.cacheRead + r.cacheWrite, std::uint64_t{0});
        }
        // Default subscribers: rows / 50 = 100; some draw no request at all.
        QCOMPARE(stats.subscribers, std::uint64_t(users.size()));
        QVERIFY(users.size() <= 100 && users.size() >= 80);
    }

    void sameSeedSameFile() {
        GeneratorSpec spec;
        spec.rows = 3000;
        spec.seed = 11;
        const std::string a = generate(spec);
        QCOMPARE(generate(spec), a);
        spec.seed = 12;
        QVERIFY(generate(spec) != a);
    }

    // Volume per subscriber is lognormal with sigma 1.6: the top q of subscribers send
    // 1 - Phi(Phi^-1(1 - q) - sigma) of the requests, 0.2338 for q = 1 % (Phi^-1(0.99) =
    // 2.3263). 4000 subscribers; the tolerance covers the top-40's sampling spread (about
    // 0.03 sd at this size, by repeated draws).
    void heavyTailedVolume() {
        GeneratorSpec spec;
        spec.rows = 400000;
        spec.subscribers = 4000;
        spec.seed = 5;
        std::string header;
        const auto rows = parse(generate(spec), header);
        std::map<std::string, double> perUser;
        for (const Row& r : rows)
            perUser[r.user] += 1;
        std::vector<double> counts;
        for (const auto& [user, n] : perUser)
            counts.push_back(n);
        std::sort(counts.rbegin(), counts.rend());
        double top = 0;
        for (int i = 0; i < 40; ++i)
            top += counts[std::size_t(i)];
        const double expected = 1 - phi(2.3263 - 1.6);
        QVERIFY(std::abs(expected - 0.2338) < 1e-3);
        const double share = top / double(rows.size());
        QVERIFY2(std::abs(share - expected) < 0.08, qPrintable(QString::number(share)));
    }

    // Tiers are drawn per subscriber with the given shares (binomial sd at 4000: 0.008 for
    // 0.55; tolerance 0.03).
    void tierShares() {
        GeneratorSpec spec;
        spec.rows = 200000;
        spec.subscribers = 4000;
        spec.seed = 2;
        spec.tiers = parseGeneratorTiers("free:0.6,team:0.4");
        std::string header;
        const auto rows = parse(generate(spec), header);
        std::map<std::string, std::string> tierOf;
        std::map<std::string, std::map<std::string, int>> modelsOf;
        for (const Row& r : rows) {
            tierOf[r.user] = r.tier;
            modelsOf[r.tier][r.model]++;
        }
        double free = 0;
        for (const auto& [user, tier] : tierOf) {
            QVERIFY(tier == "free" || tier == "team");
            free += tier == "free";
        }
        QVERIFY(std::abs(free / double(tierOf.size()) - 0.6) < 0.03);
        // A known name keeps its models (free: haiku and sonnet only); another gets pro's.
        QCOMPARE(modelsOf["free"].count("opus"), std::size_t{0});
        QVERIFY(modelsOf["team"].count("opus") == 1);
    }

    // After each request a session ends with probability 0.05 (the between-session weight of
    // the capacity model's gap mixture), so a subscriber with n requests has
    // 1 + 0.05 (n - 1) sessions on average (fewer when the last one is cut at n).
    void sessionsFollowTheGapMixture() {
        GeneratorSpec spec;
        spec.rows = 200000;
        spec.subscribers = 2000;
        spec.seed = 9;
        GeneratorStats stats;
        std::string header;
        const auto rows = parse(generate(spec, &stats), header);
        std::map<std::string, std::vector<std::int64_t>> times;
        for (const Row& r : rows)
            times[r.user].push_back(r.us);
        double expectedSessions = 0;
        for (const auto& [user, t] : times)
            expectedSessions += 1 + 0.05 * double(t.size() - 1);
        QVERIFY2(std::abs(double(stats.sessions) / expectedSessions - 1) < 0.03,
                 qPrintable(QString("%1 vs %2").arg(stats.sessions).arg(expectedSessions)));
        // Within a session a person's gaps have medians of 1 and 4 minutes (weights 0.80 and
        // 0.15 renormalized): most of a subscriber's consecutive gaps are under 10 minutes.
        double shortGaps = 0, allGaps = 0;
        for (const auto& [user, t] : times)
            for (std::size_t i = 1; i < t.size(); ++i) {
                allGaps += 1;
                shortGaps += t[i] - t[i - 1] < 600LL * 1000000;
            }
        QVERIFY2(shortGaps / allGaps > 0.85, qPrintable(QString::number(shortGaps / allGaps)));
    }

    // Agent turns reread their growing context from the cache: reads dominate their input.
    void agentTurnsReadTheirContext() {
        GeneratorSpec spec;
        spec.rows = 100000;
        spec.seed = 4;
        std::string header;
        const auto rows = parse(generate(spec), header);
        double read = 0, all = 0, agentRows = 0;
        for (const Row& r : rows)
            if (r.channel == "programmatic") {
                agentRows += 1;
                read += double(r.cacheRead);
                all += double(r.cacheRead + r.cacheWrite + r.input);
            }
        QVERIFY(agentRows > 0.05 * double(rows.size()));
        QVERIFY2(read / all > 0.75, qPrintable(QString::number(read / all)));
    }

    // Sessions start at local hours drawn from the activity profile (night 0.2-0.35 of a
    // mean-1 day, afternoon about 1.5), UTC offsets 0-3 h: UTC 03-06 has well under half of
    // the requests of UTC 13-16.
    void dayAndNight() {
        GeneratorSpec spec;
        spec.rows = 100000;
        spec.seed = 6;
        std::string header;
        const auto rows = parse(generate(spec), header);
        double night = 0, afternoon = 0;
        for (const Row& r : rows) {
            const auto hour = (r.us / 3600000000LL) % 24;
            night += hour >= 3 && hour < 6;
            afternoon += hour >= 13 && hour < 16;
        }
        QVERIFY2(night < 0.5 * afternoon, qPrintable(QString("%1 %2").arg(night).arg(afternoon)));
    }

    void badSpecs() {
        GeneratorSpec spec;
        spec.rows = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generate(spec));
        spec.rows = 10;
        spec.days = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generate(spec));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGeneratorTiers("pro"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGeneratorTiers("pro:x"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGeneratorTiers("pro:-1"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGeneratorTiers("pro:1,pro:2"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGeneratorTiers(":1"));
        try {
            parseGeneratorTiers("free:0.5,pro:abc");
            QFAIL("no error");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("tier \"pro:abc\": share must be a number > 0"));
        }
    }
};

QTEST_GUILESS_MAIN(TestUsageGenerator)
#include "tst_usagegenerator.moc"
