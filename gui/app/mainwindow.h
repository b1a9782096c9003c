// SPDX-License-Identifier: MIT
// The main window: a sidebar of pages over the open workspace, menus with a shortcut for
// every action, a scenario chooser, a status bar with the active scenario, data set and
// evaluation state, drag and drop of workspaces, scenario JSON and usage files.
#pragma once

#include "document/evaluator.h"

#include <QMainWindow>
#include <QUrl>

#include <memory>
#include <vector>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace tierlab::gui {

class Page;
class WorkspaceDocument;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a workspace file; on failure shows why and keeps the current one.
    bool openFile(const QString& path);
    // A new untitled workspace whose active scenario is `templateName`.
    void newFromTemplate(const QString& templateName);
    // Takes over a document (tests).
    void setDocument(std::unique_ptr<WorkspaceDocument> document);

    WorkspaceDocument* document() const { return m_document.get(); }
    Evaluator* evaluator() const { return m_evaluator.get(); }
    const std::vector<Page*>& pages() const { return m_pages; }
    void showPage(int index);
    int currentPage() const;
    QAction* action(const QString& objectName) const; // tests and screenshots

    // Saves a PNG of every page (QWidget::grab) into `dir`: 01-overview.png, ...
    bool saveScreenshots(const QString& dir, QString* error);

    // Imports a usage file through the import dialog (also used by drag and drop).
    void importUsage(const QString& path = {});
    // Stores the operating curves of serving benchmark files in the workspace (docs/curves.md).
    void importCurves(const QStringList& paths = {});
    // Adds a scenario JSON file as a new scenario (undoable).
    bool importScenarioFile(const QString& path);

    bool save();
    bool saveAs();

    // Writes the active scenario's latest evaluation as a tier report; the format follows
    // the extension (.pdf, .html, .xlsx, .csv). False with the reason in `error`.
    bool exportReport(const QString& path, QString* error);

    // What dropping files on the window does: a .tierlab opens, a .json is added as a
    // scenario, a usage file (.csv, .jsonl, gzipped too) opens the import dialog.
    void openDroppedFiles(const QList<QUrl>& urls);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDock();
    void rebuildPages();
    void updateTitle();
    void updateScenarioChooser();
    void updateStatus();
    void updateRecentMenu();
    void showDiagnostics(const EvalSnapshot& snapshot);
    void requestEvaluation();
    bool maybeSave();
    void openDialog();
    void exportScenario();
    void exportReportDialog();
    void duplicateScenario();
    void renameScenario();
    void deleteScenario();
    void goalSeek();
    void about();

    std::unique_ptr<WorkspaceDocument> m_document;
    std::unique_ptr<Evaluator> m_evaluator;
    std::vector<Page*> m_pages;
    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_stack = nullptr;
    QComboBox* m_scenarioBox = nullptr;
    QLabel* m_scenarioLabel = nullptr;
    QLabel* m_datasetLabel = nullptr;
    QLabel* m_evalLabel = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    QListWidget* m_problems = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_templateMenu = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
};

} // namespace tierlab::gui
