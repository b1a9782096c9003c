// SPDX-License-Identifier: MIT
// Fitting the gap mixture to an imported data set (core::fitDatasetGaps, docs/model.md,
// "Capacity"): the data set's gap distribution against the fitted mixture and the scenario's,
// the Kolmogorov-Smirnov distance, and one undoable edit that makes the fit the scenario's
// capacity.gaps, so that the fitted model drives the simulation.
#pragma once

#include "sim/gapfitdataset.h"

#include <QGroupBox>

#include <optional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPushButton;
class QScatterSeries;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;
class WorkspaceDocument;

class CapacityFitPanel : public QGroupBox {
    Q_OBJECT

public:
    explicit CapacityFitPanel(WorkspaceDocument* document, QWidget* parent = nullptr);

    // Fits the chosen data set (the histogram EM takes milliseconds: on the GUI thread).
    void fit();
    // Writes the last fit into the scenario's capacity.gaps (undoable). False without one.
    bool useFit();
    // Lists the workspace's data sets again (after an import).
    void refreshDatasets();
    // Redraws the scenario's mixture (after an edit of capacity.gaps).
    void refreshScenarioCurve();

    ChartView* chart() const { return m_chart; }
    // For tests.
    QComboBox* datasetChooser() const { return m_dataset; }
    const std::optional<core::DatasetGapFit>& lastFit() const { return m_fit; }
    QLineSeries* fittedCurve() const { return m_fitted; }
    QScatterSeries* empiricalPoints() const { return m_empirical; }
    QLineSeries* scenarioCurve() const { return m_scenario; }

private:
    void showFit();

    WorkspaceDocument* m_document;
    QComboBox* m_dataset;
    QPushButton* m_fitButton;
    QPushButton* m_useButton;
    QLabel* m_summary;
    ChartView* m_chart;
    QLogValueAxis* m_x;
    QScatterSeries* m_empirical;
    QLineSeries* m_fitted;
    QLineSeries* m_scenario;
    std::optional<core::DatasetGapFit> m_fit;
    QString m_fitName;
};

} // namespace tierlab::gui
