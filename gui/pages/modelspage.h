// SPDX-License-Identifier: MIT
// Models & Prices: the models of the active scenario with their API list prices (docs/model.md,
// "API price catalogs and pricing of usage") as an editable table, each model's evaluated
// serving cost against its list value, and the workspace's price catalog, which can be
// filtered, extended by importing a LiteLLM or genai-prices file, and applied to a scenario
// model in one undoable step.
#pragma once

#include "modelscatalog.h"
#include "page.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTableWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;
class JsonTableModel;

class ModelsPage : public Page {
    Q_OBJECT

public:
    ModelsPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Models & Prices"); }

    // For tests.
    JsonTableModel* modelTable() const { return m_models; }
    QTableView* modelView() const { return m_modelView; }
    QTableWidget* resultsTable() const { return m_results; }
    ChartView* ratioChart() const { return m_chart; }
    QBarSet* ratioSet() const { return m_ratio; }
    QBarSet* breakevenSet() const { return m_breakeven; }
    QTableView* catalogView() const { return m_catalogView; }
    QSortFilterProxyModel* catalogProxy() const { return m_catalogProxy; }
    QLineEdit* catalogFilter() const { return m_filter; }
    const std::vector<CatalogRow>& catalogRows() const { return m_catalogRows; }

    // Imports a catalog file into the workspace and shows its rows; false with "FILE: reason".
    bool importCatalog(const QString& path, QString* error);
    // Writes the prices of catalog row `catalogRow` (index into catalogRows()) into
    // models[modelRow].price as one undo step. False when nothing would change.
    bool applyCatalogRow(int catalogRow, int modelRow);
    // Re-reads the workspace's catalog.
    void reloadCatalog();

    void addModel();
    void removeModel();

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    QWidget* buildModelTable();
    QWidget* buildCatalog();
    void buildChart();
    void fillResults(const EvalSnapshot& snapshot);
    void fillChart(const EvalSnapshot& snapshot);
    void filterCatalog(const QString& text);
    void chooseAndImport();
    void applySelected();
    int selectedCatalogRow() const;
    void updateButtons();

    JsonTableModel* m_models;
    QTableView* m_modelView = nullptr;
    QPushButton* m_removeModel = nullptr;
    QTableWidget* m_results = nullptr;
    ChartView* m_chart = nullptr;
    QBarSet* m_ratio = nullptr;
    QBarSet* m_breakeven = nullptr;
    QBarCategoryAxis* m_chartModels = nullptr;
    QCategoryAxis* m_shareAxis = nullptr;
    double m_shareAxisTop = 0;
    QStandardItemModel* m_catalog = nullptr;
    QSortFilterProxyModel* m_catalogProxy = nullptr;
    QTableView* m_catalogView = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_catalogCount = nullptr;
    QPushButton* m_apply = nullptr;
    std::vector<CatalogRow> m_catalogRows;
};

} // namespace tierlab::gui
