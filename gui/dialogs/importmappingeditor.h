// SPDX-License-Identifier: MIT
// The column mapping of a CSV no built-in format knows: one combo per role (timestamp,
// user_id, input_tokens, ...) listing the file's header columns. Its spec() is the
// "role=column,..." text core::mappedFormat reads (ImportOptions::map, the CLI's --map).
#pragma once

#include <QWidget>

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QFormLayout;
QT_END_NAMESPACE

namespace tierlab::core {
struct Format;
}

namespace tierlab::gui {

class ImportMappingEditor : public QWidget {
    Q_OBJECT

public:
    explicit ImportMappingEditor(QWidget* parent = nullptr);

    // Offers `header`'s columns; preselects the columns `known` maps (the detected format),
    // else columns named like a role.
    void setHeader(const std::vector<std::string>& header, const core::Format* known);
    // "role=column,..." of the roles given a column; empty when none is.
    QString spec() const;
    // The combo of a role ("input_tokens"), named "map_<role>" (tests, accessibility).
    QComboBox* roleCombo(const QString& role) const;

Q_SIGNALS:
    void changed();

private:
    struct RoleEditor {
        QString role;
        QComboBox* combo;
    };
    std::vector<RoleEditor> m_roles;
    QFormLayout* m_form;
};

} // namespace tierlab::gui
