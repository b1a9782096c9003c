// SPDX-License-Identifier: MIT
#include "comparecharts.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

namespace tierlab::gui {

namespace {

const core::TierResult* findTier(const core::Results& r, const std::string& id) {
    const auto it = std::find_if(r.tiers.begin(), r.tiers.end(),
                                 [&id](const core::TierResult& t) { return t.id == id; });
    return it == r.tiers.end() ? nullptr : &*it;
}

// Tier ids of A in order, then those only B has.
QStringList tierIds(const core::Results& a, const core::Results& b) {
    QStringList ids;
    for (const core::Results* r : {&a, &b})
        for (const core::TierResult& t : r->tiers)
            if (!ids.contains(toQ(t.id)))
                ids << toQ(t.id);
    return ids;
}

QString sideName(const char* side, const QString& name) {
    const QString shown = name.size() > 28 ? name.left(27) + QStringLiteral("…") : name;
    return QStringLiteral("%1: %2").arg(QLatin1String(side), shown);
}

// The utilization CDF of a tier's subscribers: quantile q_i at cumulative share i / 100.
QList<QPointF> cdfOf(const core::TierResult* tier) {
    QList<QPointF> points;
    if (!tier || !tier->population)
        return points;
    const std::vector<double>& q = tier->population->utilizationQuantiles;
    for (std::size_t i = 0; i < q.size(); ++i)
        points << QPointF(q[i], static_cast<double>(i) / static_cast<double>(q.size() - 1));
    return points;
}

} // namespace

CompareCharts::CompareCharts(QWidget* parent) : QWidget(parent) {
    buildMarginChart();
    buildTierCharts();
    m_tierBar = new QWidget;
    auto* tierRow = new QHBoxLayout(m_tierBar);
    tierRow->setContentsMargins(0, 0, 0, 0);
    tierRow->addWidget(new QLabel(tr("Tier:")));
    tierRow->addWidget(m_tierChooser);
    tierRow->addStretch();
    auto* tierColumn = new QVBoxLayout;
    tierColumn->addWidget(m_tierBar);
    tierColumn->addWidget(m_cdfChart, 1);
    tierColumn->addWidget(m_breakevenChart, 1);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_marginChart);
    row->addLayout(tierColumn);
}

void CompareCharts::buildMarginChart() {
    m_marginChart = new ChartView(tr("Tier margins, A against B (USD/month)"));
    m_margins = new QBarSeries;
    const BarChart margins = addBarChart(m_marginChart, m_margins, {tr("A"), tr("B")},
                                         tr("USD/month"), Unit::Usd, QStringLiteral("%.0f"));
    m_marginA = margins.sets[0];
    m_marginB = margins.sets[1];
    m_marginTiers = margins.categories;
    m_marginAxis = margins.values;
}

void CompareCharts::buildTierCharts() {
    m_tierChooser = new QComboBox;
    m_tierChooser->setObjectName(QStringLiteral("tier"));
    m_tierChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_tierChooser, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            fillTierCharts();
    });
    m_cdfChart = new ChartView(tr("Share of subscribers at or below each utilization"));
    m_cdfA = new QLineSeries;
    m_cdfA->setName(tr("A"));
    m_cdfB = new QLineSeries;
    m_cdfB->setName(tr("B"));
    m_cdfUtilization = new QValueAxis;
    m_cdfUtilization->setTitleText(tr("utilization (1 = full use)"));
    m_cdfUtilization->setLabelFormat(QStringLiteral("%.2f"));
    m_cdfShare = new QValueAxis;
    m_cdfShare->setRange(0, 1);
    m_cdfShare->setLabelFormat(QStringLiteral("%.2f"));
    m_cdfChart->chart()->addAxis(m_cdfUtilization, Qt::AlignBottom);
    m_cdfChart->chart()->addAxis(m_cdfShare, Qt::AlignLeft);
    for (QLineSeries* line : {m_cdfA, m_cdfB}) {
        ChartView::setUnits(line, Unit::Share, Unit::Share);
        m_cdfChart->chart()->addSeries(line);
        line->attachAxis(m_cdfUtilization);
        line->attachAxis(m_cdfShare);
    }
    m_cdfChart->seriesChanged();

    m_breakevenChart = new ChartView(tr("Breakeven utilization u* by tier"));
    m_breakevens = new QBarSeries;
    const BarChart breakevens =
        addBarChart(m_breakevenChart, m_breakevens, {tr("A"), tr("B")}, tr("u* (1 = full use)"),
                    Unit::Share, QStringLiteral("%.2f"));
    m_breakevenA = breakevens.sets[0];
    m_breakevenB = breakevens.sets[1];
    m_breakevenTiers = breakevens.categories;
    m_breakevenAxis = breakevens.values;
    m_breakevenChart->hide();
}

