// SPDX-License-Identifier: MIT
// Adding, removing and renaming whole scenarios of a workspace, undoably. One command: the
// scenario named N becomes `doc` (nullopt: goes away); undo puts back what was there.
#pragma once

#include "scenario/jsonpath.h"

#include <QString>
#include <QUndoCommand>

#include <optional>

namespace tierlab::gui {

class WorkspaceDocument;

class ScenarioCommand : public QUndoCommand {
public:
    ScenarioCommand(WorkspaceDocument* document, const QString& name, std::optional<core::Json> doc,
                    const QString& text, QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

    // Pushes a rename (remove the old name, add the new one) as one undo step.
    static void pushRename(WorkspaceDocument* document, const QString& from, const QString& to);

private:
    WorkspaceDocument* m_document;
    QString m_name;
    std::optional<core::Json> m_before;
    std::optional<core::Json> m_after;
    QString m_activeBefore;
};

} // namespace tierlab::gui
