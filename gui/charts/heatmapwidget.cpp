// SPDX-License-Identifier: MIT
#include "heatmapwidget.h"

#include "app/convert.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QSaveFile>
#include <QToolTip>

#include <algorithm>
#include <numeric>

namespace tierlab::gui {

namespace {

const char* const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr int kHours = 24;
constexpr int kDaysPerWeek = 7;

} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(480, 180);
}

void HeatmapWidget::setCounts(std::vector<std::uint64_t> counts) {
    m_counts = std::move(counts);
    if (!m_counts.empty())
        m_counts.resize(kHours * kDaysPerWeek, 0);
    update();
}

QRectF HeatmapWidget::gridRect() const {
    const QFontMetricsF fm(font());
    const double left = fm.horizontalAdvance(QStringLiteral("Wed ")) + 6;
    const double bottom = fm.height() + 6;
    return QRectF(left, 4, width() - left - 8, height() - bottom - 8);
}

int HeatmapWidget::cellAt(QPointF pos) const {
    const QRectF g = gridRect();
    if (m_counts.empty() || !g.contains(pos))
        return -1;
    const int hour =
        std::min(kHours - 1, static_cast<int>((pos.x() - g.left()) / g.width() * kHours));
    const int day = std::min(kDaysPerWeek - 1,
                             static_cast<int>((pos.y() - g.top()) / g.height() * kDaysPerWeek));
    return day * kHours + hour;
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRectF g = gridRect();
    p.setPen(palette().color(QPalette::Text));
    if (m_counts.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No activity profile: import a data set"));
        return;
    }
    const double peak = static_cast<double>(*std::max_element(m_counts.begin(), m_counts.end()));
    const double cw = g.width() / kHours, ch = g.height() / kDaysPerWeek;
    const QColor hot = palette().color(QPalette::Highlight);
    const QColor cold = palette().color(QPalette::Base);
    for (int d = 0; d < kDaysPerWeek; ++d) {
        for (int h = 0; h < kHours; ++h) {
            const double t =
                peak > 0 ? m_counts[static_cast<std::size_t>(d * kHours + h)] / peak : 0;
            const QColor c = QColor::fromRgbF(cold.redF() + (hot.redF() - cold.redF()) * t,
                                              cold.greenF() + (hot.greenF() - cold.greenF()) * t,
                                              cold.blueF() + (hot.blueF() - cold.blueF()) * t);
            p.fillRect(QRectF(g.left() + h * cw, g.top() + d * ch, cw - 1, ch - 1), c);
        }
        p.drawText(QRectF(0, g.top() + d * ch, g.left() - 4, ch), Qt::AlignRight | Qt::AlignVCenter,
                   QString::fromLatin1(kDays[d]));
    }
    for (int h = 0; h < kHours; h += 3)
        p.drawText(QRectF(g.left() + h * cw, g.bottom() + 2, cw * 3, 20), Qt::AlignLeft,
                   QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0')));
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* event) {
    const int cell = cellAt(event->position());
    if (cell < 0)
        return QToolTip::hideText();
    const double total = std::accumulate(m_counts.begin(), m_counts.end(), 0.0);
    const auto n = static_cast<double>(m_counts[static_cast<std::size_t>(cell)]);
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1 %2:00–%2:59 UTC\n%3 (%4 of the week)")
                           .arg(QString::fromLatin1(kDays[cell / kHours]))
                           .arg(cell % kHours, 2, 10, QLatin1Char('0'))
                           .arg(formatValue(n, Unit::Requests),
                                formatValue(total > 0 ? n / total : 0, Unit::Share)),
                       this);
}

QString HeatmapWidget::dataAsCsv() const {
    QString out = QStringLiteral("day,hour_utc,requests\n");
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        out += QStringLiteral("%1,%2,%3\n")
                   .arg(QString::fromLatin1(kDays[i / kHours]))
                   .arg(i % kHours)
                   .arg(m_counts[i]);
    return out;
}

void HeatmapWidget::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Copy Chart as Image"), this,
                   [this] { QApplication::clipboard()->setPixmap(grab()); });
    menu.addAction(tr("Export Chart Data as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Chart Data"), QStringLiteral("activity.csv"), tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        QSaveFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(dataAsCsv().toUtf8());
            f.commit();
        }
    });
    menu.exec(event->globalPos());
}

} // namespace tierlab::gui
