// SPDX-License-Identifier: MIT
// Small pieces every page's charts share: fitted value axes, styled line series, bar charts,
// series attached with their units, hidden legend entries and a message across an empty plot.
// Their colours are in palette.h.
#pragma once

#include "app/convert.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <Qt>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractBarSeries;
class QAbstractSeries;
class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QRectF;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

// Percent labels on an axis of shares (0.2 = 20 %) over [low, high].
void setPercentAxis(QCategoryAxis* axis, double low, double high);
// A new percent axis over [0, 1] with a title.
QCategoryAxis* percentAxis(const QString& title);

// A value axis from 0 (or the lowest negative value) to a little above the highest.
void fitAxis(QValueAxis* axis, double low, double high);

// A line series with a named pen.
QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine,
                  double width = 2);

// A bar chart's parts; the view's chart owns them.
struct BarChart {
    QAbstractBarSeries* series = nullptr;
    QList<QBarSet*> sets; // in the order of the names given
    QBarCategoryAxis* categories = nullptr;
    QValueAxis* values = nullptr;
};

// Adds `series` (grouped, stacked or horizontal bars) to the view with one bar set per name
// in `sets`, a category axis at the bottom (on the left for horizontal bars) and a value axis
// on the other side, titled `valueTitle` with `labelFormat` when they are not empty.
// `valueUnit` is what tooltips and the CSV export say the values are. The sets keep the chart
// theme's colours, which follow the light and dark palettes; give one from palette.h where a
// set stands for a tier or a model.
BarChart addBarChart(ChartView* view, QAbstractBarSeries* series, const QStringList& sets,
                     const QString& valueTitle, Unit valueUnit, const QString& labelFormat = {});

// Replaces a bar set's values in place: no series or axis is rebuilt on an edit.
void setBarValues(QBarSet* set, const QList<double>& values);

// Adds `series` to the view's chart on axes `x` and `y`, with the units its tooltips show.
void attach(ChartView* view, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y,
            Unit xUnit, Unit yUnit);

// Hides the legend entry of a helper series (markers, bands' boundaries).
void hideLegendEntry(ChartView* view, QAbstractSeries* series);

// Centres `item` in `area` (a chart's plot area).
void centerIn(QGraphicsSimpleTextItem* item, const QRectF& area);

// A message drawn across the plot area instead of empty axes; hidden until shown.
QGraphicsSimpleTextItem* addMessage(ChartView* view);

} // namespace tierlab::gui
