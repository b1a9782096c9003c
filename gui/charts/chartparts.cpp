// SPDX-License-Identifier: MIT
#include "chartparts.h"

#include "chartview.h"

#include <QFont>
#include <QGraphicsSimpleTextItem>
#include <QPen>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

// A QValueAxis cannot scale its labels, so a category axis puts one label on every nice
// step of the range. Few and short labels: a category axis elides labels wider than its
// width / (labels + 1).
void setPercentAxis(QCategoryAxis* axis, double low, double high) {
    high = std::max(high, low + 1e-9);
    const double span = high - low;
    double step = span / 5;
    for (double s :
         {0.001, 0.002, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0})
        if (span / s <= 4) {
            step = s;
            break;
        }
    const double percentStep = step * 100;
    const int decimals = std::abs(percentStep - std::round(percentStep)) > 1e-9 ? 1 : 0;
    for (const QString& label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(low);
    for (auto k = static_cast<long long>(std::ceil(low / step - 1e-9)); k * step <= high + 1e-12;
         ++k)
        axis->append(
            QStringLiteral("%1%").arg(static_cast<double>(k) * percentStep, 0, 'f', decimals),
            static_cast<double>(k) * step);
    axis->setRange(low, high);
}

QCategoryAxis* percentAxis(const QString& title) {
    auto* axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setTitleText(title);
    setPercentAxis(axis, 0, 1);
    return axis;
}

void fitAxis(QValueAxis* axis, double low, double high) {
    low = std::min(0.0, low);
    high = std::max(high, low + 1e-9);
    const double pad = (high - low) * 0.08;
    axis->setRange(low < 0 ? low - pad : 0, high + pad);
    axis->applyNiceNumbers();
}

BarChart addBarChart(ChartView* view, QAbstractBarSeries* series, const QStringList& sets,
                     const QString& valueTitle, Unit valueUnit, const QString& labelFormat) {
    BarChart chart{series, {}, new QBarCategoryAxis, new QValueAxis};
    for (const QString& name : sets)
        chart.sets << new QBarSet(name);
    series->append(chart.sets);
    ChartView::setUnits(series, Unit::Plain, valueUnit);
    view->chart()->addSeries(series);
    if (!labelFormat.isEmpty())
        chart.values->setLabelFormat(labelFormat);
    if (!valueTitle.isEmpty())
        chart.values->setTitleText(valueTitle);
    const bool horizontal = series->type() == QAbstractSeries::SeriesTypeHorizontalBar ||
                            series->type() == QAbstractSeries::SeriesTypeHorizontalStackedBar ||
                            series->type() == QAbstractSeries::SeriesTypeHorizontalPercentBar;
    view->chart()->addAxis(chart.categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    view->chart()->addAxis(chart.values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(chart.categories);
    series->attachAxis(chart.values);
    view->seriesChanged();
    return chart;
}

void setBarValues(QBarSet* set, const QList<double>& values) {
    set->remove(0, set->count());
    set->append(values);
}

QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style, double width) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setStyle(style);
    pen.setWidthF(width);
    s->setPen(pen);
    return s;
}

void attach(ChartView* view, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y,
            Unit xUnit, Unit yUnit) {
    ChartView::setUnits(series, xUnit, yUnit);
    view->chart()->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

void hideLegendEntry(ChartView* view, QAbstractSeries* series) {
    for (QLegendMarker* m : view->chart()->legend()->markers(series))
        m->setVisible(false);
}

void centerIn(QGraphicsSimpleTextItem* item, const QRectF& area) {
    item->setPos(area.center() - item->boundingRect().center());
}

QGraphicsSimpleTextItem* addMessage(ChartView* view) {
    auto* item = new QGraphicsSimpleTextItem(view->chart());
    item->setZValue(10);
    item->setVisible(false);
    item->setBrush(view->palette().color(QPalette::Text));
    QFont font = item->font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    item->setFont(font);
    QObject::connect(view->chart(), &QChart::plotAreaChanged, view,
                     [item](const QRectF& area) { centerIn(item, area); });
    return item;
}

} // namespace tierlab::gui
