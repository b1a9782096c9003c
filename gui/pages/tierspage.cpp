// SPDX-License-Identifier: MIT
#include "tierspage.h"

namespace tierlab::gui {

TiersPage::TiersPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void TiersPage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
