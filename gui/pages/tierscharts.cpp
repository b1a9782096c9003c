// SPDX-License-Identifier: MIT
#include "tierscharts.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"

#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QPen>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

QString tierName(const core::TierResult& t) {
    return toQ(t.name.empty() ? t.id : t.name);
}

} // namespace

TiersCharts::TiersCharts(QWidget* parent) : QWidget(parent) {
    buildMarginChart();
    buildDistributionChart();
    buildLorenzChart();
    // Room for the last percent label, centred on the right end of the axis.
    for (ChartView* view : {m_marginChart, m_distributionChart, m_lorenzChart})
        view->chart()->setMargins(QMargins(4, 4, 16, 4));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_marginChart, 4);
    layout->addWidget(m_distributionChart, 5);
    layout->addWidget(m_lorenzChart, 4);
}

void TiersCharts::buildMarginChart() {
    m_marginChart = new ChartView(tr("Margin per subscriber against utilization"));
    m_marginChart->setObjectName(QStringLiteral("marginChart"));
    m_marginX = percentAxis(tr("Utilization (share of full-use value)"));
    m_marginY = new QValueAxis;
    m_marginY->setLabelFormat(QStringLiteral("%.0f"));
    m_marginY->setTitleText(tr("Margin (USD/month)"));
    m_marginChart->chart()->addAxis(m_marginX, Qt::AlignBottom);
    m_marginChart->chart()->addAxis(m_marginY, Qt::AlignLeft);
    m_zeroLine = line(tr("Breakeven"), kReferenceColor, Qt::DashLine, 1);
    m_zeroLine->append({QPointF(0, 0), QPointF(1, 0)});
    attach(m_marginChart, m_zeroLine, m_marginX, m_marginY, Unit::Share, Unit::UsdPerMonth);
    m_marginChart->seriesChanged();
    hideLegendEntry(m_marginChart, m_zeroLine);
}

void TiersCharts::buildDistributionChart() {
    m_distributionChart = new ChartView(tr("Subscribers' utilization"));
    m_distributionChart->setObjectName(QStringLiteral("utilizationChart"));
    QChart* chart = m_distributionChart->chart();
    // The bars sit on a hidden bin axis whose range [-0.5, n - 0.5] maps onto the visible
    // utilization axis [0, max]: bin i covers [i, i + 1] x max / n, even when zoomed.
    m_bins = new QBarCategoryAxis;
    m_bins->setVisible(false);
    m_utilization = percentAxis(tr("Utilization (share of full-use value)"));
    m_shareAxis = percentAxis(tr("Subscribers per bin"));
    m_cdfAxis = percentAxis(tr("Subscribers at or below (CDF)"));
    m_cdfAxis->setGridLineVisible(false); // the share axis draws the grid
    chart->addAxis(m_bins, Qt::AlignBottom);
    chart->addAxis(m_utilization, Qt::AlignBottom);
    chart->addAxis(m_shareAxis, Qt::AlignLeft);
    chart->addAxis(m_cdfAxis, Qt::AlignRight);

    // QAreaSeries does not own its boundary series: this widget does.
    m_lossUpper = new QLineSeries(this);
    m_lossLower = new QLineSeries(this);
    m_lossSide = new QAreaSeries(m_lossUpper, m_lossLower);
    m_lossSide->setName(tr("Loss side"));
    m_lossSide->setBrush(translucent(kLossColor, 40));
    m_lossSide->setPen(Qt::NoPen);
    attach(m_distributionChart, m_lossSide, m_utilization, m_cdfAxis, Unit::Share, Unit::Share);

    m_bars = new QBarSeries;
    m_bars->setBarWidth(1.0);
    m_histogram = new QBarSet(tr("Subscribers"));
    m_histogram->setColor(translucent(kBlue, 170));
    m_histogram->setBorderColor(kBlue);
    m_bars->append(m_histogram);
    attach(m_distributionChart, m_bars, m_bins, m_shareAxis, Unit::Plain, Unit::Share);

    m_cdf = line(tr("CDF"), kOrange, Qt::SolidLine, 2);
    attach(m_distributionChart, m_cdf, m_utilization, m_cdfAxis, Unit::Share, Unit::Share);
    m_breakevenLine = line(tr("u*"), kLossColor, Qt::DashLine, 2);
    attach(m_distributionChart, m_breakevenLine, m_utilization, m_cdfAxis, Unit::Share,
           Unit::Share);
    m_distributionChart->seriesChanged();

    m_lossLabel = new QGraphicsSimpleTextItem(chart);
    m_lossLabel->setZValue(10);
    m_lossLabel->setBrush(kLossColor.darker(120));
    connect(chart, &QChart::plotAreaChanged, this, [this] { placeLossLabel(); });
    m_distributionMessage = addMessage(m_distributionChart);
}

