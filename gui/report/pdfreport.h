// SPDX-License-Identifier: MIT
// The report as a PDF (tierlab_report_pdf: Qt Gui + Svg, no Widgets): a title page, a table
// of contents with page numbers, the sections with tables and the same SVG charts as the HTML
// report drawn as vectors, "page N of M" footers. No Qt type in this header, so the command
// line can call it without including Qt.
#pragma once

#include "report/reportcontent.h"

#include <string>

namespace tierlab::gui {

// Writes `report` to `path` atomically (nothing is left behind on failure). Creates a
// QGuiApplication for the call when none exists (the command line), on the offscreen platform
// unless QT_QPA_PLATFORM says otherwise. False with `error` set on failure.
bool writePdfReport(const core::ReportContent& report, const std::string& path, std::string& error);

} // namespace tierlab::gui
