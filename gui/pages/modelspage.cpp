// SPDX-License-Identifier: MIT
#include "modelspage.h"

#include "charts/chartview.h"
#include "document/workspacedocument.h"
#include "models/jsontablemodel.h"
#include "modelstabledelegate.h"
#include "widgets/tablecells.h"

#include <QApplication>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

using Kind = JsonColumn::Kind;

constexpr int kServingPodColumn = 8;

std::vector<JsonColumn> modelColumns() {
    const QString perMtok = QObject::tr("USD per million tokens");
    return {
        jsonColumn(QObject::tr("Id"), "id"),
        jsonColumn(QObject::tr("Name"), "name"),
        jsonColumn(QObject::tr("Input"), "price.input_per_mtok", Kind::Number, Unit::UsdPerMtok,
                   QObject::tr("p_in, uncached input, ") + perMtok),
        jsonColumn(QObject::tr("Output"), "price.output_per_mtok", Kind::Number, Unit::UsdPerMtok,
                   QObject::tr("p_out, ") + perMtok),
        jsonColumn(QObject::tr("Cache read"), "price.cache_read_per_mtok", Kind::Number,
                   Unit::UsdPerMtok, QObject::tr("p_cache_read, ") + perMtok),
        jsonColumn(QObject::tr("Cache write"), "price.cache_write_per_mtok", Kind::Number,
                   Unit::UsdPerMtok, QObject::tr("p_cache_write, ") + perMtok),
        jsonColumn(QObject::tr("Batch discount"), "price.batch_discount", Kind::Number, Unit::Share,
                   QObject::tr("Share off for batch requests (the batch experiment only)")),
        jsonColumn(QObject::tr("Quality"), "quality", Kind::Number, Unit::Plain,
                   QObject::tr("Score for the routing's expected quality")),
        jsonColumn(QObject::tr("Serving pod"), "serving.pod", Kind::Choice, Unit::Plain,
                   QObject::tr("The pod serving the model; a model without serving is a catalog "
                               "entry")),
        jsonColumn(QObject::tr("Price as of"), "price.as_of"),
        jsonColumn(QObject::tr("Price source"), "price.source"),
    };
}

struct ResultColumn {
    const char* header;
    Unit unit;
};

const ResultColumn kResultColumns[] = {{"Model", Unit::Plain},
                                       {"Serving input\n(USD/Mtok)", Unit::Usd},
                                       {"Serving output\n(USD/Mtok)", Unit::Usd},
                                       {"List\nper request", Unit::Usd},
                                       {"Serving\nper request", Unit::Usd},
                                       {"Serving-cost\nratio", Unit::Share},
                                       {"KV\nslots", Unit::Count},
                                       {"Requests per\npod-minute", Unit::Plain},
                                       {"Breakeven\nutilization", Unit::Share}};

const char* const kCatalogHeaders[] = {"Catalog",    "Provider",    "Model", "Input", "Output",
                                       "Cache read", "Cache write", "As of", "Source"};

// A figure of the results table, with its number for sorting and tests. Dollars of one
// request or one million tokens are often cents: Unit::Usd keeps four significant digits
// below $1 ($0.0135, $0.001125); a missing figure (NaN) shows as a dash.
QTableWidgetItem* figure(double value, Unit unit) {
    QTableWidgetItem* item = readOnlyCell(formatValue(value, unit), true);
    item->setData(Qt::UserRole, value);
    return item;
}

// A table as tall as its rows (between two and `maxRows`).
void fitHeightToRows(QTableView* view, int maxRows) {
    const int rows = std::clamp(view->model()->rowCount(), 2, maxRows);
    view->setFixedHeight(view->horizontalHeader()->sizeHint().height() +
                         rows * view->verticalHeader()->defaultSectionSize() +
                         view->horizontalScrollBar()->sizeHint().height() + 2 * view->frameWidth() +
                         2);
}

QStandardItem* catalogItem(const QString& text) {
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(text, Qt::UserRole);
    return item;
}

QStandardItem* catalogPrice(const std::optional<double>& usdPerMtok) {
    auto* item =
        new QStandardItem(formatValue(usdPerMtok.value_or(std::nan("")), Unit::UsdPerMtok));
    item->setEditable(false);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setData(usdPerMtok ? *usdPerMtok : -1.0, Qt::UserRole); // sort role
    return item;
}

