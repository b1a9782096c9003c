// SPDX-License-Identifier: MIT
#include "overviewpage.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"
#include "document/workspacedocument.h"
#include "widgets/tablecells.h"
#include "widgets/valuespinbox.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <utility>

namespace tierlab::gui {

namespace {

// The tier table's columns, in order.
enum Column {
    TierColumn,
    PriceColumn,
    SubscribersColumn,
    RevenueColumn,
    CostColumn,
    MarginColumn,
    LossMakingColumn,
    BreakevenColumn,
    UtilizationP90Column,
    MostHitLimitColumn,
    ColumnCount
};

struct ColumnInfo {
    const char* header;
    Unit unit;
};

// By Column. The headers are translated by OverviewPage::tr, whose context is the class's
// qualified name.
const ColumnInfo kColumns[ColumnCount] = {
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Tier"), Unit::Plain},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Price"), Unit::UsdPerMonth},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Subscribers"), Unit::Count},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Revenue"), Unit::Usd},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Cost to serve"), Unit::Usd},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Margin"), Unit::Usd},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Loss-making"), Unit::Share},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Breakeven utilization"), Unit::Share},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Utilization p90"), Unit::Share},
    {QT_TRANSLATE_NOOP("tierlab::gui::OverviewPage", "Most-hit limit"), Unit::Plain}};

} // namespace

OverviewPage::OverviewPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::RichText);
    m_usage = new QLabel;
    m_usage->setWordWrap(true);

    auto* priceBox = new QGroupBox(tr("Tier prices"));
    m_prices = new QFormLayout(priceBox);

    QStringList headers;
    for (const ColumnInfo& c : kColumns)
        headers << tr(c.header);
    m_table = resultTable(headers, QStringLiteral("tierTable"));

    m_moneyChart = new ChartView(tr("Revenue, cost and margin by tier (USD/month)"));
    m_money = new QBarSeries;
    const BarChart money =
        addBarChart(m_moneyChart, m_money, {tr("Revenue"), tr("Cost to serve"), tr("Margin")},
                    tr("USD/month"), Unit::Usd, QStringLiteral("%.0f"));
    m_revenue = money.sets[0];
    m_cost = money.sets[1];
    m_margin = money.sets[2];
    m_moneyTiers = money.categories;
    m_moneyAxis = money.values;

    m_shareChart = new ChartView(tr("Loss-making subscribers against breakeven utilization"));
    m_shares = new QBarSeries;
    const BarChart shares = addBarChart(
        m_shareChart, m_shares,
        {tr("Loss-making share"), tr("Breakeven utilization u*"), tr("Utilization p90")},
        tr("% of subscribers / of full use"), Unit::Percent, QStringLiteral("%.0f %%"));
    m_lossMaking = shares.sets[0];
    m_breakeven = shares.sets[1];
    m_p90 = shares.sets[2];
    m_shareTiers = shares.categories;
    m_shareAxis = shares.values;

    auto* top = new QHBoxLayout;
    auto* text = new QVBoxLayout;
    text->addWidget(m_heading);
    text->addWidget(m_usage);
    text->addStretch();
    top->addLayout(text, 3);
    top->addWidget(priceBox, 1);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_moneyChart);
    charts->addWidget(m_shareChart);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table);
    layout->addLayout(charts, 1);

    connect(document, &WorkspaceDocument::activeScenarioChanged, this,
            &OverviewPage::rebuildPriceEditors);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& path) {
                if (path == QLatin1String("tiers"))
                    rebuildPriceEditors();
            });
    rebuildPriceEditors();
}

void OverviewPage::rebuildPriceEditors() {
    while (m_prices->rowCount() > 0)
        m_prices->removeRow(0);
    m_priceBoxes.clear();
    const auto tiers = document()->activeValue("tiers");
    if (!tiers || !tiers->is_array())
        return;
    for (std::size_t i = 0; i < tiers->size(); ++i) {
        const core::Json& tier = (*tiers)[i];
        const QString id = toQ(tier.value("id", std::string()));
        const QString name = toQ(tier.value("name", tier.value("id", std::string())));
        auto* box = new ValueSpinBox(document(), "tiers[" + std::to_string(i) + "].price_usd_month",
                                     Unit::UsdPerMonth, 0, 1e6, 2);
        box->setObjectName(QStringLiteral("price_") + id);
        box->setSingleStep(1);
        m_prices->addRow(name, box);
        m_priceBoxes.push_back(box);
    }
}

