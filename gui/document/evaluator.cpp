// SPDX-License-Identifier: MIT
#include "evaluator.h"

#include "app/convert.h"
#include "eval/resultsjson.h"
#include "scenario/reader.h"
#include "store/datasetstore.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <mutex>

namespace tierlab::gui {

// The last data set decoded, keyed by what loading it depends on: the workspace, the usage
// section and the scenario's tier and model ids (names are mapped to them).
struct Evaluator::UsageCache {
    std::mutex mutex;
    std::string key;
    std::shared_ptr<const core::UsageData> usage;
    core::Diagnostics diagnostics;
    // The tiers' replays over `usage`, renewed with it: a price edit reuses them.
    std::shared_ptr<core::ReplayCache> replays;
    // The workspace's operating curves, read once per workspace the first time a scenario
    // names one (models[].serving.curve).
    std::string curvesPath;
    std::vector<core::StoredCurve> curves;
};

namespace {

std::string usageKey(const QString& workspacePath, const core::Json& doc) {
    core::Json key = core::Json::array();
    key.push_back(toStd(workspacePath));
    key.push_back(doc.value("usage", core::Json()));
    for (const char* list : {"tiers", "models"}) {
        core::Json ids = core::Json::array();
        if (doc.contains(list) && doc[list].is_array())
            for (const auto& item : doc[list])
                ids.push_back(item.is_object() ? item.value("id", core::Json()) : core::Json());
        key.push_back(ids);
    }
    return key.dump();
}

core::Diagnostic error(std::string path, std::string message) {
    return {core::Diagnostic::Severity::Error, std::move(path), std::move(message)};
}

std::shared_ptr<const core::UsageData>
loadUsage(const core::Scenario& s, const QString& workspacePath, core::Diagnostics& diagnostics) {
    try {
        auto ws = core::Workspace::open(toStd(workspacePath));
        return std::make_shared<core::UsageData>(core::loadDatasetUsage(*ws, s, diagnostics));
    } catch (const std::exception& e) {
        diagnostics.push_back(error("usage.dataset", e.what()));
        return nullptr;
    }
}

// The data set the scenario names, decoded once per cache key; null when it names none.
std::shared_ptr<const core::UsageData> datasetUsage(const core::Scenario& s, const core::Json& doc,
                                                    const QString& workspacePath,
                                                    Evaluator::UsageCache* cache,
                                                    core::Diagnostics& diagnostics,
                                                    std::shared_ptr<core::ReplayCache>& replays) {
    if (s.usage.source != core::UsageSource::Dataset || workspacePath.isEmpty())
        return nullptr;
    if (!cache)
        return loadUsage(s, workspacePath, diagnostics);
    const std::string key = usageKey(workspacePath, doc);
    std::lock_guard lock(cache->mutex);
    if (cache->key != key) {
        cache->diagnostics.clear();
        cache->usage = loadUsage(s, workspacePath, cache->diagnostics);
        cache->key = key;
        cache->replays = std::make_shared<core::ReplayCache>();
    }
    replays = cache->replays;
    diagnostics.insert(diagnostics.end(), cache->diagnostics.begin(), cache->diagnostics.end());
    return cache->usage;
}

// Fills the stored curves the scenario's models name; errors into `diagnostics`.
void resolveStoredCurves(core::Scenario& s, const QString& workspacePath,
                         Evaluator::UsageCache* cache, core::Diagnostics& diagnostics) {
    if (!core::namesStoredCurves(s))
        return;
    if (workspacePath.isEmpty()) {
        diagnostics.push_back(error("models", "a model names a stored operating curve, and no "
                                              "workspace is open"));
        return;
    }
    try {
        const std::string path = toStd(workspacePath);
        std::vector<core::StoredCurve> loaded;
        const std::vector<core::StoredCurve>* curves = &loaded;
        std::unique_lock<std::mutex> lock;
        if (cache) {
            lock = std::unique_lock(cache->mutex);
            if (cache->curvesPath != path) {
                cache->curves = core::Workspace::open(path)->curves();
                cache->curvesPath = path;
            }
            curves = &cache->curves;
        } else {
            loaded = core::Workspace::open(path)->curves();
        }
        const core::Diagnostics d = core::resolveCurves(s, *curves, path);
        diagnostics.insert(diagnostics.end(), d.begin(), d.end());
    } catch (const std::exception& e) {
        diagnostics.push_back(error("models", e.what()));
    }
}

SnapshotPtr compute(quint64 generation, const QString& name, const core::Json& doc,
                    const QString& workspacePath, Evaluator::UsageCache* cache) {
    const auto start = std::chrono::steady_clock::now();
    auto snap = std::make_shared<EvalSnapshot>();
    snap->generation = generation;
    snap->scenarioName = name;
    snap->document = doc;
    snap->probeDocument = doc;
    try {
        core::ReadResult read = core::readScenario(doc);
        snap->diagnostics = read.diagnostics;
        snap->fields = std::move(read.fields);
        if (read.ok() && core::namesStoredCurves(read.scenario)) {
            resolveStoredCurves(read.scenario, workspacePath, cache, snap->diagnostics);
            snap->probeDocument = core::inlineStoredCurves(doc, read.scenario);
        }
        if (read.ok() && !core::hasErrors(snap->diagnostics)) {
            std::shared_ptr<core::ReplayCache> replays;
            snap->usage =
                datasetUsage(read.scenario, doc, workspacePath, cache, snap->diagnostics, replays);
            if (!core::hasErrors(snap->diagnostics)) {
                core::EvalOutcome out = snap->usage && replays
                                            ? core::evaluate(read.scenario, *snap->usage, *replays,
                                                             core::replayKeys(doc))
                                            : core::evaluate(read.scenario, snap->usage.get());
                snap->diagnostics.insert(snap->diagnostics.end(), out.diagnostics.begin(),
                                         out.diagnostics.end());
                snap->results = std::move(out.results);
                snap->ok = !core::hasErrors(snap->diagnostics);
                snap->resultsJson = core::resultsToJson(snap->results);
            }
        }
    } catch (const std::exception& e) {
        // Core reports problems as diagnostics; anything thrown is a bug, shown, not fatal.
        snap->diagnostics.push_back(error("", e.what()));
        snap->ok = false;
    }
    snap->evaluationMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return snap;
}

} // namespace

Evaluator::Evaluator(QObject* parent) : QObject(parent), m_cache(std::make_shared<UsageCache>()) {
    connect(&m_watcher, &QFutureWatcher<SnapshotPtr>::finished, this, &Evaluator::finished);
}

Evaluator::~Evaluator() {
    m_pending.reset();
    m_watcher.waitForFinished();
}

void Evaluator::setWorkspacePath(const QString& path) {
    m_workspacePath = path;
    invalidateUsage();
}

void Evaluator::request(const QString& scenarioName, const core::Json& doc) {
    m_pending = Job{++m_generation, scenarioName, doc};
    if (!m_running)
        startNext();
}

void Evaluator::invalidateUsage() {
    std::lock_guard lock(m_cache->mutex);
    m_cache->key.clear();
    m_cache->usage.reset();
    m_cache->curvesPath.clear(); // curves imported since are read again
    m_cache->curves.clear();
}

void Evaluator::startNext() {
    if (!m_pending)
        return;
    Job job = std::move(*m_pending);
    m_pending.reset();
    const bool wasRunning = m_running;
    m_running = true;
    m_watcher.setFuture(
        QtConcurrent::run([job = std::move(job), path = m_workspacePath, cache = m_cache]() {
            return compute(job.generation, job.scenarioName, job.doc, path, cache.get());
        }));
    if (!wasRunning)
        Q_EMIT busyChanged(true);
}

void Evaluator::finished() {
    SnapshotPtr snap = m_watcher.result();
    if (m_pending) {
        startNext(); // a newer edit arrived: this result is already stale
        return;
    }
    m_running = false;
    if (snap->generation == m_generation) {
        m_latest = snap;
        Q_EMIT evaluated(snap);
    }
    Q_EMIT busyChanged(false);
}

// An event loop that sleeps until the evaluator is idle. processEvents(flags, maxTime) drops
// WaitForMoreEvents, so a loop of it spun the GUI thread and, on two cores, took one from the
// replay's threads (a limit edit on 1M requests measured about 10 ms slower for it).
void Evaluator::waitForIdle() {
    if (!m_running && !m_pending)
        return;
    QEventLoop loop;
    connect(this, &Evaluator::busyChanged, &loop, [&loop](bool busy) {
        if (!busy)
            loop.quit();
    });
    loop.exec();
}

SnapshotPtr Evaluator::evaluateNow(const QString& scenarioName, const core::Json& doc,
                                   const QString& workspacePath, quint64 generation) {
    return compute(generation, scenarioName, doc, workspacePath, nullptr);
}

} // namespace tierlab::gui
