// SPDX-License-Identifier: MIT
// Small pieces every page's charts share: fitted value axes, styled line series, series
// attached with their units, hidden legend entries and a message across an empty plot.
#pragma once

#include "app/convert.h"

#include <QColor>
#include <QString>
#include <Qt>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractSeries;
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
