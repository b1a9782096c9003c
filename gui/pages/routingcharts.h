// SPDX-License-Identifier: MIT
// The Routing page's charts: cost per typical request of the routed mix or cascade, stacked
// by model (each leg's runs x its cost on that model, plus the router overhead), next to the
// all-baseline bar, at serving cost and at list price; and a summary of the savings and the
// expected quality. Built once and updated in place; shows results only.
#pragma once

#include "document/evaluator.h"

#include <QWidget>

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QLabel;
class QStackedBarSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

class RoutingCharts : public QWidget {
    Q_OBJECT

public:
    explicit RoutingCharts(QWidget* parent = nullptr);

    // Draws the routing of an evaluation; empty when it has none.
    void showResults(const EvalSnapshot& snapshot);

    // For tests. Category 0 is the routed request, 1 the baseline.
    QStackedBarSeries* servingSeries() const { return m_serving.series; }
    QStackedBarSeries* listSeries() const { return m_list.series; }
    QBarSet* servingSet(const std::string& model) const;
    QBarSet* listSet(const std::string& model) const;
    QBarSet* overheadSet() const { return m_overhead; }
    QLabel* summary() const { return m_summary; }

private:
    struct Chart {
        ChartView* view = nullptr;
        QStackedBarSeries* series = nullptr;
        QBarCategoryAxis* categories = nullptr;
        QValueAxis* axis = nullptr;
        std::vector<QBarSet*> sets; // one per model in m_models
    };

    void build(Chart& chart, const QString& title);
    void rebuildSets(const core::Results& results);
    void fill(Chart& chart, const core::RoutingResult& r, bool serving, double overheadUsd,
              const QString& baselineName);
    static QBarSet* setOf(const Chart& chart, const std::vector<std::string>& models,
                          const std::string& model);

    Chart m_serving;
    Chart m_list;
    QBarSet* m_overhead = nullptr;
    std::vector<std::string> m_models; // model ids of the bar sets
    QLabel* m_summary;
};

} // namespace tierlab::gui
