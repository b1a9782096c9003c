// SPDX-License-Identifier: MIT
// A page of the main window: editors over the active scenario and charts of its latest
// evaluation. Pages never compute economics: they show EvalSnapshot results and push edits
// through the document's undo stack.
#pragma once

#include "document/evaluator.h"

#include <QWidget>

namespace tierlab::gui {

class ChartView;
class WorkspaceDocument;

class Page : public QWidget {
    Q_OBJECT

public:
    Page(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);

    virtual QString title() const = 0;
    // Every chart on the page (zoom reset, screenshots, tests).
    QList<ChartView*> charts() const;
    // Refreshes from the latest evaluation now, visible or not (tests, screenshots).
    void refreshNow();
    // Blocks, processing events, until work the page started itself (its own evaluations,
    // a sensitivity run) has finished. Pages without such work return at once.
    virtual void waitForIdle() {}
    // Views the screenshots show besides the first (tabs of the page): their names, and a
    // way to show one ("" shows the page as it first appears).
    virtual QStringList screenshotViews() const { return {}; }
    virtual void showScreenshotView(const QString& view) { (void)view; }

protected:
    WorkspaceDocument* document() const { return m_document; }
    Evaluator* evaluator() const { return m_evaluator; }
    SnapshotPtr snapshot() const { return m_evaluator->latest(); }

    // Shows a new evaluation of the active scenario. Called when the page is visible, or
    // when it next becomes visible.
    virtual void showResults(const EvalSnapshot& snapshot) = 0;

    // A number in the results by JSON path (tiers[id=pro].margin_usd); NaN when absent.
    static double resultAt(const EvalSnapshot& snapshot, const std::string& path);

    void showEvent(QShowEvent* event) override;

private:
    void onEvaluated();

    WorkspaceDocument* m_document;
    Evaluator* m_evaluator;
    quint64 m_shownGeneration = 0;
    bool m_shown = false;
};

} // namespace tierlab::gui
