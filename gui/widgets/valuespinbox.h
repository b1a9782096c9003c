// SPDX-License-Identifier: MIT
// A number editor bound to one JSON path of the active scenario. Committing a value pushes a
// SetValueCommand (arrow-key steps merge into one undo step); the box follows undo, redo and
// scenario switches.
#pragma once

#include "app/convert.h"

#include <QDoubleSpinBox>

#include <string>

namespace tierlab::gui {

class WorkspaceDocument;

class ValueSpinBox : public QDoubleSpinBox {
    Q_OBJECT

public:
    ValueSpinBox(WorkspaceDocument* document, std::string path, Unit unit, double minimum,
                 double maximum, int decimals, QWidget* parent = nullptr);

    const std::string& path() const { return m_path; }
    // Follows another path (a different row of a table) and refreshes.
    void setPath(std::string path);
    void refresh();

private:
    void commit(double displayed);

    WorkspaceDocument* m_document;
    std::string m_path;
    Unit m_unit;
    bool m_refreshing = false;
};

} // namespace tierlab::gui
