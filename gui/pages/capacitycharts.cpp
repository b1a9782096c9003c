// SPDX-License-Identifier: MIT
#include "capacitycharts.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"

#include <QGraphicsSimpleTextItem>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

// What was simulated in blue, the slots it must stay under in the loss red, the answer and
// the second pod's service in green.
constexpr QColor kFigureColor = kBlue;
constexpr QColor kLimitColor = kLossColor;
constexpr QColor kAnswerColor = kGreen;
constexpr QColor kRequestColor = kOrange;
constexpr QColor kReleaseColor = kGrey;

QScatterSeries* markers(const QString& name, const QColor& color, double size,
                        QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle) {
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setColor(color);
    s->setBorderColor(color.darker(150));
    s->setMarkerSize(size);
    s->setMarkerShape(shape);
    return s;
}

void setMessage(QGraphicsSimpleTextItem* item, const QString& text) {
    item->setText(text);
    item->setVisible(!text.isEmpty());
    if (auto* chart = qobject_cast<QChart*>(item->parentObject()))
        centerIn(item, chart->plotArea());
}

} // namespace

CapacityCharts::CapacityCharts(QObject* parent) : QObject(parent) {
    buildExceedChart();
    buildHistogramChart();
    buildTraceChart();
    clear(tr("Not simulated yet"));
}

void CapacityCharts::buildExceedChart() {
    m_exceedChart = new ChartView(tr("P(concurrency exceeds the slots) against users"));
    m_exceedChart->setObjectName(QStringLiteral("exceedChart"));
    m_exceedChart->setMinimumHeight(320);
    m_exceedX = new QValueAxis;
    m_exceedX->setTitleText(tr("users on the pod"));
    m_exceedX->setLabelFormat(QStringLiteral("%.0f"));
    m_exceedY = percentAxis(tr("P(exceed)"));
    m_exceedChart->chart()->addAxis(m_exceedX, Qt::AlignBottom);
    m_exceedChart->chart()->addAxis(m_exceedY, Qt::AlignLeft);
    m_exceed = line(tr("P(exceed)"), kFigureColor);
    m_allowed = line(tr("allowed risk"), kLimitColor, Qt::DashLine, 1.5);
    m_answerRange = line(QString(), kAnswerColor, Qt::SolidLine, 4);
    m_answer = markers(tr("users per pod"), kAnswerColor, 12);
    attach(m_exceedChart, m_exceed, m_exceedX, m_exceedY, Unit::Count, Unit::Share);
    attach(m_exceedChart, m_allowed, m_exceedX, m_exceedY, Unit::Count, Unit::Share);
    attach(m_exceedChart, m_answerRange, m_exceedX, m_exceedY, Unit::Count, Unit::Share);
    attach(m_exceedChart, m_answer, m_exceedX, m_exceedY, Unit::Count, Unit::Share);
    m_exceedChart->seriesChanged();
    hideLegendEntry(m_exceedChart, m_answerRange); // the answer's entry gives its interval
    m_exceedMessage = addMessage(m_exceedChart);
}

void CapacityCharts::buildHistogramChart() {
    m_histogramChart = new ChartView(tr("Concurrency at the scenario's users"));
    m_histogramChart->setObjectName(QStringLiteral("concurrencyChart"));
    m_histogramChart->setMinimumHeight(320);
    m_histogramX = new QValueAxis;
    m_histogramX->setTitleText(tr("generations running at once"));
    m_histogramX->setLabelFormat(QStringLiteral("%.0f"));
    m_histogramY = new QLogValueAxis;
    m_histogramY->setTitleText(tr("share of seconds (log)"));
    m_histogramY->setLabelFormat(QStringLiteral("%.0e"));
    m_histogramChart->chart()->addAxis(m_histogramX, Qt::AlignBottom);
    m_histogramChart->chart()->addAxis(m_histogramY, Qt::AlignLeft);
    m_histogram = line(tr("share of seconds"), kFigureColor);
    m_histogram->setPointsVisible(true);
    m_slotLine = line(tr("slots"), kLimitColor, Qt::DashLine, 1.5);
    attach(m_histogramChart, m_histogram, m_histogramX, m_histogramY, Unit::Count, Unit::Share);
    attach(m_histogramChart, m_slotLine, m_histogramX, m_histogramY, Unit::Count, Unit::Share);
    m_histogramChart->seriesChanged();
    m_histogramMessage = addMessage(m_histogramChart);
}

