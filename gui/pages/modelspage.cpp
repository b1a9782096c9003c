// SPDX-License-Identifier: MIT
#include "modelspage.h"

namespace tierlab::gui {

ModelsPage::ModelsPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void ModelsPage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