void TiersCharts::buildLorenzChart() {
    m_lorenzChart = new ChartView(tr("Token Lorenz curve"));
    m_lorenzChart->setObjectName(QStringLiteral("lorenzChart"));
    m_lorenzX = percentAxis(tr("Subscribers (lightest first)"));
    m_lorenzY = percentAxis(tr("Tokens used"));
    m_lorenzChart->chart()->addAxis(m_lorenzX, Qt::AlignBottom);
    m_lorenzChart->chart()->addAxis(m_lorenzY, Qt::AlignLeft);
    m_equality = line(tr("Equality"), kReferenceColor, Qt::DashLine, 1);
    m_equality->append({QPointF(0, 0), QPointF(1, 1)});
    attach(m_lorenzChart, m_equality, m_lorenzX, m_lorenzY, Unit::Share, Unit::Share);
    m_lorenz = line(tr("Tokens"), kGreen, Qt::SolidLine, 2);
    attach(m_lorenzChart, m_lorenz, m_lorenzX, m_lorenzY, Unit::Share, Unit::Share);
    m_lorenzChart->seriesChanged();
    m_lorenzMessage = addMessage(m_lorenzChart);
}

QLineSeries* TiersCharts::marginLine(int tier) const {
    return tier >= 0 && tier < static_cast<int>(m_marginLines.size())
               ? m_marginLines[static_cast<std::size_t>(tier)]
               : nullptr;
}

QScatterSeries* TiersCharts::breakevenMarker(int tier) const {
    return tier >= 0 && tier < static_cast<int>(m_breakevenMarkers.size())
               ? m_breakevenMarkers[static_cast<std::size_t>(tier)]
               : nullptr;
}

void TiersCharts::showResults(const core::Results& results, const std::string& tierId) {
    showMargins(results.tiers);
    const auto tier = std::find_if(results.tiers.begin(), results.tiers.end(),
                                   [&](const core::TierResult& t) { return t.id == tierId; });
    if (tier == results.tiers.end()) {
        showPopulation(false, tr("No evaluated tier chosen."));
        return;
    }
    const auto& p = tier->population;
    if (!p || p->subscribers <= 0 || p->utilizationQuantiles.empty()) {
        showPopulation(false, p ? tr("The priced usage has no subscribers of %1:\ngive it "
                                     "some on the Usage page.")
                                      .arg(tierName(*tier))
                                : tr("No usage priced for %1:\nadd a data set or a synthetic "
                                     "population\non the Usage page to see its subscribers.")
                                      .arg(tierName(*tier)));
        m_distributionChart->chart()->setTitle(
            tr("Subscribers' utilization: %1").arg(tierName(*tier)));
        m_lorenzChart->chart()->setTitle(tr("Token Lorenz curve: %1").arg(tierName(*tier)));
        return;
    }
    showPopulation(true, {});
    showDistribution(*tier);
    showLorenz(*tier);
}

void TiersCharts::rebuildMarginSeries(std::size_t tiers) {
    QChart* chart = m_marginChart->chart();
    for (QLineSeries* s : m_marginLines)
        chart->removeSeries(s);
    for (QScatterSeries* s : m_breakevenMarkers)
        chart->removeSeries(s);
    qDeleteAll(m_marginLines);
    qDeleteAll(m_breakevenMarkers);
    m_marginLines.clear();
    m_breakevenMarkers.clear();
    for (std::size_t i = 0; i < tiers; ++i) {
        QLineSeries* margin = line({}, tierColor(i), Qt::SolidLine, 2);
        attach(m_marginChart, margin, m_marginX, m_marginY, Unit::Share, Unit::UsdPerMonth);
        auto* marker = new QScatterSeries;
        marker->setColor(tierColor(i));
        marker->setBorderColor(tierColor(i).darker(150));
        marker->setMarkerSize(11);
        attach(m_marginChart, marker, m_marginX, m_marginY, Unit::Share, Unit::UsdPerMonth);
        m_marginLines.push_back(margin);
        m_breakevenMarkers.push_back(marker);
    }
    m_marginChart->seriesChanged();
    for (QScatterSeries* marker : m_breakevenMarkers)
        hideLegendEntry(m_marginChart, marker);
}

void TiersCharts::showMargins(const std::vector<core::TierResult>& tiers) {
    if (tiers.size() != m_marginLines.size())
        rebuildMarginSeries(tiers.size());
    double low = 0, high = 0;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const core::TierResult& t = tiers[i];
        // margin(u) = price - u x V_full x ratio: a line from the price at u = 0 to the
        // margin at full use at u = 1, both from the results.
        m_marginLines[i]->replace({QPointF(0, t.priceUsdMonth), QPointF(1, t.marginAtFullUseUsd)});
        m_marginLines[i]->setName(tierName(t));
        if (std::isfinite(t.breakevenUtilization))
            m_breakevenMarkers[i]->replace({QPointF(t.breakevenUtilization, 0)});
        else
            m_breakevenMarkers[i]->clear();
        m_breakevenMarkers[i]->setName(tr("%1 breakeven").arg(tierName(t)));
        low = std::min({low, t.marginAtFullUseUsd, t.priceUsdMonth});
        high = std::max({high, t.marginAtFullUseUsd, t.priceUsdMonth});
    }
    fitAxis(m_marginY, low, high);
}

