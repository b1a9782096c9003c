// SPDX-License-Identifier: MIT
#include "tierspage.h"

#include "document/workspacedocument.h"
#include "enumchoices.h"
#include "model/limits.h"
#include "models/jsontablemodel.h"
#include "tierscharts.h"
#include "tierschoicedelegate.h"
#include "timelineview.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tierlab::gui {

namespace {

using Kind = JsonColumn::Kind;

const char* const kLimitKeys[] = {"windows", "model_caps", "pools", "limits", "credit_pools"};

// A string member of an object; `fallback` when absent or not a string (a hand-edited file).
std::string text(const core::Json& object, const char* key, const std::string& fallback = {}) {
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::vector<JsonColumn> tierColumns() {
    return {jsonColumn(QObject::tr("ID"), "id", Kind::Text),
            jsonColumn(QObject::tr("Name"), "name", Kind::Text),
            jsonColumn(QObject::tr("Price"), "price_usd_month", Kind::Number, Unit::UsdPerMonth),
            jsonColumn(QObject::tr("Typical model"), "typical_request.model", Kind::Choice,
                       Unit::Plain, QObject::tr("None: the scenario's routing serves the tier")),
            jsonColumn(QObject::tr("Input"), "typical_request.input_tokens", Kind::Number,
                       Unit::Tokens),
            jsonColumn(QObject::tr("Output"), "typical_request.output_tokens", Kind::Number,
                       Unit::Tokens),
            jsonColumn(QObject::tr("Speed"), "speed.min_tps", Kind::Number, Unit::Plain,
                       QObject::tr("Speed target, output tokens/s per user: the tier is served at "
                                   "the cheapest operating point that meets it (a measured "
                                   "curve, or the roofline); empty: the model's own")),
            jsonColumn(QObject::tr("Extra usage"), "extra_usage", Kind::Bool, Unit::Plain,
                       QObject::tr("Subscribers opted in: usage past caps and pools is billed at "
                                   "list price; off, every extra-usage policy blocks"))};
}

std::vector<JsonColumn> limitColumns(TiersPage::Limit limit) {
    switch (limit) {
    case TiersPage::Limit::Windows:
        return {jsonColumn(QObject::tr("Messages"), "messages", Kind::Number, Unit::Count),
                jsonColumn(QObject::tr("Hours"), "hours", Kind::Number)};
    case TiersPage::Limit::Caps:
        return {jsonColumn(QObject::tr("Model"), "model", Kind::Choice),
                jsonColumn(QObject::tr("Per month"), "per_month", Kind::Number, Unit::Count),
                jsonColumn(QObject::tr("When exceeded"), "when_exceeded", Kind::Choice, Unit::Plain,
                           {}, enumChoices(core::kLimitPolicyNames)),
                jsonColumn(QObject::tr("Fallback model"), "fallback_model", Kind::Choice)};
    case TiersPage::Limit::Pools:
        return {jsonColumn(QObject::tr("Channel"), "channel", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kChannelNames)),
                jsonColumn(QObject::tr("Credit"), "credit_usd", Kind::Number, Unit::Usd,
                           QObject::tr("USD of list value a month; give this or credit tokens")),
                jsonColumn(QObject::tr("Credit"), "credit_tokens", Kind::Number, Unit::Tokens,
                           QObject::tr("Tokens a month; give this or a credit in USD")),
                jsonColumn(QObject::tr("When exceeded"), "when_exceeded", Kind::Choice, Unit::Plain,
                           {}, enumChoices(core::kPoolPolicyNames))};
    case TiersPage::Limit::Timed:
        return {jsonColumn(QObject::tr("ID"), "id", Kind::Text),
                jsonColumn(QObject::tr("Kind"), "kind", Kind::Choice, Unit::Plain,
                           QObject::tr("sliding: at most the amount in any window of the hours; "
                                       "session: a window that opens at the first request "
                                       "after the last one closed; daily, weekly, monthly: "
                                       "periods that reset"),
                           enumChoices(core::kLimitKindNames)),
                jsonColumn(QObject::tr("Hours"), "hours", Kind::Number, Unit::Plain,
                           QObject::tr("Window length (sliding and session)")),
                jsonColumn(QObject::tr("Amount"), "amount", Kind::Number, Unit::Plain,
                           QObject::tr("The most allowed per window or period, in the unit")),
                jsonColumn(QObject::tr("Unit"), "unit", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kLimitUnitNames)),
                jsonColumn(QObject::tr("Models"), "models", Kind::List, Unit::Plain,
                           QObject::tr("Model ids it counts, comma-separated; empty: all")),
                jsonColumn(QObject::tr("Channel"), "channel", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kScopeChannelNames, true)),
                jsonColumn(QObject::tr("When exceeded"), "when_exceeded", Kind::Choice, Unit::Plain,
                           {}, enumChoices(core::kLimitPolicyNames)),
                jsonColumn(QObject::tr("Fallback model"), "fallback_model", Kind::Choice),
                jsonColumn(QObject::tr("Anchor"), "anchor", Kind::Choice, Unit::Plain,
                           QObject::tr("Periods: calendar resets at a local time, first_use "
                                       "opens at the first request"),
                           enumChoices(core::kPeriodAnchorNames, true)),
                jsonColumn(QObject::tr("Reset day"), "reset.weekday", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kWeekdayNames, true)),
                jsonColumn(QObject::tr("Reset hour"), "reset.hour", Kind::Number),
                jsonColumn(QObject::tr("Time zone"), "reset.time_zone", Kind::Text, Unit::Plain,
                           QObject::tr("IANA name, e.g. America/Los_Angeles")),
                jsonColumn(QObject::tr("Whole hours"), "floor_to_hour", Kind::Bool, Unit::Plain,
                           QObject::tr("Session windows start at the hour (ccusage's blocks)"))};
    case TiersPage::Limit::Credit:
        return {jsonColumn(QObject::tr("ID"), "id", Kind::Text),
                jsonColumn(QObject::tr("Unit"), "unit", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kCreditUnitNames)),
                jsonColumn(QObject::tr("Grant"), "grant", Kind::Number, Unit::Plain,
                           QObject::tr("Credited every period, in the unit")),
                jsonColumn(QObject::tr("Period"), "period", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kCreditPeriodNames)),
                jsonColumn(QObject::tr("Expires after h"), "expires_after_hours", Kind::Number,
                           Unit::Plain, QObject::tr("Default: at the end of its period")),
                jsonColumn(QObject::tr("Rollover cap"), "rollover_cap", Kind::Number),
                jsonColumn(QObject::tr("Order"), "order", Kind::Number, Unit::Plain,
                           QObject::tr("Pools are drawn on in this order")),
                jsonColumn(QObject::tr("Models"), "models", Kind::List, Unit::Plain,
                           QObject::tr("Model ids it pays for, comma-separated; empty: all")),
                jsonColumn(QObject::tr("Channel"), "channel", Kind::Choice, Unit::Plain, {},
                           enumChoices(core::kScopeChannelNames, true)),
                jsonColumn(QObject::tr("When exceeded"), "when_exceeded", Kind::Choice, Unit::Plain,
                           {}, enumChoices(core::kPoolPolicyNames))};
    }
    return {};
}

