// SPDX-License-Identifier: MIT
#include "curvechart.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"

#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPen>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

QString lengths(double inputTokens, double outputTokens) {
    return QStringLiteral("%1/%2").arg(std::lround(inputTokens)).arg(std::lround(outputTokens));
}

QString tokensPerS(double value) {
    return QLocale::c().toString(value, 'g', 3);
}

QScatterSeries* scatter(const QString& name, QScatterSeries::MarkerShape shape, double size) {
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setMarkerShape(shape);
    s->setMarkerSize(size);
    return s;
}

// Frontier points filled, dominated ones hollow; tier markers filled with a dark rim. A
// theme change resets series colours, so this runs on every redraw.
void styleCurve(QLineSeries* line, QScatterSeries* frontier, QScatterSeries* dominated, bool dark) {
    // A neutral colour, so that the tiers' markers stand out on the curve.
    const QColor colour = curveColor(dark);
    line->setPen(QPen(colour, 2));
    frontier->setBrush(colour);
    frontier->setPen(QPen(dark ? colour.lighter(120) : colour.darker(130), 1));
    dominated->setBrush(Qt::NoBrush);
    dominated->setPen(QPen(dark ? colour.darker(130) : colour.lighter(140), 1.5));
}

void styleTierMarker(QScatterSeries* marker, const QColor& colour) {
    marker->setBrush(colour);
    marker->setPen(QPen(colour.darker(160), 1.5));
}

} // namespace

CurveChart::CurveChart(QWidget* parent) : QWidget(parent) {
    m_models = new QComboBox;
    m_models->setObjectName(QStringLiteral("curveModelChoice"));
    m_models->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modelLabel = new QLabel(tr("Model:"));
    m_modelLabel->setBuddy(m_models);
    connect(m_models, &QComboBox::currentIndexChanged, this, [this] { draw(); });
    buildChart();
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("curveCaption"));
    m_caption->setWordWrap(true);

    auto* choice = new QHBoxLayout;
    choice->addWidget(m_modelLabel);
    choice->addWidget(m_models);
    choice->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(choice);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_caption);
    setVisible(false);
}

void CurveChart::buildChart() {
    m_chart = new ChartView(tr("Operating curve"));
    m_chart->setObjectName(QStringLiteral("operatingCurveChart"));
    m_chart->setMinimumSize(420, 400);
    m_chart->chart()->setMargins(QMargins(4, 4, 12, 4));
    m_speedAxis = new QValueAxis;
    m_speedAxis->setTitleText(tr("Output tokens/s per user"));
    m_speedAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_throughputAxis = new QValueAxis;
    m_throughputAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->chart()->addAxis(m_speedAxis, Qt::AlignBottom);
    m_chart->chart()->addAxis(m_throughputAxis, Qt::AlignLeft);

    m_frontierLine = line(tr("Frontier"), kCurveColor);
    m_frontierPoints =
        scatter(tr("Measured, on the frontier"), QScatterSeries::MarkerShapeCircle, 8);
    m_dominatedPoints = scatter(tr("Measured, dominated"), QScatterSeries::MarkerShapeCircle, 8);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{
             m_frontierLine, m_dominatedPoints, m_frontierPoints})
        attach(m_chart, s, m_speedAxis, m_throughputAxis, Unit::Plain, Unit::Plain);
    m_chart->seriesChanged();
    // Tier labels follow their markers through resizes and zooms.
    connect(m_chart->chart(), &QChart::plotAreaChanged, this, [this] { placeTierLabels(); });
    for (QValueAxis* axis : {m_speedAxis, m_throughputAxis})
        connect(axis, &QValueAxis::rangeChanged, this, [this] { placeTierLabels(); });
    // The frontier line's entry stands for its points too.
    hideLegendEntry(m_chart, m_frontierPoints);
    for (QScatterSeries* s : {m_frontierPoints, m_dominatedPoints})
        connect(s, &QScatterSeries::hovered, this,
                [this, s](const QPointF& at, bool state) { showPointTip(s, at, state); });
}

void CurveChart::changeEvent(QEvent* event) {
    // The chart's theme follows the palette and resets series colours: restyle them once the
    // chart view (a child, told after this widget) has changed its theme.
    if (event->type() == QEvent::PaletteChange)
        QMetaObject::invokeMethod(
            this, [this] { draw(); }, Qt::QueuedConnection);
    QWidget::changeEvent(event);
}

std::string CurveChart::modelId() const {
    return m_drawn >= 0 ? m_curves[static_cast<std::size_t>(m_drawn)].id : std::string();
}

void CurveChart::setModel(const std::string& modelId) {
    const int index = m_models->findData(toQ(modelId));
    if (index >= 0)
        m_models->setCurrentIndex(index);
}

void CurveChart::showResults(const core::Results& results) {
    m_curves.clear();
    for (const core::ModelResult& m : results.models) {
        if (!m.curvePlot)
            continue;
        ModelCurve c{m.id, m.name.empty() ? m.id : m.name, *m.curvePlot, {}};
        for (const core::TierResult& t : results.tiers)
            for (const core::OperatingPointResult& p : t.operatingPoints)
                if (p.model == m.id)
                    c.tiers.push_back({t.id, t.name.empty() ? t.id : t.name, p});
        m_curves.push_back(std::move(c));
    }
    setVisible(!m_curves.empty());
    fillModelChoice();
    draw();
}

