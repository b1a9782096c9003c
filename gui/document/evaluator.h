// SPDX-License-Identifier: MIT
// Runs the one evaluation (core::evaluate) of a scenario off the GUI thread. The newest
// request wins: while one evaluation runs, later requests replace each other, and a result
// that is no longer the latest is dropped, so the window never freezes and never shows a
// stale number (architecture.md, idea 4).
//
// A data set named by the scenario is decoded once and cached: a price edit re-prices the
// cached subscribers without touching the file again.
#pragma once

#include "eval/evaluate.h"
#include "scenario/fieldreader.h"
#include "scenario/jsonpath.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace tierlab::gui {

// Everything one evaluation produced, shared read-only with every page.
struct EvalSnapshot {
    quint64 generation = 0;
    QString scenarioName;
    core::Json document;           // the scenario as evaluated
    // `document` with the stored curves it names inline (inlineStoredCurves): what goal seek
    // and sensitivity evaluate again without the workspace. Same as `document` without any.
    core::Json probeDocument;
    core::Diagnostics diagnostics; // reading, data set loading and evaluation
    bool ok = false;               // no error: results are complete
    core::Results results;
    core::Json resultsJson;                       // the same results, addressed by JSON path
    core::FieldIndex fields;                      // numeric inputs with their valid ranges
    std::shared_ptr<const core::UsageData> usage; // a data set's usage; null otherwise
    double evaluationMs = 0;                      // time spent in the worker
};
using SnapshotPtr = std::shared_ptr<const EvalSnapshot>;

class Evaluator : public QObject {
    Q_OBJECT

public:
    explicit Evaluator(QObject* parent = nullptr);
    ~Evaluator() override;

    // The workspace whose data sets scenarios may name (opened read-only by the worker).
    void setWorkspacePath(const QString& path);
    // Queues an evaluation; supersedes any request not yet started.
    void request(const QString& scenarioName, const core::Json& doc);
    // Forgets the cached data set (after an import replaced it).
    void invalidateUsage();

    SnapshotPtr latest() const { return m_latest; }
    bool isBusy() const { return m_running; }
    // Blocks, processing events, until no evaluation runs or is queued (tests, screenshots).
    void waitForIdle();

    // Evaluates synchronously on the calling thread (tests, benchmarks, the compare page).
    struct UsageCache; // the decoded data set, shared with the worker

    static SnapshotPtr evaluateNow(const QString& scenarioName, const core::Json& doc,
                                   const QString& workspacePath, quint64 generation = 0);

Q_SIGNALS:
    void evaluated(tierlab::gui::SnapshotPtr snapshot);
    void busyChanged(bool busy);

private:
    struct Job {
        quint64 generation = 0;
        QString scenarioName;
        core::Json doc;
    };
    void startNext();
    void finished();

    QString m_workspacePath;
    std::shared_ptr<UsageCache> m_cache;
    std::optional<Job> m_pending;
    quint64 m_generation = 0;
    bool m_running = false;
    SnapshotPtr m_latest;
    QFutureWatcher<SnapshotPtr> m_watcher;
};

} // namespace tierlab::gui
