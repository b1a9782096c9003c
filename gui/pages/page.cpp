// SPDX-License-Identifier: MIT
#include "page.h"

#include "charts/chartview.h"

#include <limits>

namespace tierlab::gui {

Page::Page(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : QWidget(parent), m_document(document), m_evaluator(evaluator) {
    connect(evaluator, &Evaluator::evaluated, this, &Page::onEvaluated);
}

QList<ChartView*> Page::charts() const {
    return findChildren<ChartView*>();
}

void Page::onEvaluated() {
    // Hidden pages catch up when shown: an edit redraws only what the user sees.
    if (isVisible())
        refreshNow();
}

void Page::refreshNow() {
    const SnapshotPtr snap = snapshot();
    if (!snap)
        return;
    m_shownGeneration = snap->generation;
    m_shown = true;
    showResults(*snap);
}

void Page::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    const SnapshotPtr snap = snapshot();
    if (snap && (!m_shown || snap->generation != m_shownGeneration))
        refreshNow();
}

double Page::resultAt(const EvalSnapshot& snapshot, const std::string& path) {
    const core::ConstPathLookup found = core::lookupPath(snapshot.resultsJson, path);
    return found.node && found.node->is_number() ? found.node->get<double>()
                                                 : std::numeric_limits<double>::quiet_NaN();
}

} // namespace tierlab::gui
