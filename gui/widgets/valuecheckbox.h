// SPDX-License-Identifier: MIT
// A switch bound to one boolean JSON path of the active scenario: toggling pushes a
// SetValueCommand; the box follows undo, redo and scenario switches. An absent key shows the
// reader's default.
#pragma once

#include <QCheckBox>

#include <string>

namespace tierlab::gui {

class WorkspaceDocument;

class ValueCheckBox : public QCheckBox {
    Q_OBJECT

public:
    ValueCheckBox(WorkspaceDocument* document, std::string path, bool fallback, const QString& text,
                  QWidget* parent = nullptr);

    const std::string& path() const { return m_path; }
    void refresh();

private:
    WorkspaceDocument* m_document;
    std::string m_path;
    bool m_fallback;
};

} // namespace tierlab::gui
