// SPDX-License-Identifier: MIT
#include "hardwarepage.h"

namespace tierlab::gui {

HardwarePage::HardwarePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void HardwarePage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