QString limitTitle(TiersPage::Limit limit) {
    switch (limit) {
    case TiersPage::Limit::Windows:
        return QObject::tr("Message windows");
    case TiersPage::Limit::Caps:
        return QObject::tr("Model caps");
    case TiersPage::Limit::Pools:
        return QObject::tr("Pools");
    case TiersPage::Limit::Timed:
        return QObject::tr("Limits in time");
    case TiersPage::Limit::Credit:
        return QObject::tr("Credit pools");
    }
    return {};
}

QTableWidget* resultsTable(const QStringList& headers) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    return t;
}

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString hoursText(const std::optional<double>& h) {
    return h ? QString::number(*h, 'f', 1) : QStringLiteral("–");
}

} // namespace

TiersPage::TiersPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {
    m_delegate = new TiersChoiceDelegate(
        document, [this](const JsonColumn& column) { return choicesFor(column); }, this);
    m_tierModel = new JsonTableModel(document, "tiers", tierColumns(), this);

    auto* limits = new QHBoxLayout;
    limits->addWidget(buildLimitBox(Limit::Windows), 3);
    limits->addWidget(buildLimitBox(Limit::Caps), 4);
    limits->addWidget(buildLimitBox(Limit::Pools), 4);
    auto* timed = new QHBoxLayout;
    timed->addWidget(buildLimitBox(Limit::Timed), 3);
    timed->addWidget(buildLimitBox(Limit::Credit), 2);

    m_chooser = new QComboBox;
    m_chooser->setObjectName(QStringLiteral("tierChooser"));
    m_chooser->setMinimumContentsLength(12);
    connect(m_chooser, &QComboBox::currentIndexChanged, this, &TiersPage::selectTier);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("tierSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* chooserRow = new QHBoxLayout;
    chooserRow->addWidget(new QLabel(tr("Subscribers of")));
    chooserRow->addWidget(m_chooser);
    chooserRow->addWidget(m_summary, 1);

    m_charts = new TiersCharts;
    m_charts->setMinimumHeight(300);
    m_timeline = new TimelineView;
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tierTabs"));
    m_tabs->addTab(m_charts, tr("Margins and distribution"));
    m_tabs->addTab(buildLimitResults(), tr("Limits over subscribers"));
    m_tabs->addTab(m_timeline, tr("Subscriber timeline"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_timeline->setActive(m_tabs->currentWidget() == m_timeline);
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildTierBox());
    layout->addLayout(limits);
    layout->addLayout(timed);
    layout->addLayout(chooserRow);
    layout->addWidget(m_tabs, 1);

    connect(m_tierTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid() && current.row() != m_selected)
                    selectTier(current.row());
            });
    connect(m_tierModel, &QAbstractItemModel::modelReset, this, &TiersPage::restoreSelection);
    connect(m_tierModel, &QAbstractItemModel::dataChanged, this, [this] {
        refillChooser(); // a renamed tier
        pointLimitsAt(m_selected);
    });
    restoreSelection();
}

