// SPDX-License-Identifier: MIT
#include "report/pdflayout.h"

#include "report/reportrender.h"

#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QSvgRenderer>

#include <algorithm>
#include <numeric>

namespace tierlab::gui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

const QColor kInk(0x22, 0x22, 0x22);
const QColor kMuted(0x55, 0x55, 0x55);
const QColor kAccent(0x1f, 0x5f, 0xa8);
const QColor kHeaderFill(0xee, 0xf2, 0xf7);
const QColor kRule(0xcc, 0xcc, 0xcc);
constexpr double kPad = 4; // cell padding, points
// Wrap between words; columns are made at least as wide as their longest word.
constexpr int kWrap = Qt::TextWordWrap;

} // namespace

PdfLayout::PdfLayout(const core::ReportContent& report, QPagedPaintDevice* device,
                     QPainter* painter, std::vector<TocEntry> toc, int totalPages)
    : m_report(report), m_device(device), m_painter(painter), m_toc(std::move(toc)),
      m_total(totalPages) {
    m_scale = device->logicalDpiX() / 72.0;
    m_left = pt(42);
    m_right = device->width() - pt(42);
    m_top = pt(40);
    m_bottom = device->height() - pt(44);
    m_y = m_top;
}

QFont PdfLayout::font(double points, bool bold) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

void PdfLayout::run() {
    titlePage();
    newPage();
    contents();
    for (std::size_t s = 0; s < m_report.sections.size(); ++s) {
        newPage();
        section(s);
    }
    footer();
}

void PdfLayout::newPage() {
    footer();
    if (m_painter)
        m_device->newPage();
    ++m_page;
    m_y = m_top;
}

void PdfLayout::ensure(double height) {
    if (m_y + height > m_bottom && m_y > m_top)
        newPage();
}

void PdfLayout::footer() {
    if (!m_painter || m_page == 1)
        return;
    QPainter& p = *m_painter;
    const double y = m_bottom + pt(14);
    p.setPen(QPen(kRule, pt(0.5)));
    p.drawLine(QPointF(m_left, y), QPointF(m_right, y));
    p.setFont(font(8));
    p.setPen(kMuted);
    const QRectF band(m_left, y + pt(4), m_right - m_left, pt(14));
    const QString left = QStringLiteral("Tier report: %1").arg(q(m_report.title.scenarioName));
    p.drawText(
        band, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(p.font(), m_device).elidedText(left, Qt::ElideRight, band.width() * 0.7));
    p.drawText(band, Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("page %1 of %2").arg(m_page).arg(m_total));
}

double PdfLayout::textHeight(const QString& text, const QFont& f, double width) const {
    const QFontMetricsF fm(f, m_device);
    return fm.boundingRect(QRectF(0, 0, width, 1e9), kWrap, text).height();
}

void PdfLayout::paragraph(const QString& text, const QFont& f, double gapAfter) {
    const double width = m_right - m_left;
    const double h = textHeight(text, f, width);
    ensure(h);
    if (m_painter) {
        m_painter->setFont(f);
        m_painter->setPen(kInk);
        m_painter->drawText(QRectF(m_left, m_y, width, h), kWrap, text);
    }
    m_y += h + gapAfter;
}

void PdfLayout::mark(const QString& text, int level) {
    if (m_painter)
        return;
    // A dry pass records where each entry starts, replacing what an earlier pass found.
    if (m_tocNext < m_toc.size())
        m_toc[m_tocNext] = {text, level, m_page};
    else
        m_toc.push_back({text, level, m_page});
    ++m_tocNext;
}

void PdfLayout::titlePage() {
    m_y = m_top + pt(110);
    if (m_painter) {
        m_painter->fillRect(QRectF(m_left, m_y - pt(24), pt(60), pt(5)), kAccent);
    }
    paragraph(QStringLiteral("Tier report"), font(30, true), pt(10));
    paragraph(q(m_report.title.scenarioName), font(18), pt(36));
    const std::pair<QString, std::string> rows[] = {
        {QStringLiteral("Scenario"), m_report.title.scenarioName},
        {QStringLiteral("Date"), m_report.title.date},
        {QStringLiteral("Data set"), m_report.title.dataset},
        {QStringLiteral("TierLab version"), m_report.title.version}};
    const QFont label = font(11, true), value = font(11);
    const double labelWidth = pt(120), width = m_right - m_left - labelWidth;
    for (const auto& [name, text] : rows) {
        const double h = std::max(textHeight(q(text), value, width), pt(14));
        if (m_painter) {
            m_painter->setPen(kMuted);
            m_painter->setFont(label);
            m_painter->drawText(QRectF(m_left, m_y, labelWidth, h), Qt::AlignLeft, name);
            m_painter->setPen(kInk);
            m_painter->setFont(value);
            m_painter->drawText(QRectF(m_left + labelWidth, m_y, width, h), kWrap, q(text));
        }
        m_y += h + pt(8);
    }
}

