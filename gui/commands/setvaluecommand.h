// SPDX-License-Identifier: MIT
// The one undo command for every field editor: set (or remove) the value at a JSON path of a
// scenario (architecture.md, idea 2; Tiled's ChangeValue). Array edits (add or remove a tier)
// set the whole array. Consecutive mergeable edits of the same path less than a second apart
// (a dragged slider, a held arrow key) fold into one step; a later edit is a step of its own.
#pragma once

#include "scenario/jsonpath.h"

#include <QString>
#include <QUndoCommand>

#include <memory>
#include <optional>
#include <string>

namespace tierlab::gui {

class WorkspaceDocument;

class SetValueCommand : public QUndoCommand {
public:
    // nullptr when the path cannot be set in that scenario, or the value is unchanged.
    // `value` nullopt removes the key or element.
    static std::unique_ptr<SetValueCommand> create(WorkspaceDocument* document,
                                                   const QString& scenario, const std::string& path,
                                                   const std::optional<core::Json>& value,
                                                   const QString& text, bool mergeable);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    const std::string& path() const { return m_path; } // canonical (index) path

private:
    SetValueCommand(WorkspaceDocument* document, QString scenario, std::string path,
                    std::optional<core::Json> before, std::optional<core::Json> after,
                    const QString& text, bool mergeable);

    WorkspaceDocument* m_document;
    QString m_scenario;
    std::string m_path;
    std::optional<core::Json> m_before; // nullopt: the key did not exist
    std::optional<core::Json> m_after;  // nullopt: removed
    bool m_mergeable;
    qint64 m_lastEditMs; // when this step last changed (ms since the epoch)
};

} // namespace tierlab::gui