QWidget* TiersPage::buildTierBox() {
    auto* box = new QGroupBox(tr("Tiers"));
    m_tierTable = makeTable();
    m_tierTable->setObjectName(QStringLiteral("tierTable"));
    m_tierTable->setModel(m_tierModel);
    m_tierTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tierTable->setMinimumHeight(100);
    m_tierTable->setMaximumHeight(150);
    auto* add = new QPushButton(tr("Add Tier"));
    m_removeTier = new QPushButton(tr("Remove Tier"));
    connect(add, &QPushButton::clicked, this, &TiersPage::addTier);
    connect(m_removeTier, &QPushButton::clicked, this, &TiersPage::removeSelectedTier);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_removeTier);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(box);
    layout->addWidget(m_tierTable, 1);
    layout->addLayout(buttons);
    return box;
}

QGroupBox* TiersPage::buildLimitBox(Limit limit) {
    LimitTable& t = table(limit);
    t.box = new QGroupBox(limitTitle(limit));
    t.view = makeTable();
    t.view->setObjectName(toQ(kLimitKeys[static_cast<int>(limit)]));
    t.view->setMinimumHeight(80);
    t.view->setMaximumHeight(120);
    auto* add = new QPushButton(tr("Add"));
    auto* remove = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, [this, limit] { addLimit(limit); });
    connect(remove, &QPushButton::clicked, this, [this, limit] {
        const QModelIndex current = table(limit).view->currentIndex();
        removeLimit(limit, current.isValid() ? current.row() : -1);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(add);
    buttons->addWidget(remove);
    auto* layout = new QVBoxLayout(t.box);
    layout->addWidget(t.view, 1);
    layout->addLayout(buttons);
    return t.box;
}

QStringList TiersPage::screenshotViews() const {
    return {QStringLiteral("limits"), QStringLiteral("timeline")};
}

void TiersPage::showScreenshotView(const QString& view) {
    m_tabs->setCurrentIndex(view == QLatin1String("limits")     ? 1
                            : view == QLatin1String("timeline") ? 2
                                                                : 0);
}

void TiersPage::waitForIdle() {
    m_timeline->waitForIdle();
}

QWidget* TiersPage::buildLimitResults() {
    auto* page = new QWidget;
    m_limitsNote = new QLabel;
    m_limitsNote->setObjectName(QStringLiteral("limitsNote"));
    m_limitsNote->setWordWrap(true);
    m_limitResults = resultsTable({tr("Limit"), tr("Kind"), tr("Unit"), tr("Hit"),
                                   tr("Blocked"), tr("Fell back"), tr("Billed"), tr("Delayed"),
                                   tr("Lockout h/week p50"), tr("p90"), tr("First hit h p50")});
    m_limitResults->setObjectName(QStringLiteral("limitResults"));
    m_limitResults->setToolTip(
        tr("Hit: subscribers refused at least once. Blocked, fell back, billed, delayed: shares "
           "of the tier's requests asked. Lockout: hours a week refused, among those who hit "
           "it."));
    m_poolResults = resultsTable({tr("Credit pool"), tr("Granted"), tr("Used"), tr("Breakage"),
                                  tr("Ran out"), tr("Ran out on day (p50)")});
    m_poolResults->setObjectName(QStringLiteral("poolResults"));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_limitsNote);
    layout->addWidget(m_limitResults, 3);
    layout->addWidget(m_poolResults, 2);
    return page;
}

