// SPDX-License-Identifier: MIT
// tierlab-cli simulate as a user runs it: exit codes, errors with their JSON path, the --json
// keys of docs/cli.md, reproducibility, and the gap fit of an imported data set. Few trials
// and one week each, so every run takes well under a second in a release build.
#include "clitestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using tierlab::test::cli;
using tierlab::test::json;
using tierlab::test::Run;
using tierlab::test::sample;

const QString kPreset = sample("capacity-replication.json");

// The preset with few trials of one week: fast, and still with pods exceeded at 300 users.
Run simulate(QStringList args) {
    return cli(QStringList{"simulate", kPreset, "--trials", "8", "--weeks", "1"} + args);
}

} // namespace

class TestCliSimulate : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void help_exitsZero_andNamesOptions() {
        const Run r = cli({"simulate", "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char* option : {"--users", "--find-users", "--fit-gaps", "--threads", "--set"})
            QVERIFY2(r.out.contains(option), option);
    }

    void wrongUsage_exitsTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no scenario") << QStringList{"simulate"};
        QTest::newRow("--users with --find-users")
            << QStringList{"simulate", kPreset, "--users", "50", "--find-users"};
        QTest::newRow("--users 0") << QStringList{"simulate", kPreset, "--users", "0"};
        QTest::newRow("non-numeric --trials")
            << QStringList{"simulate", kPreset, "--trials", "many"};
        QTest::newRow("--fit-gaps without --workspace")
            << QStringList{"simulate", kPreset, "--fit-gaps", "canonical"};
    }
    void wrongUsage_exitsTwo() {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
        QVERIFY(r.out.isEmpty());
    }

