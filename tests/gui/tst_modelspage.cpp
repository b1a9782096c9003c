// SPDX-License-Identifier: MIT
// The Models & Prices page: price edits against the list value of docs/model.md, "API price
// catalogs and pricing of usage", the catalog's apply-to-model as one undo step, and catalog
// import from the real LiteLLM and genai-prices files in tests/fixtures/catalogs.
#include "guitestutil.h"
#include "models/jsontablemodel.h"
#include "pages/hardwarepage.h"
#include "pages/modelspage.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "usage/catalogs.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>

#include <cmath>
#include <set>

using namespace tierlab;
using gui::ModelsPage;

// QCOMPARE cannot take JSON values (its overloads probe qfloat16): compare and print both.
#define JSON_COMPARE(actual, expected)                                                             \
    QVERIFY2((actual) == (expected),                                                               \
             qPrintable(QString::fromStdString((actual).dump() + "\n  != " + (expected).dump())))

namespace {

constexpr double kRelTol = 1e-9;

bool near(double a, double b, double rel = kRelTol) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

int columnOf(const gui::JsonTableModel* model, const std::string& key) {
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->column(c).key == key)
            return c;
    qFatal("no column %s", key.c_str());
}

int modelIndex(const gui::SnapshotPtr& snap, const std::string& id) {
    for (std::size_t i = 0; i < snap->results.models.size(); ++i)
        if (snap->results.models[i].id == id)
            return static_cast<int>(i);
    qFatal("no model %s", id.c_str());
}

// A token count of the scenario's typical request, with docs/scenario.md 2.1's default.
double tokens(const gui::WorkspaceDocument& doc, const char* key, double fallback) {
    return doc.activeNumber(std::string("typical_request.") + key).value_or(fallback);
}

QString fixture(const char* name) {
    return QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/catalogs/") + QLatin1String(name);
}

// The catalog file read by core, as `catalog import` reads it.
std::vector<core::CatalogPrice> readCatalog(const QString& path) {
    std::string error;
    const auto text = core::readTextFile(path.toStdString(), error);
    if (!text)
        qFatal("cannot read %s", qPrintable(path));
    const core::Json doc = core::parseJsonText(*text).doc;
    return core::detectCatalog(doc) == "litellm" ? core::readLiteLlm(doc).prices
                                                 : core::readGenaiPrices(doc).prices;
}

std::size_t distinctModels(const std::vector<core::CatalogPrice>& prices) {
    std::set<std::string> ids; // catalog_prices is UNIQUE (catalog, model)
    for (const core::CatalogPrice& p : prices)
        ids.insert(p.model);
    return ids.size();
}

// The number behind a cell of the results table: columns model, serving input and output
// USD/Mtok, list and serving USD per request, ratio, KV slots, requests per pod-minute, u*.
double figure(const ModelsPage& page, int row, int column) {
    return page.resultsTable()->item(row, column)->data(Qt::UserRole).toDouble();
}

int rowsOfCatalog(const ModelsPage& page, const std::string& catalog) {
    int n = 0;
    for (const gui::CatalogRow& r : page.catalogRows())
        n += r.price.catalog == catalog;
    return n;
}

} // namespace

class Test_modelspage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }
    void editOutputPrice_changesListValueTableAndCharts_undoRestores();
    void resultsTable_showsCoreFiguresPerModel();
    void applyCatalogRow_writesCatalogPrices_oneUndoRestoresAll();
    void applyButton_usesSelectedCatalogRowAndModel();
    void applyCatalogRow_samePrices_pushesNothing();
    void importLiteLlmAndGenaiPrices_addRowsWithAsOfAndSource();
    void importBadFiles_reportFileAndReason_addNoRows();
    void catalogFilter_keepsMatchingRowsOnly();
    void addModel_copiesSelectedWithUniqueId_undoRemovesIt();
};

