// SPDX-License-Identifier: MIT
// Qt-free renderers of a report's content (tierlab_report): CSV, HTML (charts as inline SVG),
// XLSX (libxlsxwriter), and the SVG chart writer that the PDF renderer draws too.
#pragma once

#include "report/reportcontent.h"

#include <optional>
#include <string>

namespace tierlab::core {

enum class ReportFormat { Pdf, Html, Xlsx, Csv };

// The format of an output file from its extension (case-insensitive): .pdf, .html (.htm),
// .xlsx, .csv; nullopt for anything else.
std::optional<ReportFormat> reportFormatOf(const std::string& path);

// One chart as an SVG Tiny 1.2 document (path, polyline, rect, line, text; presentation
// attributes only, no CSS), `width` x `height` user units; every text XML-escaped.
std::string chartToSvg(const ReportChart& chart, double width = 720, double height = 360);

// The per-tier summary table as RFC 4180 CSV: a header row (title and unit), then one row a
// tier with numbers unformatted (full precision, "." decimal point), missing values empty.
std::string renderCsv(const ReportContent& report);

// The whole report as one self-contained HTML5 file: inline CSS and SVG, no external
// resources; every user-provided text escaped.
std::string renderHtml(const ReportContent& report);

// Writes the report as an XLSX workbook: a title sheet, then one sheet per table, numbers
// stored as numbers with number formats. False with `error` set on failure.
bool writeXlsx(const ReportContent& report, const std::string& path, std::string& error);

// Writes a CSV, HTML or XLSX report to `path` atomically (a temporary file beside it, then a
// rename), so that a failure never leaves a partial file. PDF is not handled here (Qt).
bool writeReportFile(const ReportContent& report, ReportFormat format, const std::string& path,
                     std::string& error);

// `text` with &, <, >, " and ' escaped for XML and HTML.
std::string escapeXml(const std::string& text);

} // namespace tierlab::core
