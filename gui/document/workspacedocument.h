// SPDX-License-Identifier: MIT
// The open workspace as the GUI edits it: the scenarios' JSON documents, the active one, the
// undo stack every edit goes through, and the .tierlab file they are saved to (as Tiled's
// MapDocument; docs/architecture.md, "JSON paths").
//
// Scenario edits live in memory until saved (the title shows the modified marker); a save
// writes every scenario in one transaction. Imported data sets are written to the file by
// the import itself, in its own transaction, as they are too large to keep twice.
#pragma once

#include "scenario/jsonpath.h"
#include "store/workspace.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

class QTemporaryDir;
class QUndoStack;

namespace tierlab::gui {

class WorkspaceDocument : public QObject {
    Q_OBJECT

public:
    // Opens an existing workspace. Throws core::WorkspaceError (file untouched) when it
    // cannot be used.
    static std::unique_ptr<WorkspaceDocument> open(const QString& path);
    // A new untitled workspace (in a private temporary folder until saved as), seeded with
    // the default catalog and sample scenarios; `activeScenario` is selected when present.
    static std::unique_ptr<WorkspaceDocument> createUntitled(const QString& activeScenario = {});
    ~WorkspaceDocument() override;

    QString filePath() const;
    bool isUntitled() const { return m_untitledDir != nullptr; }
    QString displayName() const; // file name, or "Untitled"
    core::Workspace& workspace() { return *m_workspace; }
    QUndoStack* undoStack() const { return m_undoStack; }
    bool isModified() const;

    // --- scenarios ---------------------------------------------------------------------
    QStringList scenarioNames() const;
    bool hasScenario(const QString& name) const;
    const core::Json& scenario(const QString& name) const; // an empty object when absent
    QString activeScenarioName() const { return m_active; }
    const core::Json& activeScenario() const { return scenario(m_active); }
    void setActiveScenario(const QString& name); // a view choice, not an edit
    QString uniqueScenarioName(const QString& base) const;

    // The value at `path` in a scenario; nullopt when the path does not resolve.
    std::optional<core::Json> value(const QString& scenario, const std::string& path) const;
    std::optional<core::Json> activeValue(const std::string& path) const {
        return value(m_active, path);
    }
    std::optional<double> activeNumber(const std::string& path) const;

    // Edits the active scenario through the undo stack (a SetValueCommand). `mergeable`
    // folds consecutive edits of the same path (a dragged slider) into one undo step.
    // False, with nothing pushed, when the path cannot be set or the value is unchanged.
    bool edit(const std::string& path, const core::Json& value, const QString& text = {},
              bool mergeable = false);
    // Removes the key or array element at `path` of the active scenario, undoably.
    bool erase(const std::string& path, const QString& text = {});

    // Applied by commands only: they are the one way the model changes.
    void applyValue(const QString& scenario, const std::string& path,
                    const std::optional<core::Json>& value);
    void applyScenario(const QString& name, const std::optional<core::Json>& doc);

    // --- file ----------------------------------------------------------------------------
    // Writes every scenario in one transaction (and removes deleted ones); marks the undo
    // stack clean. False with a reason on failure (the file keeps its previous contents).
    bool save(QString* error);
    // Writes a copy of the workspace with the current scenarios to `path` (replacing it
    // only once complete), then continues on that file.
    bool saveAs(const QString& path, QString* error);

    // --- data sets ------------------------------------------------------------------------
    std::vector<core::DatasetSummary> datasets();
    void notifyDatasetsChanged() { Q_EMIT datasetsChanged(); }

Q_SIGNALS:
    void valueChanged(const QString& scenario, const QString& path);
    void scenarioChanged(const QString& scenario); // any edit of that scenario
    void scenarioListChanged();
    void activeScenarioChanged(const QString& name);
    void datasetsChanged();
    void filePathChanged();
    void modifiedChanged(bool modified);

private:
    WorkspaceDocument(std::unique_ptr<core::Workspace> ws, std::unique_ptr<QTemporaryDir> dir);
    void loadScenarios();

    std::unique_ptr<QTemporaryDir> m_untitledDir;
    std::unique_ptr<core::Workspace> m_workspace;
    std::map<QString, core::Json> m_scenarios;
    QString m_active;
    QUndoStack* m_undoStack;
};

} // namespace tierlab::gui