void CapacityCharts::buildTraceChart() {
    m_traceChart = new ChartView(tr("A sample week"));
    m_traceChart->setObjectName(QStringLiteral("traceChart"));
    m_traceChart->setMinimumHeight(320);
    m_traceX = new QValueAxis;
    m_traceX->setTitleText(tr("hours since the start of the week (UTC)"));
    m_traceX->setLabelFormat(QStringLiteral("%.0f"));
    m_traceX->setRange(0, 168);
    m_traceX->setTickCount(8);
    m_traceY = new QValueAxis;
    m_traceY->setTitleText(tr("concurrency (minute peak)"));
    m_traceY->setLabelFormat(QStringLiteral("%.0f"));
    m_traceChart->chart()->addAxis(m_traceX, Qt::AlignBottom);
    m_traceChart->chart()->addAxis(m_traceY, Qt::AlignLeft);
    m_trace = line(tr("concurrency"), kFigureColor, Qt::SolidLine, 1);
    m_serving = line(tr("slots serving"), kLimitColor, Qt::SolidLine, 1.5);
    m_requested =
        markers(tr("second pod requested"), kRequestColor, 9, QScatterSeries::MarkerShapeTriangle);
    m_started = markers(tr("second pod serving"), kAnswerColor, 8);
    m_released =
        markers(tr("second pod released"), kReleaseColor, 7, QScatterSeries::MarkerShapeRectangle);
    attach(m_traceChart, m_trace, m_traceX, m_traceY, Unit::Plain, Unit::Count);
    attach(m_traceChart, m_serving, m_traceX, m_traceY, Unit::Plain, Unit::Count);
    for (QScatterSeries* s : {m_requested, m_started, m_released})
        attach(m_traceChart, s, m_traceX, m_traceY, Unit::Plain, Unit::Count);
    m_traceChart->seriesChanged();
    m_traceMessage = addMessage(m_traceChart);
}

QList<ChartView*> CapacityCharts::charts() const {
    return {m_exceedChart, m_histogramChart, m_traceChart};
}

QScatterSeries* CapacityCharts::eventMarkers(core::AutoscaleEvent::Kind kind) const {
    switch (kind) {
    case core::AutoscaleEvent::Kind::Requested:
        return m_requested;
    case core::AutoscaleEvent::Kind::Serving:
        return m_started;
    case core::AutoscaleEvent::Kind::Released:
        return m_released;
    }
    return nullptr;
}

void CapacityCharts::clear(const QString& message) {
    for (QXYSeries* s : std::initializer_list<QXYSeries*>{
             m_exceed, m_allowed, m_answerRange, m_answer, m_histogram, m_slotLine, m_trace,
             m_serving, m_requested, m_started, m_released})
        s->clear();
    setMessage(m_exceedMessage, message);
    setMessage(m_histogramMessage, message);
    setMessage(m_traceMessage, message);
}

