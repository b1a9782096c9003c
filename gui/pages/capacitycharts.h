// SPDX-License-Identifier: MIT
// The charts of the Capacity page (docs/model.md, "Capacity"): P(exceed) against users with the
// confidence line and the users-per-pod answer, the concurrency distribution at the
// scenario's users with the slot line, and a sample week minute by minute with the serving
// slots and the second pod's events. They show core::CapacityResult and core::WeekTrace and
// compute nothing.
#pragma once

#include "sim/capacity.h"
#include "sim/trace.h"

#include <QObject>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

// Owns no layout: the page places the views.
class CapacityCharts : public QObject {
    Q_OBJECT

public:
    explicit CapacityCharts(QObject* parent = nullptr);

    void showResult(const core::CapacityResult& result, double confidence);
    void showTrace(const core::WeekTrace& trace);
    // Empties every chart and writes `message` across them.
    void clear(const QString& message);

    QList<ChartView*> charts() const;
    ChartView* exceedView() const { return m_exceedChart; }
    ChartView* concurrencyView() const { return m_histogramChart; }
    ChartView* traceView() const { return m_traceChart; }
    // For tests.
    QLineSeries* exceedCurve() const { return m_exceed; }
    QScatterSeries* usersPerPodMarker() const { return m_answer; }
    QLineSeries* concurrencyCurve() const { return m_histogram; }
    QLineSeries* traceCurve() const { return m_trace; }
    QLineSeries* servingCurve() const { return m_serving; }
    QScatterSeries* eventMarkers(core::AutoscaleEvent::Kind kind) const;

private:
    void buildExceedChart();
    void buildHistogramChart();
    void buildTraceChart();

    ChartView* m_exceedChart;
    QLineSeries* m_exceed;
    QLineSeries* m_allowed;
    QLineSeries* m_answerRange;
    QScatterSeries* m_answer;
    QValueAxis* m_exceedX;
    QCategoryAxis* m_exceedY;
    QGraphicsSimpleTextItem* m_exceedMessage;

    ChartView* m_histogramChart;
    QLineSeries* m_histogram;
    QLineSeries* m_slotLine;
    QValueAxis* m_histogramX;
    QLogValueAxis* m_histogramY;
    QGraphicsSimpleTextItem* m_histogramMessage;

    ChartView* m_traceChart;
    QLineSeries* m_trace;
    QLineSeries* m_serving;
    QScatterSeries* m_requested;
    QScatterSeries* m_started;
    QScatterSeries* m_released;
    QValueAxis* m_traceX;
    QValueAxis* m_traceY;
    QGraphicsSimpleTextItem* m_traceMessage;
};

} // namespace tierlab::gui
