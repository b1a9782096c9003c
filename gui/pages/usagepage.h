// SPDX-License-Identifier: MIT
#pragma once

#include "page.h"

namespace tierlab::gui {

class UsagePage : public Page {
    Q_OBJECT

public:
    UsagePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Usage"); }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
};

} // namespace tierlab::gui
