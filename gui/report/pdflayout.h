// SPDX-License-Identifier: MIT
// Lays a report out on A4 landscape pages and paints it. Run twice: a dry pass (no painter)
// counts the pages and finds where each section starts; the painting pass then knows the
// table of contents and "page N of M".
#pragma once

#include "report/reportcontent.h"

#include <QFont>
#include <QString>

#include <vector>

class QPainter;
class QPagedPaintDevice;

namespace tierlab::gui {

class PdfLayout {
public:
    struct TocEntry {
        QString text;
        int level = 0; // 0 section, 1 table or chart
        int page = 0;
    };

    // `painter` null: measure only.
    PdfLayout(const core::ReportContent& report, QPagedPaintDevice* device, QPainter* painter,
              std::vector<TocEntry> toc, int totalPages);

    void run();
    int pages() const { return m_page; }
    const std::vector<TocEntry>& toc() const { return m_toc; }

private:
    double pt(double points) const { return points * m_scale; }
    QFont font(double points, bool bold = false) const;
    void newPage();
    void ensure(double height);
    void footer();
    double textHeight(const QString& text, const QFont& f, double width) const;
    void paragraph(const QString& text, const QFont& f, double gapAfter);
    void titlePage();
    void contents();
    void section(std::size_t index);
    void table(const core::ReportTable& t);
    void chart(const core::ReportChart& c);
    std::vector<double> columnWidths(const core::ReportTable& t, const QFont& body,
                                     const QFont& head) const;
    double headerRow(const core::ReportTable& t, const std::vector<double>& widths, bool draw);
    void mark(const QString& text, int level);

    const core::ReportContent& m_report;
    QPagedPaintDevice* m_device;
    QPainter* m_painter;
    std::vector<TocEntry> m_toc;
    std::size_t m_tocNext = 0;
    int m_total;
    double m_scale = 1; // device units per point
    double m_left = 0, m_right = 0, m_top = 0, m_bottom = 0, m_y = 0;
    int m_page = 1;
};

} // namespace tierlab::gui