void PdfLayout::contents() {
    paragraph(QStringLiteral("Contents"), font(18, true), pt(14));
    const QFont top = font(11, true), sub = font(10);
    for (const TocEntry& e : m_toc) {
        const QFont& f = e.level == 0 ? top : sub;
        const double h = QFontMetricsF(f, m_device).height() + pt(e.level == 0 ? 8 : 3);
        ensure(h);
        if (m_painter) {
            const double indent = pt(e.level * 18);
            const QRectF row(m_left + indent, m_y + (e.level == 0 ? pt(5) : 0),
                             m_right - m_left - indent, h);
            m_painter->setFont(f);
            m_painter->setPen(kInk);
            const QFontMetricsF fm(f, m_device);
            const QString number = QString::number(e.page);
            const double textWidth = fm.horizontalAdvance(e.text);
            const double numberWidth = fm.horizontalAdvance(number);
            m_painter->drawText(row, Qt::AlignLeft | Qt::AlignTop, e.text);
            m_painter->drawText(row, Qt::AlignRight | Qt::AlignTop, number);
            // Dotted leader between the entry and its page number.
            m_painter->setPen(QPen(kRule, pt(0.8), Qt::DotLine));
            const double base = row.top() + fm.ascent();
            const double from = row.left() + textWidth + pt(6),
                         to = row.right() - numberWidth - pt(6);
            if (to > from)
                m_painter->drawLine(QPointF(from, base), QPointF(to, base));
        }
        m_y += h;
    }
}

void PdfLayout::section(std::size_t index) {
    const core::ReportSection& s = m_report.sections[index];
    const QString title = QStringLiteral("%1. %2").arg(index + 1).arg(q(s.title));
    mark(title, 0);
    paragraph(title, font(18, true), pt(4));
    if (m_painter)
        m_painter->fillRect(QRectF(m_left, m_y, m_right - m_left, pt(1.5)), kAccent);
    m_y += pt(12);
    for (const core::ReportBlock& b : s.blocks) {
        if (b.kind == core::ReportBlock::Kind::Paragraph)
            paragraph(q(b.text), font(10), pt(10));
        else if (b.kind == core::ReportBlock::Kind::Table)
            table(m_report.tables[static_cast<std::size_t>(b.index)]);
        else
            chart(m_report.charts[static_cast<std::size_t>(b.index)]);
    }
}

std::vector<double> PdfLayout::columnWidths(const core::ReportTable& t, const QFont& body,
                                            const QFont& head) const {
    const QFontMetricsF fb(body, m_device), fh(head, m_device);
    const std::size_t n = t.columns.size();
    const double avail = m_right - m_left - pt(2 * kPad) * static_cast<double>(n);
    std::vector<double> natural(n, 0), minimum(n, pt(24));
    const auto longestWord = [](const QFontMetricsF& fm, const QString& text) {
        double w = 0;
        for (const QString& word : text.split(u' '))
            w = std::max(w, fm.horizontalAdvance(word));
        return w;
    };
    for (std::size_t c = 0; c < n; ++c) {
        const core::ReportColumn& col = t.columns[c];
        // Headers wrap at spaces: their longest word is the least they need.
        minimum[c] =
            std::max({minimum[c], longestWord(fh, q(col.title)), longestWord(fh, q(col.unit))});
        natural[c] = std::max(
            {minimum[c], fh.horizontalAdvance(q(col.title)), fh.horizontalAdvance(q(col.unit))});
        for (const auto& row : t.rows) {
            if (c >= row.size())
                continue;
            const QString text = q(row[c].text);
            natural[c] = std::max(natural[c], fb.horizontalAdvance(text));
            // Numbers never wrap; text wraps between words (a very long word anywhere).
            minimum[c] =
                std::max(minimum[c], row[c].value ? fb.horizontalAdvance(text)
                                                  : std::min(longestWord(fb, text), avail * 0.45));
        }
    }
    // Short text columns (row labels, units) never wrap; numeric headers wrap at spaces.
    for (std::size_t c = 0; c < n; ++c)
        if (!t.columns[c].numeric && natural[c] <= avail * 0.16)
            minimum[c] = natural[c];
    const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
    if (total <= avail)
        return natural;
    const double fixed = std::accumulate(minimum.begin(), minimum.end(), 0.0);
    std::vector<double> widths(n);
    if (fixed >= avail) { // even the least is too wide: shrink all alike
        for (std::size_t c = 0; c < n; ++c)
            widths[c] = minimum[c] * avail / fixed;
        return widths;
    }
    // Too wide: columns give up their extra width in proportion to it.
    const double extra = total - fixed, room = avail - fixed;
    for (std::size_t c = 0; c < n; ++c)
        widths[c] = minimum[c] + (natural[c] - minimum[c]) * room / extra;
    return widths;
}

