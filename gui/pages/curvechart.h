// SPDX-License-Identifier: MIT
// The Hardware & Pods page's operating-curve chart: for one model served from an operating
// curve, the measured points of the length configuration nearest its typical request
// (frontier points filled, dominated ones hollow), the frontier as a line, and where each
// tier runs on that curve, one marker per tier labelled with its id. A combo box picks the
// model when several have curves; the whole widget hides when none has. Series are built
// once and updated in place; the chart shows results and computes nothing.
#pragma once

#include "eval/results.h"

#include <QWidget>

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QGraphicsSimpleTextItem;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

class CurveChart : public QWidget {
    Q_OBJECT

public:
    explicit CurveChart(QWidget* parent = nullptr);

    // Redraws from an evaluation; hides itself when no model of `results` has a curve.
    void showResults(const core::Results& results);

    // The model drawn ("" when none), and a way to choose another (as the combo box does).
    std::string modelId() const;
    void setModel(const std::string& modelId);

    // For tests: the series of the latest results.
    ChartView* chartView() const { return m_chart; }
    QComboBox* modelChoice() const { return m_models; }
    QLabel* caption() const { return m_caption; }
    QScatterSeries* frontierPoints() const { return m_frontierPoints; }
    QScatterSeries* dominatedPoints() const { return m_dominatedPoints; }
    QLineSeries* frontierLine() const { return m_frontierLine; }
    // One series per tier with an operating point on the model drawn, named by tier id.
    const std::vector<QScatterSeries*>& tierMarkers() const { return m_tierMarkers; }
    // The tier id drawn under each marker.
    const std::vector<QGraphicsSimpleTextItem*>& tierLabels() const { return m_tierLabels; }

protected:
    void changeEvent(QEvent* event) override;

private:
    // A tier's operating point on the model drawn.
    struct TierPoint {
        std::string tierId;
        std::string tierName;
        core::OperatingPointResult point;
    };
    // A model with a curve, and every tier's point on it.
    struct ModelCurve {
        std::string id;
        std::string name;
        core::CurvePlot plot;
        std::vector<TierPoint> tiers;
    };

    void buildChart();
    void fillModelChoice();
    void draw();
    void drawCurve(const ModelCurve& model);
    void drawTiers(const ModelCurve& model);
    void rebuildTierMarkers(std::size_t count);
    void placeTierLabels();
    QString captionFor(const ModelCurve& model) const;
    void fitAxes(const ModelCurve& model);
    void showPointTip(QScatterSeries* series, const QPointF& at, bool state);

    std::vector<ModelCurve> m_curves;
    int m_drawn = -1; // index in m_curves
    QComboBox* m_models;
    QLabel* m_modelLabel;
    ChartView* m_chart;
    QValueAxis* m_speedAxis;
    QValueAxis* m_throughputAxis;
    QLineSeries* m_frontierLine;
    QScatterSeries* m_frontierPoints;
    QScatterSeries* m_dominatedPoints;
    std::vector<QScatterSeries*> m_tierMarkers;
    std::vector<QGraphicsSimpleTextItem*> m_tierLabels; // owned by the chart
    QLabel* m_caption;
};

} // namespace tierlab::gui
