// SPDX-License-Identifier: MIT
// A chart view with the interaction every TierLab chart shares: hover tooltips with exact
// values and units, rubber-band zoom (double-click or Reset zoom to undo), legend entries that
// toggle their series, and a context menu to copy the chart as an image or export its data
// as CSV. Charts only display results; they compute nothing (docs/architecture.md).
#pragma once

#include "app/convert.h"

#include <QtCharts/QChartView>

#include <functional>

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QAbstractBarSeries;
class QXYSeries;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView : public QChartView {
    Q_OBJECT

public:
    explicit ChartView(const QString& title = {}, QWidget* parent = nullptr);

    // Units of a series' values, used by tooltips and the CSV export. For bar series, y is
    // the bar value and x the category.
    static void setUnits(QAbstractSeries* series, Unit x, Unit y);

    // Call after adding or replacing series: hooks tooltips and legend toggling to them.
    void seriesChanged();
    void resetZoom();

    // The data of every series: "series,x,y" rows (bar series: category as x).
    QString dataAsCsv() const;
    bool exportCsv(const QString& path, QString* error) const;
    void copyImage();

    // Light or dark chart theme following the application palette.
    void applyPaletteTheme();

Q_SIGNALS:
    void zoomChanged();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void hookXY(QXYSeries* series);
    void hookBars(QAbstractBarSeries* series);
    void hookLegend();
};

} // namespace tierlab::gui
