// SPDX-License-Identifier: MIT
// The Compare page's charts: tier margins of A and B as grouped bars (per tier id present in
// either), and a chosen tier's utilization CDF of both, from the population's utilization
// quantiles; without a population, breakeven utilization per tier instead. Built once and
// updated in place.
#pragma once

#include "document/evaluator.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QComboBox;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

class CompareCharts : public QWidget {
    Q_OBJECT

public:
    explicit CompareCharts(QWidget* parent = nullptr);

    // Shows A against B (either may be null: the charts are cleared).
    void showComparison(SnapshotPtr a, SnapshotPtr b);

    QBarSeries* marginSeries() const { return m_margins; }
    QLineSeries* cdfSeriesA() const { return m_cdfA; }
    QLineSeries* cdfSeriesB() const { return m_cdfB; }

private:
    void buildMarginChart();
    void buildTierCharts();
    void fillMargins();
    void fillTierChooser();
    void fillTierCharts();
    void fillBreakevens();
    void clear();

    SnapshotPtr m_a;
    SnapshotPtr m_b;
    bool m_filling = false;

    ChartView* m_marginChart;
    QBarSeries* m_margins;
    QBarSet* m_marginA;
    QBarSet* m_marginB;
    QBarCategoryAxis* m_marginTiers;
    QValueAxis* m_marginAxis;

    QWidget* m_tierBar;
    QComboBox* m_tierChooser;
    ChartView* m_cdfChart;
    QLineSeries* m_cdfA;
    QLineSeries* m_cdfB;
    QValueAxis* m_cdfUtilization;
    QValueAxis* m_cdfShare;
    ChartView* m_breakevenChart;
    QBarSeries* m_breakevens;
    QBarSet* m_breakevenA;
    QBarSet* m_breakevenB;
    QBarCategoryAxis* m_breakevenTiers;
    QValueAxis* m_breakevenAxis;
};

} // namespace tierlab::gui
