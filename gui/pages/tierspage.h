// SPDX-License-Identifier: MIT
#pragma once

#include "page.h"

namespace tierlab::gui {

class TiersPage : public Page {
    Q_OBJECT

public:
    TiersPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Tiers"); }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
};

} // namespace tierlab::gui
