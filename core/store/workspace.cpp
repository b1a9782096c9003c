// SPDX-License-Identifier: MIT
#include "workspace.h"

#include "atomicfile.h"
#include "curves/curvejson.h"
#include "embedded.h"
#include "scenario/reader.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace tierlab::core {

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3"; // the first 16 bytes, with its NUL

std::string_view embedded(std::string_view path) {
    for (const EmbeddedFile& f : embeddedFiles())
        if (f.path == path)
            return f.text;
    throw WorkspaceError("missing embedded file " + std::string(path));
}

// Refuses files that are not SQLite databases before SQLite touches them.
void checkHeader(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw WorkspaceError(path + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        throw WorkspaceError(path + ": is a directory, not a workspace");
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    if (in.gcount() == 0)
        throw WorkspaceError(path + ": empty file, not a TierLab workspace");
    if (in.gcount() < 16 || std::string_view(header, 16) != std::string_view(kSqliteMagic, 16))
        throw WorkspaceError(path + ": not a TierLab workspace (not an SQLite database)");
}

// Forward migrations: entry k turns schema k + 1 into k + 2. data/schema.sql is always the
// newest schema; a migration brings an older file to it.
constexpr std::string_view kMigrations[] = {
    // 1 -> 2: data sets say whether they hold each request (the replay of limits needs it);
    // data sets imported before have none until re-imported.
    "ALTER TABLE datasets ADD COLUMN has_history INTEGER NOT NULL DEFAULT 0",
    // 2 -> 3: operating curves imported from serving benchmarks.
    "CREATE TABLE curves (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
    "format TEXT NOT NULL, source_files TEXT NOT NULL, imported_at TEXT NOT NULL, "
    "points INTEGER NOT NULL, json TEXT NOT NULL)",
};

void migrate(Database& db, int from, const std::string& path) {
    if (from < 1)
        throw WorkspaceError(path + ": not a TierLab workspace (no schema version)");
    Transaction t(db);
    for (int v = from; v < Workspace::kSchemaVersion; ++v) {
        const auto k = static_cast<std::size_t>(v - 1);
        if (k >= std::size(kMigrations) || kMigrations[k].empty())
            throw WorkspaceError(path + ": no migration from schema " + std::to_string(v));
        db.exec(kMigrations[k]);
    }
    db.exec("PRAGMA user_version = " + std::to_string(Workspace::kSchemaVersion));
    t.commit();
}

void configure(Database& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
}

DatasetSummary summaryFrom(Statement& s);

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return lines;
}

constexpr std::string_view kDatasetColumns =
    "id, name, source_file, format, imported_at, rows_read, rows_skipped, requests, "
    "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, subscribers, models, "
    "first_us, last_us, relative_time, assumptions, skipped_examples, daily_rows, has_history";

DatasetSummary summaryFrom(Statement& s) {
    DatasetSummary d;
    d.id = s.columnInt(0);
    d.name = s.columnText(1);
    d.sourceFile = s.columnText(2);
    d.format = s.columnText(3);
    d.importedAt = s.columnText(4);
    d.rowsRead = s.columnInt(5);
    d.rowsSkipped = s.columnInt(6);
    d.requests = s.columnInt(7);
    d.inputTokens = s.columnInt(8);
    d.outputTokens = s.columnInt(9);
    d.cacheReadTokens = s.columnInt(10);
    d.cacheWriteTokens = s.columnInt(11);
    d.subscribers = s.columnInt(12);
    d.models = s.columnInt(13);
    if (!s.columnIsNull(14))
        d.firstUs = s.columnInt(14);
    if (!s.columnIsNull(15))
        d.lastUs = s.columnInt(15);
    d.relativeTime = s.columnInt(16) != 0;
    d.assumptions = splitLines(s.columnText(17));
    d.skippedExamples = splitLines(s.columnText(18));
    d.dailyRows = s.columnInt(19);
    d.hasHistory = s.columnInt(20) != 0;
    return d;
}

} // namespace

std::string utcNow() {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto days = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{now - days};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()));
    return text;
}

Workspace::Workspace(std::string path, std::unique_ptr<Database> db)
    : m_path(std::move(path)), m_db(std::move(db)) {}