void OverviewPage::showResults(const EvalSnapshot& snap) {
    const core::Results& r = snap.results;
    m_heading->setText(
        QStringLiteral("<h2>%1</h2>%2")
            .arg(toQ(r.name.empty() ? toStd(snap.scenarioName) : r.name).toHtmlEscaped(),
                 toQ(snap.document.value("description", std::string())).toHtmlEscaped()));
    QString usage = r.usage.empty() ? tr("No usage priced: population figures need a data set "
                                         "or a synthetic population (Usage page).")
                                    : tr("Priced: %1").arg(toQ(r.usage));
    if (r.totals) {
        const bool replayed = !r.tiers.empty() && r.tiers.front().population &&
                              r.tiers.front().population->replayed;
        usage += replayed ? tr("; limits replayed over every request.")
                          : tr("; limits applied as a monthly bound (no request history): hit "
                               "shares are approximate.");
    }
    if (r.totals)
        usage += tr("\nAll tiers: %1 subscribers, revenue %2, cost %3, margin %4, %5 loss-making.")
                     .arg(formatValue(r.totals->subscribers, Unit::Count),
                          formatValue(r.totals->revenueUsd, Unit::Usd),
                          formatValue(r.totals->costUsd, Unit::Usd),
                          formatValue(r.totals->marginUsd, Unit::Usd),
                          formatValue(r.totals->lossMakingShare, Unit::Share));
    for (const core::TierResult& t : r.tiers)
        if (t.population && t.population->retainedShare)
            usage += tr("\nPrice response on for %1: %2 of its subscribers stay at %3.")
                         .arg(toQ(t.name.empty() ? t.id : t.name),
                              formatValue(*t.population->retainedShare, Unit::Share),
                              formatValue(t.priceUsdMonth, Unit::UsdPerMonth));
    if (r.sample && r.totals) {
        // The margin's interval is the one an analyst asks of a sample first.
        for (const core::FigureInterval& i : r.totals->intervals)
            if (i.figure == "margin_usd")
                usage += tr("\nA sample of %1 of %2 subscribers (%3 %), each standing for %4: "
                            "margin %5 to %6 (%7 % interval, bootstrap over subscribers).")
                             .arg(formatValue(r.sample->sampled, Unit::Count),
                                  formatValue(r.sample->population, Unit::Count),
                                  QString::number(r.sample->ratePer10000 / 100.0),
                                  QString::number(10000.0 / r.sample->ratePer10000, 'g', 4),
                                  formatValue(i.low, Unit::Usd), formatValue(i.high, Unit::Usd),
                                  QString::number(r.sample->confidence * 100));
    }
    if (!snap.ok)
        usage += tr("\nThe scenario has problems (View > Problems): figures may be incomplete.");
    m_usage->setText(usage);
    fillTable(snap);
    fillCharts(snap);
}

void OverviewPage::fillTable(const EvalSnapshot& snap) {
    const auto& tiers = snap.results.tiers;
    m_table->setRowCount(static_cast<int>(tiers.size()));
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const core::TierResult& t = tiers[i];
        const auto* p = t.population ? &*t.population : nullptr;
        const double nan = std::nan("");
        // The numeric columns, from PriceColumn on; NaN shows as a dash.
        const std::pair<Column, double> figures[] = {
            {PriceColumn, t.priceUsdMonth},
            {SubscribersColumn, p ? p->subscribers : nan},
            {RevenueColumn, p ? p->revenueUsd : nan},
            {CostColumn, p ? p->costUsd : nan},
            {MarginColumn, p ? p->marginUsd : nan},
            {LossMakingColumn, p ? p->lossMakingShare : nan},
            {BreakevenColumn, t.breakevenUtilization},
            {UtilizationP90Column, p ? p->utilizationP90 : nan}};
        const int row = static_cast<int>(i);
        m_table->setItem(row, TierColumn, readOnlyCell(toQ(t.name.empty() ? t.id : t.name), false));
        for (const auto& [column, value] : figures)
            m_table->setItem(row, column,
                             readOnlyCell(formatValue(value, kColumns[column].unit), true));
        if (p && p->marginUsd < 0)
            m_table->item(row, MarginColumn)->setForeground(kLossTextColor);
        // The limit that refused the most subscribers, with its hit share: what product
        // teams steer by (upgrade and churn signals).
        const core::LimitFigures* most = nullptr;
        if (p)
            for (const core::LimitFigures& l : p->limits)
                if (!most || l.hitShare > most->hitShare)
                    most = &l;
        m_table->setItem(
            row, MostHitLimitColumn,
            readOnlyCell(most && most->hitShare > 0
                             ? tr("%1: %2 hit it%3")
                                   .arg(toQ(most->label), formatValue(most->hitShare, Unit::Share),
                                        p->replayed ? QString() : tr(" (approx.)"))
                         : most ? tr("none hit")
                                : QStringLiteral("–"),
                         false));
    }
    // As tall as its rows (up to ten), so the charts get the rest of the page.
    int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth();
    for (int r = 0; r < std::min(m_table->rowCount(), 10); ++r)
        height += m_table->rowHeight(r);
    m_table->setFixedHeight(std::max(height, 60));
}

void OverviewPage::fillCharts(const EvalSnapshot& snap) {
    QStringList names;
    QList<double> revenue, cost, margin, loss, breakeven, p90;
    for (const core::TierResult& t : snap.results.tiers) {
        names << toQ(t.name.empty() ? t.id : t.name);
        const auto* p = t.population ? &*t.population : nullptr;
        revenue << (p ? p->revenueUsd : 0);
        cost << (p ? p->costUsd : 0);
        margin << (p ? p->marginUsd : 0);
        loss << (p ? p->lossMakingShare * 100 : 0);
        breakeven << t.breakevenUtilization * 100;
        p90 << (p ? p->utilizationP90 * 100 : 0);
    }
    setBarValues(m_revenue, revenue);
    setBarValues(m_cost, cost);
    setBarValues(m_margin, margin);
    setBarValues(m_lossMaking, loss);
    setBarValues(m_breakeven, breakeven);
    setBarValues(m_p90, p90);
    if (m_moneyTiers->categories() != names) {
        m_moneyTiers->setCategories(names);
        m_shareTiers->setCategories(names);
    }
    double top = 0, bottom = 0;
    for (const QList<double>* v : {&revenue, &cost, &margin})
        for (double x : *v) {
            top = std::max(top, x);
            bottom = std::min(bottom, x);
        }
    fitAxis(m_moneyAxis, bottom, top);
    double shareTop = 0;
    for (const QList<double>* v : {&loss, &breakeven, &p90})
        for (double x : *v)
            shareTop = std::max(shareTop, x);
    fitAxis(m_shareAxis, 0, std::min(shareTop, 1000.0));
}

} // namespace tierlab::gui
