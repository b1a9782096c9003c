// SPDX-License-Identifier: MIT
#include "importdialog.h"

#include "app/convert.h"
#include "charts/palette.h"
#include "dialogs/importmappingeditor.h"
#include "dialogs/importpreviewtable.h"
#include "document/workspacedocument.h"
#include "pages/usagetext.h"
#include "usage/formats.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

namespace tierlab::gui {

namespace {

constexpr std::size_t kPreviewRows = 20;
constexpr int kProgressSteps = 1000;
constexpr int kProgressPollMs = 100;
constexpr int kSummaryExamples = 5;
const QString kMapped = QStringLiteral("mapped");
// QSettings key (typed, next to its use): the folder of the last usage file.
const QString kLastDirKey = QStringLiteral("import/lastDirectory");

core::ImportResult runImport(const std::string& workspacePath, const core::ImportOptions& options,
                             const core::ProgressFn& progress, const core::CancelToken* cancel) {
    // The worker has its own connection: an SQLite handle is not shared across threads.
    try {
        auto ws = core::Workspace::open(workspacePath);
        return core::importUsage(*ws, options, progress, cancel);
    } catch (const std::exception& e) {
        core::ImportResult failed;
        failed.error = e.what();
        return failed;
    }
}

} // namespace

// What the worker shares with the dialog: the cancel token and the bytes read so far.
struct ImportDialog::Job {
    core::CancelToken cancel;
    std::atomic<std::uint64_t> done{0};
    std::atomic<std::uint64_t> total{0};
};

ImportDialog::ImportDialog(WorkspaceDocument* document, const QString& path, QWidget* parent)
    : QDialog(parent), m_document(document) {
    setWindowTitle(tr("Import Usage"));
    m_table = new ImportPreviewTable;
    m_table->setMinimumHeight(220);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, kErrorTextColor);
    m_error->setPalette(red);
    m_error->hide();
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_progress = new QProgressBar;
    m_progress->setRange(0, kProgressSteps);
    m_progress->hide();
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(kProgressPollMs);
    connect(m_progressTimer, &QTimer::timeout, this, &ImportDialog::updateProgress);
    connect(&m_watcher, &QFutureWatcher<core::ImportResult>::finished, this,
            &ImportDialog::importDone);

    m_buttons = new QDialogButtonBox;
    m_import = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_import->setDefault(true);
    connect(m_import, &QPushButton::clicked, this, [this] { startImport(); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (isImporting())
            cancelImport();
        else
            reject();
    });

    auto* previewBox = new QGroupBox(tr("First rows as they will be read"));
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_table);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createFileRow());
    layout->addWidget(createFormatBox());
    layout->addWidget(previewBox, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);
    resize(980, 720);

    if (!path.isEmpty())
        setPath(path);
    else
        refreshPreview();
}

ImportDialog::~ImportDialog() {
    if (m_job) {
        m_job->cancel.cancel();
        m_watcher.waitForFinished();
    }
}

QWidget* ImportDialog::createFileRow() {
    auto* row = new QWidget;
    auto* form = new QFormLayout(row);
    form->setContentsMargins(0, 0, 0, 0);
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("fileEdit"));
    m_file->setReadOnly(true);
    m_file->setPlaceholderText(tr("Choose a usage file (CSV, .gz, JSON lines)"));
    m_browse = new QPushButton(tr("Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &ImportDialog::browse);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    form->addRow(tr("File:"), fileRow);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("nameEdit"));
    connect(m_name, &QLineEdit::textChanged, this, &ImportDialog::checkName);
    m_nameWarning = new QLabel;
    m_nameWarning->setWordWrap(true);
    QPalette warn = m_nameWarning->palette();
    warn.setColor(QPalette::WindowText, kErrorTextColor);
    m_nameWarning->setPalette(warn);
    m_nameWarning->hide();
    m_strict = new QCheckBox(tr("Strict: stop at the first bad row (default: skip and count)"));
    m_strict->setObjectName(QStringLiteral("strictBox"));
    connect(m_strict, &QCheckBox::toggled, this, &ImportDialog::refreshPreview);
    auto* nameColumn = new QVBoxLayout;
    nameColumn->addWidget(m_name);
    nameColumn->addWidget(m_nameWarning);
    form->addRow(tr("Data set name:"), nameColumn);
    form->addRow(QString(), m_strict);
    return row;
}

QGroupBox* ImportDialog::createFormatBox() {
    auto* box = new QGroupBox(tr("Format"));
    m_detected = new QLabel;
    m_detected->setObjectName(QStringLiteral("detectedLabel"));
    m_detected->setWordWrap(true);
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("formatCombo"));
    for (const core::Format& f : core::builtInFormats())
        m_format->addItem(QStringLiteral("%1 (%2)").arg(toQ(f.title), toQ(f.id)), toQ(f.id));
    m_format->addItem(tr("Custom column mapping"), kMapped);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::refreshPreview);
    m_mapping = new ImportMappingEditor;
    connect(m_mapping, &ImportMappingEditor::changed, this, &ImportDialog::refreshPreview);
    m_mappingBox = new QGroupBox(tr("Columns of the file (role = column)"));
    auto* mappingLayout = new QVBoxLayout(m_mappingBox);
    mappingLayout->addWidget(m_mapping);
    m_mappingBox->hide();
    m_assumptions = new QLabel;
    m_assumptions->setWordWrap(true);

    auto* left = new QFormLayout;
    left->addRow(tr("Detected:"), m_detected);
    left->addRow(tr("Read as:"), m_format);
    left->addRow(tr("Assumes:"), m_assumptions);
    auto* layout = new QHBoxLayout(box);
    layout->addLayout(left, 3);
    layout->addWidget(m_mappingBox, 2);
    return box;
}

void ImportDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    if (m_path.isEmpty() && !m_askedForFile) {
        m_askedForFile = true;
        QTimer::singleShot(0, this, &ImportDialog::browse);
    }
}

void ImportDialog::browse() {
    QSettings settings;
    const QString start = m_path.isEmpty() ? settings.value(kLastDirKey).toString()
                                           : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Usage"), start,
        tr("Usage files (*.csv *.gz *.jsonl *.ndjson *.tsv *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    setPath(path);
}

void ImportDialog::setPath(const QString& path) {
    m_path = path;
    m_file->setText(QDir::toNativeSeparators(path));
    m_name->setText(toQ(core::defaultDatasetName(toStd(path))));
    core::ImportOptions detect;
    detect.path = toStd(path);
    m_detection = core::previewUsage(detect, kPreviewRows);
    const core::Format* detected = core::findFormat(m_detection.detectedFormat);
    const QString compressed = m_detection.compressed ? tr(" (gzip-compressed)") : QString();
    if (detected)
        m_detected->setText(tr("%1 (%2), from the file's first line%3")
                                .arg(toQ(detected->title), toQ(detected->id), compressed));
    else if (!m_detection.header.empty())
        m_detected->setText(
            tr("no known format has these columns; map them below%1").arg(compressed));
    else
        m_detected->setText(toQ(m_detection.error));
    m_mapping->setHeader(m_detection.header, detected);
    const QSignalBlocker block(m_format);
    const int index = m_format->findData(detected ? toQ(detected->id) : kMapped);
    m_format->setCurrentIndex(std::max(index, 0));
    refreshPreview();
}

QString ImportDialog::detectedFormat() const {
    return toQ(m_detection.detectedFormat);
}

QString ImportDialog::selectedFormat() const {
    return m_format->currentData().toString();
}

void ImportDialog::selectFormat(const QString& id) {
    const int index = m_format->findData(id);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ImportDialog::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

core::ImportOptions ImportDialog::options() const {
    core::ImportOptions o;
    o.path = toStd(m_path);
    if (selectedFormat() == kMapped)
        o.map = toStd(m_mapping->spec());
    else
        o.format = toStd(selectedFormat());
    o.name = toStd(m_name->text().trimmed());
    o.strict = m_strict->isChecked();
    return o;
}

void ImportDialog::showError(const QString& text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void ImportDialog::refreshPreview() {
    const bool mapped = selectedFormat() == kMapped;
    m_mappingBox->setVisible(mapped);
    m_preview = {};
    const core::ImportOptions o = options();
    if (m_path.isEmpty()) {
        showError({});
    } else if (mapped && o.map.empty()) {
        showError(tr("Choose the file's column for at least one role (e.g. the input and output "
                     "tokens)."));
    } else {
        m_preview = core::previewUsage(o, kPreviewRows);
        showError(m_preview.ok ? QString() : toQ(m_preview.error));
    }
    const auto bad = std::count_if(m_preview.rows.begin(), m_preview.rows.end(),
                                   [](const core::PreviewRow& r) { return !r.ok; });
    m_status->setText(bad == 0 ? QString()
                               : tr("%1 of the %2 rows shown would be skipped%3.")
                                     .arg(bad)
                                     .arg(m_preview.rows.size())
                                     .arg(m_strict->isChecked() ? tr(": a strict import stops at "
                                                                     "the first")
                                                                : QString()));
    QStringList assumed;
    for (const std::string& a : m_preview.assumptions)
        assumed << toQ(a);
    m_assumptions->setText(assumed.isEmpty() ? tr("nothing") : assumed.join(QStringLiteral("; ")));
    m_table->setPreview(m_preview);
    updateImportButton();
}

void ImportDialog::updateImportButton() {
    m_import->setEnabled(!isImporting() && m_preview.ok && !m_name->text().trimmed().isEmpty());
}

void ImportDialog::checkName() {
    const std::string name = toStd(m_name->text().trimmed());
    bool taken = false;
    for (const core::DatasetSummary& d : m_document->datasets())
        taken = taken || d.name == name;
    m_nameWarning->setText(
        tr("A data set named '%1' is already in the workspace: choose another name.")
            .arg(m_name->text().trimmed()));
    m_nameWarning->setVisible(taken);
    updateImportButton();
}

bool ImportDialog::startImport() {
    if (isImporting())
        return false;
    const core::ImportOptions o = options();
    if (o.path.empty() || o.name.empty() || (selectedFormat() == kMapped && o.map.empty())) {
        showError(o.path.empty()   ? tr("Choose a file to import.")
                  : o.name.empty() ? tr("Give the data set a name.")
                                   : tr("Choose the file's columns first."));
        return false;
    }
    showError({});
    m_job = std::make_shared<Job>();
    const std::shared_ptr<Job> job = m_job;
    const core::ProgressFn progress = [job](std::uint64_t done, std::uint64_t total) {
        job->done.store(done, std::memory_order_relaxed);
        job->total.store(total, std::memory_order_relaxed);
    };
    const std::string workspace = m_document->workspace().path();
    setBusy(true);
    m_status->setText(tr("Importing %1…").arg(QFileInfo(m_path).fileName()));
    m_watcher.setFuture(QtConcurrent::run(
        [workspace, o, progress, job] { return runImport(workspace, o, progress, &job->cancel); }));
    return true;
}

void ImportDialog::cancelImport() {
    if (!m_job)
        return;
    m_job->cancel.cancel();
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelling…"));
}

void ImportDialog::setBusy(bool busy) {
    for (QWidget* w : std::initializer_list<QWidget*>{m_browse, m_format, m_mappingBox, m_name,
                                                      m_strict, m_import})
        w->setEnabled(!busy);
    m_cancel->setEnabled(true);
    m_progress->setVisible(busy);
    // Busy (moving) until the first report of bytes read.
    m_progress->setRange(0, busy ? 0 : kProgressSteps);
    m_progress->setValue(0);
    if (busy)
        m_progressTimer->start();
    else
        m_progressTimer->stop();
}

void ImportDialog::updateProgress() {
    if (!m_job)
        return;
    const std::uint64_t total = m_job->total.load(std::memory_order_relaxed);
    const std::uint64_t done = std::min(m_job->done.load(std::memory_order_relaxed), total);
    if (total == 0)
        return;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(static_cast<int>(done * kProgressSteps / total));
    if (!m_job->cancel.cancelled())
        m_status->setText(tr("Importing %1: %2 of %3 read…")
                              .arg(QFileInfo(m_path).fileName(),
                                   QLocale().formattedDataSize(qint64(done)),
                                   QLocale().formattedDataSize(qint64(total))));
}

void ImportDialog::importDone() {
    if (!m_job)
        return; // already handled (reject waited for it)
    const core::ImportResult result = m_watcher.result();
    m_job.reset();
    setBusy(false);
    updateImportButton();
    if (result.ok) {
        m_imported = result.summary;
        m_status->setText(tr("Imported '%1': %2.")
                              .arg(toQ(result.summary.name), usageSummaryText(result.summary)));
        Q_EMIT importFinished(true);
        if (isVisible())
            showSummary(result.summary);
        accept();
        return;
    }
    if (result.cancelled) {
        m_status->setText(tr("Import cancelled; the workspace is unchanged."));
    } else {
        m_status->clear();
        // Core words a taken name for the command line; here the name is edited above.
        showError(
            toQ(result.error)
                .replace(QStringLiteral("choose another with --name"), tr("choose another name")));
        if (m_document->workspace().dataset(toStd(m_name->text().trimmed()))) {
            m_name->setFocus();
            m_name->selectAll();
        }
    }
    Q_EMIT importFinished(false);
}

void ImportDialog::showSummary(const core::DatasetSummary& d) {
    // Not modal: the main window shows the new data set while this is read.
    auto* box = new QMessageBox(
        QMessageBox::Information, tr("Usage Imported"),
        tr("Imported '%1' from %2.\n%3.")
            .arg(toQ(d.name), QFileInfo(toQ(d.sourceFile)).fileName(), usageSummaryText(d)),
        QMessageBox::Ok, parentWidget());
    box->setObjectName(QStringLiteral("importSummary"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QStringList examples;
    for (std::size_t i = 0; i < d.skippedExamples.size(); ++i)
        examples << toQ(d.skippedExamples[i]);
    if (!examples.isEmpty()) {
        box->setInformativeText(
            tr("Skipped rows, first:\n%1")
                .arg(examples.mid(0, kSummaryExamples).join(QLatin1Char('\n'))));
        box->setDetailedText(examples.join(QLatin1Char('\n')));
    }
    box->open();
}

void ImportDialog::reject() {
    if (m_job) {
        m_job->cancel.cancel();
        m_watcher.waitForFinished();
        const core::ImportResult result = m_watcher.result();
        m_job.reset();
        setBusy(false);
        if (result.ok) {
            // It completed before it saw the cancel: the data set is there, say so.
            m_imported = result.summary;
            Q_EMIT importFinished(true);
            QDialog::accept();
            return;
        }
        Q_EMIT importFinished(false);
    }
    QDialog::reject();
}

} // namespace tierlab::gui