void TiersCharts::showDistribution(const core::TierResult& tier) {
    const core::PopulationFigures& p = *tier.population;
    const auto bins = static_cast<int>(p.utilizationHistogramShare.size());
    const double top = p.utilizationHistogramMax;
    QStringList labels;
    for (int i = 0; i < bins; ++i)
        labels << QStringLiteral("%1–%2").arg(formatValue(top * i / bins, Unit::Share),
                                              formatValue(top * (i + 1) / bins, Unit::Share));
    if (m_bins->categories() != labels)
        m_bins->setCategories(labels);
    double tallest = 0;
    if (m_histogram->count() != bins) {
        m_histogram->remove(0, m_histogram->count());
        for (double share : p.utilizationHistogramShare)
            m_histogram->append(share);
    } else {
        for (int i = 0; i < bins; ++i)
            m_histogram->replace(i, p.utilizationHistogramShare[static_cast<std::size_t>(i)]);
    }
    for (double share : p.utilizationHistogramShare)
        tallest = std::max(tallest, share);

    QList<QPointF> cdf;
    const auto quantiles = p.utilizationQuantiles.size();
    for (std::size_t k = 0; k < quantiles; ++k)
        cdf << QPointF(p.utilizationQuantiles[k],
                       quantiles > 1 ? static_cast<double>(k) / static_cast<double>(quantiles - 1)
                                     : 1);
    m_cdf->replace(cdf);

    const double uStar = tier.breakevenUtilization;
    m_breakevenLine->replace({QPointF(uStar, 0), QPointF(uStar, 1)});
    m_lossUpper->replace({QPointF(uStar, 1), QPointF(std::max(uStar, top), 1)});
    m_lossLower->replace({QPointF(uStar, 0), QPointF(std::max(uStar, top), 0)});
    m_lossLabel->setText(tr("%1 lose money").arg(formatValue(p.lossMakingShare, Unit::Share)));
    m_lossLabelX = uStar < top ? uStar : -1;

    setPercentAxis(m_utilization, 0, top);
    setPercentAxis(m_shareAxis, 0, std::max(tallest * 1.1, 0.01));
    setPercentAxis(m_cdfAxis, 0, 1);
    m_distributionChart->chart()->setTitle(
        tr("Subscribers' utilization: %1 (u* = %2)")
            .arg(tierName(tier), formatValue(uStar, Unit::Share)));
    placeLossLabel();
}

void TiersCharts::placeLossLabel() {
    if (!m_populationShown || m_lossLabelX < 0) {
        m_lossLabel->setVisible(false);
        return;
    }
    // Just right of the breakeven line, inside the plot area.
    const QPointF at = m_distributionChart->chart()->mapToPosition(QPointF(m_lossLabelX, 1), m_cdf);
    const QRectF area = m_distributionChart->chart()->plotArea();
    const QRectF box = m_lossLabel->boundingRect();
    m_lossLabel->setPos(std::clamp(at.x() + 6, area.left(), area.right() - box.width()),
                        area.top() + 6);
    m_lossLabel->setVisible(true);
}

void TiersCharts::showLorenz(const core::TierResult& tier) {
    const core::PopulationFigures& p = *tier.population;
    QList<QPointF> points;
    for (const auto& [subscribers, tokens] : p.lorenz)
        points << QPointF(subscribers, tokens);
    m_lorenz->replace(points);
    m_lorenzChart->chart()->setTitle(
        tr("Token Lorenz curve: %1, Gini %2").arg(tierName(tier)).arg(p.gini, 0, 'f', 3));
    m_lorenz->setName(tr("Tokens (top 10 %: %1)").arg(formatValue(p.top10TokenShare, Unit::Share)));
}

void TiersCharts::showPopulation(bool shown, const QString& message) {
    const bool changed = shown != m_populationShown;
    m_populationShown = shown;
    for (ChartView* view : {m_distributionChart, m_lorenzChart}) {
        QChart* chart = view->chart();
        if (changed) {
            for (QAbstractSeries* s : chart->series())
                s->setVisible(shown);
            for (QAbstractAxis* a : chart->axes())
                a->setVisible(shown && a != m_bins);
            chart->legend()->setVisible(shown);
        }
        QGraphicsSimpleTextItem* item =
            view == m_distributionChart ? m_distributionMessage : m_lorenzMessage;
        item->setText(message);
        item->setVisible(!shown);
        centerIn(item, chart->plotArea());
    }
    placeLossLabel();
}

} // namespace tierlab::gui
