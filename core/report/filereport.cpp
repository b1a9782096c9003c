// SPDX-License-Identifier: MIT
// CSV output, the output format of a file name, and atomic writing of CSV, HTML and XLSX.
#include "report/reportrender.h"
#include "store/atomicfile.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace tierlab::core {

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

bool writeText(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = "cannot open for writing";
        return false;
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
        error = "write failed";
        return false;
    }
    return true;
}

} // namespace

std::optional<ReportFormat> reportFormatOf(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".pdf")
        return ReportFormat::Pdf;
    if (ext == ".html" || ext == ".htm")
        return ReportFormat::Html;
    if (ext == ".xlsx")
        return ReportFormat::Xlsx;
    if (ext == ".csv")
        return ReportFormat::Csv;
    return std::nullopt;
}

std::string renderCsv(const ReportContent& r) {
    if (r.tierTable < 0)
        return {};
    const ReportTable& t = r.tables[static_cast<std::size_t>(r.tierTable)];
    std::string out;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const ReportColumn& col = t.columns[c];
        // Shares are written as fractions: "% of subscribers" becomes "share of subscribers".
        std::string unit = col.unit;
        if (unit.rfind("%", 0) == 0)
            unit = unit.size() > 1 ? "share" + unit.substr(1) + ", 0-1" : "share, 0-1";
        out += (c ? "," : "") + csvField(unit.empty() ? col.title : col.title + " (" + unit + ")");
    }
    out += "\r\n";
    for (const auto& row : t.rows) {
        for (std::size_t c = 0; c < row.size(); ++c)
            out +=
                (c ? "," : "") + (row[c].value ? fmt::format("{}", *row[c].value)
                                               : csvField(row[c].text == "-" ? "" : row[c].text));
        out += "\r\n";
    }
    return out;
}

bool writeReportFile(const ReportContent& report, ReportFormat format, const std::string& path,
                     std::string& error) {
    if (format == ReportFormat::Pdf) {
        error = "PDF needs the Qt report renderer";
        return false;
    }
    const std::string temp = temporaryPathBeside(path);
    bool ok = false;
    if (format == ReportFormat::Xlsx)
        ok = writeXlsx(report, temp, error);
    else
        ok = writeText(temp, format == ReportFormat::Csv ? renderCsv(report) : renderHtml(report),
                       error);
    std::error_code ec;
    if (ok) {
        ec = moveIntoPlace(temp, path, MoveMode::Replace);
        if (ec)
            error = ec.message();
    }
    if (!ok || ec) {
        std::filesystem::remove(temp, ec);
        return false;
    }
    return true;
}

} // namespace tierlab::core