void Test_modelspage::editOutputPrice_changesListValueTableAndCharts_undoRestores() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    gui::HardwarePage hardware(f.document.get(), f.evaluator.get());
    page.refreshNow();
    hardware.refreshNow();
    const gui::SnapshotPtr old = f.evaluator->latest();
    const int row = modelIndex(old, "sonnet");
    const core::ModelResult before = old->results.models[static_cast<std::size_t>(row)];
    gui::JsonTableModel* models = page.modelTable();
    const int column = columnOf(models, "price.output_per_mtok");
    const double pOut = models->index(row, column).data(Qt::EditRole).toDouble();
    const double pOutNew = pOut * 2;
    const QString listText = page.resultsTable()->item(row, 3)->text();

    QVERIFY(models->setData(models->index(row, column), pOutNew, Qt::EditRole));
    const gui::SnapshotPtr snap = f.settle();
    page.refreshNow();
    hardware.refreshNow();
    const core::ModelResult& after = snap->results.models[static_cast<std::size_t>(row)];
    // List value = (I p_in + O p_out + R p_cache_read + Wc p_cache_write) / 1e6
    // (docs/model.md, "API price catalogs and pricing of usage"), so the output price adds
    // O x (p_out' - p_out) / 1e6 per request.
    const double o = tokens(*f.document, "output_tokens", 500);
    const double all = tokens(*f.document, "input_tokens", 2000) + o +
                       tokens(*f.document, "cache_read_tokens", 0) +
                       tokens(*f.document, "cache_write_tokens", 0);
    const double listUsd = before.listUsdPerRequest + o * (pOutNew - pOut) / 1e6;
    QVERIFY(near(after.listUsdPerRequest, listUsd));
    QVERIFY(near(after.listUsdPerMtok, listUsd / all * 1e6));
    // Serving cost does not depend on the list price; the ratio is serving / list.
    QVERIFY(near(*after.servingUsdPerRequest, *before.servingUsdPerRequest));
    QVERIFY(near(*after.servingCostRatio, *before.servingUsdPerRequest / listUsd));

    QVERIFY(near(figure(page, row, 3), listUsd));
    QVERIFY(page.resultsTable()->item(row, 3)->text() != listText);
    QVERIFY(near(page.ratioSet()->at(row), *after.servingCostRatio));
    const QXYSeries* listLine = hardware.curve("sonnet")->listPrice;
    QVERIFY(near(listLine->at(0).y(), listUsd / all * 1e6));

    f.document->undoStack()->undo();
    f.settle();
    page.refreshNow();
    hardware.refreshNow();
    QVERIFY(near(figure(page, row, 3), before.listUsdPerRequest));
    QCOMPARE(page.resultsTable()->item(row, 3)->text(), listText);
    QVERIFY(near(page.ratioSet()->at(row), *before.servingCostRatio));
    QVERIFY(near(hardware.curve("sonnet")->listPrice->at(0).y(), before.listUsdPerMtok));
}

void Test_modelspage::resultsTable_showsCoreFiguresPerModel() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    page.refreshNow();
    const gui::SnapshotPtr snap = f.evaluator->latest();
    const auto& models = snap->results.models;
    QTableWidget* table = page.resultsTable();
    QCOMPARE(table->rowCount(), static_cast<int>(models.size()));
    for (std::size_t i = 0; i < models.size(); ++i) {
        const core::ModelResult& m = models[i];
        const int row = static_cast<int>(i);
        QVERIFY(table->item(row, 0)->toolTip().contains(gui::toQ(m.pod)));
        QVERIFY(near(figure(page, row, 1), *m.servingUsdPerMtokInput));
        QVERIFY(near(figure(page, row, 2), *m.servingUsdPerMtokOutput));
        QVERIFY(near(figure(page, row, 3), m.listUsdPerRequest));
        QVERIFY(near(figure(page, row, 4), *m.servingUsdPerRequest));
        QVERIFY(near(figure(page, row, 5), *m.servingCostRatio));
        // Cents keep three significant digits: not "$0.01" for $0.0135.
        const double shown = table->item(row, 4)->text().mid(1).toDouble(); // after the "$"
        QVERIFY2(std::abs(shown - *m.servingUsdPerRequest) <= 0.005 * *m.servingUsdPerRequest,
                 qPrintable(table->item(row, 4)->text()));
        QCOMPARE(table->item(row, 6)->text(), gui::formatValue(*m.kvSlots, gui::Unit::Count));
        // A rate, not a count: four significant digits ("249.1"), not rounded to whole.
        QCOMPARE(table->item(row, 7)->text(),
                 gui::formatValue(*m.requestsPerPodMinute, gui::Unit::Plain));
        // u* = u x serving-cost ratio (cost falls as 1/u: docs/model.md, "Cost per token and per
        // request").
        QVERIFY(near(page.breakevenSet()->at(row),
                     snap->results.pods[0].utilization * *m.servingCostRatio));
    }
}

