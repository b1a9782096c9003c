// SPDX-License-Identifier: MIT
#include "hardwarepage.h"

#include "charts/chartview.h"
#include "curvechart.h"
#include "document/workspacedocument.h"
#include "enumchoices.h"
#include "model/hardware.h"
#include "models/jsontablemodel.h"
#include "modelstabledelegate.h"
#include "widgets/tablecells.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPen>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tierlab::gui {

namespace {

using Kind = JsonColumn::Kind;

std::vector<JsonColumn> acceleratorColumns() {
    return {
        jsonColumn(QObject::tr("Id"), "id", Kind::Text, Unit::Plain,
                   QObject::tr("Referenced by pods[].accelerator")),
        jsonColumn(QObject::tr("Name"), "name"),
        jsonColumn(QObject::tr("HBM (GB)"), "hbm_gb", Kind::Number, Unit::Plain,
                   QObject::tr("HBM capacity per GPU, GB (1e9 bytes)")),
        jsonColumn(QObject::tr("HBM (TB/s)"), "hbm_tbs", Kind::Number, Unit::Plain,
                   QObject::tr("HBM bandwidth per GPU")),
        jsonColumn(QObject::tr("BF16 TFLOPS"), "bf16_tflops", Kind::Number, Unit::Plain,
                   QObject::tr("Dense BF16 peak per GPU")),
        jsonColumn(QObject::tr("FP8 TFLOPS"), "fp8_tflops", Kind::Number, Unit::Plain,
                   QObject::tr("Dense FP8 peak per GPU; 0 = no FP8")),
        jsonColumn(QObject::tr("Power (W)"), "watts", Kind::Number, Unit::Plain,
                   QObject::tr("Board power per GPU: energy of owned pods")),
        jsonColumn(QObject::tr("Price"), "price_usd", Kind::Number, Unit::Usd,
                   QObject::tr("Purchase price per GPU; informational (owned pods use "
                               "cost.capex_usd)")),
        jsonColumn(QObject::tr("Rent per GPU"), "rent_usd_per_gpu_hour", Kind::Number,
                   Unit::UsdPerHour, QObject::tr("Default rent of rented pods, USD per GPU-hour")),
    };
}

// Pod columns; the cost keys of the modes a row does not use are drawn dimmed.
constexpr int kPodAcceleratorColumn = 1;
// The serving chart's height when the operating-curve chart shares the page with it.
constexpr int kTallChartHeight = 400;

std::vector<JsonColumn> podColumns() {
    JsonColumn mode = jsonColumn(QObject::tr("Cost mode"), "cost.mode", Kind::Choice);
    mode.choices = enumChoices(core::kPodCostModeNames);
    return {
        jsonColumn(QObject::tr("Id"), "id"),
        jsonColumn(QObject::tr("Accelerator"), "accelerator", Kind::Choice),
        jsonColumn(QObject::tr("Nodes"), "nodes", Kind::Number),
        jsonColumn(QObject::tr("GPUs/node"), "gpus_per_node", Kind::Number),
        jsonColumn(QObject::tr("Utilization"), "utilization", Kind::Number, Unit::Share,
                   QObject::tr("u: busy share of paid pod time; every serving cost divides by it")),
        jsonColumn(QObject::tr("Usable HBM"), "usable_hbm_fraction", Kind::Number, Unit::Share,
                   QObject::tr("Share of HBM for weights and KV cache (default 90 %)")),
        mode,
        jsonColumn(QObject::tr("Capex"), "cost.capex_usd", Kind::Number, Unit::Usd,
                   QObject::tr("Owned: K, capital cost of the pod")),
        jsonColumn(QObject::tr("Months"), "cost.months", Kind::Number, Unit::Plain,
                   QObject::tr("Owned: n, financing term (default 36)")),
        jsonColumn(QObject::tr("Annual rate"), "cost.annual_rate", Kind::Number, Unit::Share,
                   QObject::tr("Owned: r, nominal yearly rate compounded monthly")),
        jsonColumn(QObject::tr("Discount"), "cost.discount", Kind::Number, Unit::Share,
                   QObject::tr("Owned: share of the monthly payment waived")),
        jsonColumn(QObject::tr("PUE"), "cost.pue", Kind::Number, Unit::Plain,
                   QObject::tr("Owned: power usage effectiveness (default 1.0)")),
        jsonColumn(QObject::tr("Energy (USD/kWh)"), "cost.usd_per_kwh", Kind::Number, Unit::Plain,
                   QObject::tr("Owned: energy price")),
        jsonColumn(QObject::tr("Hosting"), "cost.hosting_usd_month", Kind::Number,
                   Unit::UsdPerMonth, QObject::tr("Owned: hosting added per month")),
        jsonColumn(QObject::tr("Rent per GPU"), "cost.rent_usd_per_gpu_hour", Kind::Number,
                   Unit::UsdPerHour,
                   QObject::tr("Rented: USD per GPU-hour; 0 or empty = the accelerator's")),
        jsonColumn(QObject::tr("Pod cost"), "cost.usd_per_hour", Kind::Number, Unit::UsdPerHour,
                   QObject::tr("Given: the pod's cost per hour, typed in")),
    };
}

// Whether a pod cost key is used by a cost mode (docs/scenario.md section 4).
bool costKeyApplies(const std::string& key, const std::string& mode) {
    if (key.rfind("cost.", 0) != 0 || key == "cost.mode")
        return true;
    if (mode == "rented")
        return key == "cost.rent_usd_per_gpu_hour";
    if (mode == "given")
        return key == "cost.usd_per_hour";
    return key != "cost.rent_usd_per_gpu_hour" && key != "cost.usd_per_hour";
}

struct ResultRow {
    const char* header;
    Unit unit;
};

// One row per figure and one column per pod: pods are few, figures many. The headers are
// translated by HardwarePage::tr, whose context is the class's qualified name.
const ResultRow kPodResultRows[] = {
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "GPUs"), Unit::Count},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "HBM total (GB)"), Unit::Count},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Payment"), Unit::UsdPerMonth},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Energy"), Unit::UsdPerMonth},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Hosting"), Unit::UsdPerMonth},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Total"), Unit::UsdPerMonth},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Cost per hour"), Unit::UsdPerHour},
    {QT_TRANSLATE_NOOP("tierlab::gui::HardwarePage", "Utilization"), Unit::Share}};

