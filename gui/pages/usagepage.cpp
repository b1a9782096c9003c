// SPDX-License-Identifier: MIT
#include "usagepage.h"

namespace tierlab::gui {

UsagePage::UsagePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void UsagePage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
