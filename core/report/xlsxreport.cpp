// SPDX-License-Identifier: MIT
// The report as an XLSX workbook through libxlsxwriter: a title sheet, one sheet per table,
// numbers stored as numbers with number formats.
#include "report/reportrender.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <memory>
#include <set>

namespace tierlab::core {

namespace {

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* title = nullptr;
    lxw_format* usd = nullptr;
    lxw_format* share = nullptr;
    lxw_format* count = nullptr;
    lxw_format* number = nullptr;
    lxw_format* wrap = nullptr;
};

Formats makeFormats(lxw_workbook* wb) {
    Formats f;
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    const auto numeric = [wb](const char* numFormat) {
        lxw_format* x = workbook_add_format(wb);
        format_set_num_format(x, numFormat);
        return x;
    };
    f.usd = numeric("$#,##0.00");
    f.share = numeric("0.0%");
    f.count = numeric("#,##0");
    f.number = numeric("General");
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    return f;
}

lxw_format* formatOf(const Formats& f, ReportUnit unit) {
    switch (unit) {
    case ReportUnit::Usd:
        return f.usd;
    case ReportUnit::Share:
        return f.share;
    case ReportUnit::Count:
        return f.count;
    default:
        return f.number;
    }
}

// Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string sheetName(const std::string& wanted, std::set<std::string>& used) {
    std::string name;
    for (char c : wanted)
        if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos)
            name += c;
    name = name.substr(0, 28);
    if (name.empty())
        name = "Sheet";
    std::string unique = name;
    for (int n = 2; used.count(unique); ++n)
        unique = name + " " + std::to_string(n);
    used.insert(unique);
    return unique;
}

void writeTable(lxw_worksheet* ws, const ReportTable& t, const Formats& f) {
    worksheet_write_string(ws, 0, 0, t.title.c_str(), f.title);
    std::vector<std::size_t> widths(t.columns.size(), 10);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const ReportColumn& col = t.columns[c];
        const std::string head = col.unit.empty() ? col.title : col.title + " (" + col.unit + ")";
        worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), head.c_str(), f.header);
        widths[c] = std::max(widths[c], std::min<std::size_t>(head.size(), 24));
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 3);
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const ReportCell& cell = t.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            if (cell.value)
                worksheet_write_number(ws, row, col, *cell.value, formatOf(f, cell.unit));
            else if (cell.text != "-")
                worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
            if (c < widths.size())
                widths[c] = std::max(widths[c], std::min<std::size_t>(cell.text.size() + 2, 60));
        }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                             static_cast<double>(widths[c]), nullptr);
    worksheet_freeze_panes(ws, 3, 0);
    if (!t.note.empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(t.rows.size() + 4), 0, t.note.c_str(),
                               nullptr);
}

void writeTitle(lxw_worksheet* ws, const ReportContent& r, const Formats& f) {
    worksheet_write_string(ws, 0, 0, "Tier report", f.title);
    const std::pair<const char*, const std::string*> rows[] = {
        {"Scenario", &r.title.scenarioName},
        {"Date", &r.title.date},
        {"Data set", &r.title.dataset},
        {"TierLab version", &r.title.version}};
    lxw_row_t row = 2;
    for (const auto& [label, value] : rows) {
        worksheet_write_string(ws, row, 0, label, f.header);
        worksheet_write_string(ws, row++, 1, value->c_str(), nullptr);
    }
    worksheet_set_column(ws, 0, 0, 18, nullptr);
    worksheet_set_column(ws, 1, 1, 80, f.wrap);
}

} // namespace

bool writeXlsx(const ReportContent& report, const std::string& path, std::string& error) {
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) {
        error = "cannot create the workbook";
        return false;
    }
    const Formats f = makeFormats(wb);
    std::set<std::string> used;
    writeTitle(workbook_add_worksheet(wb, sheetName("Report", used).c_str()), report, f);
    for (const ReportTable& t : report.tables) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheetName(t.id, used).c_str());
        if (!ws) {
            workbook_close(wb);
            error = "cannot add sheet " + t.id;
            return false;
        }
        writeTable(ws, t, f);
    }
    const lxw_error result = workbook_close(wb);
    if (result != LXW_NO_ERROR) {
        error = lxw_strerror(result);
        return false;
    }
    return true;
}

} // namespace tierlab::core