std::unique_ptr<Workspace> Workspace::open(const std::string& path) {
    checkHeader(path);
    std::unique_ptr<Database> db;
    try {
        db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
        if (db->queryInt("PRAGMA application_id") != kApplicationId)
            throw WorkspaceError(path + ": not a TierLab workspace (an SQLite database of "
                                        "another application)");
        {
            // Scoped: a statement left unfinished keeps a read transaction open, in which a
            // file in rollback-journal mode (a backup, a VACUUM INTO copy) cannot turn to WAL.
            Statement check(*db, "PRAGMA quick_check");
            if (check.step() && check.columnText(0) != "ok")
                throw WorkspaceError(path + ": the workspace is damaged (" + check.columnText(0) +
                                     "); open a backup");
        }
        const auto version = static_cast<int>(db->queryInt("PRAGMA user_version"));
        if (version > kSchemaVersion)
            throw WorkspaceError(path + ": written by a newer TierLab (schema " +
                                 std::to_string(version) + "; this version reads up to " +
                                 std::to_string(kSchemaVersion) + ")");
        if (version < 1)
            throw WorkspaceError(path + ": not a TierLab workspace (no schema version)");
        configure(*db);
        if (version < kSchemaVersion)
            migrate(*db, version, path);
    } catch (const DatabaseError& e) {
        throw WorkspaceError(path + ": cannot open the workspace: " + e.what());
    }
    return std::unique_ptr<Workspace>(new Workspace(path, std::move(db)));
}

std::unique_ptr<Workspace> Workspace::create(const std::string& path) {
    return create(path, Fill());
}

std::unique_ptr<Workspace> Workspace::create(const std::string& path, const Fill& fill) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw WorkspaceError(path + ": already exists");
    // Built in a file beside `path` without a sync at each step (a new file has nothing to
    // lose), then flushed once and moved into place: a kill or a crash during creation leaves
    // no half-made workspace at `path`. Creating it in place took six syncs (the switch of an
    // empty file to WAL commits through a rollback journal), 40-60 ms of a 0.6 s import.
    const std::string temp = temporaryPathBeside(path);
    const auto removeTemp = [&] {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(temp + suffix, ignored);
    };
    try {
        {
            auto db = std::make_unique<Database>(temp, Database::Mode::Create);
            // Set before the first table: 16 KiB pages hold a data set's chunks (64 KiB to
            // 1 MiB blobs) in a quarter of the pages of SQLite's default 4 KiB.
            db->exec("PRAGMA page_size = 16384");
            db->exec("PRAGMA synchronous = OFF");
            // The journal in memory while building: what `fill` writes goes into the file
            // once, not into a write-ahead log and then again into the file by a checkpoint
            // (that copy and its two syncs were 0.1 s of the 0.55 s import of a 2M-row file).
            db->exec("PRAGMA journal_mode = MEMORY");
            Workspace building(temp, std::move(db));
            {
                Transaction t(building.db());
                building.db().exec(embedded("schema.sql"));
                building.db().exec("PRAGMA application_id = " + std::to_string(kApplicationId));
                building.db().exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
                building.seed();
                t.commit();
            }
            if (fill && !fill(building)) {
                building.m_db.reset();
                removeTemp();
                return nullptr;
            }
            // Kept in the file's header: open() finds it.
            building.db().exec("PRAGMA journal_mode = WAL");
            building.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } // the last connection closed: the WAL is in the file and removed
        if (std::filesystem::file_size(temp + "-wal", ec) > 0 && !ec)
            throw DatabaseError("the new workspace's log was not written into it");
        if (const std::error_code moved = moveIntoPlace(temp, path, MoveMode::NoReplace)) {
            removeTemp();
            throw WorkspaceError(path +
                                 (moved == std::errc::file_exists
                                      ? std::string(": already exists")
                                      : ": cannot create the workspace: " + moved.message()));
        }
        // Built just now: open()'s header, integrity and version checks would only re-read it.
        auto db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
        configure(*db);
        return std::unique_ptr<Workspace>(new Workspace(path, std::move(db)));
    } catch (const WorkspaceError&) {
        removeTemp();
        throw;
    } catch (const std::exception& e) {
        removeTemp();
        throw WorkspaceError(path + ": cannot create the workspace: " + e.what());
    }
}

std::unique_ptr<Workspace> Workspace::openOrCreate(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec) ? open(path) : create(path);
}

// Seeds the default price catalog, the measured curves of data/curves/ and the sample
// scenarios of data/.
void Workspace::seed() {
    Statement insert(*m_db, "INSERT INTO catalog_prices (catalog, provider, model, "
                            "input_per_mtok, output_per_mtok, cache_read_per_mtok, "
                            "cache_write_per_mtok, max_input_tokens, as_of, source) "
                            "VALUES ('tierlab', '', ?, ?, ?, ?, ?, ?, ?, ?)");
    const ReadResult catalog = readScenario(parseJsonText(embedded("catalog/models.json")).doc);
    for (const ModelSpec& m : catalog.scenario.models) {
        insert.bind(1, m.id)
            .bind(2, m.price.inputPerMtokUsd)
            .bind(3, m.price.outputPerMtokUsd)
            .bind(4, m.price.cacheReadPerMtokUsd)
            .bind(5, m.price.cacheWritePerMtokUsd)
            .bindNull(6)
            .bind(7, m.price.asOf)
            .bind(8, m.price.source)
            .run();
    }
    for (const EmbeddedFile& f : embeddedFiles()) {
        if (!f.path.starts_with("curves/") || !f.path.ends_with(".json"))
            continue;
        Diagnostics diagnostics;
        FieldIndex fields;
        ReadContext ctx{diagnostics, fields};
        const auto curve = readCurveJson(parseJsonText(f.text).doc, std::string(f.path), ctx);
        if (!curve)
            throw WorkspaceError("embedded " + std::string(f.path) + ": " +
                                 formatDiagnostic(diagnostics.front()));
        putCurve(*curve, "tierlab-curve");
    }
    for (const EmbeddedFile& f : embeddedFiles()) {
        if (!f.path.starts_with("scenarios/") || !f.path.ends_with(".json"))
            continue;
        const auto stem = f.path.substr(10, f.path.size() - 15);
        putScenario(std::string(stem), parseJsonText(f.text).doc);
    }
}

