// SPDX-License-Identifier: MIT
// The Tiers page's charts: margin per subscriber against utilization for every tier (a line
// from the price at u = 0 to the margin at full use, with a marker at the breakeven
// utilization u*), and, for one chosen tier, the distribution of its subscribers'
// utilization (histogram, CDF, u* and the loss-making side) and its token Lorenz curve.
// Charts are built once and updated in place; they show results and compute nothing.
#pragma once

#include "eval/results.h"

#include <QWidget>

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QCategoryAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

class TiersCharts : public QWidget {
    Q_OBJECT

public:
    explicit TiersCharts(QWidget* parent = nullptr);

    // Redraws from an evaluation; `tierId` chooses the tier of the distribution and Lorenz
    // charts (none drawn when no tier has that id).
    void showResults(const core::Results& results, const std::string& tierId);

    // For tests: series of the latest results.
    QLineSeries* marginLine(int tier) const;
    QScatterSeries* breakevenMarker(int tier) const;
    QBarSet* histogram() const { return m_histogram; }
    QLineSeries* cdf() const { return m_cdf; }
    QLineSeries* breakevenLine() const { return m_breakevenLine; }
    QAreaSeries* lossSide() const { return m_lossSide; }
    QLineSeries* lorenz() const { return m_lorenz; }
    // True when the chosen tier had a population to draw.
    bool populationShown() const { return m_populationShown; }

private:
    void buildMarginChart();
    void buildDistributionChart();
    void buildLorenzChart();
    void rebuildMarginSeries(std::size_t tiers);
    void showMargins(const std::vector<core::TierResult>& tiers);
    void showDistribution(const core::TierResult& tier);
    void showLorenz(const core::TierResult& tier);
    void showPopulation(bool shown, const QString& message);
    void placeLossLabel();

    ChartView* m_marginChart;
    QCategoryAxis* m_marginX;
    QValueAxis* m_marginY;
    QLineSeries* m_zeroLine;
    std::vector<QLineSeries*> m_marginLines;
    std::vector<QScatterSeries*> m_breakevenMarkers;

    ChartView* m_distributionChart;
    QBarSeries* m_bars;
    QBarSet* m_histogram;
    QBarCategoryAxis* m_bins;
    QCategoryAxis* m_utilization;
    QCategoryAxis* m_shareAxis;
    QCategoryAxis* m_cdfAxis;
    QLineSeries* m_cdf;
    QLineSeries* m_breakevenLine;
    QLineSeries* m_lossUpper;
    QLineSeries* m_lossLower;
    QAreaSeries* m_lossSide;
    QGraphicsSimpleTextItem* m_lossLabel;
    double m_lossLabelX = 0;

    ChartView* m_lorenzChart;
    QCategoryAxis* m_lorenzX;
    QCategoryAxis* m_lorenzY;
    QLineSeries* m_lorenz;
    QLineSeries* m_equality;

    QGraphicsSimpleTextItem* m_distributionMessage;
    QGraphicsSimpleTextItem* m_lorenzMessage;
    bool m_populationShown = true;
};

} // namespace tierlab::gui