// A table as tall as its rows (between two and `maxRows`), so that short tables leave the
// room to the chart.
void fitHeightToRows(QTableView* view, int maxRows) {
    const int rows = std::clamp(view->model()->rowCount(), 2, maxRows);
    view->setFixedHeight(view->horizontalHeader()->sizeHint().height() +
                         rows * view->verticalHeader()->defaultSectionSize() +
                         view->horizontalScrollBar()->sizeHint().height() + 2 * view->frameWidth() +
                         2);
}

QTableView* jsonTableView(JsonTableModel* model, ModelsTableDelegate* delegate,
                          const QString& name) {
    auto* view = new QTableView;
    view->setObjectName(name);
    view->setModel(model);
    view->setItemDelegate(delegate);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setDefaultSectionSize(24);
    const auto fit = [view] { fitHeightToRows(view, 6); };
    QObject::connect(model, &QAbstractItemModel::modelReset, view, fit);
    fit();
    return view;
}

// A group box with a table and its Add and Remove buttons.
QGroupBox* tableGroup(const QString& title, QTableView* view, QPushButton* add,
                      QPushButton* remove) {
    auto* box = new QGroupBox(title);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(view, 1);
    layout->addLayout(buttons);
    return box;
}

QList<QPointF> curvePoints(const core::ModelResult& m) {
    QList<QPointF> points;
    for (const auto& [u, usdPerMtok] : m.servingCurve)
        if (usdPerMtok > 0) // the log axis cannot show 0
            points.append(QPointF(u, usdPerMtok));
    return points;
}

} // namespace

