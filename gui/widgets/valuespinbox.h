// SPDX-License-Identifier: MIT
// A number editor bound to one JSON path of the active scenario. Committing a value pushes a
// SetValueCommand (arrow-key steps merge into one undo step); the box follows undo, redo and
// scenario switches.
#pragma once

#include "app/convert.h"

#include <QDoubleSpinBox>

#include <optional>
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
    // The value the reader assumes when the key is absent: shown (and editable, which writes
    // the key) instead of a disabled box.
    void setFallback(double value);

private:
    void commit(double displayed);

    WorkspaceDocument* m_document;
    std::string m_path;
    Unit m_unit;
    bool m_refreshing = false;
    std::optional<double> m_fallback;
};

} // namespace tierlab::gui