void Test_modelspage::applyCatalogRow_writesCatalogPrices_oneUndoRestoresAll() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    // The seeded catalog (data/catalog/models.json): Opus's prices applied to haiku.
    const auto& rows = page.catalogRows();
    const auto opus = std::find_if(rows.begin(), rows.end(), [](const gui::CatalogRow& r) {
        return r.price.catalog == "tierlab" && r.price.model == "opus";
    });
    QVERIFY(opus != rows.end());
    const int modelRow = 0;
    const std::string price = "models[0].price";
    const core::Json original = *f.document->activeValue(price);
    QVERIFY(original["output_per_mtok"].get<double>() != *opus->price.outputPerMtok);
    QUndoStack* stack = f.document->undoStack();
    const int steps = stack->count();

    QVERIFY(page.applyCatalogRow(static_cast<int>(opus - rows.begin()), modelRow));
    QCOMPARE(stack->count(), steps + 1);
    const core::Json applied = *f.document->activeValue(price);
    QCOMPARE(applied["input_per_mtok"].get<double>(), *opus->price.inputPerMtok);
    QCOMPARE(applied["output_per_mtok"].get<double>(), *opus->price.outputPerMtok);
    QCOMPARE(applied["cache_read_per_mtok"].get<double>(), *opus->price.cacheReadPerMtok);
    QCOMPARE(applied["cache_write_per_mtok"].get<double>(), *opus->price.cacheWritePerMtok);
    QCOMPARE(applied["as_of"].get<std::string>(), opus->asOf);
    QVERIFY(gui::toQ(applied["source"].get<std::string>()).contains(QStringLiteral("opus")));
    JSON_COMPARE(applied["batch_discount"], original["batch_discount"]); // not in catalogs

    // The evaluation follows: haiku's list value per request is now Opus's.
    const gui::SnapshotPtr snap = f.settle();
    QVERIFY(near(snap->results.models[0].listUsdPerRequest,
                 snap->results.models[static_cast<std::size_t>(modelIndex(snap, "opus"))]
                     .listUsdPerRequest));

    stack->undo();
    JSON_COMPARE(*f.document->activeValue(price), original);
    stack->redo();
    JSON_COMPARE(*f.document->activeValue(price), applied);
}

void Test_modelspage::applyButton_usesSelectedCatalogRowAndModel() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    auto* apply = page.findChild<QPushButton*>(QStringLiteral("applyCatalog"));
    QVERIFY(apply);
    QVERIFY(!apply->isEnabled());
    page.catalogFilter()->setText(QStringLiteral("sonnet"));
    QVERIFY(page.catalogProxy()->rowCount() >= 1);
    page.catalogView()->selectRow(0);
    QVERIFY(!apply->isEnabled()); // no model yet
    const int opusRow = modelIndex(f.evaluator->latest(), "opus");
    page.modelView()->setCurrentIndex(page.modelTable()->index(opusRow, 0));
    QVERIFY(apply->isEnabled());
    const QModelIndex selected = page.catalogProxy()->mapToSource(page.catalogProxy()->index(0, 0));
    const gui::CatalogRow& row =
        page.catalogRows()[static_cast<std::size_t>(selected.data(Qt::UserRole + 1).toInt())];
    apply->click();
    const std::string price = "models[" + std::to_string(opusRow) + "].price.";
    QCOMPARE(*f.document->activeNumber(price + "output_per_mtok"), *row.price.outputPerMtok);
    QCOMPARE(*f.document->activeNumber(price + "input_per_mtok"), *row.price.inputPerMtok);
}

void Test_modelspage::applyCatalogRow_samePrices_pushesNothing() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    const auto& rows = page.catalogRows();
    const auto haiku = std::find_if(rows.begin(), rows.end(), [](const gui::CatalogRow& r) {
        return r.price.catalog == "tierlab" && r.price.model == "haiku";
    });
    QVERIFY(haiku != rows.end());
    const int index = static_cast<int>(haiku - rows.begin());
    QVERIFY(page.applyCatalogRow(index, 0)); // the source text differs at first
    const int steps = f.document->undoStack()->count();
    QVERIFY(!page.applyCatalogRow(index, 0));
    QCOMPARE(f.document->undoStack()->count(), steps);
}

