// SPDX-License-Identifier: MIT
#pragma once

#include "page.h"

namespace tierlab::gui {

class ModelsPage : public Page {
    Q_OBJECT

public:
    ModelsPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Models & Prices"); }

protected:
    void showResults(const EvalSnapshot& snapshot) override;
};

} // namespace tierlab::gui
