// SPDX-License-Identifier: MIT
// tierlab-cli as a user runs it: exit codes, error lines, tables, JSON, --set, what-if.
#include "clitestutil.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using tierlab::test::cli;
using tierlab::test::json;
using tierlab::test::Run;
using tierlab::test::sample;

QJsonObject byId(const QJsonArray& array, const QString& id) {
    for (const auto& v : array)
        if (v.toObject().value("id").toString() == id)
            return v.toObject();
    qFatal("no %s", qPrintable(id));
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes a sample scenario with one edit to a temporary file.
    QString editedSample(const char* name, const QString& from, const QString& to) {
        QFile in(sample(name));
        if (!in.open(QIODevice::ReadOnly))
            qFatal("cannot open sample");
        QString text = QString::fromUtf8(in.readAll());
        if (!text.contains(from))
            qFatal("sample text not found");
        text.replace(text.indexOf(from), from.size(), to);
        const QString path = m_dir.filePath(QStringLiteral("edited.json"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write");
        out.write(text.toUtf8());
        return path;
    }

private Q_SLOTS:
    void version_printsVersion() {
        const Run r = cli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("tierlab-cli " TIERLAB_VERSION), qPrintable(r.out));
    }

    void help_onEverySubcommand_exitsZero_data() {
        QTest::addColumn<QString>("command");
        for (const char* c : {"eval", "validate", "goal-seek", "sensitivity"})
            QTest::newRow(c) << QString(c);
    }
    void help_onEverySubcommand_exitsZero() {
        QFETCH(QString, command);
        const Run r = cli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--set"), qPrintable(r.out));
    }

    void wrongUsage_exitsTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no subcommand") << QStringList{};
        QTest::newRow("unknown subcommand") << QStringList{"frobnicate"};
        QTest::newRow("missing scenario") << QStringList{"eval"};
        QTest::newRow("unknown option")
            << QStringList{"eval", sample("reference-pod.json"), "--colour"};
        QTest::newRow("missing --target") << QStringList{
            "goal-seek", sample("example-tiers.json"), "--vary", "tiers[0].x", "--result", "y"};
        QTest::newRow("non-numeric --target") << QStringList{
            "goal-seek", sample("example-tiers.json"), "--vary", "a", "--result", "b", "--target",
            "lots"};
    }
    void wrongUsage_exitsTwo() {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void eval_printsTables() {
        const Run r = cli({"eval", sample("reference-pod.json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const char* heading : {"Pods", "Models", "Batch experiment", "Opportunity cost"})
            QVERIFY2(r.out.contains(heading), heading);
        // $1M financed at 10 % over 24 months, halved, plus energy: $24,773.07 a month.
        QVERIFY2(r.out.contains("$24,773.07"), qPrintable(r.out));
        QVERIFY(r.out.contains("$120.00"));
    }

    void evalJson_isOneDocument_withDocumentedKeys() {
        const Run r = cli({"eval", sample("example-tiers.json"), "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = json(r);
        QCOMPARE(j.value("schema").toString(), QString("tierlab.results/1"));
        const QJsonObject pod = j.value("pods").toArray().at(0).toObject();
        for (const char* key : {"cost_usd_month", "cost_usd_hour"})
            QVERIFY2(pod.contains(key), key);
        const QJsonObject sonnet = byId(j.value("models").toArray(), "sonnet");
        for (const char* key :
             {"weight_gb", "kv_slots", "prefill_tokens_per_s", "decode_tokens_per_s",
              "pod_seconds_per_request", "serving_usd_per_mtok_input",
              "serving_usd_per_mtok_output", "list_usd_per_request", "serving_cost_ratio"})
            QVERIFY2(sonnet.contains(key), key);
        const QJsonObject pro = byId(j.value("tiers").toArray(), "pro");
        QCOMPARE(pro.value("full_use_value_usd").toDouble(), 6570 * 0.0135 + 20);
        const QJsonObject pop = pro.value("population").toObject();
        for (const char* key : {"subscribers", "revenue_usd", "cost_usd", "margin_usd",
                                "loss_making_share", "utilization_p50", "utilization_p90",
                                "utilization_p99", "top1_token_share", "top10_token_share", "gini",
                                "cap_hit_share", "extra_usage_revenue_usd", "fallback_requests"})
            QVERIFY2(pop.contains(key), key);
    }

    void evalJson_routingKeys() {
        const QJsonObject j = json(cli({"eval", sample("routing-reference.json"), "--json"}));
        const QJsonObject routing = j.value("routing").toObject();
        QVERIFY(std::abs(routing.value("list_usd_per_request").toDouble() - 0.0063) < 1e-15);
        QCOMPARE(routing.value("baseline_list_usd_per_request").toDouble(), 0.0675);
        for (const char* key : {"serving_usd_per_request", "baseline_serving_usd_per_request",
                                "savings_list", "savings_serving", "expected_quality"})
            QVERIFY2(routing.contains(key), key);
    }

    void set_overridesBySelector() {
        // Opus input price 15 -> 5: 2,000 x 5 + 500 x 75 per million = $0.0475.
        const Run r = cli({"eval", sample("routing-reference.json"), "--json", "--set",
                           "models[id=opus].price.input_per_mtok=5"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject opus = byId(json(r).value("models").toArray(), "opus");
        QVERIFY(std::abs(opus.value("list_usd_per_request").toDouble() - 0.0475) < 1e-15);
    }

    void set_badPath_namesPathAndReason() {
        const Run r = cli({"eval", sample("routing-reference.json"), "--set",
                           "models[id=gpt9].price.input_per_mtok=5"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("models[id=gpt9].price.input_per_mtok: no element with "
                                "id=gpt9 in models"),
                 qPrintable(r.err));
    }

    void invalidScenario_exitsOne_withPathAndReason() {
        const QString file = editedSample("example-tiers.json", "\"price_usd_month\": 100",
                                          "\"price_usd_month\": -5");
        const Run r = cli({"eval", file});
        QCOMPARE(r.exitCode, 1);
        // The form issue #2 gives: `scenario.json: tiers[1].price_usd_month: must be >= 0, got -5`.
        QVERIFY2(r.err.split('\n').contains(file + ": tiers[1].price_usd_month: must be >= 0, "
                                                   "got -5"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void errors_areOneLineEach() {
        const QString file = editedSample("routing-reference.json", "\"haiku\": 0.8",
                                          "\"haiku\": 0.7, \"gpt9\": 0.05");
        const Run r = cli({"validate", file});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.err.trimmed().split('\n');
        QVERIFY2(
            lines.contains(
                file + ": routing.mix.gpt9: unknown model 'gpt9' (models: haiku, sonnet, opus)"),
            qPrintable(r.err));
        QVERIFY2(
            lines.contains(file + ": routing.mix: shares must sum to 1 (within 1e-9), got 0.95"),
            qPrintable(r.err));
        for (const QString& line : lines)
            QVERIFY2(line.startsWith(file + ": "), qPrintable(line));
    }

    void unreadableAndBrokenFiles_sayWhere() {
        Run r = cli({"eval", m_dir.filePath("missing.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("missing.json: cannot read: No such file or directory"),
                 qPrintable(r.err));
        const QString file = editedSample("reference-pod.json", "\"hours_per_month\": 730,",
                                          "\"hours_per_month\": 730,,");
        r = cli({"eval", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(file + ": line 5, column"), qPrintable(r.err));
        QVERIFY(r.err.contains("invalid JSON"));
    }

    void unknownKey_warns_butEvaluates() {
        const QString file = editedSample("reference-pod.json", "\"hours_per_month\": 730,",
                                          "\"hours_per_month\": 730, \"colour\": \"blue\",");
        const Run r = cli({"eval", file});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(file + ": colour: warning: unknown key, kept as is"),
                 qPrintable(r.err));
    }

    void validateWrite_roundTripsUnknownKeys() {
        const QString file = editedSample("reference-pod.json", "\"hours_per_month\": 730,",
                                          "\"hours_per_month\": 730, \"colour\": \"blue\",");
        const QString written = m_dir.filePath("written.json");
        QCOMPARE(cli({"validate", file, "--write", written}).exitCode, 0);
        QFile a(file), b(written);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QJsonDocument before = QJsonDocument::fromJson(a.readAll());
        const QJsonDocument after = QJsonDocument::fromJson(b.readAll());
        QVERIFY(!after.isNull());
        QCOMPARE(after, before);
        QCOMPARE(after.object().value("colour").toString(), QString("blue"));
    }

    void goalSeek_solvesAndWrites() {
        const QString written = m_dir.filePath("solved.json");
        const Run r =
            cli({"goal-seek", sample("example-tiers.json"), "--vary",
                 "tiers[id=pro].price_usd_month", "--result", "tiers[id=pro].breakeven_utilization",
                 "--target", "0.5", "--json", "--write", written});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = json(r);
        QCOMPARE(j.value("input").toString(), QString("tiers[0].price_usd_month"));
        QVERIFY(std::abs(j.value("achieved_result").toDouble() - 0.5) < 1e-9);
        // Evaluating the written scenario gives the target back.
        const QJsonObject check = json(cli({"eval", written, "--json"}));
        const double u =
            byId(check.value("tiers").toArray(), "pro").value("breakeven_utilization").toDouble();
        QVERIFY(std::abs(u - 0.5) < 1e-9);
    }

    void goalSeek_unreachable_exitsOne() {
        const Run r =
            cli({"goal-seek", sample("example-tiers.json"), "--vary", "pods[0].utilization",
                 "--result", "tiers[id=pro].breakeven_utilization", "--target", "5"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is not reachable by varying pods[0].utilization within"),
                 qPrintable(r.err));
    }

    void sensitivity_printsSortedRows() {
        const Run r =
            cli({"sensitivity", sample("example-tiers.json"), "--result",
                 "tiers[id=pro].breakeven_utilization", "--input", "tiers[0].price_usd_month",
                 "--input", "pods[0].utilization", "--delta", "20", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rows = json(r).value("rows").toArray();
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(0).toObject().value("swing").toDouble() >=
                rows.at(1).toObject().value("swing").toDouble());
        QCOMPARE(json(r).value("delta").toDouble(), 0.2);
    }

    // generate writes a canonical file that imports whole, with its subscribers' history;
    // the same seed writes the same bytes; a bad option is a usage error that names it and
    // leaves no file behind.
    void generateThenImport_endToEnd() {
        const QString csv = m_dir.filePath("gen.csv");
        Run r = cli({"generate", "--rows", "2000", "--seed", "3", "--out", csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("2000 rows"), qPrintable(r.err));
        r = cli({"generate", "--rows", "2000", "--seed", "3"});
        QCOMPARE(r.exitCode, 0);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(r.out.toUtf8(), f.readAll());
        const QString ws = m_dir.filePath("gen.tierlab");
        r = cli({"import", csv, "--workspace", ws, "--name", "gen"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli({"datasets", "--workspace", ws, "--json"});
        const QJsonObject set = json(r).value("datasets").toArray().at(0).toObject();
        QCOMPARE(set.value("requests").toInt(), 2000);
        QCOMPARE(set.value("format").toString(), QString("canonical"));
        QVERIFY(set.value("has_history").toBool());

        const QString bad = m_dir.filePath("bad.csv");
        r = cli({"generate", "--rows", "10", "--tiers", "pro:x", "--out", bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--tiers: tier \"pro:x\": share must be a number > 0"),
                 qPrintable(r.err));
        r = cli({"generate", "--rows", "0", "--out", bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("rows must be at least 1"), qPrintable(r.err));
        r = cli({"generate", "--start", "2026-02-30", "--out", bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!QFile::exists(bad));
        QCOMPARE(QDir(m_dir.path()).entryList({"bad.csv*"}).size(), 0);
    }

    // docs/validation.md's headline table, from the nine InferenceMAX dashboard files in
    // tests/fixtures/serving: with the step overhead (the defaults, 60 + 40 us per layer)
    // 637 points, median ratio 1.04, worst 3.13, 606 within 2x; the pure roofline (no
    // overhead) 2.30, 15.45 and 261. If the roofline changes, this and that table change
    // together.
    void curveCompare_reproducesTheValidationTable() {
        QStringList files = QDir(QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/serving"))
                                .entryList({"0*_interactivity.json"}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 9);
        for (QString& f : files)
            f = QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/serving/") + f;
        const QStringList common =
            QStringList{"curve", "compare"} + files +
            QStringList{"--shapes", TIERLAB_SOURCE_DIR "/data/validation/shapes.json", "--json"};
        Run r = cli(common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonObject o = json(r);
        QCOMPARE(o.value("compared").toInt(), 637);
        QCOMPARE(o.value("within_2x").toInt(), 606);
        QVERIFY(std::abs(o.value("median_ratio").toDouble() - 1.04) < 0.005);
        QVERIFY(std::abs(o.value("worst_ratio").toDouble() - 3.13) < 0.005);
        r = cli(common + QStringList{"--layer-overhead-us", "0", "--parallel-overhead-us", "0"});
        QCOMPARE(r.exitCode, 0);
        o = json(r);
        QCOMPARE(o.value("within_2x").toInt(), 261);
        QVERIFY(std::abs(o.value("median_ratio").toDouble() - 2.30) < 0.005);
        QVERIFY(std::abs(o.value("worst_ratio").toDouble() - 15.45) < 0.005);
    }

    void import_failedIntoNewWorkspace_leavesNoFile() {
        // A new workspace is built with its first data set and appears only if the import
        // succeeds; into an existing one, a failed import changes nothing.
        const QString csv = m_dir.filePath("strict-bad.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("timestamp,user_id,tier,model,channel,input_tokens,output_tokens,"
                "cache_read_tokens,cache_write_tokens\n"
                "2026-10-01T00:00:00Z,u1,pro,opus,interactive,5,5,0,0\n"
                "2026-10-01T00:00:01Z,u1,pro,opus,interactive,x,5,0,0\n");
        f.close();
        const QString ws = m_dir.filePath("never.tierlab");
        Run r = cli({"import", csv, "--workspace", ws, "--strict"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("strict-bad.csv:3: input_tokens: not a number: 'x'"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(ws));
        QVERIFY(!QFile::exists(ws + "-wal"));
        r = cli({"import", csv, "--workspace", ws});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("2 read, 1 skipped"), qPrintable(r.out));
        r = cli({"import", csv, "--workspace", ws, "--strict", "--name", "again"});
        QCOMPARE(r.exitCode, 1);
        r = cli({"datasets", "--workspace", ws, "--json"});
        QCOMPARE(json(r).value("datasets").toArray().size(), 1);
    }

    void importDatasetsAndEvalWorkspace_endToEnd() {
        const QString ws = m_dir.filePath("cli.tierlab");
        const QString trace = qEnvironmentVariable("TIERLAB_REAL_DATA") +
                              "/azure2023_AzureLLMInferenceTrace_conv.csv";
        if (qEnvironmentVariableIsEmpty("TIERLAB_REAL_DATA") || !QFile::exists(trace))
            QSKIP("needs azure2023_AzureLLMInferenceTrace_conv.csv in the real-data folder "
                  "(TIERLAB_REAL_DATA)");
        Run r = cli({"import", trace, "--workspace", ws, "--name", "conv"});
        QCOMPARE(r.exitCode, 0);
        // 19,366 rows of the Azure 2023 conversation trace (the real-data folder's README).
        QVERIFY2(r.out.contains("19,366 read, 0 skipped"), qPrintable(r.out));
        r = cli({"datasets", "--workspace", ws, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject set = json(r).value("datasets").toArray().at(0).toObject();
        QCOMPARE(set.value("requests").toInt(), 19366);
        QCOMPARE(set.value("format").toString(), QString("azure"));
        // The trace has no user, model or tier: the scenario maps them.
        const QString scenario = editedSample("routing-reference.json", "\"usage\": {",
                                              "\"usage\": {\"dataset\": \"conv\", ");
        r = cli({"eval", scenario, "--workspace", ws, "--json"});
        QVERIFY2(r.exitCode != 0, "usage with two forms must be refused");
        QFile f(scenario);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        doc["usage"] = QJsonObject{{"dataset", "conv"},
                                   {"default_tier", "pro"},
                                   {"model_map", QJsonObject{{"(trace)", "sonnet"}}}};
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
        f.close();
        r = cli({"eval", scenario, "--workspace", ws, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject pop =
            byId(json(r).value("tiers").toArray(), "pro").value("population").toObject();
        QCOMPARE(pop.value("subscribers").toDouble(), 1.0);
        // One subscriber (the whole trace, one hour of it) against Pro's 45 messages per 5
        // hours, replayed over every request: the first 45 are served, the other 19,321
        // blocked by the window.
        QVERIFY(pop.value("limits_replayed").toBool());
        QCOMPARE(pop.value("requests").toDouble(), 45.0);
        QCOMPARE(pop.value("blocked_requests").toDouble(), 19366.0 - 45.0);
        QCOMPARE(pop.value("window_hit_share").toDouble(), 1.0);
        r = cli({"eval", scenario, "--workspace", ws});
        QVERIFY2(r.out.contains("Limits, replayed over every request"), qPrintable(r.out));
        // The one subscriber's timeline: 19,366 requests, the 46th the first refused.
        r = cli({"timeline", scenario, "--workspace", ws, "--heaviest", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject line = json(r).value("timeline").toObject();
        const QJsonArray events = line.value("events").toArray();
        QCOMPARE(events.size(), 19366);
        QCOMPARE(events.at(44).toObject().value("fate").toString(), QString("served"));
        QCOMPARE(events.at(45).toObject().value("fate").toString(), QString("blocked"));
        QCOMPARE(events.at(45).toObject().value("limit").toString(), QString("windows[0]"));
        QCOMPARE(line.value("requests").toDouble(), 45.0);
        r = cli({"timeline", scenario, "--workspace", ws});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("name a subscriber"), qPrintable(r.err));
        r = cli({"timeline", scenario, "--workspace", ws, "--subscriber", "nobody"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("timeline: no subscriber 'nobody'"), qPrintable(r.err));
        // Imported without its history, the same trace only bounds the month: 45 x 730 / 5 =
        // 6,570 served, 12,796 blocked, and the output says that it is approximate.
        r = cli({"import", trace, "--workspace", ws, "--name", "conv-daily", "--no-history"});
        QCOMPARE(r.exitCode, 0);
        doc["usage"] = QJsonObject{{"dataset", "conv-daily"},
                                   {"default_tier", "pro"},
                                   {"model_map", QJsonObject{{"(trace)", "sonnet"}}}};
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
        f.close();
        r = cli({"eval", scenario, "--workspace", ws, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject bound =
            byId(json(r).value("tiers").toArray(), "pro").value("population").toObject();
        QVERIFY(!bound.value("limits_replayed").toBool());
        QCOMPARE(bound.value("requests").toDouble(), 6570.0);
        QCOMPARE(bound.value("blocked_requests").toDouble(), 19366.0 - 6570.0);
        r = cli({"eval", scenario, "--workspace", ws});
        QVERIFY2(r.out.contains("Limits, as a monthly bound (the usage has no request "
                                "history: hit shares are approximate"),
                 qPrintable(r.out));
        doc["usage"] = QJsonObject{{"dataset", "conv"},
                                   {"default_tier", "pro"},
                                   {"model_map", QJsonObject{{"(trace)", "sonnet"}}}};
        // Without the model map, the error names the trace's model.
        doc["usage"] = QJsonObject{{"dataset", "conv"}, {"default_tier", "pro"}};
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
        f.close();
        r = cli({"eval", scenario, "--workspace", ws});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("usage.model_map: data set models '(trace)' are not scenario "
                                "models"),
                 qPrintable(r.err));
    }

    void workspaceErrors_exitOne() {
        const QString notWs = m_dir.filePath("notes.txt");
        QFile f(notWs);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello\n");
        f.close();
        const Run r = cli({"datasets", "--workspace", notWs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not a TierLab workspace"), qPrintable(r.err));
    }

    // A measured curve stored with `curve import`, named by a scenario: each tier is served
    // at its own speed target (data/scenarios/measured-curve.json: Pro 30, Max 5x 50,
    // Max 20x 60 tokens/s per user on DeepSeek R1 0528, SGLang, H200), and goal seek moves
    // a tier's target.
    void curve_importedCurveServesEachTierAtItsSpeed() {
        const QString ws = m_dir.filePath("curves.tierlab");
        const QString serving = QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/serving/");
        const QString scenario =
            QStringLiteral(TIERLAB_SOURCE_DIR "/data/scenarios/measured-curve.json");
        Run r = cli({"eval", scenario});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("models[2].serving.curve: names the stored curve 'DeepSeek R1 "
                                "0528 on h200 (SGLang, fp8)': give the workspace that stores "
                                "it with --workspace"),
                 qPrintable(r.err));
        r = cli({"curve", "import", serving + "01_DeepSeek_R1_0528_1K_____1K_interactivity.json",
                 serving + "03_DeepSeek_R1_0528_8K_____1K_interactivity.json", "--workspace", ws,
                 "--on", "h200"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("stored 'DeepSeek R1 0528 on h200 (SGLang, fp8)': 10 points"),
                 qPrintable(r.out));
        r = cli({"curve", "list", "--workspace", ws});
        QVERIFY2(r.out.contains("DeepSeek R1 0528 on h200 (TensorRT-LLM, fp8)"), qPrintable(r.out));
        r = cli({"eval", scenario, "--workspace", ws, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject results = json(r);
        const QJsonArray tiers = results["tiers"].toArray();
        double previousCost = 0;
        const double targets[] = {30, 50, 60};
        for (int t = 0; t < 3; ++t) {
            const QJsonObject tier = tiers[t].toObject();
            QJsonObject point; // opus's: the roofline models have points at the target too
            for (const QJsonValue p : tier["operating_points"].toArray())
                if (p.toObject()["model"].toString() == "opus")
                    point = p.toObject();
            const double target = point["target_tokens_per_s_per_user"].toDouble();
            QCOMPARE(target, targets[t]);
            QVERIFY(point["tokens_per_s_per_user"].toDouble() >= target);
            QCOMPARE(point["curve"].toString(), QString("DeepSeek R1 0528 on h200 (SGLang, fp8)"));
            // The typical 2,000/500 request is read at 2,000/1,024: the curves' shortest output.
            QCOMPARE(point["output_tokens"].toDouble(), 1024.0);
            QVERIFY(point["lengths_clamped"].toBool());
            // Faster tiers cost more to serve per request.
            QVERIFY(tier["typical_serving_usd"].toDouble() > previousCost);
            previousCost = tier["typical_serving_usd"].toDouble();
        }
        r = cli({"goal-seek", scenario, "--workspace", ws, "--vary",
                 "tiers[id=max20x].speed.min_tps", "--result",
                 "tiers[id=max20x].serving_cost_ratio", "--target", "0.035"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("serving_cost_ratio = 0.035 (target 0.035)"), qPrintable(r.out));
    }

    void catalogImport_reportsDifferences() {
        const QString ws = m_dir.filePath("catalog.tierlab");
        const QString dir = QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/catalogs/");
        Run r = cli({"catalog", "import", dir + "genai-prices_v2_data.json", "--workspace", ws});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("from the genai-prices catalog"), qPrintable(r.out));
        r = cli({"catalog", "import", dir + "litellm_model_prices_and_context_window.json",
                 "--workspace", ws});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("prices differ from the genai-prices catalog by more than 1%"),
                 qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