void TiersPage::showLimitFigures(const core::TierResult* t) {
    m_limitResults->setRowCount(0);
    m_poolResults->setRowCount(0);
    if (!t || !t->population) {
        m_limitsNote->setText(tr("Give the scenario usage to see what its limits do to the "
                                 "tier's subscribers."));
        return;
    }
    const core::PopulationFigures& f = *t->population;
    QString note = f.replayed
                       ? tr("Replayed over every request of each subscriber.")
                       : tr("Approximate: the usage has no request history, so the limits "
                            "bound each month's totals (import per-request data to replay "
                            "them).");
    if (f.waitedRequests + f.abandonedRequests + f.boughtRequests > 0)
        note += tr(" Blocked requests: %1 waited (median %2 h), %3 abandoned, %4 bought.")
                    .arg(formatValue(f.waitedRequests, Unit::Count),
                         hoursText(f.waitHoursP50),
                         formatValue(f.abandonedRequests, Unit::Count),
                         formatValue(f.boughtRequests, Unit::Count));
    m_limitsNote->setText(note);
    m_limitResults->setRowCount(static_cast<int>(f.limits.size()));
    for (std::size_t i = 0; i < f.limits.size(); ++i) {
        const core::LimitFigures& l = f.limits[i];
        const int r = static_cast<int>(i);
        m_limitResults->setItem(r, 0, cell(toQ(l.label), false));
        m_limitResults->setItem(r, 1, cell(toQ(l.kind), false));
        m_limitResults->setItem(r, 2, cell(toQ(l.unit), false));
        int c = 3;
        for (double v : {l.hitShare, l.blockedShare, l.fallbackShare, l.billedShare,
                         l.delayedShare})
            m_limitResults->setItem(r, c++, cell(formatValue(v, Unit::Share)));
        m_limitResults->setItem(r, c++, cell(hoursText(l.lockoutHoursPerWeekP50)));
        m_limitResults->setItem(r, c++, cell(hoursText(l.lockoutHoursPerWeekP90)));
        m_limitResults->setItem(r, c++, cell(hoursText(l.firstHitHoursP50)));
        m_limitResults->item(r, 0)->setToolTip(toQ(l.path));
    }
    m_poolResults->setRowCount(static_cast<int>(f.pools.size()));
    for (std::size_t i = 0; i < f.pools.size(); ++i) {
        const core::PoolFigures& p = f.pools[i];
        const int r = static_cast<int>(i);
        m_poolResults->setItem(r, 0, cell(toQ(p.label), false));
        m_poolResults->setItem(r, 1, cell(formatValue(p.grantedUsd, Unit::Usd)));
        m_poolResults->setItem(r, 2, cell(formatValue(p.usedUsd, Unit::Usd)));
        m_poolResults->setItem(r, 3, cell(formatValue(p.breakageUsd, Unit::Usd)));
        m_poolResults->setItem(r, 4, cell(formatValue(p.ranOutShare, Unit::Share)));
        m_poolResults->setItem(r, 5, cell(p.ranOutDayP50 ? QString::number(*p.ranOutDayP50)
                                                         : QStringLiteral("–")));
    }
}