void CompareCharts::showComparison(SnapshotPtr a, SnapshotPtr b) {
    m_a = std::move(a);
    m_b = std::move(b);
    if (!m_a || !m_b) {
        clear();
        return;
    }
    fillMargins();
    fillTierChooser();
    fillTierCharts();
    fillBreakevens();
}

void CompareCharts::clear() {
    for (QBarSet* set : {m_marginA, m_marginB, m_breakevenA, m_breakevenB})
        set->remove(0, set->count());
    m_cdfA->clear();
    m_cdfB->clear();
}

void CompareCharts::fillMargins() {
    const QStringList ids = tierIds(m_a->results, m_b->results);
    // Population margins when both sides priced usage; otherwise the margin at full use.
    const bool population = m_a->results.totals && m_b->results.totals;
    m_marginChart->chart()->setTitle(
        population ? tr("Tier margins, A against B (USD/month)")
                   : tr("Tier margins at full use, A against B (USD/subscriber/month)"));
    m_marginAxis->setTitleText(population ? tr("USD/month") : tr("USD/subscriber/month"));
    const auto margins = [&ids, population](const core::Results& r) {
        QList<double> values;
        for (const QString& id : ids) {
            const core::TierResult* t = findTier(r, toStd(id));
            values << (!t                            ? 0.0
                       : population && t->population ? t->population->marginUsd
                                                     : t->marginAtFullUseUsd);
        }
        return values;
    };
    const QList<double> left = margins(m_a->results);
    const QList<double> right = margins(m_b->results);
    setBarValues(m_marginA, left);
    setBarValues(m_marginB, right);
    m_marginA->setLabel(sideName("A", m_a->scenarioName));
    m_marginB->setLabel(sideName("B", m_b->scenarioName));
    if (m_marginTiers->categories() != ids)
        m_marginTiers->setCategories(ids);
    double low = 0, high = 0;
    for (const QList<double>* side : {&left, &right})
        for (double v : *side) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    fitAxis(m_marginAxis, low, high);
}

void CompareCharts::fillTierChooser() {
    const QStringList ids = tierIds(m_a->results, m_b->results);
    const QString selected = m_tierChooser->currentText();
    m_filling = true;
    m_tierChooser->clear();
    m_tierChooser->addItems(ids);
    m_tierChooser->setCurrentIndex(std::max(0, static_cast<int>(ids.indexOf(selected))));
    m_filling = false;
}

void CompareCharts::fillTierCharts() {
    if (!m_a || !m_b)
        return;
    const std::string id = toStd(m_tierChooser->currentText());
    const QList<QPointF> cdfA = cdfOf(findTier(m_a->results, id));
    const QList<QPointF> cdfB = cdfOf(findTier(m_b->results, id));
    const bool cdf = !cdfA.isEmpty() || !cdfB.isEmpty();
    m_cdfChart->setVisible(cdf);
    m_tierBar->setVisible(cdf);
    m_breakevenChart->setVisible(!cdf);
    m_cdfA->replace(cdfA);
    m_cdfA->setName(sideName("A", m_a->scenarioName));
    m_cdfB->replace(cdfB);
    m_cdfB->setName(sideName("B", m_b->scenarioName));
    double top = 0.1;
    for (const QList<QPointF>* side : {&cdfA, &cdfB})
        for (const QPointF& p : *side)
            top = std::max(top, p.x());
    m_cdfUtilization->setRange(0, top);
    m_cdfUtilization->applyNiceNumbers();
    m_cdfChart->chart()->setTitle(
        tr("Tier %1: share of subscribers at or below each utilization").arg(toQ(id)));
}

void CompareCharts::fillBreakevens() {
    const QStringList ids = tierIds(m_a->results, m_b->results);
    QList<double> left, right;
    double high = 0;
    for (const QString& tier : ids) {
        const core::TierResult* a = findTier(m_a->results, toStd(tier));
        const core::TierResult* b = findTier(m_b->results, toStd(tier));
        left << (a ? a->breakevenUtilization : 0.0);
        right << (b ? b->breakevenUtilization : 0.0);
        high = std::max({high, left.back(), right.back()});
    }
    setBarValues(m_breakevenA, left);
    setBarValues(m_breakevenB, right);
    m_breakevenA->setLabel(m_marginA->label());
    m_breakevenB->setLabel(m_marginB->label());
    if (m_breakevenTiers->categories() != ids)
        m_breakevenTiers->setCategories(ids);
    fitAxis(m_breakevenAxis, 0, high);
}

} // namespace tierlab::gui