HardwarePage::HardwarePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent),
      m_accelerators(new JsonTableModel(document, "accelerators", acceleratorColumns(), this)),
      m_pods(new JsonTableModel(document, "pods", podColumns(), this)) {
    QWidget* tables = buildTables();
    buildChart();
    auto* resultsBox = new QGroupBox(tr("Pod cost (evaluated)"));
    auto* resultsLayout = new QVBoxLayout(resultsBox);
    resultsLayout->setContentsMargins(6, 6, 6, 6);
    resultsLayout->addWidget(m_podResults);
    resultsLayout->addStretch();
    auto* chartBox = new QVBoxLayout;
    chartBox->addWidget(m_chart, 1);
    chartBox->addWidget(m_chartNote);
    m_curveChart = new CurveChart;
    m_curveChart->setObjectName(QStringLiteral("operatingCurve"));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(resultsBox, 0);
    bottom->addLayout(chartBox, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tables);
    layout->addLayout(bottom, 1);
    // Below, across the page: beside the serving chart both would be too narrow for their
    // axis labels. Hidden unless a model has an operating curve.
    layout->addWidget(m_curveChart, 1);
    updateButtons();
}

QWidget* HardwarePage::buildTables() {
    auto* accelDelegate = new ModelsTableDelegate(this);
    m_acceleratorView =
        jsonTableView(m_accelerators, accelDelegate, QStringLiteral("acceleratorTable"));
    auto* podDelegate = new ModelsTableDelegate(this);
    podDelegate->setChoices(kPodAcceleratorColumn, [this] { return idsOf("accelerators"); });
    podDelegate->setDimmed([this](const QModelIndex& index) {
        const auto mode = document()->activeValue(m_pods->rowPath(index.row()) + ".cost.mode");
        const std::string m = mode && mode->is_string() ? mode->get<std::string>() : "owned";
        return !costKeyApplies(m_pods->column(index.column()).key, m);
    });
    m_podView = jsonTableView(m_pods, podDelegate, QStringLiteral("podTable"));

    auto* addAccel = new QPushButton(tr("Add"));
    addAccel->setObjectName(QStringLiteral("addAccelerator"));
    addAccel->setToolTip(
        tr("Add an accelerator with H200 SXM figures (model.md, Hardware and pods)"));
    m_removeAccelerator = new QPushButton(tr("Remove"));
    m_removeAccelerator->setObjectName(QStringLiteral("removeAccelerator"));
    auto* addPodButton = new QPushButton(tr("Add"));
    addPodButton->setObjectName(QStringLiteral("addPod"));
    addPodButton->setToolTip(tr("Add a copy of the selected pod (or a rented 4x8 pod)"));
    m_removePod = new QPushButton(tr("Remove"));
    m_removePod->setObjectName(QStringLiteral("removePod"));
    connect(addAccel, &QPushButton::clicked, this, &HardwarePage::addAccelerator);
    connect(m_removeAccelerator, &QPushButton::clicked, this, &HardwarePage::removeAccelerator);
    connect(addPodButton, &QPushButton::clicked, this, &HardwarePage::addPod);
    connect(m_removePod, &QPushButton::clicked, this, &HardwarePage::removePod);
    for (QTableView* view : {m_acceleratorView, m_podView}) {
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
                &HardwarePage::updateButtons);
        connect(view->model(), &QAbstractItemModel::modelReset, this, &HardwarePage::updateButtons);
    }

    m_podResults = new QTableWidget(static_cast<int>(std::size(kPodResultRows)), 0);
    m_podResults->setObjectName(QStringLiteral("podResultsTable"));
    QStringList headers;
    for (const ResultRow& r : kPodResultRows)
        headers << tr(r.header);
    m_podResults->setVerticalHeaderLabels(headers);
    m_podResults->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_podResults->verticalHeader()->setDefaultSectionSize(24);
    m_podResults->horizontalHeader()->setStretchLastSection(true);
    m_podResults->setFixedHeight(m_podResults->horizontalHeader()->sizeHint().height() +
                                 m_podResults->rowCount() * 24 +
                                 m_podResults->horizontalScrollBar()->sizeHint().height() +
                                 2 * m_podResults->frameWidth() + 6);
    m_podResults->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_podResults->setMinimumWidth(260);

    auto* tables = new QWidget;
    auto* layout = new QVBoxLayout(tables);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(
        tableGroup(tr("Accelerators (per GPU)"), m_acceleratorView, addAccel, m_removeAccelerator));
    layout->addWidget(tableGroup(tr("Pods"), m_podView, addPodButton, m_removePod));
    return tables;
}

