// SPDX-License-Identifier: MIT
// The workspace file: created seeded, refused untouched when it is not a usable workspace,
// and never left half-written by an import that fails, is cancelled or is killed.
#include "curves/curveimport.h"
#include "curves/curvejson.h"
#include "scenario/reader.h"
#include "store/atomicfile.h"
#include "store/datasetstore.h"
#include "store/workspace.h"
#include "testutil.h"
#include "usage/importer.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace tierlab::core;

namespace {
std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// A canonical CSV of `rows` rows (TierLab columns), deterministic.
void writeCanonical(const std::string& path, int rows, int users) {
    std::ofstream out(path);
    out << "timestamp,user_id,tier,model,channel,input_tokens,output_tokens,cache_read_tokens,"
           "cache_write_tokens\n";
    for (int i = 0; i < rows; ++i) {
        const int day = 1 + i % 28, second = i % 86400;
        char line[160];
        std::snprintf(line, sizeof line,
                      "2026-10-%02dT%02d:%02d:%02dZ,u%05d,pro,%s,interactive,%d,%d,0,0\n", day,
                      second / 3600, second / 60 % 60, second % 60, i % users,
                      i % 3 ? "sonnet" : "opus", 1000 + i % 500, 100 + i % 50);
        out << line;
    }
}

void setUserVersion(const std::string& path, int version) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(version)).c_str(), nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char* name) { return m_dir.filePath(name).toStdString(); }

    void expectRefused(const std::string& file, const std::string& reason) {
        const QByteArray before = fileHash(QString::fromStdString(file));
        try {
            Workspace::open(file);
            QFAIL("opened a file that is not a usable workspace");
        } catch (const WorkspaceError& e) {
            QVERIFY2(std::string(e.what()).find(reason) != std::string::npos, e.what());
        }
        QCOMPARE(fileHash(QString::fromStdString(file)), before); // nothing changed
    }

