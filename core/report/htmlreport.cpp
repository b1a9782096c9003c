// SPDX-License-Identifier: MIT
// The report as one self-contained HTML file: inline CSS, charts as inline SVG.
#include "report/reportrender.h"

#include <fmt/format.h>

namespace tierlab::core {

namespace {

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #1f5fa8; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #eef2f7; text-align: left; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th small { font-weight: normal; color: #555; }
tr.total td { font-weight: bold; border-top: 2px solid #555; }
dl.title dt { font-weight: bold; float: left; width: 8em; }
dl.title dd { margin-left: 9em; }
p.note, p.caption { color: #555; font-size: 0.9em; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; }
)";

std::string anchor(std::size_t section) {
    return fmt::format("section-{}", section + 1);
}

std::string tableHtml(const ReportTable& t) {
    std::string out = "<table>\n<caption>" + escapeXml(t.title) + "</caption>\n<thead><tr>";
    for (const ReportColumn& c : t.columns)
        out += fmt::format("<th{}>{}{}</th>", c.numeric ? " class=\"num\"" : "", escapeXml(c.title),
                           c.unit.empty() ? "" : "<br><small>" + escapeXml(c.unit) + "</small>");
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const bool total = t.lastRowIsTotal && r + 1 == t.rows.size();
        out += total ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const bool num = c < t.columns.size() && t.columns[c].numeric;
            out += fmt::format("<td{}>{}</td>", num ? " class=\"num\"" : "",
                               escapeXml(t.rows[r][c].text));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    if (!t.note.empty())
        out += "<p class=\"note\">" + escapeXml(t.note) + "</p>\n";
    return out;
}

std::string chartHtml(const ReportChart& c) {
    std::string out = "<figure>\n" + chartToSvg(c);
    if (!c.caption.empty())
        out += "<figcaption><p class=\"caption\">" + escapeXml(c.caption) + "</p></figcaption>\n";
    return out + "</figure>\n";
}

} // namespace

std::string renderHtml(const ReportContent& r) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<title>Tier report: " + escapeXml(r.title.scenarioName) + "</title>\n";
    out += std::string("<style>") + kStyle + "</style>\n</head>\n<body>\n";
    out += "<h1>Tier report: " + escapeXml(r.title.scenarioName) + "</h1>\n<dl class=\"title\">\n";
    out += "<dt>Scenario</dt><dd>" + escapeXml(r.title.scenarioName) + "</dd>\n";
    out += "<dt>Date</dt><dd>" + escapeXml(r.title.date) + "</dd>\n";
    out += "<dt>Data set</dt><dd>" + escapeXml(r.title.dataset) + "</dd>\n";
    out += "<dt>TierLab</dt><dd>" + escapeXml(r.title.version) + "</dd>\n</dl>\n";
    out += "<nav>\n<h2>Contents</h2>\n<ol>\n";
    for (std::size_t s = 0; s < r.sections.size(); ++s)
        out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", anchor(s),
                           escapeXml(r.sections[s].title));
    out += "</ol>\n</nav>\n";
    for (std::size_t s = 0; s < r.sections.size(); ++s) {
        const ReportSection& section = r.sections[s];
        out += fmt::format("<section id=\"{}\">\n<h2>{}. {}</h2>\n", anchor(s), s + 1,
                           escapeXml(section.title));
        for (const ReportBlock& b : section.blocks) {
            if (b.kind == ReportBlock::Kind::Paragraph)
                out += "<p>" + escapeXml(b.text) + "</p>\n";
            else if (b.kind == ReportBlock::Kind::Table)
                out += tableHtml(r.tables[static_cast<std::size_t>(b.index)]);
            else
                out += chartHtml(r.charts[static_cast<std::size_t>(b.index)]);
        }
        out += "</section>\n";
    }
    return out + "</body>\n</html>\n";
}

} // namespace tierlab::core
