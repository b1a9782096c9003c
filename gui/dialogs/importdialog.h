// SPDX-License-Identifier: MIT
// Importing a usage file into the workspace: the detected format (or a chosen one, or a
// column mapping), a preview of the first rows as parsed, then the import itself off the GUI
// thread with progress and cancel (core::importUsage).
#pragma once

#include "store/workspace.h"
#include "usage/importer.h"
#include "usage/preview.h"

#include <QDialog>
#include <QFutureWatcher>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
QT_END_NAMESPACE

namespace tierlab::gui {

class ImportMappingEditor;
class ImportPreviewTable;
class WorkspaceDocument;

class ImportDialog : public QDialog {
    Q_OBJECT

public:
    // `path` may be empty: the dialog asks for a file.
    ImportDialog(WorkspaceDocument* document, const QString& path, QWidget* parent = nullptr);
    // Cancels a running import and waits for it.
    ~ImportDialog() override;

    QString path() const { return m_path; }
    // Reads the file's header: detects its format, selects it, names the data set after the
    // file and previews the first rows.
    void setPath(const QString& path);

    // The format the header selects (a built-in id), empty when none does.
    QString detectedFormat() const;
    // The selected format: a built-in id, or "mapped" for the custom column mapping.
    QString selectedFormat() const;
    void selectFormat(const QString& id);
    ImportMappingEditor* mappingEditor() const { return m_mapping; }
    QLineEdit* nameEdit() const { return m_name; }
    QCheckBox* strictBox() const { return m_strict; }
    const core::UsagePreview& preview() const { return m_preview; }
    ImportPreviewTable* previewTable() const { return m_table; }
    // The message shown for a failed preview or import ("" when none).
    QString errorText() const;

    // The options the Import button would run with.
    core::ImportOptions options() const;
    // Starts the import off the GUI thread, as the Import button does; false (with the reason
    // shown) when it cannot start.
    bool startImport();
    void cancelImport(); // as the Cancel button does while importing
    bool isImporting() const { return m_job != nullptr; }
    // What the last successful import stored.
    const std::optional<core::DatasetSummary>& imported() const { return m_imported; }

Q_SIGNALS:
    // An import ended: stored (ok), cancelled or failed.
    void importFinished(bool ok);

public Q_SLOTS:
    // Closing during an import cancels it and waits; one that completed anyway is accepted.
    void reject() override;

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Job;

    QWidget* createFileRow();
    QGroupBox* createFormatBox();
    void browse();
    void refreshPreview();
    void updateImportButton();
    void checkName();
    void updateProgress();
    void importDone();
    void setBusy(bool busy);
    void showError(const QString& text);
    void showSummary(const core::DatasetSummary& summary);

    WorkspaceDocument* m_document;
    QString m_path;
    bool m_askedForFile = false;
    core::UsagePreview m_detection; // the file read with its format detected
    core::UsagePreview m_preview;   // the file read with the selected format
    std::optional<core::DatasetSummary> m_imported;
    std::shared_ptr<Job> m_job;
    QFutureWatcher<core::ImportResult> m_watcher;

    QLineEdit* m_file;
    QPushButton* m_browse;
    QLabel* m_detected;
    QComboBox* m_format;
    QGroupBox* m_mappingBox;
    ImportMappingEditor* m_mapping;
    QLabel* m_assumptions;
    QLineEdit* m_name;
    QLabel* m_nameWarning;
    QCheckBox* m_strict;
    ImportPreviewTable* m_table;
    QLabel* m_error;
    QLabel* m_status;
    QProgressBar* m_progress;
    QTimer* m_progressTimer;
    QDialogButtonBox* m_buttons;
    QPushButton* m_import;
    QPushButton* m_cancel;
};

} // namespace tierlab::gui