private Q_SLOTS:
    void create_isSeededWithDefaults() {
        auto ws = Workspace::create(path("new.tierlab"));
        // data/scenarios holds six samples; data/catalog/models.json sixteen models;
        // data/curves one measured curve.
        QCOMPARE(
            ws->scenarioNames(),
            (std::vector<std::string>{"capacity-replication", "example-tiers", "measured-curve",
                                      "reference-pod", "routing-cascade", "routing-reference"}));
        QCOMPARE(ws->curveNames(),
                 (std::vector<std::string>{"DeepSeek R1 0528 on h200 (SGLang, fp8)"}));
        const auto prices = ws->catalogPrices("tierlab");
        QCOMPARE(prices.size(), std::size_t(16));
        QVERIFY(ws->datasets().empty());
        QVERIFY(ws->scenario("reference-pod")->contains("pods"));
    }

    // A copy in rollback-journal mode (VACUUM INTO, the sqlite3 shell's .backup) opens and
    // is switched to WAL; the quick check's statement once held a read transaction that
    // made this fail ("cannot change into wal mode from within a transaction").
    void open_acceptsRollbackJournalCopy() {
        {
            auto ws = Workspace::create(path("source.tierlab"));
            Statement(ws->db(), "VACUUM INTO ?").bind(1, path("copy.tierlab")).run();
        }
        {
            Database plain(path("copy.tierlab"), Database::Mode::ReadWrite);
            Statement mode(plain, "PRAGMA journal_mode");
            QVERIFY(mode.step());
            QCOMPARE(mode.columnText(0), std::string("delete"));
        }
        auto copy = Workspace::open(path("copy.tierlab"));
        QCOMPARE(copy->scenarioNames().size(), std::size_t(6));
        Statement mode(copy->db(), "PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.columnText(0), std::string("wal"));
    }

    void create_leavesOneFileInWalMode_andNoTemporary() {
        // Built beside its path and moved into place: afterwards the folder holds the
        // workspace (and SQLite's own -wal/-shm while it is open), nothing named .tmp-.
        QTemporaryDir dir;
        const std::string p = dir.filePath("new.tierlab").toStdString();
        {
            auto ws = Workspace::create(p);
            Statement mode(ws->db(), "PRAGMA journal_mode");
            QVERIFY(mode.step());
            QCOMPARE(mode.columnText(0), std::string("wal"));
            QCOMPARE(ws->db().queryInt("PRAGMA page_size"), std::int64_t(16384));
        }
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir.path().toStdString()))
            names.push_back(e.path().filename().string());
        QCOMPARE(names, std::vector<std::string>{"new.tierlab"});
        QCOMPARE(Workspace::open(p)->scenarioNames().size(), std::size_t(6));
    }

    void createWithFill_importsIntoTheNewFile_orLeavesNone() {
        // Workspace::create(path, fill): what fill writes is in the file that appears, which is
        // in WAL mode like any other; a fill that declines (a failed import) leaves no file.
        QTemporaryDir dir;
        const std::string csv = dir.filePath("u.csv").toStdString();
        std::ofstream(csv) << "timestamp,user_id,tier,model,channel,input_tokens,"
                              "output_tokens,cache_read_tokens,cache_write_tokens\n"
                              "2026-10-01T00:00:00Z,u1,pro,opus,interactive,5,7,0,0\n"
                              "2026-10-01T00:00:01Z,u1,pro,opus,interactive,-5,5,0,0\n";
        const auto entries = [&] {
            std::vector<std::string> names;
            for (const auto& e : std::filesystem::directory_iterator(dir.path().toStdString()))
                names.push_back(e.path().filename().string());
            std::sort(names.begin(), names.end());
            std::string joined;
            for (const std::string& n : names)
                joined += n + " ";
            return joined;
        };
        ImportOptions o;
        o.path = csv;
        const std::string p = dir.filePath("filled.tierlab").toStdString();
        ImportResult r;
        QVERIFY(Workspace::create(p, [&](Workspace& ws) {
            r = importUsage(ws, o);
            return r.ok;
        }));
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(QString::fromStdString(entries()), QString("filled.tierlab u.csv "));
        auto ws = Workspace::open(p);
        const auto sets = ws->datasets();
        QCOMPARE(sets.size(), std::size_t(1));
        QCOMPARE(sets[0].requests, std::int64_t(1)); // the row of -5 input tokens is skipped
        QCOMPARE(sets[0].outputTokens, std::int64_t(7));
        QCOMPARE(sets[0].rowsSkipped, std::int64_t(1));
        QCOMPARE(ws->scenarioNames().size(), std::size_t(6));
        {
            Statement mode(ws->db(), "PRAGMA journal_mode");
            QVERIFY(mode.step());
            QCOMPARE(mode.columnText(0), std::string("wal"));
        }
        ws.reset();

        o.strict = true;
        const std::string q = dir.filePath("declined.tierlab").toStdString();
        QVERIFY(!Workspace::create(q, [&](Workspace& w) {
            r = importUsage(w, o);
            return r.ok;
        }));
        QVERIFY(!r.ok);
        QCOMPARE(QString::fromStdString(entries()), QString("filled.tierlab u.csv "));
    }

    void moveIntoPlace_replacesOrRefuses() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("out.csv").toStdString();
        const std::string temp = temporaryPathBeside(target);
        QVERIFY(temp.starts_with(target + ".tmp-"));
        std::ofstream(target) << "old";
        std::ofstream(temp) << "new";
        // NoReplace: the existing file is kept and the temporary stays for the caller.
        QVERIFY(moveIntoPlace(temp, target, MoveMode::NoReplace) == std::errc::file_exists);
        QCOMPARE(readAll(target), std::string("old"));
        QVERIFY(std::filesystem::exists(temp));
        QVERIFY(!moveIntoPlace(temp, target, MoveMode::Replace));
        QCOMPARE(readAll(target), std::string("new"));
        QVERIFY(!std::filesystem::exists(temp));
        QVERIFY(moveIntoPlace(temp, target, MoveMode::Replace)); // nothing left to move
    }

    void create_refusesExistingFile() {
        std::ofstream(path("exists.tierlab")) << "x";
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace::create(path("exists.tierlab")));
    }

    void open_refusesTextFile() {
        std::ofstream(path("notes.txt")) << "timestamp,user_id\n1,2\n";
        expectRefused(path("notes.txt"), "not a TierLab workspace (not an SQLite database)");
    }

    void open_refusesEmptyFileAndMissingFile() {
        std::ofstream(path("empty.tierlab"));
        expectRefused(path("empty.tierlab"), "empty file");
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace::open(path("missing.tierlab")));
    }

    void open_refusesOtherSqliteDatabase() {
        sqlite3* db = nullptr;
        sqlite3_open(path("other.db").c_str(), &db);
        sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        expectRefused(path("other.db"), "an SQLite database of another application");
    }

    void open_refusesNewerSchema() {
        Workspace::create(path("newer.tierlab"));
        setUserVersion(path("newer.tierlab"), 99);
        expectRefused(path("newer.tierlab"),
                      "written by a newer TierLab (schema 99; this version reads up to " +
                          std::to_string(Workspace::kSchemaVersion) + ")");
    }

    // A per-request export keeps every request: decoded, they are the file's rows. Row 0 of
    // writeCanonical is u00000's first request: 2026-10-01T00:00:00Z = 1,790,812,800,000 ms,
    // opus (the first model seen, index 0), interactive, 1,000 input and 100 output tokens.
    // A daily export (Anthropic console) keeps none.
    void import_keepsEveryRequestOfPerRequestFormats() {
        auto ws = Workspace::create(path("history.tierlab"));
        writeCanonical(path("history.csv"), 3000, 50);
        ImportOptions o;
        o.path = path("history.csv");
        o.keepHistory = true;
        const ImportResult r = importUsage(*ws, o);
        QVERIFY2(r.ok, r.error.c_str());
        QVERIFY(r.summary.hasHistory);
        std::vector<HistoryRecord> all;
        {
            Statement s(ws->db(), "SELECT data FROM dataset_chunks WHERE dataset_id = ? AND "
                                  "kind = 'history' ORDER BY chunk");
            s.bind(1, r.summary.id);
            while (s.step())
                decodeHistoryChunk(s.columnBlob(0), all);
        }
        QCOMPARE(all.size(), std::size_t(3000));
        std::uint64_t input = 0, output = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            input += all[i].input;
            output += all[i].output;
            if (i > 0 && all[i].subscriber == all[i - 1].subscriber)
                QVERIFY(all[i].timeMs >= all[i - 1].timeMs);
        }
        QCOMPARE(std::int64_t(input), r.summary.inputTokens);
        QCOMPARE(std::int64_t(output), r.summary.outputTokens);
        const auto first = std::find_if(all.begin(), all.end(),
                                        [](const HistoryRecord& h) { return h.subscriber == 0; });
        QVERIFY(first != all.end());
        QCOMPARE(first->timeMs, std::int64_t(1'790'812'800'000));
        QCOMPARE(int(first->model), 0);
        QCOMPARE(int(first->channel), 0);
        QCOMPARE(first->input, 1000u);
        QCOMPARE(first->output, 100u);

        ImportOptions daily;
        daily.keepHistory = true;
        daily.path = tierlab::test::sourcePath("tests/fixtures/usage/anthropic_console.csv");
        const ImportResult d = importUsage(*ws, daily);
        QVERIFY2(d.ok, d.error.c_str());
        QVERIFY(!d.summary.hasHistory);
        QCOMPARE(ws->db().queryInt("SELECT count(*) FROM dataset_chunks WHERE dataset_id = " +
                                   std::to_string(d.summary.id) + " AND kind = 'history'"),
                 std::int64_t(0));
    }

    // loadDatasetUsage hands evaluate() every request of the priced subscribers, in the
    // scenario's model indices, each subscriber's own range in time order; a model mapped
    // to null leaves its requests out of both the history and the month's lines.
    void loadDatasetUsage_fillsHistory() {
        auto ws = Workspace::create(path("load.tierlab"));
        writeCanonical(path("load.csv"), 3000, 50);
        ImportOptions o;
        o.path = path("load.csv");
        o.keepHistory = true;
        const ImportResult imported = importUsage(*ws, o);
        QVERIFY2(imported.ok, imported.error.c_str());
        Json doc = tierlab::test::loadJson("tests/fixtures/scenarios/limits-pro.json");
        doc["usage"] = {{"dataset", imported.summary.name}, {"model_map", {{"opus", nullptr}}}};
        const ReadResult read = readScenario(doc);
        QVERIFY(!hasErrors(read.diagnostics));
        Diagnostics diagnostics;
        const UsageData u = loadDatasetUsage(*ws, read.scenario, diagnostics);
        QVERIFY(!hasErrors(diagnostics));
        QVERIFY(u.history.has_value());
        QCOMPARE(u.subscribers.size(), std::size_t(50));
        QCOMPARE(u.names.size(), std::size_t(50));
        // writeCanonical: every third request (i % 3 == 0) is Opus, the rest Sonnet.
        QCOMPARE(u.history->size(), std::size_t(2000));
        const int sonnet = indexOfId(read.scenario.models, "sonnet");
        std::size_t total = 0;
        for (std::size_t s = 0; s < u.subscribers.size(); ++s) {
            const Subscriber& sub = u.subscribers[s];
            // u%05d sends requests i = s, s + 50, ...: 60 of them, a third Opus.
            const int index = std::stoi(u.names[s].substr(1));
            int expected = 0;
            for (int i = index; i < 3000; i += 50)
                expected += i % 3 ? 1 : 0;
            QCOMPARE(int(sub.requestCount), expected);
            double lineRequests = 0;
            for (const UsageLine& l : sub.lines)
                lineRequests += l.requests;
            QCOMPARE(lineRequests, double(expected));
            for (std::size_t k = sub.firstRequest; k < sub.firstRequest + sub.requestCount; ++k) {
                QCOMPARE(u.history->model[k], sonnet);
                if (k > sub.firstRequest)
                    QVERIFY(u.history->timeMs[k] >= u.history->timeMs[k - 1]);
            }
            total += sub.requestCount;
        }
        QCOMPARE(total, u.history->size());
        // The first request is i = 0 (Oct 1, 00:00:00), the last the largest i < 3000 on
        // day 28 (i % 28 == 27): i = 2995, at 2,995 s past midnight of Oct 28.
        TL_COMPARE_REL(u.spanHours, 27 * 24 + 2995 / 3600.0, 1e-12);
        QCOMPARE(u.scale, 1.0);
    }

    // A schema-1 workspace (before data sets said whether they hold every request) opens
    // migrated to schema 2: its data set is kept whole and says it has no history.
    void open_migratesSchema1Forward() {
        const std::string file = path("v1.tierlab");
        writeCanonical(path("v1.csv"), 3000, 50);
        std::int64_t requests = 0;
        {
            auto ws = Workspace::create(file);
            ImportOptions o;
            o.path = path("v1.csv");
            QVERIFY(importUsage(*ws, o).ok);
            requests = ws->datasets().at(0).requests;
        }
        QCOMPARE(requests, std::int64_t(3000));
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            // Schema 1's datasets table (data/schema.sql before has_history), rebuilt the
            // way SQLite documents for a changed table.
            const char* v1 =
                "PRAGMA foreign_keys = OFF; BEGIN;"
                "CREATE TABLE datasets_v1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                " source_file TEXT NOT NULL, format TEXT NOT NULL, imported_at TEXT NOT NULL,"
                " rows_read INTEGER NOT NULL, rows_skipped INTEGER NOT NULL,"
                " requests INTEGER NOT NULL, input_tokens INTEGER NOT NULL,"
                " output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,"
                " cache_write_tokens INTEGER NOT NULL, subscribers INTEGER NOT NULL,"
                " models INTEGER NOT NULL, daily_rows INTEGER NOT NULL, first_us INTEGER,"
                " last_us INTEGER, relative_time INTEGER NOT NULL, assumptions TEXT NOT NULL,"
                " skipped_examples TEXT NOT NULL);"
                "INSERT INTO datasets_v1 SELECT id, name, source_file, format, imported_at,"
                " rows_read, rows_skipped, requests, input_tokens, output_tokens,"
                " cache_read_tokens, cache_write_tokens, subscribers, models, daily_rows,"
                " first_us, last_us, relative_time, assumptions, skipped_examples FROM datasets;"
                "DROP TABLE datasets; ALTER TABLE datasets_v1 RENAME TO datasets;"
                "DELETE FROM dataset_chunks WHERE kind = 'history';"
                "DROP TABLE curves;"
                "COMMIT; PRAGMA user_version = 1;";
            char* error = nullptr;
            const int rc = sqlite3_exec(db, v1, nullptr, nullptr, &error);
            QVERIFY2(rc == SQLITE_OK, error);
            sqlite3_free(error);
            sqlite3_close(db);
        }
        {
            auto ws = Workspace::open(file);
            QCOMPARE(ws->db().queryInt("PRAGMA user_version"), std::int64_t(3));
            QVERIFY(ws->curves().empty()); // schema 3's table, created by the migration
            const auto sets = ws->datasets();
            QCOMPARE(sets.size(), std::size_t(1));
            QCOMPARE(sets[0].requests, requests);
            QVERIFY(!sets[0].hasHistory);
        }
        // Opened again: already at the newest schema, nothing to do.
        QCOMPARE(Workspace::open(file)->db().queryInt("PRAGMA user_version"), std::int64_t(3));
    }

    // Curves stored by `curve import` read back point for point, with kind and source; a
    // second import of the same curve replaces it; a file that does not read stores nothing.
    void curves_importStoresAndReplaces() {
        const std::string file = path("curves.tierlab");
        const std::string dashboard = tierlab::test::sourcePath(
            "tests/fixtures/serving/01_DeepSeek_R1_0528_1K_____1K_interactivity.json");
        auto run = [&](QStringList args) {
            QProcess p;
            p.start(qEnvironmentVariable("TIERLAB_CLI"), args);
            p.waitForFinished(60000);
            return std::pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        const QStringList import = {"curve",
                                    "import",
                                    QString::fromStdString(dashboard),
                                    "--workspace",
                                    QString::fromStdString(file),
                                    "--on",
                                    "h200"};
        QCOMPARE(run(import).first, 0);
        std::vector<StoredCurve> stored;
        {
            auto ws = Workspace::open(file);
            stored = ws->curves();
        }
        // data/01_..._interactivity.json holds SGLang and TensorRT-LLM points on h200.
        QCOMPARE(stored.size(), std::size_t(2));
        const StoredCurve& sglang = stored[0];
        QCOMPARE(sglang.name, std::string("DeepSeek R1 0528 on h200 (SGLang, fp8)"));
        QCOMPARE(sglang.format, std::string("inferencex-dashboard"));
        const auto direct = importCurveFile(dashboard);
        const Curve* same = nullptr;
        for (const Curve& c : direct.curves)
            if (curveName(c) == sglang.name)
                same = &c;
        QVERIFY(same);
        QCOMPARE(curveToJson(sglang.curve).dump(), curveToJson(*same).dump());
        // Again: replaced, not doubled.
        QCOMPARE(run(import).first, 0);
        QCOMPARE(Workspace::open(file)->curveNames().size(), std::size_t(2));
        // A broken file next to a good one: nothing of either is stored, the file is named.
        const std::string broken = path("broken.json");
        std::ofstream(broken) << "{\"metadata\": {";
        const std::string fresh = path("fresh.tierlab");
        const auto [rc, err] =
            run({"curve", "import", QString::fromStdString(dashboard),
                 QString::fromStdString(broken), "--workspace", QString::fromStdString(fresh)});
        QVERIFY(rc != 0);
        QVERIFY2(err.contains(QString::fromStdString(broken)), qPrintable(err));
        QVERIFY(!std::filesystem::exists(fresh));
    }

    void open_refusesDamagedFile() {
        {
            auto ws = Workspace::create(path("damaged.tierlab"));
            writeCanonical(path("small.csv"), 3000, 50);
            ImportOptions o;
            o.path = path("small.csv");
            QVERIFY(importUsage(*ws, o).ok);
        }
        // Overwrite the middle of the file (past the header page) with garbage.
        std::fstream f(path("damaged.tierlab"), std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(0, std::ios::end);
        const auto size = static_cast<std::streamoff>(f.tellg());
        f.seekp(size / 2);
        const std::string garbage(8192, '\x5a');
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        f.close();
        const QByteArray before = fileHash(m_dir.filePath("damaged.tierlab"));
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace::open(path("damaged.tierlab")));
        QCOMPARE(fileHash(m_dir.filePath("damaged.tierlab")), before);
    }

    void failedImport_leavesNoDataSet() {
        auto ws = Workspace::create(path("strict.tierlab"));
        std::ofstream(path("bad.csv")) << "timestamp,user_id,tier,model,channel,input_tokens,"
                                          "output_tokens,cache_read_tokens,cache_write_tokens\n"
                                          "2026-10-01T00:00:00Z,u1,pro,opus,interactive,5,5,0,0\n"
                                          "2026-10-01T00:00:01Z,u1,pro,opus,interactive,-5,5,0,0\n";
        ImportOptions o;
        o.path = path("bad.csv");
        o.strict = true;
        const ImportResult r = importUsage(*ws, o);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("bad.csv:3: input_tokens: negative: '-5'") != std::string::npos,
                 r.error.c_str());
        QVERIFY(ws->datasets().empty());
    }

    void cancelledImport_leavesFileByteIdentical() {
        const std::string file = path("cancel.tierlab");
        writeCanonical(path("first.csv"), 2000, 40);
        writeCanonical(path("big.csv"), 300000, 3000); // about 20 MB: progress fires often
        {
            auto ws = Workspace::create(file);
            ImportOptions o;
            o.path = path("first.csv");
            QVERIFY(importUsage(*ws, o).ok);
        }
        const QByteArray before = fileHash(QString::fromStdString(file));
        {
            auto ws = Workspace::open(file);
            CancelToken cancel;
            int calls = 0;
            ImportOptions o;
            o.path = path("big.csv");
            const ImportResult r = importUsage(
                *ws, o,
                [&](std::uint64_t, std::uint64_t) {
                    if (++calls == 3)
                        cancel.cancel();
                },
                &cancel);
            QVERIFY(r.cancelled);
            QVERIFY(!r.ok);
            QVERIFY(calls >= 3);
            QCOMPARE(ws->datasets().size(), std::size_t(1));
        }
        QCOMPARE(fileHash(QString::fromStdString(file)), before);
    }

    void killedImport_leavesEarlierDataIntact() {
        const std::string file = path("kill.tierlab");
        writeCanonical(path("kept.csv"), 2000, 40);
        writeCanonical(path("huge.csv"), 1500000, 20000); // about 100 MB: seconds to import
        {
            auto ws = Workspace::create(file);
            ImportOptions o;
            o.path = path("kept.csv");
            QVERIFY(importUsage(*ws, o).ok);
        }
        // How long a whole import of huge.csv takes here (debug, release and sanitizer
        // builds differ tenfold), so the kill lands in the middle of the real one.
        QElapsedTimer clock;
        clock.start();
        QProcess probe;
        probe.start(
            qEnvironmentVariable("TIERLAB_CLI"),
            {"import", m_dir.filePath("huge.csv"), "--workspace", m_dir.filePath("probe.tierlab")});
        QVERIFY(probe.waitForFinished(300000));
        QCOMPARE(probe.exitCode(), 0);
        const qint64 whole = clock.elapsed();
        QProcess p;
        p.start(qEnvironmentVariable("TIERLAB_CLI"), {"import", m_dir.filePath("huge.csv"),
                                                      "--workspace", QString::fromStdString(file)});
        QVERIFY(p.waitForStarted());
        QTest::qWait(static_cast<int>(whole / 2));
        QCOMPARE(p.state(), QProcess::Running);
        p.kill(); // SIGKILL: no cleanup of any kind
        QVERIFY(p.waitForFinished());
        auto ws = Workspace::open(file); // opens (SQLite rolls the journal back)
        const auto sets = ws->datasets();
        QCOMPARE(sets.size(), std::size_t(1));
        QCOMPARE(sets[0].name, std::string("kept"));
        QCOMPARE(sets[0].rowsRead, std::int64_t(2000));
        std::uint64_t requests = 0;
        for (const DailyRow& d : readDailyRows(ws->db(), sets[0].id))
            requests += d.requests;
        QCOMPARE(requests, std::uint64_t(2000)); // every row of kept.csv is one request
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
