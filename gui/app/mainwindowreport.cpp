// SPDX-License-Identifier: MIT
// File > Export Report: the active scenario's latest evaluation as a tier report (PDF, HTML,
// XLSX or CSV), built by core/report and rendered by gui/report (PDF) or core (the others).
#include "app/convert.h"
#include "document/workspacedocument.h"
#include "mainwindow.h"
#include "pages/capacitypage.h"
#include "report/pdfreport.h"
#include "report/reportbuilder.h"
#include "report/reportrender.h"
#include "scenario/reader.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>

namespace tierlab::gui {

bool MainWindow::exportReport(const QString& path, QString* error) {
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    const auto format = core::reportFormatOf(toStd(path));
    if (!format)
        return fail(tr("Unknown report format; use .pdf, .html, .xlsx or .csv"));
    if (!m_document || !m_evaluator)
        return fail(tr("No workspace is open"));
    m_evaluator->waitForIdle();
    const SnapshotPtr snapshot = m_evaluator->latest();
    if (!snapshot || !snapshot->ok)
        return fail(tr("The scenario has errors (see Problems); fix them to report it"));
    const core::ReadResult read = core::readScenario(snapshot->document);
    if (!read.ok())
        return fail(tr("The scenario has errors (see Problems); fix them to report it"));
    // The Capacity page's figures, when it has simulated this scenario's capacity block to
    // the end (the report does not start a simulation of its own).
    core::ReportOptions options;
    for (Page* page : m_pages)
        if (auto* capacity = qobject_cast<CapacityPage*>(page))
            if ((options.capacity = capacity->finishedResultFor(snapshot->document)))
                options.capacityParams = &capacity->lastParams();
    const auto timeline = core::reportTimeline(read.scenario, snapshot->usage.get());
    options.timeline = timeline ? &*timeline : nullptr;
    const core::ReportContent content =
        core::buildReport(snapshot->document, read.scenario, snapshot->results, options);
    std::string why;
    const bool ok = *format == core::ReportFormat::Pdf
                        ? writePdfReport(content, toStd(path), why)
                        : core::writeReportFile(content, *format, toStd(path), why);
    return ok || fail(toQ(why));
}

void MainWindow::exportReportDialog() {
    if (!m_document)
        return;
    QString filter = tr("PDF (*.pdf)");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report"), m_document->activeScenarioName() + QStringLiteral(".pdf"),
        tr("PDF (*.pdf);;HTML (*.html);;Excel workbook (*.xlsx);;CSV, per-tier table (*.csv)"),
        &filter);
    if (path.isEmpty())
        return;
    QString error;
    if (exportReport(path, &error))
        statusBar()->showMessage(tr("Report written to %1").arg(path), 5000);
    else
        QMessageBox::warning(this, tr("Export Report"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace tierlab::gui
