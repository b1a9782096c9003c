// SPDX-License-Identifier: MIT
#include "report/pdfreport.h"

#include "report/pdflayout.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTemporaryDir>

#include <memory>

namespace tierlab::gui {

namespace {

// A QGuiApplication for the call when the caller has none (tierlab-cli).
std::unique_ptr<QGuiApplication> ensureApplication() {
    if (QCoreApplication::instance())
        return nullptr;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt wants a private runtime folder and warns on stderr without one.
    static QTemporaryDir runtime;
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && runtime.isValid())
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    static int argc = 1;
    static char name[] = "tierlab-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}

void setUp(QPdfWriter& writer, const core::ReportContent& report) {
    writer.setResolution(1200);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Point));
    writer.setTitle(
        QStringLiteral("Tier report: %1").arg(QString::fromStdString(report.title.scenarioName)));
    writer.setCreator(
        QStringLiteral("TierLab %1").arg(QString::fromStdString(report.title.version)));
}

} // namespace

bool writePdfReport(const core::ReportContent& report, const std::string& path,
                    std::string& error) {
    const auto app = ensureApplication();
    // Dry pass: pages and where each section, table and chart starts.
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    QPdfWriter measure(&sink);
    setUp(measure, report);
    PdfLayout entries(report, &measure, nullptr, {}, 0);
    entries.run();
    // Again with the table of contents in place, which may itself take more than a page.
    PdfLayout dry(report, &measure, nullptr, entries.toc(), 0);
    dry.run();

    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly)) {
        error = "cannot write: " + file.errorString().toStdString();
        return false;
    }
    {
        QPdfWriter writer(&file);
        setUp(writer, report);
        QPainter painter;
        if (!painter.begin(&writer)) {
            error = "cannot start the PDF";
            file.cancelWriting();
            return false;
        }
        PdfLayout paint(report, &writer, &painter, dry.toc(), dry.pages());
        paint.run();
        painter.end();
    }
    if (!file.commit()) {
        error = "cannot write: " + file.errorString().toStdString();
        return false;
    }
    return true;
}

} // namespace tierlab::gui