double PdfLayout::headerRow(const core::ReportTable& t, const std::vector<double>& widths,
                            bool draw) {
    const QFont head = font(8.5, true), unit = font(8);
    double h = 0;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const double th =
            textHeight(q(t.columns[c].title), head, widths[c]) +
            (t.columns[c].unit.empty() ? 0 : textHeight(q(t.columns[c].unit), unit, widths[c]));
        h = std::max(h, th);
    }
    h += pt(2 * kPad);
    if (draw && m_painter) {
        QPainter& p = *m_painter;
        const double total = std::accumulate(widths.begin(), widths.end(), 0.0) +
                             pt(2 * kPad) * static_cast<double>(widths.size());
        p.fillRect(QRectF(m_left, m_y, total, h), kHeaderFill);
        double x = m_left;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Qt::Alignment align = t.columns[c].numeric ? Qt::AlignRight : Qt::AlignLeft;
            const QRectF cell(x + pt(kPad), m_y + pt(kPad), widths[c], h);
            p.setFont(head);
            p.setPen(kInk);
            const double th = textHeight(q(t.columns[c].title), head, widths[c]);
            p.drawText(cell, align | kWrap, q(t.columns[c].title));
            p.setFont(unit);
            p.setPen(kMuted);
            p.drawText(cell.adjusted(0, th, 0, 0), align | kWrap, q(t.columns[c].unit));
            x += widths[c] + pt(2 * kPad);
        }
        p.setPen(QPen(kMuted, pt(0.8)));
        p.drawLine(QPointF(m_left, m_y + h), QPointF(x, m_y + h));
    }
    return h;
}

void PdfLayout::table(const core::ReportTable& t) {
    const QFont body = font(8.5), bold = font(8.5, true), caption = font(10, true);
    // Cells are measured in bold, which the total row uses and which is the wider.
    const std::vector<double> widths = columnWidths(t, bold, bold);
    const double captionH = textHeight(q(t.title), caption, m_right - m_left) + pt(4);
    const double headH = headerRow(t, widths, false);
    const auto rowHeight = [&](const std::vector<core::ReportCell>& row) {
        double h = 0;
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            h = std::max(h, textHeight(q(row[c].text), body, widths[c]));
        return h + pt(2 * kPad);
    };
    // Keep the caption, the header and the first rows together.
    double firstRows = 0;
    for (std::size_t r = 0; r < std::min<std::size_t>(3, t.rows.size()); ++r)
        firstRows += rowHeight(t.rows[r]);
    ensure(captionH + headH + firstRows);
    mark(q(t.title), 1);
    paragraph(q(t.title), caption, pt(4));
    headerRow(t, widths, true);
    m_y += headH;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const double h = rowHeight(t.rows[r]);
        if (m_y + h > m_bottom) {
            newPage();
            headerRow(t, widths, true); // the header again on every page of a long table
            m_y += headH;
        }
        const bool total = t.lastRowIsTotal && r + 1 == t.rows.size();
        if (m_painter) {
            QPainter& p = *m_painter;
            double x = m_left;
            if (total) {
                p.setPen(QPen(kMuted, pt(0.8)));
                p.drawLine(QPointF(m_left, m_y), QPointF(m_right, m_y));
            }
            p.setFont(total ? bold : body);
            p.setPen(kInk);
            for (std::size_t c = 0; c < t.rows[r].size() && c < widths.size(); ++c) {
                const Qt::Alignment align = t.columns[c].numeric ? Qt::AlignRight : Qt::AlignLeft;
                p.drawText(QRectF(x + pt(kPad), m_y + pt(kPad), widths[c], h), align | kWrap,
                           q(t.rows[r][c].text));
                x += widths[c] + pt(2 * kPad);
            }
            p.setPen(QPen(kRule, pt(0.4)));
            p.drawLine(QPointF(m_left, m_y + h), QPointF(x, m_y + h));
        }
        m_y += h;
    }
    if (t.rows.empty())
        paragraph(QStringLiteral("(no rows)"), font(9), 0);
    m_y += pt(6);
    if (!t.note.empty())
        paragraph(q(t.note), font(8.5), 0);
    m_y += pt(14);
}

void PdfLayout::chart(const core::ReportChart& c) {
    // Two charts to a page: 540 points wide, centred; captions use the full width.
    const double width = m_right - m_left, chartWidth = std::min(width, pt(540));
    const double svgW = 760, svgH = 300;
    const double h = chartWidth * svgH / svgW;
    const QFont captionFont = font(9);
    const double captionH = c.caption.empty() ? 0 : textHeight(q(c.caption), captionFont, width);
    ensure(h + captionH + pt(8));
    mark(q(c.title), 1);
    if (m_painter) {
        QSvgRenderer svg(QByteArray::fromStdString(core::chartToSvg(c, svgW, svgH)));
        svg.render(m_painter, QRectF(m_left + (width - chartWidth) / 2, m_y, chartWidth, h));
    }
    m_y += h + pt(4);
    if (!c.caption.empty()) {
        if (m_painter) {
            m_painter->setFont(captionFont);
            m_painter->setPen(kMuted);
            m_painter->drawText(QRectF(m_left, m_y, width, captionH), kWrap | Qt::AlignHCenter,
                                q(c.caption));
        }
        m_y += captionH;
    }
    m_y += pt(14);
}

} // namespace tierlab::gui
