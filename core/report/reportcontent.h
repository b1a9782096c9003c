// SPDX-License-Identifier: MIT
// A tier report as plain data: title, sections of text, typed tables and chart series,
// built once from a scenario and its results (buildReport) and only rendered by each output
// format (CSV, HTML, XLSX, PDF). Nothing here knows about an output format.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// What a number is; decides its display text (core/format/numberformat.h) and its
// spreadsheet number format.
enum class ReportUnit {
    Text,   // not a number
    Usd,    // NumberUnit::Usd: $1,234.56, $0.0135
    Share,  // NumberUnit::Share: 0.235 shown as 23.5 %
    Count,  // NumberUnit::Count: whole number with thousands separators: 1,234
    Number, // NumberUnit::Plain: four significant digits below 1,000
};

// One table cell: a display text, and for numbers the value itself (spreadsheets store it).
struct ReportCell {
    std::string text;            // as shown; "-" for a missing value
    std::optional<double> value; // set for numbers
    ReportUnit unit = ReportUnit::Text;

    static ReportCell of(std::string text) {
        return {std::move(text), std::nullopt, ReportUnit::Text};
    }
    static ReportCell number(double value, ReportUnit unit);
    static ReportCell missing() { return {"-", std::nullopt, ReportUnit::Text}; }
};

struct ReportColumn {
    std::string title;
    std::string unit;     // shown under the title: "USD/month", "%", ...; may be empty
    bool numeric = false; // right-aligned
};

struct ReportTable {
    std::string id;    // short name: a sheet name, a CSV file (letters, digits, spaces)
    std::string title; // caption
    std::vector<ReportColumn> columns;
    std::vector<std::vector<ReportCell>> rows;
    bool lastRowIsTotal = false;
    std::string note; // shown below the table; may be empty
};

// A chart as series of points in data units; the renderer picks pixels, ticks and colours.
struct ReportSeries {
    enum class Style { Line, Bars, Points };
    std::string name;
    Style style = Style::Line;
    std::vector<std::pair<double, double>> points; // (x, y); bars: x is a category index
    int color = 0;                                 // palette index
    bool inLegend = true;
};

// A vertical reference line (a breakeven) at x, labelled.
struct ReportMarker {
    double x = 0;
    std::string label;
    int color = 0;
};

struct ReportChart {
    std::string id;
    std::string title;
    std::string xLabel, yLabel;
    ReportUnit xUnit = ReportUnit::Number, yUnit = ReportUnit::Number;
    std::vector<std::string> categories; // bar charts: x axis labels, x = 0, 1, ...
    std::vector<ReportSeries> series;
    std::vector<ReportMarker> markers;
    std::string caption; // one sentence below the chart
};

// A block of a section, in order: a paragraph, a table, a chart or the methods list.
struct ReportBlock {
    enum class Kind { Paragraph, Table, Chart };
    Kind kind = Kind::Paragraph;
    std::string text; // Paragraph
    int index = -1;   // into ReportContent::tables or ::charts
};

struct ReportSection {
    std::string title;
    std::vector<ReportBlock> blocks;
};

struct ReportTitle {
    std::string scenarioName;
    std::string date;    // ISO 8601 date the report was made
    std::string dataset; // what population was priced, in words
    std::string version; // TierLab version
};

struct ReportContent {
    ReportTitle title;
    std::vector<ReportSection> sections; // in reading order; a table of contents lists them
    std::vector<ReportTable> tables;
    std::vector<ReportChart> charts;
    int tierTable = -1; // index of the per-tier summary table (the CSV output)
};

// Display text of a number in a unit ("$1,234.56", "23.5 %", "1,234", "0.1235"): the one
// formatter's text for the unit's NumberUnit.
std::string formatReportNumber(double value, ReportUnit unit);

} // namespace tierlab::core
