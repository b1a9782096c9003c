// SPDX-License-Identifier: MIT
#include "routingshareeditor.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSlider>
#include <QUndoStack>

#include <cmath>

namespace tierlab::gui {

RoutingShareEditor::RoutingShareEditor(QUndoStack* undoStack, QString dragText, QWidget* parent)
    : QWidget(parent), m_undoStack(undoStack), m_dragText(std::move(dragText)) {
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, kSteps);
    m_slider->setPageStep(kSteps / 20);
    m_slider->setMinimumWidth(160);
    m_spin = new QDoubleSpinBox;
    m_spin->setRange(0, 100);
    m_spin->setDecimals(1);
    m_spin->setSuffix(QStringLiteral(" %"));
    m_spin->setKeyboardTracking(false);
    m_spin->setAlignment(Qt::AlignRight);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);
    connect(m_slider, &QSlider::valueChanged, this, &RoutingShareEditor::onSlider);
    connect(m_slider, &QSlider::sliderReleased, this, &RoutingShareEditor::finishDrag);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &RoutingShareEditor::onSpin);
}

RoutingShareEditor::~RoutingShareEditor() {
    closeMacro(); // never leave the undo stack inside an open macro
}

double RoutingShareEditor::share() const {
    return m_spin->value() / 100;
}

void RoutingShareEditor::setShare(double share) {
    m_setting = true;
    m_slider->setValue(static_cast<int>(std::lround(share * kSteps)));
    m_spin->setValue(share * 100);
    m_setting = false;
}

void RoutingShareEditor::onSlider(int value) {
    if (m_setting)
        return;
    const double share = static_cast<double>(value) / kSteps;
    m_setting = true;
    m_spin->setValue(share * 100);
    m_setting = false;
    const bool dragging = m_slider->isSliderDown();
    if (dragging && !m_macroOpen) {
        m_undoStack->beginMacro(m_dragText);
        m_macroOpen = true;
    }
    Q_EMIT edited(share, dragging);
}

void RoutingShareEditor::onSpin(double percent) {
    if (m_setting)
        return;
    m_setting = true;
    m_slider->setValue(static_cast<int>(std::lround(percent / 100 * kSteps)));
    m_setting = false;
    Q_EMIT edited(percent / 100, false);
}

void RoutingShareEditor::closeMacro() {
    if (m_macroOpen) {
        m_macroOpen = false;
        m_undoStack->endMacro();
    }
}

void RoutingShareEditor::finishDrag() {
    closeMacro();
    Q_EMIT dragFinished();
}

} // namespace tierlab::gui
