// SPDX-License-Identifier: MIT
#include "comparepage.h"

namespace tierlab::gui {

ComparePage::ComparePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void ComparePage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