double optionalOr(const std::optional<double>& v) {
    return v ? *v : std::nan("");
}

} // namespace

ModelsPage::ModelsPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent),
      m_models(new JsonTableModel(document, "models", modelColumns(), this)) {
    buildChart();
    m_results = new QTableWidget(0, static_cast<int>(std::size(kResultColumns)));
    m_results->setObjectName(QStringLiteral("modelResultsTable"));
    QStringList headers;
    for (const ResultColumn& c : kResultColumns)
        headers << tr(c.header);
    m_results->setHorizontalHeaderLabels(headers);
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_results->verticalHeader()->hide();
    m_results->horizontalHeader()->setStretchLastSection(true);

    m_results->verticalHeader()->setDefaultSectionSize(24);
    m_results->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);

    auto* resultsBox = new QGroupBox(tr("Serving cost of the typical request (evaluated)"));
    auto* resultsLayout = new QHBoxLayout(resultsBox);
    resultsLayout->setContentsMargins(6, 6, 6, 6);
    resultsLayout->addWidget(m_results, 1);
    resultsLayout->addWidget(m_chart);
    m_chart->setFixedWidth(420);
    m_chart->setMinimumHeight(300);
    resultsBox->setFixedHeight(245);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildModelTable());
    layout->addWidget(resultsBox);
    layout->addWidget(buildCatalog(), 1);
    reloadCatalog();
    updateButtons();
}

QWidget* ModelsPage::buildModelTable() {
    auto* delegate = new ModelsTableDelegate(this);
    delegate->setChoices(kServingPodColumn, [this] {
        QStringList ids;
        const auto pods = document()->activeValue("pods");
        if (pods && pods->is_array())
            for (const core::Json& pod : *pods)
                if (pod.is_object() && pod.contains("id") && pod["id"].is_string())
                    ids << toQ(pod["id"].get<std::string>());
        return ids;
    });
    m_modelView = new QTableView;
    m_modelView->setObjectName(QStringLiteral("modelTable"));
    m_modelView->setModel(m_models);
    m_modelView->setItemDelegate(delegate);
    m_modelView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_modelView->setEditTriggers(QAbstractItemView::DoubleClicked |
                                 QAbstractItemView::EditKeyPressed |
                                 QAbstractItemView::AnyKeyPressed);
    m_modelView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_modelView->horizontalHeader()->setStretchLastSection(true);
    m_modelView->verticalHeader()->setDefaultSectionSize(24);
    const auto fit = [this] { fitHeightToRows(m_modelView, 6); };
    connect(m_models, &QAbstractItemModel::modelReset, m_modelView, fit);
    fit();

    auto* add = new QPushButton(tr("Add"));
    add->setObjectName(QStringLiteral("addModel"));
    add->setToolTip(tr("Add a copy of the selected model"));
    m_removeModel = new QPushButton(tr("Remove"));
    m_removeModel->setObjectName(QStringLiteral("removeModel"));
    connect(add, &QPushButton::clicked, this, &ModelsPage::addModel);
    connect(m_removeModel, &QPushButton::clicked, this, &ModelsPage::removeModel);
    connect(m_modelView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ModelsPage::updateButtons);
    connect(m_models, &QAbstractItemModel::modelReset, this, &ModelsPage::updateButtons);

    auto* box = new QGroupBox(tr("Models and API list prices"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_removeModel);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_modelView, 1);
    layout->addLayout(buttons);
    return box;
}

void ModelsPage::buildChart() {
    m_chart = new ChartView(tr("Serving cost as a share of list value"));
    m_chart->setObjectName(QStringLiteral("ratioChart"));
    auto* bars = new QBarSeries;
    m_ratio = new QBarSet(tr("Serving-cost ratio"));
    m_breakeven = new QBarSet(tr("Breakeven utilization u*"));
    bars->append({m_ratio, m_breakeven});
    ChartView::setUnits(bars, Unit::Plain, Unit::Share);
    m_chart->chart()->addSeries(bars);
    m_chartModels = new QBarCategoryAxis;
    // Shares stay shares (tooltips, CSV); the axis labels them in percent.
    m_shareAxis = new QCategoryAxis;
    m_shareAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_chart->chart()->addAxis(m_chartModels, Qt::AlignBottom);
    m_chart->chart()->addAxis(m_shareAxis, Qt::AlignLeft);
    bars->attachAxis(m_chartModels);
    bars->attachAxis(m_shareAxis);
    m_chart->seriesChanged();
}

