// SPDX-License-Identifier: MIT
#include "overviewpage.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
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

namespace tierlab::gui {

namespace {

struct TierColumn {
    const char* header;
    Unit unit;
};

const TierColumn kColumns[] = {
    {"Tier", Unit::Plain},           {"Price", Unit::UsdPerMonth},
    {"Subscribers", Unit::Count},    {"Revenue", Unit::Usd},
    {"Cost to serve", Unit::Usd},    {"Margin", Unit::Usd},
    {"Loss-making", Unit::Share},    {"Breakeven utilization", Unit::Share},
    {"Utilization p90", Unit::Share}, {"Most-hit limit", Unit::Plain}};

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
    for (const TierColumn& c : kColumns)
        headers << tr(c.header);
    m_table = resultTable(headers, QStringLiteral("tierTable"));

    m_moneyChart = new ChartView(tr("Revenue, cost and margin by tier (USD/month)"));
    m_money = new QBarSeries;
    m_revenue = new QBarSet(tr("Revenue"));
    m_cost = new QBarSet(tr("Cost to serve"));
    m_margin = new QBarSet(tr("Margin"));
    m_money->append({m_revenue, m_cost, m_margin});
    ChartView::setUnits(m_money, Unit::Plain, Unit::Usd);
    m_moneyChart->chart()->addSeries(m_money);
    m_moneyTiers = new QBarCategoryAxis;
    m_moneyAxis = new QValueAxis;
    m_moneyAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_moneyAxis->setTitleText(tr("USD/month"));
    m_moneyChart->chart()->addAxis(m_moneyTiers, Qt::AlignBottom);
    m_moneyChart->chart()->addAxis(m_moneyAxis, Qt::AlignLeft);
    m_money->attachAxis(m_moneyTiers);
    m_money->attachAxis(m_moneyAxis);
    m_moneyChart->seriesChanged();

    m_shareChart = new ChartView(tr("Loss-making subscribers against breakeven utilization"));
    m_shares = new QBarSeries;
    m_lossMaking = new QBarSet(tr("Loss-making share"));
    m_breakeven = new QBarSet(tr("Breakeven utilization u*"));
    m_p90 = new QBarSet(tr("Utilization p90"));
    m_shares->append({m_lossMaking, m_breakeven, m_p90});
    ChartView::setUnits(m_shares, Unit::Plain, Unit::Percent);
    m_shareChart->chart()->addSeries(m_shares);
    m_shareTiers = new QBarCategoryAxis;
    m_shareAxis = new QValueAxis;
    m_shareAxis->setLabelFormat(QStringLiteral("%.0f %%"));
    m_shareAxis->setTitleText(tr("% of subscribers / of full use"));
    m_shareChart->chart()->addAxis(m_shareTiers, Qt::AlignBottom);
    m_shareChart->chart()->addAxis(m_shareAxis, Qt::AlignLeft);
    m_shares->attachAxis(m_shareTiers);
    m_shares->attachAxis(m_shareAxis);
    m_shareChart->seriesChanged();

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
        const double values[] = {0,
                                 t.priceUsdMonth,
                                 p ? p->subscribers : nan,
                                 p ? p->revenueUsd : nan,
                                 p ? p->costUsd : nan,
                                 p ? p->marginUsd : nan,
                                 p ? p->lossMakingShare : nan,
                                 t.breakevenUtilization,
                                 p ? p->utilizationP90 : nan};
        const int row = static_cast<int>(i);
        m_table->setItem(row, 0, readOnlyCell(toQ(t.name.empty() ? t.id : t.name), false));
        for (int c = 1; c < static_cast<int>(std::size(values)); ++c)
            m_table->setItem(row, c, readOnlyCell(formatValue(values[c], kColumns[c].unit), true));
        if (p && p->marginUsd < 0)
            m_table->item(row, 5)->setForeground(QColor(200, 40, 40));
        // The limit that refused the most subscribers, with its hit share: what product
        // teams steer by (upgrade and churn signals).
        const core::LimitFigures* most = nullptr;
        if (p)
            for (const core::LimitFigures& l : p->limits)
                if (!most || l.hitShare > most->hitShare)
                    most = &l;
        const int last = static_cast<int>(std::size(kColumns)) - 1;
        m_table->setItem(row, last,
                         readOnlyCell(most && most->hitShare > 0
                                          ? tr("%1: %2 hit it%3")
                                                 .arg(toQ(most->label),
                                                      formatValue(most->hitShare, Unit::Share),
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
    // Replace values in place: no series or axis is rebuilt on an edit.
    const auto setValues = [](QBarSet* set, const QList<double>& v) {
        set->remove(0, set->count());
        set->append(v);
    };
    setValues(m_revenue, revenue);
    setValues(m_cost, cost);
    setValues(m_margin, margin);
    setValues(m_lossMaking, loss);
    setValues(m_breakeven, breakeven);
    setValues(m_p90, p90);
    if (m_moneyTiers->categories() != names) {
        m_moneyTiers->setCategories(names);
        m_shareTiers->setCategories(names);
    }
    const auto [lo, hi] = std::minmax_element(margin.begin(), margin.end());
    double top = 0, bottom = 0;
    for (const QList<double>* v : {&revenue, &cost, &margin})
        for (double x : *v) {
            top = std::max(top, x);
            bottom = std::min(bottom, x);
        }
    Q_UNUSED(lo);
    Q_UNUSED(hi);
    fitAxis(m_moneyAxis, bottom, top);
    double shareTop = 0;
    for (const QList<double>* v : {&loss, &breakeven, &p90})
        for (double x : *v)
            shareTop = std::max(shareTop, x);
    fitAxis(m_shareAxis, 0, std::min(shareTop, 1000.0));
}

} // namespace tierlab::gui
