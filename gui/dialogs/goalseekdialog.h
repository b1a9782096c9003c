// SPDX-License-Identifier: MIT
// Goal seek: choose a numeric input and a result, give a target, and the value that reaches
// it is solved (core::goalSeek, off the GUI thread) and written back as one undoable edit.
#pragma once

#include "document/evaluator.h"

#include <QDialog>

namespace tierlab::gui {

class WorkspaceDocument;

class GoalSeekDialog : public QDialog {
    Q_OBJECT

public:
    GoalSeekDialog(WorkspaceDocument* document, SnapshotPtr snapshot, QWidget* parent = nullptr);
};

} // namespace tierlab::gui