QWidget* ModelsPage::buildCatalog() {
    m_catalog = new QStandardItemModel(this);
    QStringList headers;
    for (const char* h : kCatalogHeaders)
        headers << tr(h);
    m_catalog->setHorizontalHeaderLabels(headers);
    for (int c = 3; c <= 6; ++c)
        m_catalog->setHeaderData(c, Qt::Horizontal, tr("USD per million tokens"), Qt::ToolTipRole);
    m_catalogProxy = new QSortFilterProxyModel(this);
    m_catalogProxy->setSourceModel(m_catalog);
    m_catalogProxy->setFilterKeyColumn(-1);
    m_catalogProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_catalogProxy->setSortRole(Qt::UserRole);
    m_catalogView = new QTableView;
    m_catalogView->setObjectName(QStringLiteral("catalogTable"));
    m_catalogView->setModel(m_catalogProxy);
    m_catalogView->setSortingEnabled(true);
    m_catalogView->sortByColumn(-1, Qt::AscendingOrder); // keep catalog, model order
    m_catalogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_catalogView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_catalogView->verticalHeader()->hide();
    m_catalogView->verticalHeader()->setDefaultSectionSize(22);
    m_catalogView->horizontalHeader()->setStretchLastSection(true);
    m_catalogView->setTextElideMode(Qt::ElideMiddle);
    m_catalogView->setMinimumHeight(140);

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("catalogFilter"));
    m_filter->setPlaceholderText(tr("Filter by catalog, provider, model or source"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &ModelsPage::filterCatalog);
    m_catalogCount = new QLabel;
    auto* import = new QPushButton(tr("Import Catalog…"));
    import->setObjectName(QStringLiteral("importCatalog"));
    import->setToolTip(tr("Import LiteLLM's model_prices_and_context_window.json or "
                          "genai-prices' data.json into the workspace"));
    connect(import, &QPushButton::clicked, this, &ModelsPage::chooseAndImport);
    m_apply = new QPushButton(tr("Apply to Model"));
    m_apply->setObjectName(QStringLiteral("applyCatalog"));
    m_apply->setToolTip(tr("Write the selected catalog prices into the selected model "
                           "(one undo step)"));
    connect(m_apply, &QPushButton::clicked, this, &ModelsPage::applySelected);
    connect(m_catalogView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ModelsPage::updateButtons);

    auto* box = new QGroupBox(tr("Price catalog (workspace)"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 2);
    bar->addWidget(m_catalogCount, 1);
    bar->addWidget(import);
    bar->addWidget(m_apply);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_catalogView, 1);
    return box;
}

void ModelsPage::reloadCatalog() {
    try {
        m_catalogRows = readCatalogRows(document()->workspace());
    } catch (const std::exception& e) {
        m_catalogRows.clear();
        m_catalogCount->setText(tr("Cannot read the catalog: %1").arg(toQ(e.what())));
    }
    m_catalog->removeRows(0, m_catalog->rowCount());
    m_catalogProxy->setDynamicSortFilter(false); // one sort after the fill, not per row
    for (std::size_t i = 0; i < m_catalogRows.size(); ++i) {
        const CatalogRow& r = m_catalogRows[i];
        QList<QStandardItem*> items = {catalogItem(toQ(r.price.catalog)),
                                       catalogItem(toQ(r.price.provider)),
                                       catalogItem(toQ(r.price.model)),
                                       catalogPrice(r.price.inputPerMtok),
                                       catalogPrice(r.price.outputPerMtok),
                                       catalogPrice(r.price.cacheReadPerMtok),
                                       catalogPrice(r.price.cacheWritePerMtok),
                                       catalogItem(toQ(r.asOf)),
                                       catalogItem(toQ(r.source))};
        items[0]->setData(static_cast<int>(i), Qt::UserRole + 1); // index into m_catalogRows
        items.last()->setToolTip(toQ(r.source));
        m_catalog->appendRow(items);
    }
    m_catalogProxy->setDynamicSortFilter(true);
    m_catalogView->resizeColumnsToContents();
    m_catalogView->setColumnWidth(2, std::min(m_catalogView->columnWidth(2), 320));
    filterCatalog(m_filter->text());
}