void CurveChart::fillModelChoice() {
    QStringList ids;
    for (const ModelCurve& c : m_curves)
        ids << toQ(c.id);
    QStringList shown;
    for (int i = 0; i < m_models->count(); ++i)
        shown << m_models->itemData(i).toString();
    if (ids != shown) {
        // Keep the model chosen when it still has a curve, else the first with one.
        const QString chosen = m_models->currentData().toString();
        const QSignalBlocker block(m_models);
        m_models->clear();
        for (const ModelCurve& c : m_curves)
            m_models->addItem(toQ(c.name), toQ(c.id));
        m_models->setCurrentIndex(std::max(0, static_cast<int>(ids.indexOf(chosen))));
    } else {
        for (int i = 0; i < m_models->count(); ++i)
            m_models->setItemText(i, toQ(m_curves[static_cast<std::size_t>(i)].name));
    }
    m_modelLabel->setVisible(m_curves.size() > 1);
    m_models->setVisible(m_curves.size() > 1);
}

void CurveChart::draw() {
    m_drawn = m_curves.empty() ? -1 : std::max(0, m_models->currentIndex());
    if (m_drawn < 0)
        return;
    const ModelCurve& model = m_curves[static_cast<std::size_t>(m_drawn)];
    drawCurve(model);
    drawTiers(model);
    fitAxes(model);
}

void CurveChart::drawCurve(const ModelCurve& model) {
    const core::CurvePlot& plot = model.plot;
    QList<QPointF> frontier, dominated;
    for (const core::CurvePlot::Point& p : plot.points)
        (p.frontier ? frontier : dominated)
            .append(QPointF(p.tokensPerSPerUser, p.throughputPerGpu));
    m_frontierLine->replace(frontier);
    m_frontierPoints->replace(frontier);
    m_dominatedPoints->replace(dominated);
    styleCurve(m_frontierLine, m_frontierPoints, m_dominatedPoints,
               palette().color(QPalette::Window).lightness() < 128);
    // No legend entry for an empty series.
    for (QLegendMarker* marker : m_chart->chart()->legend()->markers(m_dominatedPoints))
        marker->setVisible(!dominated.isEmpty());
    const QString config = lengths(plot.inputTokens, plot.outputTokens);
    m_chart->chart()->setTitle(tr("%1 at %2 tokens: measured points and where each tier runs")
                                   .arg(toQ(plot.curve), config));
    // The basis says what is counted per GPU ("output tok/s/GPU").
    QString basis = toQ(plot.basis);
    if (!basis.isEmpty())
        basis[0] = basis[0].toUpper();
    m_throughputAxis->setTitleText(basis);
}

void CurveChart::drawTiers(const ModelCurve& model) {
    if (m_tierMarkers.size() != model.tiers.size())
        rebuildTierMarkers(model.tiers.size());
    const QColor text = palette().color(QPalette::Text);
    for (std::size_t i = 0; i < model.tiers.size(); ++i) {
        const TierPoint& t = model.tiers[i];
        QScatterSeries* marker = m_tierMarkers[i];
        marker->setName(
            tr("%1: ≥ %2 tok/s").arg(toQ(t.tierName), tokensPerS(t.point.targetTokensPerSPerUser)));
        marker->replace({QPointF(t.point.tokensPerSPerUser, t.point.throughputPerGpu)});
        // By the tier's place in the results, as on the Tiers page (tierscharts.cpp).
        styleTierMarker(marker, tierColor(i));
        m_tierLabels[i]->setText(toQ(t.tierId));
        m_tierLabels[i]->setBrush(text);
    }
    placeTierLabels();
    m_caption->setText(captionFor(model));
}

void CurveChart::rebuildTierMarkers(std::size_t count) {
    for (QScatterSeries* s : m_tierMarkers) {
        m_chart->chart()->removeSeries(s);
        delete s;
    }
    for (QGraphicsSimpleTextItem* label : m_tierLabels)
        delete label;
    m_tierMarkers.clear();
    m_tierLabels.clear();
    for (std::size_t i = 0; i < count; ++i) {
        QScatterSeries* s = scatter({}, QScatterSeries::MarkerShapeRotatedRectangle, 14);
        attach(m_chart, s, m_speedAxis, m_throughputAxis, Unit::Plain, Unit::Plain);
        m_tierMarkers.push_back(s);
        auto* label = new QGraphicsSimpleTextItem(m_chart->chart());
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        label->setZValue(10);
        m_tierLabels.push_back(label);
    }
    m_chart->seriesChanged();
    for (QScatterSeries* s : m_tierMarkers) {
        connect(s, &QScatterSeries::hovered, this,
                [this, s](const QPointF& at, bool state) { showPointTip(s, at, state); });
        // A legend click hides the series: its label goes with it.
        connect(s, &QScatterSeries::visibleChanged, this, [this] { placeTierLabels(); });
    }
}

