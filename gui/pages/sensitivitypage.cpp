// SPDX-License-Identifier: MIT
#include "sensitivitypage.h"

namespace tierlab::gui {

SensitivityPage::SensitivityPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void SensitivityPage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
