// SPDX-License-Identifier: MIT
#pragma once

#include "page.h"

namespace tierlab::gui {

class ComparePage : public Page {
    Q_OBJECT

public:
    ComparePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Compare"); }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
};

} // namespace tierlab::gui
