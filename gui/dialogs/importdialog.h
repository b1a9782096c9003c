// SPDX-License-Identifier: MIT
// Importing a usage file into the workspace: the detected format (or a chosen one, or a
// column mapping), a preview of the first rows as parsed, then the import itself off the GUI
// thread with progress and cancel (core::importUsage).
#pragma once

#include <QDialog>

namespace tierlab::gui {

class WorkspaceDocument;

class ImportDialog : public QDialog {
    Q_OBJECT

public:
    // `path` may be empty: the dialog asks for a file.
    ImportDialog(WorkspaceDocument* document, const QString& path, QWidget* parent = nullptr);
};

} // namespace tierlab::gui
