// SPDX-License-Identifier: MIT
// The workspace: one SQLite file (.tierlab) holding scenarios, catalogs, imported usage data
// sets and report snapshots (architecture.md, idea 5). Every change is a transaction.
#pragma once

#include "curves/curve.h"
#include "database.h"
#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"
#include "scenario/scenario.h"
#include "usage/catalogs.h"

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tierlab::core {

// Why a file cannot be used as a workspace; the file is left untouched.
class WorkspaceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the datasets table says of one imported data set.
struct DatasetSummary {
    std::int64_t id = 0;
    std::string name;
    std::string sourceFile;
    std::string format;
    std::string importedAt;
    std::int64_t rowsRead = 0;
    std::int64_t rowsSkipped = 0;
    std::int64_t requests = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cacheReadTokens = 0;
    std::int64_t cacheWriteTokens = 0;
    std::int64_t subscribers = 0;
    std::int64_t models = 0;
    std::int64_t dailyRows = 0; // aggregates stored: subscriber x model x channel x day
    std::optional<std::int64_t> firstUs;
    std::optional<std::int64_t> lastUs;
    bool relativeTime = false;
    // Every request is stored (time, subscriber, model, channel, tokens), so limits can be
    // replayed over it; false for daily-only formats and for data sets imported before
    // schema 2, whose limits are applied as a monthly bound.
    bool hasHistory = false;
    std::vector<std::string> assumptions;
    std::vector<std::string> skippedExamples;
};

// An operating curve as the workspace stores it.
struct StoredCurve {
    std::string name; // curveName(curve)
    std::string format;
    std::vector<std::string> sourceFiles;
    std::string importedAt;
    Curve curve;
};

class Workspace {
public:
    static constexpr int kSchemaVersion = 3;
    static constexpr std::int32_t kApplicationId = 0x544C4142; // 'TLAB'

    // Opens an existing workspace, applying forward migrations. Throws WorkspaceError, without
    // changing the file, when it is missing, not a workspace, corrupt, or of a newer schema.
    static std::unique_ptr<Workspace> open(const std::string& path);
    // Creates a new workspace seeded with the default catalog and sample scenarios. Throws
    // WorkspaceError if the file exists.
    static std::unique_ptr<Workspace> create(const std::string& path);
    // Creates a new workspace and lets `fill` write to it before it appears at `path`, in the
    // file being built (no sync at each commit, no write-ahead log: the data go into the file
    // once, and one sync makes them durable). Returns nullptr, leaving no file, when `fill`
    // returns false; a throw from `fill` also leaves no file (a WorkspaceError says why).
    using Fill = std::function<bool(Workspace&)>;
    static std::unique_ptr<Workspace> create(const std::string& path, const Fill& fill);
    // Opens the workspace, or creates it when no file is there.
    static std::unique_ptr<Workspace> openOrCreate(const std::string& path);

    Database& db() { return *m_db; }
    const std::string& path() const { return m_path; }

    // Scenarios, by name, as their JSON documents.
    void putScenario(const std::string& name, const Json& doc);
    std::optional<Json> scenario(const std::string& name);
    void removeScenario(const std::string& name); // no-op when absent
    std::vector<std::string> scenarioNames();

    // Catalog prices; replaces the rows of the same catalog and model. Returns rows written.
    std::size_t putCatalogPrices(const std::vector<CatalogPrice>& prices, const std::string& asOf,
                                 const std::string& source);
    std::vector<CatalogPrice> catalogPrices(const std::string& catalog = {});

    // Operating curves (docs/curves.md). putCurve stores one under curveName(curve),
    // replacing a curve of that name, and returns the name; callers wrap several in one
    // Transaction. A stored curve that no longer reads throws WorkspaceError.
    std::string putCurve(const Curve& curve, const std::string& format);
    std::optional<StoredCurve> curve(const std::string& name);
    std::vector<StoredCurve> curves();
    std::vector<std::string> curveNames();

    std::vector<DatasetSummary> datasets();
    std::optional<DatasetSummary> dataset(const std::string& name);

private:
    Workspace(std::string path, std::unique_ptr<Database> db);
    void seed();

    std::string m_path;
    std::unique_ptr<Database> m_db;
};

// Whether a model of the scenario names a stored curve (models[].serving.curve as a string).
bool namesStoredCurves(const Scenario& s);
// Sets models[].serving.curve of each model that names a stored curve from `stored` (the
// curves of the workspace at `where`); an error at models[i].serving.curve naming the curves
// there when the name is not one of them.
Diagnostics resolveCurves(Scenario& s, const std::vector<StoredCurve>& stored,
                          const std::string& where);

// `doc` with each stored curve that `resolved` (its scenario after resolveCurves) names
// written inline in its JSON form: a document that evaluates alone, for what-if copies
// (goal seek, sensitivity) that read the document again.
Json inlineStoredCurves(Json doc, const Scenario& resolved);

// Current UTC time as ISO 8601 ("2026-11-22T12:00:00Z").
std::string utcNow();

} // namespace tierlab::core
