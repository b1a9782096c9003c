// SPDX-License-Identifier: MIT
#include "goalseekdialog.h"

namespace tierlab::gui {

GoalSeekDialog::GoalSeekDialog(WorkspaceDocument*, SnapshotPtr, QWidget* parent) : QDialog(parent) {}

} // namespace tierlab::gui
