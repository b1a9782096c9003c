// SPDX-License-Identifier: MIT
#include "routingcharts.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

// The model's position in the scenario, so that a model keeps its colour in both charts
// and across edits.
std::size_t modelIndex(const core::Results& results, const std::string& id) {
    const auto it = std::find_if(results.models.begin(), results.models.end(),
                                 [&](const core::ModelResult& m) { return m.id == id; });
    return static_cast<std::size_t>(it - results.models.begin());
}

QString modelName(const core::Results& results, const std::string& id) {
    const std::size_t i = modelIndex(results, id);
    return i < results.models.size() && !results.models[i].name.empty()
               ? toQ(results.models[i].name)
               : toQ(id);
}

double overheadOf(const EvalSnapshot& snap) {
    const auto routing = snap.document.find("routing");
    if (routing == snap.document.end() || !routing->is_object())
        return 0;
    const auto overhead = routing->find("router_overhead_usd");
    return overhead != routing->end() && overhead->is_number() ? overhead->get<double>() : 0;
}

// Enough decimals for the axis' tick labels to differ at a small dollar scale.
void fitUsdAxis(QValueAxis* axis, double high) {
    high = std::max(high, 1e-9);
    axis->setRange(0, high * 1.1);
    axis->applyNiceNumbers();
    const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(high))), 2, 8);
    axis->setLabelFormat(QStringLiteral("$%.") + QString::number(decimals) + QStringLiteral("f"));
}

} // namespace

RoutingCharts::RoutingCharts(QWidget* parent) : QWidget(parent) {
    build(m_serving, tr("Serving cost per typical request"));
    build(m_list, tr("List price per typical request"));
    m_serving.view->setObjectName(QStringLiteral("routingServingChart"));
    m_list.view->setObjectName(QStringLiteral("routingListChart"));
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_serving.view);
    charts->addWidget(m_list.view);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addLayout(charts, 1);
}

void RoutingCharts::build(Chart& chart, const QString& title) {
    chart.view = new ChartView(title);
    chart.series = new QStackedBarSeries;
    chart.series->setBarWidth(0.55);
    // No sets yet: one per model once the results name them (rebuildSets).
    const BarChart bars =
        addBarChart(chart.view, chart.series, {}, tr("USD per request"), Unit::Usd);
    chart.categories = bars.categories;
    chart.axis = bars.values;
    chart.view->chart()->legend()->setAlignment(Qt::AlignRight);
}

QBarSet* RoutingCharts::setOf(const Chart& chart, const std::vector<std::string>& models,
                              const std::string& model) {
    const auto it = std::find(models.begin(), models.end(), model);
    return it == models.end() ? nullptr : chart.sets[static_cast<std::size_t>(it - models.begin())];
}

QBarSet* RoutingCharts::servingSet(const std::string& model) const {
    return setOf(m_serving, m_models, model);
}

QBarSet* RoutingCharts::listSet(const std::string& model) const {
    return setOf(m_list, m_models, model);
}

void RoutingCharts::rebuildSets(const core::Results& results) {
    const core::RoutingResult& r = *results.routing;
    std::vector<std::string> models;
    for (const core::RouteLegResult& leg : r.legs)
        if (std::find(models.begin(), models.end(), leg.model) == models.end())
            models.push_back(leg.model);
    if (std::find(models.begin(), models.end(), r.baselineModel) == models.end())
        models.push_back(r.baselineModel);
    QStringList names;
    for (const std::string& id : models)
        names << modelName(results, id);
    bool same = models == m_models;
    for (std::size_t i = 0; same && i < models.size(); ++i)
        same = m_serving.sets[i]->label() == names[static_cast<int>(i)];
    if (same)
        return;
    m_models = models;
    for (Chart* chart : {&m_serving, &m_list}) {
        chart->series->clear(); // deletes the old sets
        chart->sets.clear();
        for (std::size_t i = 0; i < models.size(); ++i) {
            auto* set = new QBarSet(names[static_cast<int>(i)]);
            set->setColor(modelColor(modelIndex(results, models[i])));
            set->append({0, 0});
            chart->series->append(set);
            chart->sets.push_back(set);
        }
    }
    m_overhead = new QBarSet(tr("Router overhead"));
    m_overhead->setColor(kGrey);
    m_overhead->append({0, 0});
    m_serving.series->append(m_overhead);
    m_serving.view->seriesChanged();
    m_list.view->seriesChanged();
}

void RoutingCharts::showResults(const EvalSnapshot& snap) {
    const bool routed = snap.results.routing.has_value();
    m_serving.view->setVisible(routed);
    m_list.view->setVisible(routed);
    if (!routed) {
        m_summary->setText(tr("No routing figures in the latest evaluation%1.")
                               .arg(snap.ok ? QString() : tr(": see View > Problems")));
        return;
    }
    const core::RoutingResult& r = *snap.results.routing;
    rebuildSets(snap.results);
    const double overheadUsd = overheadOf(snap);
    const QString baseline = modelName(snap.results, r.baselineModel);
    fill(m_serving, r, true, overheadUsd, baseline);
    fill(m_list, r, false, 0, baseline);
    m_summary->setText(
        tr("<b>Per typical request</b>, routed (%1) against all-%2: serving cost %3 vs %4, "
           "<b>%5 saved</b>; at list price %6 vs %7, <b>%8 saved</b>. Expected quality "
           "<b>%9</b> vs %10 all-%2.")
            .arg(toQ(r.mode), baseline.toHtmlEscaped(), formatValue(r.servingUsdPerRequest, Unit::Usd),
                 formatValue(r.baselineServingUsdPerRequest, Unit::Usd),
                 formatValue(r.savingsServing, Unit::Share), formatValue(r.listUsdPerRequest, Unit::Usd),
                 formatValue(r.baselineListUsdPerRequest, Unit::Usd),
                 formatValue(r.savingsList, Unit::Share))
            .arg(r.expectedQuality, 0, 'f', 3)
            .arg(r.baselineQuality, 0, 'f', 3));
}

void RoutingCharts::fill(Chart& chart, const core::RoutingResult& r, bool serving,
                         double overheadUsd, const QString& baselineName) {
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        // The routed bar's part of a model: its expected runs per request x its cost of one
        // typical request (a model may run at several cascade stages).
        double routed = 0;
        for (const core::RouteLegResult& leg : r.legs)
            if (leg.model == m_models[i])
                routed += leg.runs * (serving ? leg.servingUsd : leg.listUsd);
        const double baseline = m_models[i] != r.baselineModel ? 0
                                : serving                      ? r.baselineServingUsdPerRequest
                                                               : r.baselineListUsdPerRequest;
        chart.sets[i]->replace(0, routed);
        chart.sets[i]->replace(1, baseline);
    }
    if (serving)
        m_overhead->replace(0, overheadUsd);
    const double routedTotal = serving ? r.servingUsdPerRequest : r.listUsdPerRequest;
    const double baselineTotal =
        serving ? r.baselineServingUsdPerRequest : r.baselineListUsdPerRequest;
    const QStringList categories = {tr("Routed"), tr("All %1").arg(baselineName)};
    if (chart.categories->categories() != categories)
        chart.categories->setCategories(categories);
    chart.view->chart()->setTitle(tr("%1 per typical request: %2 routed, %3 all %4")
                                      .arg(serving ? tr("Serving cost") : tr("List price"),
                                           formatValue(routedTotal, Unit::Usd), formatValue(baselineTotal, Unit::Usd),
                                           baselineName));
    fitUsdAxis(chart.axis, std::max(routedTotal, baselineTotal));
}

} // namespace tierlab::gui
