// SPDX-License-Identifier: MIT
// A share from 0 to 100 % edited with a slider and a spin box side by side (a model's share
// of a routing mix, a cascade stage's escalation rate). A slider drag is one undo step: its
// edits are mergeable and grouped in one undo macro from the first move to the release, so
// that a later drag of the same value is a step of its own.
#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QDoubleSpinBox;
class QSlider;
class QUndoStack;
QT_END_NAMESPACE

namespace tierlab::gui {

class RoutingShareEditor : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSteps = 1000; // slider resolution: 0.1 %

    RoutingShareEditor(QUndoStack* undoStack, QString dragText, QWidget* parent = nullptr);
    ~RoutingShareEditor() override;

    double share() const;
    // Shows a share (from the document) without emitting edited().
    void setShare(double share);

    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spin; }

Q_SIGNALS:
    // The user chose a share; `dragging` while the slider is held down (a mergeable edit).
    void edited(double share, bool dragging);
    void dragFinished();

private:
    void onSlider(int value);
    void onSpin(double percent);
    void finishDrag();
    void closeMacro();

    QUndoStack* m_undoStack;
    QString m_dragText;
    QSlider* m_slider;
    QDoubleSpinBox* m_spin;
    bool m_macroOpen = false;
    bool m_setting = false;
};

} // namespace tierlab::gui