void ModelsPage::filterCatalog(const QString& text) {
    m_catalogProxy->setFilterFixedString(text);
    m_catalogCount->setText(
        tr("%1 of %2 prices").arg(m_catalogProxy->rowCount()).arg(m_catalog->rowCount()));
    updateButtons();
}

bool ModelsPage::importCatalog(const QString& path, QString* error) {
    const CatalogImport result = importCatalogFile(document()->workspace(), path);
    if (!result.ok) {
        *error = result.error;
        return false;
    }
    reloadCatalog();
    return true;
}

void ModelsPage::chooseAndImport() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Catalog"), {},
                                                      tr("Price catalogs (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const CatalogImport result = importCatalogFile(document()->workspace(), path);
    QApplication::restoreOverrideCursor();
    if (!result.ok) {
        QMessageBox::warning(this, tr("Import Catalog"), result.error);
        return;
    }
    reloadCatalog();
    QMessageBox::information(this, tr("Import Catalog"),
                             tr("%1: %2 prices from the %3 catalog (%4 entries skipped).")
                                 .arg(path)
                                 .arg(result.prices)
                                 .arg(result.catalog)
                                 .arg(result.skipped));
}

int ModelsPage::selectedCatalogRow() const {
    const QModelIndexList rows = m_catalogView->selectionModel()->selectedRows(0);
    if (rows.isEmpty())
        return -1;
    return m_catalogProxy->mapToSource(rows.first()).data(Qt::UserRole + 1).toInt();
}

void ModelsPage::applySelected() {
    const int modelRow = m_modelView->currentIndex().row();
    const int catalogRow = selectedCatalogRow();
    if (modelRow >= 0 && catalogRow >= 0 && !applyCatalogRow(catalogRow, modelRow))
        QMessageBox::information(this, tr("Apply to Model"),
                                 tr("The model already has these prices."));
}

bool ModelsPage::applyCatalogRow(int catalogRow, int modelRow) {
    if (catalogRow < 0 || catalogRow >= static_cast<int>(m_catalogRows.size()) || modelRow < 0 ||
        modelRow >= m_models->rowCount())
        return false;
    const CatalogRow& row = m_catalogRows[static_cast<std::size_t>(catalogRow)];
    const std::string price = m_models->rowPath(modelRow) + ".price.";
    std::vector<std::pair<std::string, core::Json>> edits;
    const auto addPrice = [&](const char* key, const std::optional<double>& usdPerMtok) {
        if (usdPerMtok)
            edits.emplace_back(price + key, *usdPerMtok);
    };
    addPrice("input_per_mtok", row.price.inputPerMtok);
    addPrice("output_per_mtok", row.price.outputPerMtok);
    addPrice("cache_read_per_mtok", row.price.cacheReadPerMtok);
    addPrice("cache_write_per_mtok", row.price.cacheWritePerMtok);
    const std::string catalogModel =
        row.price.provider.empty() ? row.price.model : row.price.provider + "/" + row.price.model;
    edits.emplace_back(price + "as_of", row.asOf);
    edits.emplace_back(price + "source",
                       row.price.catalog + " catalog, " + catalogModel +
                           (row.source.empty() ? std::string() : " (" + row.source + ")"));
    // One undo step for the whole price: only when something changes, so that no empty
    // step lands on the stack.
    std::erase_if(edits,
                  [this](const auto& e) { return document()->activeValue(e.first) == e.second; });
    if (edits.empty())
        return false;
    QUndoStack* stack = document()->undoStack();
    stack->beginMacro(
        tr("Apply %1 prices to %2").arg(toQ(catalogModel), m_models->rowId(modelRow)));
    for (const auto& [path, value] : edits)
        document()->edit(path, value);
    stack->endMacro();
    return true;
}

void ModelsPage::addModel() {
    const auto models = document()->activeValue("models");
    const int count = models && models->is_array() ? static_cast<int>(models->size()) : 0;
    const int selected = m_modelView->currentIndex().row();
    core::Json model;
    if (count > 0) {
        model = (*models)[static_cast<std::size_t>(selected >= 0 ? selected : count - 1)];
    } else {
        // A catalog entry (no serving) at the reference Sonnet list prices (docs/model.md, "API
        // price catalogs and pricing of usage").
        model = {{"id", "model"}, {"price", {{"input_per_mtok", 3}, {"output_per_mtok", 15}}}};
    }
    QStringList taken;
    for (int r = 0; r < m_models->rowCount(); ++r)
        taken << m_models->rowId(r);
    const QString base = toQ(model.value("id", std::string("model")));
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    model["id"] = toStd(id);
    model["name"] = toStd(id);
    if (m_models->appendRow(model, tr("Add model %1").arg(id)))
        m_modelView->setCurrentIndex(m_models->index(m_models->rowCount() - 1, 0));
}

