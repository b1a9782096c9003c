// SPDX-License-Identifier: MIT
#include "scenariocommands.h"

#include "document/workspacedocument.h"

#include <QCoreApplication>
#include <QUndoStack>

namespace tierlab::gui {

ScenarioCommand::ScenarioCommand(WorkspaceDocument* document, const QString& name,
                                 std::optional<core::Json> doc, const QString& text,
                                 QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_name(name), m_after(std::move(doc)),
      m_activeBefore(document->activeScenarioName()) {
    if (document->hasScenario(name))
        m_before = document->scenario(name);
}

void ScenarioCommand::undo() {
    m_document->applyScenario(m_name, m_before);
    m_document->setActiveScenario(m_activeBefore);
}

void ScenarioCommand::redo() {
    m_document->applyScenario(m_name, m_after);
}

void ScenarioCommand::pushRename(WorkspaceDocument* document, const QString& from,
                                 const QString& to) {
    if (!document->hasScenario(from) || document->hasScenario(to) || to.isEmpty())
        return;
    auto* macro = new QUndoCommand(
        QCoreApplication::translate("ScenarioCommand", "Rename scenario %1 to %2").arg(from, to));
    new ScenarioCommand(document, to, document->scenario(from), {}, macro);
    new ScenarioCommand(document, from, std::nullopt, {}, macro);
    document->undoStack()->push(macro);
}

} // namespace tierlab::gui