void HardwarePage::buildChart() {
    m_chart = new ChartView(tr("Serving cost per million tokens against pod utilization"));
    m_chart->setObjectName(QStringLiteral("servingCurveChart"));
    m_chart->setMinimumSize(420, 300);
    m_chart->chart()->setMargins(QMargins(4, 4, 20, 4)); // room for the "100 %" label
    // Utilization is a share (0..1) in the data, the tooltips and the CSV; the axis labels
    // it in percent.
    m_utilizationAxis = new QCategoryAxis;
    m_utilizationAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_utilizationAxis->setStartValue(0);
    for (int percent = 0; percent <= 100; percent += 10)
        m_utilizationAxis->append(QStringLiteral("%1 %").arg(percent), percent / 100.0);
    m_utilizationAxis->setRange(0, 1);
    m_utilizationAxis->setTitleText(tr("Pod utilization u"));
    m_costAxis = new QLogValueAxis;
    m_costAxis->setBase(10);
    m_costAxis->setLabelFormat(QStringLiteral("$%g"));
    m_costAxis->setMinorTickCount(8);
    m_costAxis->setTitleText(tr("USD/Mtok, typical request (log scale)"));
    m_chart->chart()->addAxis(m_utilizationAxis, Qt::AlignBottom);
    m_chart->chart()->addAxis(m_costAxis, Qt::AlignLeft);
    m_chartNote = new QLabel(tr("Solid: serving cost at utilization u (falls as 1/u). "
                                "Dashed: list price. ● breakeven utilization u*. "
                                "■ the pod's utilization now."));
    m_chartNote->setWordWrap(true);
}

const HardwarePage::ModelCurve* HardwarePage::curve(const std::string& modelId) const {
    for (const ModelCurve& c : m_curves)
        if (c.modelId == modelId)
            return &c;
    return nullptr;
}

void HardwarePage::showResults(const EvalSnapshot& snap) {
    m_accelerators->setDiagnostics(snap.diagnostics);
    m_pods->setDiagnostics(snap.diagnostics);
    fillPodResults(snap);
    fillChart(snap);
    m_curveChart->showResults(snap.results);
    // With the curve chart below it the page grows and scrolls rather than squeezing both.
    m_chart->setMinimumHeight(m_curveChart->isHidden() ? 300 : kTallChartHeight);
}

void HardwarePage::fillPodResults(const EvalSnapshot& snap) {
    const auto& pods = snap.results.pods;
    m_podResults->setColumnCount(static_cast<int>(pods.size()));
    QStringList ids;
    for (std::size_t i = 0; i < pods.size(); ++i) {
        const core::PodResult& p = pods[i];
        ids << toQ(p.id);
        const double values[] = {static_cast<double>(p.gpus),
                                 p.hbmTotalGb,
                                 p.monthly.financeUsd,
                                 p.monthly.energyUsd,
                                 p.monthly.hostingUsd,
                                 p.monthly.totalUsd,
                                 p.hourlyUsd,
                                 p.utilization};
        for (int r = 0; r < static_cast<int>(std::size(kPodResultRows)); ++r)
            m_podResults->setItem(
                r, static_cast<int>(i),
                readOnlyCell(formatValue(values[r], kPodResultRows[r].unit), true));
        // Where the utilization comes from: typed in, or the usage's hour-of-week profile.
        const int last = static_cast<int>(std::size(kPodResultRows)) - 1;
        if (QTableWidgetItem* u = m_podResults->item(last, static_cast<int>(i)))
            u->setToolTip(tr("Utilization %1").arg(toQ(p.utilizationSource)));
    }
    m_podResults->setHorizontalHeaderLabels(ids);
    m_podResults->resizeColumnsToContents();
    const int width = m_podResults->verticalHeader()->sizeHint().width() +
                      m_podResults->horizontalHeader()->length() + 2 * m_podResults->frameWidth() +
                      4;
    m_podResults->setMinimumWidth(std::clamp(width, 260, 560));
}

