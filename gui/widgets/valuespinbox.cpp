// SPDX-License-Identifier: MIT
#include "valuespinbox.h"

#include "document/workspacedocument.h"

namespace tierlab::gui {

ValueSpinBox::ValueSpinBox(WorkspaceDocument* document, std::string path, Unit unit, double minimum,
                           double maximum, int decimals, QWidget* parent)
    : QDoubleSpinBox(parent), m_document(document), m_path(std::move(path)), m_unit(unit) {
    setDecimals(decimals);
    setRange(minimum * displayScale(unit), maximum * displayScale(unit));
    setKeyboardTracking(false); // typing commits on Enter or focus out, not per keystroke
    setAccelerated(true);
    const QString suffix = unit == Unit::Share ? QStringLiteral(" %") : QString();
    setSuffix(suffix);
    if (unit == Unit::Usd || unit == Unit::UsdPerMonth || unit == Unit::UsdPerMtok ||
        unit == Unit::UsdPerHour)
        setPrefix(QStringLiteral("$"));
    setAlignment(Qt::AlignRight);
    connect(this, &QDoubleSpinBox::valueChanged, this, &ValueSpinBox::commit);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& changed) {
                const std::string c = toStd(changed);
                if (m_path.rfind(c, 0) == 0 || c.rfind(m_path, 0) == 0)
                    refresh();
            });
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &ValueSpinBox::refresh);
    refresh();
}

void ValueSpinBox::setPath(std::string path) {
    m_path = std::move(path);
    refresh();
}

void ValueSpinBox::setFallback(double value) {
    m_fallback = value;
    refresh();
}

void ValueSpinBox::refresh() {
    const auto v = m_document->activeNumber(m_path);
    m_refreshing = true;
    setEnabled(v.has_value() || m_fallback.has_value());
    setValue(v.value_or(m_fallback.value_or(0)) * displayScale(m_unit));
    setToolTip(v || !m_fallback ? toQ(m_path) : tr("%1 (not set: the default)").arg(toQ(m_path)));
    m_refreshing = false;
}

void ValueSpinBox::commit(double displayed) {
    if (m_refreshing)
        return;
    m_document->edit(m_path, displayed / displayScale(m_unit), {}, true);
}

} // namespace tierlab::gui
