// SPDX-License-Identifier: MIT
#include "routingpage.h"

namespace tierlab::gui {

RoutingPage::RoutingPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {}

void RoutingPage::showResults(const EvalSnapshot&) {}

} // namespace tierlab::gui