void HardwarePage::fillChart(const EvalSnapshot& snap) {
    std::vector<const core::ModelResult*> served;
    for (const core::ModelResult& m : snap.results.models)
        if (!m.servingCurve.empty())
            served.push_back(&m);
    bool same = served.size() == m_curves.size();
    for (std::size_t i = 0; same && i < served.size(); ++i)
        same = served[i]->id == m_curves[i].modelId;
    if (!same)
        rebuildCurves(served);
    for (std::size_t i = 0; i < served.size(); ++i) {
        const core::ModelResult& m = *served[i];
        const ModelCurve& c = m_curves[i];
        // Replace points in place: the series, their colours and legend state survive edits.
        c.serving->setName(toQ(m.name.empty() ? m.id : m.name));
        c.serving->replace(curvePoints(m));
        const double list = m.listUsdPerMtok;
        c.listPrice->replace(list > 0 ? QList<QPointF>{{0.0, list}, {1.0, list}}
                                      : QList<QPointF>{});
        const double uStar = m.breakevenUtilization.value_or(0);
        c.breakeven->replace(list > 0 && uStar > 0 && uStar <= 1 ? QList<QPointF>{{uStar, list}}
                                                                 : QList<QPointF>{});
        const auto pod = std::find_if(snap.results.pods.begin(), snap.results.pods.end(),
                                      [&](const core::PodResult& p) { return p.id == m.pod; });
        const double now = m.servingUsdPerMtok.value_or(0);
        c.current->replace(pod != snap.results.pods.end() && now > 0
                               ? QList<QPointF>{{pod->utilization, now}}
                               : QList<QPointF>{});
        // A theme change recolours every series: keep each model's series in one colour.
        const QColor colour = c.serving->color();
        QPen dashed(colour, 1.5, Qt::DashLine);
        c.listPrice->setPen(dashed);
        c.breakeven->setColor(colour);
        c.current->setColor(colour);
    }
    fitAxes(served);
}

void HardwarePage::rebuildCurves(const std::vector<const core::ModelResult*>& served) {
    QChart* chart = m_chart->chart();
    for (const ModelCurve& c : m_curves)
        for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{c.serving, c.listPrice,
                                                                          c.breakeven, c.current}) {
            chart->removeSeries(s);
            delete s;
        }
    m_curves.clear();
    // Serving curves first, so that they take the theme's first colours.
    for (const core::ModelResult* m : served) {
        ModelCurve c;
        c.modelId = m->id;
        c.serving = new QLineSeries;
        c.serving->setName(toQ(m->name.empty() ? m->id : m->name));
        chart->addSeries(c.serving);
        m_curves.push_back(c);
    }
    for (ModelCurve& c : m_curves) {
        const QString name = c.serving->name();
        c.listPrice = new QLineSeries;
        c.listPrice->setName(tr("%1: list price").arg(name));
        c.breakeven = new QScatterSeries;
        c.breakeven->setName(tr("%1: breakeven utilization").arg(name));
        c.breakeven->setMarkerSize(11);
        c.current = new QScatterSeries;
        c.current->setName(tr("%1: pod utilization now").arg(name));
        c.current->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        c.current->setMarkerSize(9);
        for (QXYSeries* s : std::initializer_list<QXYSeries*>{c.listPrice, c.breakeven, c.current})
            chart->addSeries(s);
    }
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(m_utilizationAxis);
        s->attachAxis(m_costAxis);
        ChartView::setUnits(s, Unit::Share, Unit::UsdPerMtok);
    }
    m_chart->seriesChanged();
    // One legend entry per model: its list price, breakeven and current point share its
    // colour and are explained below the chart.
    for (const ModelCurve& c : m_curves)
        for (QAbstractSeries* s :
             std::initializer_list<QAbstractSeries*>{c.listPrice, c.breakeven, c.current})
            for (QLegendMarker* marker : chart->legend()->markers(s))
                marker->setVisible(false);
}

