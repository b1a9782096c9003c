// SPDX-License-Identifier: MIT
#include "chartview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QTextStream>
#include <QToolTip>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QXYSeries>

#include <cmath>
#include <limits>

namespace tierlab::gui {

namespace {

const char* const kUnitX = "tierlabUnitX";
const char* const kUnitY = "tierlabUnitY";

Unit unitOf(const QObject* series, const char* key) {
    const QVariant v = series->property(key);
    return v.isValid() ? static_cast<Unit>(v.toInt()) : Unit::Plain;
}

// The data point of `series` nearest to `at` in screen distance.
std::optional<QPointF> nearestPoint(QChart* chart, QXYSeries* series, QPointF at) {
    const QPointF cursor = chart->mapToPosition(at, series);
    std::optional<QPointF> best;
    double bestDistance = std::numeric_limits<double>::infinity();
    const QList<QPointF> points = series->points();
    for (const QPointF& p : points) {
        const QPointF screen = chart->mapToPosition(p, series);
        const double d = std::hypot(screen.x() - cursor.x(), screen.y() - cursor.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = p;
        }
    }
    return best;
}

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')))
        return s;
    QString quoted = s;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QStringList categoriesOf(const QAbstractSeries* series) {
    for (QAbstractAxis* axis : const_cast<QAbstractSeries*>(series)->attachedAxes())
        if (auto* cats = qobject_cast<QBarCategoryAxis*>(axis))
            return cats->categories();
    return {};
}

} // namespace

ChartView::ChartView(const QString& title, QWidget* parent) : QChartView(new QChart, parent) {
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    chart()->setTitle(title);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setMinimumSize(320, 220);
    applyPaletteTheme();
}

void ChartView::setUnits(QAbstractSeries* series, Unit x, Unit y) {
    series->setProperty(kUnitX, static_cast<int>(x));
    series->setProperty(kUnitY, static_cast<int>(y));
}

void ChartView::applyPaletteTheme() {
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart()->theme() != theme) {
        // A theme resets series colours: keep the ones we chose.
        chart()->setTheme(theme);
    }
    chart()->setBackgroundBrush(palette().brush(QPalette::Base));
    chart()->setTitleBrush(palette().brush(QPalette::Text));
    chart()->legend()->setLabelColor(palette().color(QPalette::Text));
}

void ChartView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        applyPaletteTheme();
    QChartView::changeEvent(event);
}

void ChartView::seriesChanged() {
    for (QAbstractSeries* s : chart()->series()) {
        if (s->property("tierlabHooked").toBool())
            continue;
        s->setProperty("tierlabHooked", true);
        if (auto* xy = qobject_cast<QXYSeries*>(s))
            hookXY(xy);
        else if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
            hookBars(bars);
        else if (auto* area = qobject_cast<QAreaSeries*>(s); area && area->upperSeries())
            connect(area, &QAreaSeries::hovered, this, [this, area](QPointF at, bool state) {
                if (!state)
                    return QToolTip::hideText();
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("%1\n%2").arg(
                                       area->name(), formatValue(at.x(), unitOf(area, kUnitX))),
                                   this);
            });
    }
    hookLegend();
}

void ChartView::hookXY(QXYSeries* series) {
    connect(series, &QXYSeries::hovered, this, [this, series](QPointF at, bool state) {
        if (!state)
            return QToolTip::hideText();
        const auto p = nearestPoint(chart(), series, at);
        if (!p)
            return;
        QToolTip::showText(QCursor::pos(),
                           QStringLiteral("%1\n%2: %3")
                               .arg(series->name(), formatValue(p->x(), unitOf(series, kUnitX)),
                                    formatValue(p->y(), unitOf(series, kUnitY))),
                           this);
    });
}

void ChartView::hookBars(QAbstractBarSeries* series) {
    connect(series, &QAbstractBarSeries::hovered, this,
            [this, series](bool state, int index, QBarSet* set) {
                if (!state)
                    return QToolTip::hideText();
                const QStringList cats = categoriesOf(series);
                const QString category = index < cats.size() ? cats[index] : QString::number(index);
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("%1 — %2\n%3")
                                       .arg(category, set->label(),
                                            formatValue(set->at(index), unitOf(series, kUnitY))),
                                   this);
            });
}

void ChartView::hookLegend() {
    for (QLegendMarker* marker : chart()->legend()->markers()) {
        if (marker->property("tierlabHooked").toBool())
            continue;
        marker->setProperty("tierlabHooked", true);
        connect(marker, &QLegendMarker::clicked, this, [marker] {
            // Bar sets share one series: toggling a bar set's marker hides the whole series.
            QAbstractSeries* s = marker->series();
            s->setVisible(!s->isVisible());
            marker->setVisible(true);
            QFont f = marker->font();
            f.setStrikeOut(!s->isVisible());
            marker->setFont(f);
            marker->setLabelBrush(s->isVisible() ? marker->labelBrush() : QBrush(QColor(Qt::gray)));
        });
    }
}

void ChartView::resetZoom() {
    chart()->zoomReset();
    Q_EMIT zoomChanged();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event) {
    resetZoom();
    QChartView::mouseDoubleClickEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
    // A right click is the context menu, not QChartView's "zoom out".
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
    Q_EMIT zoomChanged();
}

void ChartView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Copy Chart as Image"), this, &ChartView::copyImage);
    menu.addAction(tr("Export Chart Data as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart Data"),
                                                          chart()->title() + QStringLiteral(".csv"),
                                                          tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export Chart Data"), error);
    });
    menu.addSeparator();
    menu.addAction(tr("Reset Zoom"), this, &ChartView::resetZoom);
    menu.exec(event->globalPos());
}

void ChartView::copyImage() {
    QApplication::clipboard()->setPixmap(grab());
}

QString ChartView::dataAsCsv() const {
    QString out;
    QTextStream csv(&out);
    csv << "series,x,y,x_unit,y_unit\n";
    for (const QAbstractSeries* s : chart()->series()) {
        const QString ux = unitLabel(unitOf(s, kUnitX));
        const QString uy = unitLabel(unitOf(s, kUnitY));
        if (const auto* xy = qobject_cast<const QXYSeries*>(s)) {
            for (const QPointF& p : xy->points())
                csv << csvField(s->name()) << ',' << QString::number(p.x(), 'g', 17) << ','
                    << QString::number(p.y(), 'g', 17) << ',' << ux << ',' << uy << '\n';
        } else if (const auto* bars = qobject_cast<const QAbstractBarSeries*>(s)) {
            const QStringList cats = categoriesOf(s);
            for (const QBarSet* set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    csv << csvField(set->label()) << ','
                        << csvField(i < cats.size() ? cats[i] : QString::number(i)) << ','
                        << QString::number(set->at(i), 'g', 17) << ",," << uy << '\n';
        } else if (const auto* area = qobject_cast<const QAreaSeries*>(s)) {
            if (area->upperSeries())
                for (const QPointF& p : area->upperSeries()->points())
                    csv << csvField(s->name()) << ',' << QString::number(p.x(), 'g', 17) << ','
                        << QString::number(p.y(), 'g', 17) << ',' << ux << ',' << uy << '\n';
        }
    }
    return out;
}

bool ChartView::exportCsv(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(dataAsCsv().toUtf8());
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace tierlab::gui
