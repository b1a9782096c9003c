// SPDX-License-Identifier: MIT
// Usage: the workspace's imported data sets with their totals; for the selected one, what the
// import assumed and skipped, its activity by hour of the week and the gaps between a
// subscriber's requests; importing another file, and which usage the active scenario prices.
#pragma once

#include "page.h"
#include "store/workspace.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;
class HeatmapWidget;
class UsageSourceEditor;

class UsagePage : public Page {
    Q_OBJECT

public:
    UsagePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Usage"); }

    // For tests: the data set table, the selected data set's views, the buttons.
    QTableWidget* datasetTable() const { return m_table; }
    HeatmapWidget* heatmap() const { return m_heatmap; }
    QLineSeries* gapSeries() const { return m_gaps; }
    UsageSourceEditor* sourceEditor() const { return m_source; }
    QPushButton* useButton() const { return m_use; }
    QString selectedDataset() const;
    void selectDataset(const QString& name);

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    void createTable();
    void createGapChart();
    void reloadDatasets();
    void fillTable();
    void fitTableHeight();
    void showSelected();
    void updateUseButton();
    void showProfiles(const core::DatasetSummary& d);
    void showDetails(const core::DatasetSummary& d);
    void openImport();
    void useSelected();

    std::vector<core::DatasetSummary> m_datasets;
    QLabel* m_heading;
    QPushButton* m_import;
    QPushButton* m_use;
    UsageSourceEditor* m_source;
    QTableWidget* m_table;
    QPlainTextEdit* m_details;
    HeatmapWidget* m_heatmap;
    QLabel* m_heatmapTitle;
    ChartView* m_gapChart;
    QLineSeries* m_gaps;
    QLogValueAxis* m_gapAxis;
    QValueAxis* m_countAxis;
};

} // namespace tierlab::gui
