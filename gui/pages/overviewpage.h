// SPDX-License-Identifier: MIT
// Overview: per-tier figures (subscribers, revenue, cost, margin, loss-making share,
// breakeven utilization), the population totals, tier price editors, and a tier comparison
// chart.
#pragma once

#include "page.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QFormLayout;
class QLabel;
class QTableWidget;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;
class ValueSpinBox;

class OverviewPage : public Page {
    Q_OBJECT

public:
    OverviewPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Overview"); }

    // For tests: the comparison chart's bar sets (revenue, cost, margin).
    QBarSeries* comparisonSeries() const { return m_money; }
    QTableWidget* table() const { return m_table; }

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    void rebuildPriceEditors();
    void fillTable(const EvalSnapshot& snapshot);
    void fillCharts(const EvalSnapshot& snapshot);

    QLabel* m_heading;
    QLabel* m_usage;
    QFormLayout* m_prices;
    std::vector<ValueSpinBox*> m_priceBoxes;
    QTableWidget* m_table;
    ChartView* m_moneyChart;
    QBarSeries* m_money;
    QBarSet* m_revenue;
    QBarSet* m_cost;
    QBarSet* m_margin;
    QBarCategoryAxis* m_moneyTiers;
    QValueAxis* m_moneyAxis;
    ChartView* m_shareChart;
    QBarSeries* m_shares;
    QBarSet* m_lossMaking;
    QBarSet* m_breakeven;
    QBarSet* m_p90;
    QBarCategoryAxis* m_shareTiers;
    QValueAxis* m_shareAxis;
};

} // namespace tierlab::gui
