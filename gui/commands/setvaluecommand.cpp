// SPDX-License-Identifier: MIT
#include "setvaluecommand.h"

#include "app/convert.h"
#include "commandids.h"
#include "document/workspacedocument.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tierlab::gui {

std::unique_ptr<SetValueCommand> SetValueCommand::create(WorkspaceDocument* document,
                                                         const QString& scenario,
                                                         const std::string& path,
                                                         const std::optional<core::Json>& value,
                                                         const QString& text, bool mergeable) {
    if (!document->hasScenario(scenario))
        return nullptr;
    core::Json probe = document->scenario(scenario);
    std::string canonical;
    if (value) {
        const core::SetResult set = core::setPath(probe, path, *value);
        if (!set.ok)
            return nullptr;
        canonical = set.canonical;
    } else {
        const core::PathLookup found = core::lookupPath(probe, path);
        if (!found.node)
            return nullptr;
        canonical = found.canonical;
    }
    const std::optional<core::Json> before = document->value(scenario, canonical);
    if (before == value)
        return nullptr;
    const QString label =
        text.isEmpty()
            ? QCoreApplication::translate("SetValueCommand", "Set %1").arg(toQ(canonical))
            : text;
    return std::unique_ptr<SetValueCommand>(
        new SetValueCommand(document, scenario, canonical, before, value, label, mergeable));
}

SetValueCommand::SetValueCommand(WorkspaceDocument* document, QString scenario, std::string path,
                                 std::optional<core::Json> before, std::optional<core::Json> after,
                                 const QString& text, bool mergeable)
    : m_document(document), m_scenario(std::move(scenario)), m_path(std::move(path)),
      m_before(std::move(before)), m_after(std::move(after)), m_mergeable(mergeable),
      m_lastEditMs(QDateTime::currentMSecsSinceEpoch()) {
    setText(text);
}

void SetValueCommand::undo() {
    m_document->applyValue(m_scenario, m_path, m_before);
}

void SetValueCommand::redo() {
    m_document->applyValue(m_scenario, m_path, m_after);
}

int SetValueCommand::id() const {
    return m_mergeable ? static_cast<int>(CommandId::SetValue) : -1;
}

bool SetValueCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const SetValueCommand*>(other);
    constexpr qint64 kMergeWindowMs = 1000;
    if (!next->m_mergeable || next->m_scenario != m_scenario || next->m_path != m_path ||
        next->m_lastEditMs - m_lastEditMs > kMergeWindowMs)
        return false;
    m_after = next->m_after;
    m_lastEditMs = next->m_lastEditMs;
    // An edit dragged back to where it started undoes nothing: drop it.
    if (m_after == m_before)
        setObsolete(true);
    return true;
}

} // namespace tierlab::gui