    void scenarioWithoutCapacity_exitsOne_namingTheBlock() {
        const QString file = sample("reference-pod.json");
        const Run r = cli({"simulate", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(file + ": capacity: no capacity block"), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        const Run null = simulate({"--set", "capacity=null"});
        QCOMPARE(null.exitCode, 1);
        QVERIFY2(null.err.startsWith(kPreset + ": capacity: no capacity block"),
                 qPrintable(null.err));
    }

    void invalidCapacity_exitsOne_withPathAndReason() {
        const Run r = simulate({"--set", "capacity.slots=0"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(kPreset + ": capacity.slots: must be"), qPrintable(r.err));
        const Run weights = simulate({"--set", "capacity.gaps[0].weight=0.5"});
        QCOMPARE(weights.exitCode, 1);
        QVERIFY2(weights.err.contains(kPreset + ": capacity.gaps: weights must sum to 1"),
                 qPrintable(weights.err));
    }

    void text_printsFiguresAtUsersAndUsersPerPod() {
        const Run r = simulate({});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // no progress line when stderr is a pipe
        for (const char* line : {"8 trials of 1 week,", "At 100 users:", "P(exceed 20 slots)",
                                 "outage minutes per week", "most slots of one user",
                                 "autoscaling: a second pod above 20", "Users per pod at 95.0 %"})
            QVERIFY2(r.out.contains(line), line);
    }

    void usersJson_hasDocumentedKeys_andPExceedRisesWithUsers() {
        const Run few = simulate({"--users", "60", "--json"});
        const Run many = simulate({"--users", "300", "--json"});
        QCOMPARE(few.exitCode, 0);
        QCOMPARE(many.exitCode, 0);
        const QJsonObject j = json(many);
        for (const char* key : {"schema",
                                "scenario",
                                "slots",
                                "users",
                                "trials",
                                "weeks",
                                "seed",
                                "confidence",
                                "modulate",
                                "exceed_probability",
                                "exceed_probability_interval",
                                "mean_concurrency",
                                "concurrency_p50",
                                "concurrency_p99",
                                "concurrency_p999",
                                "max_concurrency",
                                "max_concurrency_interval",
                                "max_concurrency_overall",
                                "concurrency_share",
                                "outage_minutes_per_week",
                                "outage_minutes_per_week_interval",
                                "top_user_slots_at_peak",
                                "top_user_slots_at_peak_interval",
                                "top_user_slots_anytime",
                                "top_user_slots_anytime_interval",
                                "rate_limit",
                                "autoscaling"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(!j.contains("users_per_pod"));
        QCOMPARE(j.value("users").toInt(), 300);
        QCOMPARE(j.value("trials").toInt(), 8);
        const double pFew = json(few).value("exceed_probability").toDouble();
        const double pMany = j.value("exceed_probability").toDouble();
        QVERIFY(pFew >= 0 && pFew <= 1 && pMany >= 0 && pMany <= 1);
        // In replication mode the median trial passes 20 slots near 160 users (docs/capacity.md).
        QVERIFY2(pMany > pFew, qPrintable(QString("%1 vs %2").arg(pMany).arg(pFew)));
        const QJsonArray interval = j.value("exceed_probability_interval").toArray();
        QVERIFY(interval.at(0).toDouble() <= pMany && pMany <= interval.at(1).toDouble());
        const QJsonObject autoscaling = j.value("autoscaling").toObject();
        for (const char* key : {"threshold", "outage_minutes_per_week", "extra_pod_hours_per_week",
                                "extra_cost_usd_per_week", "extra_cost_share"})
            QVERIFY2(autoscaling.contains(key), key);
        QVERIFY(j.value("rate_limit").isNull());
    }

    void rateLimit_isReported_andBoundsOneUser() {
        const QStringList limit{"--set", "capacity.rate_limit.requests_per_min=5"};
        const QJsonObject limited = json(simulate(QStringList{"--users", "100", "--json"} + limit));
        const QJsonObject free = json(simulate({"--users", "100", "--json"}));
        QCOMPARE(limited.value("rate_limit").toObject().value("requests_per_min").toDouble(), 5.0);
        // At most 5 starts in any minute: in replication mode the most slots one user holds at
        // any second falls from about 12 to about 6 (docs/capacity.md section 3).
        QVERIFY(limited.value("top_user_slots_anytime").toDouble() <
                free.value("top_user_slots_anytime").toDouble());
    }

    void findUsersJson_hasUsersPerPod_andARisingCurve() {
        const Run r = simulate({"--find-users", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = json(r);
        QVERIFY(!j.contains("exceed_probability"));
        const int users = j.value("users_per_pod").toInt();
        const QJsonArray interval = j.value("users_per_pod_interval").toArray();
        QVERIFY(users > 0);
        QVERIFY(interval.at(0).toInt() <= users && users <= interval.at(1).toInt());
        QCOMPARE(j.value("users_per_pod_censored").toBool(), false);
        const QJsonArray curve = j.value("exceed_by_users").toArray();
        QVERIFY(curve.size() > 2);
        for (qsizetype i = 1; i < curve.size(); ++i) {
            const QJsonArray a = curve.at(i - 1).toArray(), b = curve.at(i).toArray();
            QVERIFY(a.at(0).toInt() < b.at(0).toInt());
            QVERIFY(a.at(1).toDouble() <= b.at(1).toDouble());
        }
    }

    void sameSeed_sameJson_onAnyThreads() {
        const Run one = simulate({"--seed", "7", "--threads", "1", "--json"});
        const Run two = simulate({"--seed", "7", "--threads", "2", "--json"});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(two.out, one.out);
        const Run other = simulate({"--seed", "8", "--json"});
        QVERIFY(other.out != one.out);
        QCOMPARE(json(one).value("seed").toInt(), 7);
    }

    void fitGaps_onImportedFixture_printsFitAndSimulatesWithIt() {
        const QString ws = m_dir.filePath("fit.tierlab");
        const QString fixture = QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/usage/");
        QCOMPARE(cli({"import", fixture + "canonical.csv", "--workspace", ws, "--name", "canon"})
                     .exitCode,
                 0);
        Run r = simulate({"--workspace", ws, "--fit-gaps", "canon", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject fit = json(r).value("gap_fit").toObject();
        QCOMPARE(fit.value("dataset").toString(), QString("canon"));
        QCOMPARE(fit.value("source").toString(), QString("per_subscriber"));
        // 490 gaps of 10 subscribers (docs/capacity-fit.md, "Fits of the real traces").
        QCOMPARE(fit.value("gaps").toInt(), 490);
        QCOMPARE(fit.value("subscribers").toInt(), 10);
        const double ks = fit.value("ks_distance").toDouble();
        QVERIFY(ks >= 0 && ks <= 1);
        double weights = 0;
        for (const auto& c : fit.value("components").toArray())
            weights += c.toObject().value("weight").toDouble();
        QVERIFY(std::abs(weights - 1) < 1e-9);
        // Its gaps are hours, not the preset's minutes: far more users per pod.
        QVERIFY(json(r).value("users_per_pod").toInt() >
                json(simulate({"--json"})).value("users_per_pod").toInt());
        r = simulate({"--workspace", ws, "--fit-gaps", "canon"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Gap mixture fitted to data set 'canon' (490 gaps)"),
                 qPrintable(r.out));
        r = simulate({"--workspace", ws, "--fit-gaps", "missing"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(ws + ": no data set 'missing' in the workspace"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliSimulate)
#include "tst_cli_simulate.moc"