QTableView* TiersPage::makeTable() const {
    auto* view = new QTableView;
    view->setItemDelegate(m_delegate);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    return view;
}

QStringList TiersPage::choicesFor(const JsonColumn& column) const {
    if (!column.choices.isEmpty())
        return column.choices;
    // Model columns: a cap may name a catalog entry; the typical and fallback models must
    // serve requests, and may be left out.
    const bool anyModel = column.key == "model";
    QStringList ids;
    if (!anyModel)
        ids << QString();
    const auto models = document()->activeValue("models");
    if (models && models->is_array())
        for (const core::Json& m : *models)
            if (!text(m, "id").empty() && (anyModel || m.contains("serving")))
                ids << toQ(text(m, "id"));
    return ids;
}

JsonTableModel* TiersPage::limitModel(Limit limit) const {
    return m_limits[static_cast<std::size_t>(limit)].model;
}

std::string TiersPage::tierIdAt(int row) const {
    const auto id =
        document()->activeValue(core::childPath("tiers", static_cast<std::size_t>(row)) + ".id");
    return id && id->is_string() ? id->get<std::string>() : std::string();
}

void TiersPage::selectTier(int row) {
    if (row < 0 || row >= m_tierModel->rowCount())
        row = m_tierModel->rowCount() > 0 ? std::clamp(row, 0, m_tierModel->rowCount() - 1) : -1;
    m_selected = row;
    if (row >= 0 && m_tierTable->currentIndex().row() != row)
        m_tierTable->selectionModel()->setCurrentIndex(m_tierModel->index(row, 0),
                                                       QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
    if (m_chooser->currentIndex() != row) {
        const QSignalBlocker block(m_chooser);
        m_chooser->setCurrentIndex(row);
    }
    m_removeTier->setEnabled(row >= 0);
    pointLimitsAt(row);
    showSelected();
}

void TiersPage::restoreSelection() {
    refillChooser();
    selectTier(m_selected < 0 ? 0 : m_selected);
}

void TiersPage::refillChooser() {
    QStringList names;
    const auto tiers = document()->activeValue("tiers");
    if (tiers && tiers->is_array())
        for (const core::Json& t : *tiers)
            names << toQ(text(t, "name", text(t, "id")));
    QStringList current;
    for (int i = 0; i < m_chooser->count(); ++i)
        current << m_chooser->itemText(i);
    if (current == names)
        return;
    const QSignalBlocker block(m_chooser);
    m_chooser->clear();
    m_chooser->addItems(names);
    m_chooser->setCurrentIndex(std::min(m_selected, static_cast<int>(names.size()) - 1));
}

void TiersPage::pointLimitsAt(int row) {
    const QString name = row >= 0 ? m_chooser->itemText(row) : QString();
    for (std::size_t i = 0; i < m_limits.size(); ++i) {
        LimitTable& t = m_limits[i];
        const auto limit = static_cast<Limit>(i);
        t.box->setTitle(name.isEmpty() ? limitTitle(limit)
                                       : tr("%1 of %2").arg(limitTitle(limit), name));
        t.box->setEnabled(row >= 0);
        const std::string path =
            row >= 0 ? core::childPath("tiers", static_cast<std::size_t>(row)) + "." + kLimitKeys[i]
                     : std::string();
        if ((t.model ? t.model->arrayPath() : std::string()) == path)
            continue;
        // Re-point: a new model over the selected tier's array (a table cannot change path).
        JsonTableModel* old = t.model;
        QItemSelectionModel* oldSelection = t.view->selectionModel();
        t.model = path.empty() ? nullptr
                               : new JsonTableModel(document(), path, limitColumns(limit), this);
        t.view->setModel(t.model);
        delete oldSelection;
        delete old;
        if (const SnapshotPtr snap = snapshot(); snap && t.model)
            t.model->setDiagnostics(snap->diagnostics);
    }
}

core::Json TiersPage::newLimit(Limit limit) const {
    const std::string tier = core::childPath("tiers", static_cast<std::size_t>(m_selected));
    switch (limit) {
    case Limit::Windows:
        return {{"messages", 50}, {"hours", 5}};
    case Limit::Caps: {
        const auto model = document()->activeValue(tier + ".typical_request.model");
        QStringList ids = choicesFor(limitColumns(Limit::Caps)[0]);
        const std::string id = model && model->is_string() ? model->get<std::string>()
                               : ids.isEmpty()             ? std::string()
                                                           : toStd(ids.back());
        return {{"model", id}, {"per_month", 100}, {"when_exceeded", "block"}};
    }
    case Limit::Pools: {
        const auto price = document()->activeNumber(tier + ".price_usd_month");
        return {{"channel", "programmatic"},
                {"credit_usd", price.value_or(20.0)},
                {"when_exceeded", "block"}};
    }
    case Limit::Timed:
    case Limit::Credit: {
        // A fresh id: "session-1", "credit-1", ... not yet used in the tier's list.
        const bool timed = limit == Limit::Timed;
        const auto list = document()->activeValue(tier + "." + kLimitKeys[static_cast<int>(limit)]);
        const std::string stem = timed ? "session-" : "credit-";
        int n = 1;
        const auto taken = [&](const std::string& id) {
            return list && list->is_array() &&
                   std::any_of(list->begin(), list->end(),
                               [&](const core::Json& l) { return text(l, "id") == id; });
        };
        while (taken(stem + std::to_string(n)))
            ++n;
        if (timed)
            return {{"id", stem + std::to_string(n)}, {"kind", "session"}, {"hours", 5},
                    {"amount", 45}};
        return {{"id", stem + std::to_string(n)}, {"unit", "list_usd"}, {"grant", 10},
                {"period", "monthly"}};
    }
    }
    return {};
}

bool TiersPage::addTier() {
    const auto tiers = document()->activeValue("tiers");
    int n = (tiers && tiers->is_array() ? static_cast<int>(tiers->size()) : 0) + 1;
    const auto taken = [&](const std::string& id) {
        return tiers && tiers->is_array() &&
               std::any_of(tiers->begin(), tiers->end(),
                           [&](const core::Json& t) { return text(t, "id") == id; });
    };
    while (taken("tier-" + std::to_string(n)))
        ++n;
    const std::string id = "tier-" + std::to_string(n);
    core::Json request = {{"input_tokens", 2000}, {"output_tokens", 500}};
    const QStringList served = choicesFor(tierColumns()[3]);
    if (served.size() > 1)
        request["model"] = toStd(served[1]);
    const core::Json tier = {{"id", id},
                             {"name", toStd(tr("Tier %1").arg(n))},
                             {"price_usd_month", 20},
                             {"typical_request", request},
                             {"windows", core::Json::array({{{"messages", 50}, {"hours", 5}}})},
                             {"model_caps", core::Json::array()},
                             {"pools", core::Json::array()},
                             {"extra_usage", false}};
    if (!m_tierModel->appendRow(tier, tr("Add tier %1").arg(toQ(id))))
        return false;
    selectTier(m_tierModel->rowCount() - 1);
    return true;
}

bool TiersPage::removeSelectedTier() {
    if (m_selected < 0)
        return false;
    return m_tierModel->removeRowAt(m_selected,
                                    tr("Remove tier %1").arg(m_tierModel->rowId(m_selected)));
}

bool TiersPage::addLimit(Limit limit) {
    JsonTableModel* model = limitModel(limit);
    if (!model)
        return false;
    return model->appendRow(
        newLimit(limit),
        tr("Add %1 to %2").arg(limitTitle(limit).toLower()).arg(m_tierModel->rowId(m_selected)));
}

bool TiersPage::removeLimit(Limit limit, int row) {
    JsonTableModel* model = limitModel(limit);
    if (!model)
        return false;
    return model->removeRowAt(row, tr("Remove %1 %2 of %3")
                                       .arg(limitTitle(limit).toLower())
                                       .arg(row + 1)
                                       .arg(m_tierModel->rowId(m_selected)));
}

void TiersPage::showResults(const EvalSnapshot& snap) {
    m_tierModel->setDiagnostics(snap.diagnostics);
    for (LimitTable& t : m_limits)
        if (t.model)
            t.model->setDiagnostics(snap.diagnostics);
    showSelected();
}

void TiersPage::showSelected() {
    const SnapshotPtr snap = snapshot();
    if (!snap)
        return;
    // The chosen tier by id; by position while an edited id waits for its evaluation.
    const auto& tiers = snap->results.tiers;
    std::string id = m_selected >= 0 ? tierIdAt(m_selected) : std::string();
    auto tier = std::find_if(tiers.begin(), tiers.end(),
                             [&](const core::TierResult& t) { return t.id == id; });
    if (tier == tiers.end() && m_selected >= 0 && m_selected < static_cast<int>(tiers.size()))
        tier = tiers.begin() + m_selected;
    m_charts->showResults(snap->results, tier == tiers.end() ? std::string() : tier->id);
    showSummary(*snap, tier == tiers.end() ? nullptr : &*tier);
    showLimitFigures(tier == tiers.end() ? nullptr : &*tier);
    m_timeline->showSnapshot(snap, tier == tiers.end() ? std::string() : tier->id);
}

void TiersPage::showSummary(const EvalSnapshot& snap, const core::TierResult* t) {
    if (!t) {
        m_summary->setText(snap.ok ? QString()
                                   : tr("The scenario has problems (View > Problems)."));
        return;
    }
    QString text = tr("Full-use value %1 at list price, serving-cost ratio %2: breakeven "
                      "utilization u* = %3, margin at full use %4.")
                       .arg(formatValue(t->fullUse.totalUsd, Unit::Usd),
                            QString::number(t->servingCostRatio, 'f', 3),
                            formatValue(t->breakevenUtilization, Unit::Share),
                            formatValue(t->marginAtFullUseUsd, Unit::UsdPerMonth));
    if (t->breakevenUtilization > 1)
        text += tr(" Above 100 %: no subscriber is a loss within the limits.");
    if (const auto& p = t->population)
        text += tr(" %1 subscribers, %2 loss-making; utilization p50 %3, p90 %4, p99 %5.")
                    .arg(formatValue(p->subscribers, Unit::Count),
                         formatValue(p->lossMakingShare, Unit::Share),
                         formatValue(p->utilizationP50, Unit::Share),
                         formatValue(p->utilizationP90, Unit::Share),
                         formatValue(p->utilizationP99, Unit::Share));
    // Where the tier sits on its served model's operating curve (docs/model.md): the point its
    // speed target picks at its typical request.
    for (const core::OperatingPointResult& op : t->operatingPoints) {
        if (op.model != t->servedBy)
            continue;
        text += tr(" Served %1 on %2: %3 tok/s per user at %4 %5 (%6, %7/%8 tokens%9).")
                    .arg(toQ(op.target), toQ(op.curve == "roofline" ? "the roofline" : op.curve),
                         QString::number(op.tokensPerSPerUser, 'f', 1),
                         QString::number(op.throughputPerGpu, 'f', 0), toQ(op.basis),
                         toQ(op.kind), QString::number(op.inputTokens, 'g', 6),
                         QString::number(op.outputTokens, 'g', 6),
                         op.lengthsClamped ? tr(", clamped to the measured lengths") : QString());
    }
    m_summary->setText(text);
}

} // namespace tierlab::gui