void CapacityCharts::showResult(const core::CapacityResult& r, double confidence) {
    // P(exceed) against users, the risk allowed and the answer with its interval.
    QList<QPointF> curve{{0, 0}};
    for (const auto& [users, p] : r.exceedByUsers)
        curve.append({static_cast<double>(users), p});
    m_exceed->replace(curve);
    const double risk = 1 - confidence;
    const double right = std::max({curve.back().x(), static_cast<double>(r.usersPerPodHigh), 1.0});
    m_allowed->replace({{0, risk}, {right, risk}});
    m_allowed->setName(tr("%1 risk").arg(formatValue(risk, Unit::Share)));
    m_answerRange->replace({{static_cast<double>(r.usersPerPodLow), risk},
                            {static_cast<double>(r.usersPerPodHigh), risk}});
    m_answer->replace({{static_cast<double>(r.usersPerPod), risk}});
    m_answer->setName(tr("%1%2 users (%3–%4)")
                          .arg(r.usersPerPodCensored ? QStringLiteral("≥ ") : QString())
                          .arg(r.usersPerPod)
                          .arg(r.usersPerPodLow)
                          .arg(r.usersPerPodHigh));
    m_exceedX->setRange(0, right);
    m_exceedX->applyNiceNumbers();
    double top = risk;
    for (const QPointF& p : curve)
        top = std::max(top, p.y());
    setPercentAxis(m_exceedY, 0, std::min(1.0, top * 1.05));
    m_exceedChart->chart()->setTitle(
        tr("P(exceed %1 slots) against users, %2 trials").arg(r.podSlots).arg(r.trials));
    setMessage(m_exceedMessage, curve.size() > 1 ? QString() : tr("No user count exceeds"));

    // Concurrency at the scenario's users, on a log scale so that the tail shows.
    QList<QPointF> shares;
    double smallest = 1;
    for (std::size_t k = 0; k < r.concurrencyShare.size(); ++k)
        if (r.concurrencyShare[k] > 0) {
            shares.append({static_cast<double>(k), r.concurrencyShare[k]});
            smallest = std::min(smallest, r.concurrencyShare[k]);
        }
    m_histogram->replace(shares);
    const double bottom = std::pow(10.0, std::floor(std::log10(smallest)));
    m_slotLine->replace(
        {{static_cast<double>(r.podSlots), bottom}, {static_cast<double>(r.podSlots), 1}});
    m_slotLine->setName(tr("%1 slots").arg(r.podSlots));
    m_histogramY->setRange(bottom, 1);
    m_histogramX->setRange(
        0, std::max<double>(r.podSlots, static_cast<double>(r.concurrencyShare.size())) + 1);
    m_histogramX->applyNiceNumbers();
    m_histogramChart->chart()->setTitle(tr("Concurrency at %1 users: mean %2, largest %3")
                                            .arg(r.users)
                                            .arg(r.meanConcurrency, 0, 'f', 2)
                                            .arg(r.maxConcurrencyOverall));
    setMessage(m_histogramMessage, QString());
}

void CapacityCharts::showTrace(const core::WeekTrace& t) {
    QList<QPointF> peaks;
    peaks.reserve(static_cast<qsizetype>(t.peakByMinute.size()));
    for (std::size_t m = 0; m < t.peakByMinute.size(); ++m)
        peaks.append({static_cast<double>(m) / 60.0, static_cast<double>(t.peakByMinute[m])});
    m_trace->replace(peaks);
    // The serving slots as a step line: a point where they change.
    QList<QPointF> serving;
    for (std::size_t m = 0; m < t.servingSlotsByMinute.size(); ++m) {
        const double x = static_cast<double>(m) / 60.0;
        const auto slots = static_cast<double>(t.servingSlotsByMinute[m]);
        if (serving.isEmpty() || serving.back().y() != slots) {
            if (!serving.isEmpty())
                serving.append({x, serving.back().y()});
            serving.append({x, slots});
        }
    }
    if (!serving.isEmpty())
        serving.append(
            {static_cast<double>(t.servingSlotsByMinute.size()) / 60.0, serving.back().y()});
    m_serving->replace(serving);
    // A request sits on the one pod's slot line; the second pod's start and release on the
    // top of the step they make, so the cold start shows between the two.
    QList<QPointF> events[3];
    for (const core::AutoscaleEvent& e : t.events) {
        const bool request = e.kind == core::AutoscaleEvent::Kind::Requested;
        events[static_cast<int>(e.kind)].append(
            {static_cast<double>(e.second) / 3600.0,
             static_cast<double>(t.podSlots * (request ? 1 : 2))});
    }
    m_requested->replace(events[0]);
    m_started->replace(events[1]);
    m_released->replace(events[2]);
    int top = t.podSlots;
    for (int s : t.servingSlotsByMinute)
        top = std::max(top, s);
    m_traceY->setRange(0, std::max(top, t.peak) * 1.1);
    m_traceY->applyNiceNumbers();
    m_traceChart->chart()->setTitle(
        tr("Sample week: trial 1, week %1 of its horizon (the one with its peak, %2), %3 users; "
           "%4 minutes above the serving slots")
            .arg(t.week + 1)
            .arg(t.peak)
            .arg(t.users)
            .arg(t.minutesAbove, 0, 'f', 0));
    setMessage(m_traceMessage, QString());
}

} // namespace tierlab::gui