void CurveChart::placeTierLabels() {
    // Below each marker, where the curve rarely is: a tier's point lies on or under the
    // frontier (read at longer requests, it runs slower). Series point labels sit above the
    // point, on the curve.
    const QRectF plot = m_chart->chart()->plotArea();
    for (std::size_t i = 0; i < m_tierLabels.size(); ++i) {
        QGraphicsSimpleTextItem* label = m_tierLabels[i];
        QScatterSeries* marker = m_tierMarkers[i];
        if (marker->count() == 0 || !marker->isVisible()) {
            label->hide();
            continue;
        }
        const QPointF at = m_chart->chart()->mapToPosition(marker->at(0), marker);
        const QRectF box = label->boundingRect();
        label->setPos(at.x() - box.width() / 2, at.y() + marker->markerSize() / 2 + 2);
        label->setVisible(plot.contains(at));
    }
}

QString CurveChart::captionFor(const ModelCurve& model) const {
    const QString drawn = lengths(model.plot.inputTokens, model.plot.outputTokens);
    if (model.tiers.empty())
        return tr("No tier runs on this model; the curve drawn is the measured %1 configuration.")
            .arg(drawn);
    // The lengths each tier's point is read at: once when all tiers share them.
    QStringList perTier;
    QStringList distinct;
    for (const TierPoint& t : model.tiers) {
        QString read = lengths(t.point.inputTokens, t.point.outputTokens);
        if (t.point.lengthsClamped)
            read += tr(", clamped");
        perTier << QStringLiteral("%1 %2").arg(toQ(t.tierId), read);
        if (!distinct.contains(read))
            distinct << read;
    }
    const QString read =
        distinct.size() == 1 ? distinct.first() : perTier.join(QStringLiteral("; "));
    return tr("Tier points are read at each tier's typical request (%1); the curve drawn is the "
              "measured %2 configuration.")
        .arg(read, drawn);
}

void CurveChart::fitAxes(const ModelCurve& model) {
    double speed = 0, throughput = 0;
    for (const core::CurvePlot::Point& p : model.plot.points) {
        speed = std::max(speed, p.tokensPerSPerUser);
        throughput = std::max(throughput, p.throughputPerGpu);
    }
    for (const TierPoint& t : model.tiers) {
        speed = std::max(speed, t.point.tokensPerSPerUser);
        throughput = std::max(throughput, t.point.throughputPerGpu);
    }
    // A tick count for applyNiceNumbers() to aim at: more gridlines than its default.
    for (QValueAxis* axis : {m_speedAxis, m_throughputAxis})
        axis->setTickCount(7);
    fitAxis(m_speedAxis, 0, speed);
    fitAxis(m_throughputAxis, 0, throughput);
}

void CurveChart::showPointTip(QScatterSeries* series, const QPointF& at, bool state) {
    if (!state || m_drawn < 0)
        return QToolTip::hideText();
    const ModelCurve& model = m_curves[static_cast<std::size_t>(m_drawn)];
    const QString basis = toQ(model.plot.basis);
    const auto tierAt = std::find(m_tierMarkers.begin(), m_tierMarkers.end(), series);
    QString tip;
    if (tierAt != m_tierMarkers.end()) {
        const TierPoint& t = model.tiers[static_cast<std::size_t>(tierAt - m_tierMarkers.begin())];
        const core::OperatingPointResult& p = t.point;
        tip = tr("%1 (%2): %3\n%4 tok/s per user, %5 %6\n%7 at %8 tokens%9\n%10")
                  .arg(toQ(t.tierName), toQ(t.tierId), toQ(p.target),
                       tokensPerS(p.tokensPerSPerUser), tokensPerS(p.throughputPerGpu), basis,
                       toQ(p.kind), lengths(p.inputTokens, p.outputTokens),
                       p.lengthsClamped ? tr(" (clamped)") : QString(), toQ(p.source));
    } else {
        // The measured point nearest the cursor in data units scaled by the axes' spans.
        const double sx = m_speedAxis->max() - m_speedAxis->min();
        const double sy = m_throughputAxis->max() - m_throughputAxis->min();
        const core::CurvePlot::Point* best = nullptr;
        double bestDistance = 0;
        const bool frontier = series == m_frontierPoints;
        for (const core::CurvePlot::Point& p : model.plot.points) {
            if (p.frontier != frontier)
                continue;
            const double d =
                std::hypot((p.tokensPerSPerUser - at.x()) / sx, (p.throughputPerGpu - at.y()) / sy);
            if (!best || d < bestDistance)
                best = &p, bestDistance = d;
        }
        if (!best)
            return;
        tip = tr("%1\n%2 tok/s per user, %3 %4\n%5")
                  .arg(best->frontier ? tr("Measured, on the frontier") : tr("Measured, dominated"),
                       tokensPerS(best->tokensPerSPerUser), tokensPerS(best->throughputPerGpu),
                       basis, toQ(best->source));
    }
    QToolTip::showText(QCursor::pos(), tip, m_chart);
}

} // namespace tierlab::gui