void Workspace::putScenario(const std::string& name, const Json& doc) {
    Statement s(*m_db, "INSERT INTO scenarios (name, json, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET json = excluded.json, "
                       "updated_at = excluded.updated_at");
    s.bind(1, name).bind(2, writeJsonText(doc)).bind(3, utcNow()).run();
}

std::optional<Json> Workspace::scenario(const std::string& name) {
    Statement s(*m_db, "SELECT json FROM scenarios WHERE name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return parseJsonText(s.columnText(0)).doc;
}

void Workspace::removeScenario(const std::string& name) {
    Statement s(*m_db, "DELETE FROM scenarios WHERE name = ?");
    s.bind(1, name).run();
}

std::vector<std::string> Workspace::scenarioNames() {
    Statement s(*m_db, "SELECT name FROM scenarios ORDER BY name");
    std::vector<std::string> names;
    while (s.step())
        names.push_back(s.columnText(0));
    return names;
}

std::size_t Workspace::putCatalogPrices(const std::vector<CatalogPrice>& prices,
                                        const std::string& asOf, const std::string& source) {
    Statement s(*m_db,
                "INSERT OR REPLACE INTO catalog_prices (catalog, provider, model, input_per_mtok, "
                "output_per_mtok, cache_read_per_mtok, cache_write_per_mtok, threshold_tokens, "
                "input_above_per_mtok, output_above_per_mtok, max_input_tokens, "
                "max_output_tokens, mode, as_of, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const CatalogPrice& p : prices) {
        s.bind(1, p.catalog).bind(2, p.provider).bind(3, p.model);
        s.bind(4, p.inputPerMtok).bind(5, p.outputPerMtok).bind(6, p.cacheReadPerMtok);
        s.bind(7, p.cacheWritePerMtok).bind(8, p.thresholdTokens).bind(9, p.inputAbovePerMtok);
        s.bind(10, p.outputAbovePerMtok).bind(11, p.maxInputTokens).bind(12, p.maxOutputTokens);
        s.bind(13, p.mode).bind(14, asOf).bind(15, source).run();
    }
    return prices.size();
}

std::vector<CatalogPrice> Workspace::catalogPrices(const std::string& catalog) {
    Statement s(*m_db, "SELECT catalog, provider, model, input_per_mtok, output_per_mtok, "
                       "cache_read_per_mtok, cache_write_per_mtok, threshold_tokens, "
                       "input_above_per_mtok, output_above_per_mtok, max_input_tokens, "
                       "max_output_tokens, mode, as_of, source FROM catalog_prices "
                       "WHERE ?1 = '' OR catalog = ?1 ORDER BY catalog, model");
    s.bind(1, catalog);
    std::vector<CatalogPrice> out;
    while (s.step()) {
        CatalogPrice p;
        p.catalog = s.columnText(0);
        p.provider = s.columnText(1);
        p.model = s.columnText(2);
        p.inputPerMtok = s.columnOptionalDouble(3);
        p.outputPerMtok = s.columnOptionalDouble(4);
        p.cacheReadPerMtok = s.columnOptionalDouble(5);
        p.cacheWritePerMtok = s.columnOptionalDouble(6);
        p.thresholdTokens = s.columnOptionalDouble(7);
        p.inputAbovePerMtok = s.columnOptionalDouble(8);
        p.outputAbovePerMtok = s.columnOptionalDouble(9);
        p.maxInputTokens = s.columnOptionalDouble(10);
        p.maxOutputTokens = s.columnOptionalDouble(11);
        p.mode = s.columnText(12);
        p.asOf = s.columnText(13);
        p.source = s.columnText(14);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<DatasetSummary> Workspace::datasets() {
    Statement s(*m_db, "SELECT " + std::string(kDatasetColumns) + " FROM datasets ORDER BY name");
    std::vector<DatasetSummary> out;
    while (s.step())
        out.push_back(summaryFrom(s));
    return out;
}

std::optional<DatasetSummary> Workspace::dataset(const std::string& name) {
    Statement s(*m_db, "SELECT " + std::string(kDatasetColumns) + " FROM datasets WHERE name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return summaryFrom(s);
}

} // namespace tierlab::core

namespace tierlab::core {

namespace {

std::string joinLines(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines)
        s += (s.empty() ? "" : "\n") + l;
    return s;
}

StoredCurve storedFrom(Statement& s, const std::string& workspace) {
    StoredCurve c;
    c.name = s.columnText(0);
    c.format = s.columnText(1);
    c.sourceFiles = splitLines(s.columnText(2));
    c.importedAt = s.columnText(3);
    const std::string where = workspace + ": curve '" + c.name + "'";
    const ParsedJson parsed = parseJsonText(s.columnText(4));
    if (parsed.error)
        throw WorkspaceError(where +
                             ": stored JSON is damaged: " + formatDiagnostic(*parsed.error));
    Diagnostics diagnostics;
    FieldIndex fields;
    ReadContext ctx{diagnostics, fields};
    auto curve = readCurveJson(parsed.doc, "", ctx);
    if (!curve)
        throw WorkspaceError(where + ": " + formatDiagnostic(diagnostics.front()));
    c.curve = std::move(*curve);
    return c;
}

constexpr std::string_view kCurveColumns = "name, format, source_files, imported_at, json";

} // namespace

std::string Workspace::putCurve(const Curve& curve, const std::string& format) {
    std::vector<std::string> files;
    for (const CurvePoint& p : curve.points)
        if (std::find(files.begin(), files.end(), p.source.file) == files.end())
            files.push_back(p.source.file);
    const std::string name = curveName(curve);
    Statement s(*m_db, "INSERT INTO curves (name, format, source_files, imported_at, points, "
                       "json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                       "format = excluded.format, source_files = excluded.source_files, "
                       "imported_at = excluded.imported_at, points = excluded.points, "
                       "json = excluded.json");
    s.bind(1, name);
    s.bind(2, format);
    s.bind(3, joinLines(files));
    s.bind(4, utcNow());
    s.bind(5, static_cast<std::int64_t>(curve.points.size()));
    s.bind(6, curveToJson(curve).dump());
    s.step();
    return name;
}

std::optional<StoredCurve> Workspace::curve(const std::string& name) {
    Statement s(*m_db, "SELECT " + std::string(kCurveColumns) + " FROM curves WHERE name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return storedFrom(s, m_path);
}

std::vector<StoredCurve> Workspace::curves() {
    Statement s(*m_db, "SELECT " + std::string(kCurveColumns) + " FROM curves ORDER BY name");
    std::vector<StoredCurve> out;
    while (s.step())
        out.push_back(storedFrom(s, m_path));
    return out;
}

std::vector<std::string> Workspace::curveNames() {
    Statement s(*m_db, "SELECT name FROM curves ORDER BY name");
    std::vector<std::string> out;
    while (s.step())
        out.push_back(s.columnText(0));
    return out;
}

bool namesStoredCurves(const Scenario& s) {
    return std::any_of(s.models.begin(), s.models.end(),
                       [](const ModelSpec& m) { return m.served && !m.serving.curveName.empty(); });
}

Json inlineStoredCurves(Json doc, const Scenario& resolved) {
    if (!doc.contains("models") || !doc["models"].is_array())
        return doc;
    Json& models = doc["models"];
    for (std::size_t i = 0; i < resolved.models.size() && i < models.size(); ++i) {
        const ServingSpec& v = resolved.models[i].serving;
        if (!v.curveName.empty() && v.curve && models[i].contains("serving"))
            models[i]["serving"]["curve"] = curveToJson(*v.curve);
    }
    return doc;
}

Diagnostics resolveCurves(Scenario& s, const std::vector<StoredCurve>& stored,
                          const std::string& where) {
    Diagnostics out;
    for (std::size_t i = 0; i < s.models.size(); ++i) {
        ServingSpec& v = s.models[i].serving;
        if (!s.models[i].served || v.curveName.empty())
            continue;
        const auto it = std::find_if(stored.begin(), stored.end(),
                                     [&](const StoredCurve& c) { return c.name == v.curveName; });
        if (it != stored.end()) {
            v.curve = it->curve;
            continue;
        }
        std::string names;
        for (const StoredCurve& c : stored)
            names += (names.empty() ? "" : "; ") + c.name;
        out.push_back({Diagnostic::Severity::Error, childPath("models", i) + ".serving.curve",
                       "no curve '" + v.curveName + "' in " + where +
                           (names.empty() ? " (it has none: tierlab-cli curve import FILE "
                                            "--workspace W)"
                                          : " (it has: " + names + ")")});
    }
    return out;
}

} // namespace tierlab::core
