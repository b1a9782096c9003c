// SPDX-License-Identifier: MIT
#include "importdialog.h"

namespace tierlab::gui {

ImportDialog::ImportDialog(WorkspaceDocument*, const QString&, QWidget* parent) : QDialog(parent) {}

} // namespace tierlab::gui
