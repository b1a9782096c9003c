// SPDX-License-Identifier: MIT
#include "valuecheckbox.h"

#include "app/convert.h"
#include "document/workspacedocument.h"

#include <QSignalBlocker>

namespace tierlab::gui {

ValueCheckBox::ValueCheckBox(WorkspaceDocument* document, std::string path, bool fallback,
                             const QString& text, QWidget* parent)
    : QCheckBox(text, parent), m_document(document), m_path(std::move(path)), m_fallback(fallback) {
    setToolTip(toQ(m_path));
    // clicked, not toggled: only the user's toggles are edits, never a refresh.
    connect(this, &QCheckBox::clicked, this, [this](bool on) {
        if (!m_document->edit(m_path, on, tr("Set %1").arg(toQ(m_path))))
            refresh();
    });
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& changed) {
                const std::string c = toStd(changed);
                if (m_path.rfind(c, 0) == 0 || c.rfind(m_path, 0) == 0)
                    refresh();
            });
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &ValueCheckBox::refresh);
    refresh();
}

void ValueCheckBox::refresh() {
    const QSignalBlocker block(this);
    const auto v = m_document->activeValue(m_path);
    setChecked(v && v->is_boolean() ? v->get<bool>() : m_fallback);
}

} // namespace tierlab::gui