void Test_modelspage::importLiteLlmAndGenaiPrices_addRowsWithAsOfAndSource() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    const int before = static_cast<int>(page.catalogRows().size());
    QCOMPARE(rowsOfCatalog(page, "litellm"), 0);
    const QString litellm = fixture("litellm_model_prices_and_context_window.json");
    QString error;
    QVERIFY2(page.importCatalog(litellm, &error), qPrintable(error));
    const int litellmRows = static_cast<int>(distinctModels(readCatalog(litellm)));
    QVERIFY(litellmRows > 1000);
    QCOMPARE(rowsOfCatalog(page, "litellm"), litellmRows);
    QCOMPARE(static_cast<int>(page.catalogRows().size()), before + litellmRows);
    QCOMPARE(page.catalogProxy()->rowCount(), before + litellmRows);

    // Dated today (UTC) with the file as source, as `tierlab-cli catalog import` writes them.
    const auto& rows = page.catalogRows();
    const auto first = std::find_if(rows.begin(), rows.end(), [](const gui::CatalogRow& r) {
        return r.price.catalog == "litellm";
    });
    QCOMPARE(first->asOf, core::utcNow().substr(0, 10));
    QCOMPARE(gui::toQ(first->source), litellm);
    const QModelIndex cell = page.catalogProxy()->index(0, 7);
    QVERIFY(!cell.data().toString().isEmpty()); // the As of column is shown

    const QString genai = fixture("genai-prices_v2_data.json");
    QVERIFY2(page.importCatalog(genai, &error), qPrintable(error));
    QCOMPARE(rowsOfCatalog(page, "genai-prices"),
             static_cast<int>(distinctModels(readCatalog(genai))));
    QCOMPARE(rowsOfCatalog(page, "litellm"), litellmRows);
}

void Test_modelspage::importBadFiles_reportFileAndReason_addNoRows() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    const std::size_t before = page.catalogRows().size();
    QTemporaryDir dir;
    const auto write = [&](const char* name, const QByteArray& text) {
        QFile file(dir.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    write("broken.json", "{\"a\": ");
    write("other.json", "{\"schema\": \"tierlab.scenario/1\"}");
    QString error;
    QVERIFY(!page.importCatalog(dir.filePath(QStringLiteral("broken.json")), &error));
    QVERIFY2(error.startsWith(dir.filePath(QStringLiteral("broken.json")) + QStringLiteral(": ")),
             qPrintable(error));
    QVERIFY(!page.importCatalog(dir.filePath(QStringLiteral("other.json")), &error));
    QCOMPARE(error, dir.filePath(QStringLiteral("other.json")) +
                        QStringLiteral(": not a LiteLLM or genai-prices catalog"));
    QVERIFY(!page.importCatalog(dir.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY2(error.contains(QStringLiteral("missing.json: cannot read")), qPrintable(error));
    QCOMPARE(page.catalogRows().size(), before);
}

void Test_modelspage::catalogFilter_keepsMatchingRowsOnly() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    const int all = page.catalogProxy()->rowCount();
    QVERIFY(all > 3);
    page.catalogFilter()->setText(QStringLiteral("OPUS"));
    const int shown = page.catalogProxy()->rowCount();
    QVERIFY(shown >= 1 && shown < all);
    for (int r = 0; r < shown; ++r) {
        QString line;
        for (int c = 0; c < page.catalogProxy()->columnCount(); ++c)
            line += page.catalogProxy()->index(r, c).data().toString() + QLatin1Char(' ');
        QVERIFY2(line.contains(QStringLiteral("opus"), Qt::CaseInsensitive), qPrintable(line));
    }
    page.catalogFilter()->clear();
    QCOMPARE(page.catalogProxy()->rowCount(), all);
}

void Test_modelspage::addModel_copiesSelectedWithUniqueId_undoRemovesIt() {
    test::GuiFixture f;
    ModelsPage page(f.document.get(), f.evaluator.get());
    const core::Json original = *f.document->activeValue("models");
    page.modelView()->setCurrentIndex(page.modelTable()->index(1, 0));
    page.findChild<QPushButton*>(QStringLiteral("addModel"))->click();
    const core::Json models = *f.document->activeValue("models");
    QCOMPARE(models.size(), original.size() + 1);
    const std::string id = original[1]["id"].get<std::string>() + "-2";
    QCOMPARE(models.back()["id"].get<std::string>(), id);
    JSON_COMPARE(models.back()["price"], original[1]["price"]);
    JSON_COMPARE(models.back()["serving"], original[1]["serving"]);
    f.document->undoStack()->undo();
    JSON_COMPARE(*f.document->activeValue("models"), original);
    f.document->undoStack()->redo();
    page.modelView()->setCurrentIndex(
        page.modelTable()->index(page.modelTable()->rowCount() - 1, 0));
    page.findChild<QPushButton*>(QStringLiteral("removeModel"))->click();
    JSON_COMPARE(*f.document->activeValue("models"), original);
}

QTEST_MAIN(Test_modelspage)
#include "tst_modelspage.moc"