void HardwarePage::fitAxes(const std::vector<const core::ModelResult*>& served) {
    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    for (const core::ModelResult* m : served) {
        for (const auto& [u, usdPerMtok] : m->servingCurve)
            if (usdPerMtok > 0) {
                low = std::min(low, usdPerMtok);
                high = std::max(high, usdPerMtok);
            }
        if (m->listUsdPerMtok > 0) {
            low = std::min(low, m->listUsdPerMtok);
            high = std::max(high, m->listUsdPerMtok);
        }
    }
    if (!(high > 0)) {
        m_costAxis->setRange(0.1, 100);
        return;
    }
    // Whole decades, so that every labelled tick is a power of ten.
    // (The lower end a hair below its decade, or rounding can drop that decade's label.)
    m_costAxis->setRange(std::pow(10.0, std::floor(std::log10(low))) * 0.999,
                         std::pow(10.0, std::ceil(std::log10(high * 1.0001))));
}

QStringList HardwarePage::idsOf(const char* arrayPath) const {
    QStringList ids;
    const auto array = document()->activeValue(arrayPath);
    if (array && array->is_array())
        for (const core::Json& element : *array)
            if (element.is_object() && element.contains("id") && element["id"].is_string())
                ids << toQ(element["id"].get<std::string>());
    return ids;
}

QString HardwarePage::uniqueId(const char* arrayPath, const QString& base) const {
    const QStringList taken = idsOf(arrayPath);
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    return id;
}

void HardwarePage::addAccelerator() {
    // H200 SXM figures of docs/model.md, "Hardware and pods"; price and rent as in
    // data/scenarios/reference-pod.json.
    const QString id = uniqueId("accelerators", QStringLiteral("h200"));
    const core::Json accelerator = {
        {"id", toStd(id)}, {"name", "NVIDIA H200 SXM"}, {"hbm_gb", 141},
        {"hbm_tbs", 4.8},  {"bf16_tflops", 989},        {"fp8_tflops", 1979},
        {"watts", 700},    {"price_usd", 31250},        {"rent_usd_per_gpu_hour", 3.75}};
    if (m_accelerators->appendRow(accelerator, tr("Add accelerator %1").arg(id)))
        m_acceleratorView->setCurrentIndex(
            m_accelerators->index(m_accelerators->rowCount() - 1, 0));
}

void HardwarePage::removeAccelerator() {
    const int row = m_acceleratorView->currentIndex().row();
    if (row >= 0)
        m_accelerators->removeRowAt(row,
                                    tr("Remove accelerator %1").arg(m_accelerators->rowId(row)));
}

void HardwarePage::addPod() {
    const auto pods = document()->activeValue("pods");
    const int count = pods && pods->is_array() ? static_cast<int>(pods->size()) : 0;
    const int selected = m_podView->currentIndex().row();
    core::Json pod;
    if (count > 0) {
        pod = (*pods)[static_cast<std::size_t>(selected >= 0 ? selected : count - 1)];
        pod.erase("name");
    } else {
        const QStringList accelerators = idsOf("accelerators");
        pod = {{"accelerator", accelerators.isEmpty() ? "" : toStd(accelerators.first())},
               {"nodes", 4},
               {"gpus_per_node", 8},
               {"utilization", 0.7},
               {"cost", {{"mode", "rented"}}}};
    }
    const QString base = count > 0 && pod.contains("id") && pod["id"].is_string()
                             ? toQ(pod["id"].get<std::string>())
                             : QStringLiteral("pod");
    const QString id = uniqueId("pods", base);
    pod["id"] = toStd(id);
    if (m_pods->appendRow(pod, tr("Add pod %1").arg(id)))
        m_podView->setCurrentIndex(m_pods->index(m_pods->rowCount() - 1, 0));
}

void HardwarePage::removePod() {
    const int row = m_podView->currentIndex().row();
    if (row >= 0)
        m_pods->removeRowAt(row, tr("Remove pod %1").arg(m_pods->rowId(row)));
}

void HardwarePage::updateButtons() {
    m_removeAccelerator->setEnabled(m_acceleratorView->currentIndex().isValid());
    m_removePod->setEnabled(m_podView->currentIndex().isValid());
}

} // namespace tierlab::gui
