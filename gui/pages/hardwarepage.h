// SPDX-License-Identifier: MIT
#pragma once

#include "page.h"

namespace tierlab::gui {

class HardwarePage : public Page {
    Q_OBJECT

public:
    HardwarePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Hardware & Pods"); }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
};

} // namespace tierlab::gui