void ModelsPage::removeModel() {
    const int row = m_modelView->currentIndex().row();
    if (row >= 0)
        m_models->removeRowAt(row, tr("Remove model %1").arg(m_models->rowId(row)));
}

void ModelsPage::updateButtons() {
    const bool model = m_modelView && m_modelView->currentIndex().isValid();
    if (m_removeModel)
        m_removeModel->setEnabled(model);
    if (m_apply)
        m_apply->setEnabled(model && selectedCatalogRow() >= 0);
}

void ModelsPage::showResults(const EvalSnapshot& snap) {
    m_models->setDiagnostics(snap.diagnostics);
    fillResults(snap);
    fillChart(snap);
}

void ModelsPage::fillResults(const EvalSnapshot& snap) {
    const auto& models = snap.results.models;
    m_results->setRowCount(static_cast<int>(models.size()));
    for (std::size_t i = 0; i < models.size(); ++i) {
        const core::ModelResult& m = models[i];
        const double values[] = {0,
                                 optionalOr(m.servingUsdPerMtokInput),
                                 optionalOr(m.servingUsdPerMtokOutput),
                                 m.listUsdPerRequest,
                                 optionalOr(m.servingUsdPerRequest),
                                 optionalOr(m.servingCostRatio),
                                 m.kvSlots ? *m.kvSlots : std::nan(""),
                                 optionalOr(m.requestsPerPodMinute),
                                 optionalOr(m.breakevenUtilization)};
        const int row = static_cast<int>(i);
        m_results->setItem(row, 0, readOnlyCell(toQ(m.name.empty() ? m.id : m.name), false));
        m_results->item(row, 0)->setToolTip(
            !m.servingUsdPerRequest ? tr("A catalog entry: not served")
            : m.pod.empty()         ? tr("Typed-in serving costs")
                                    : tr("Served on pod %1").arg(toQ(m.pod)));
        for (int c = 1; c < static_cast<int>(std::size(kResultColumns)); ++c)
            m_results->setItem(row, c, figure(values[c], kResultColumns[c].unit));
        if (m.servingCostRatio && *m.servingCostRatio > 1)
            m_results->item(row, 5)->setForeground(QColor(200, 40, 40));
    }
}

void ModelsPage::fillChart(const EvalSnapshot& snap) {
    QStringList names;
    QList<double> ratio, breakeven;
    for (const core::ModelResult& m : snap.results.models) {
        names << toQ(m.name.empty() ? m.id : m.name);
        ratio << m.servingCostRatio.value_or(0);
        breakeven << m.breakevenUtilization.value_or(0);
    }
    // Replace values in place: no series or axis is rebuilt on an edit.
    m_ratio->remove(0, m_ratio->count());
    m_ratio->append(ratio);
    m_breakeven->remove(0, m_breakeven->count());
    m_breakeven->append(breakeven);
    if (m_chartModels->categories() != names) {
        m_chartModels->clear();
        m_chartModels->append(names);
    }
    double top = 0.1;
    for (const QList<double>* v : {&ratio, &breakeven})
        for (double x : *v)
            top = std::max(top, std::min(x, 100.0));
    // Labels at a round step in percent: 10 %, 20 %, 50 %, 100 %, ... per step.
    double step = 0.1;
    for (const double s : {0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0})
        if (top / s <= 6) {
            step = s;
            break;
        }
    const double axisTop = std::ceil(top * 1.05 / step) * step;
    if (axisTop == m_shareAxisTop)
        return;
    m_shareAxisTop = axisTop;
    for (const QString& label : m_shareAxis->categoriesLabels())
        m_shareAxis->remove(label);
    m_shareAxis->setStartValue(0);
    for (int k = 0; k * step <= axisTop + 1e-9; ++k)
        m_shareAxis->append(QStringLiteral("%1 %").arg(k * step * 100), k * step);
    m_shareAxis->setRange(0, axisTop);
}

} // namespace tierlab::gui
