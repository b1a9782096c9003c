// SPDX-License-Identifier: MIT
// Routing: the mode (none, mix, cascade), a mix's shares (a slider per model that keeps the
// sum at 1 by scaling the other shares), a cascade's stages and escalation rates, the
// baseline model and router overhead, all undoable edits of `routing`; and the cost per
// typical request of the routing against its baseline (RoutingCharts).
#pragma once

#include "page.h"

#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class RoutingCharts;
class RoutingShareEditor;

class RoutingPage : public Page {
    Q_OBJECT

public:
    RoutingPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Routing"); }

    QComboBox* modeBox() const { return m_mode; }
    // The share editor of a model in the mix; null when it is not in the mix.
    RoutingShareEditor* mixEditor(const std::string& model) const;
    // The escalation editor of a cascade stage; null for the last stage.
    RoutingShareEditor* escalationEditor(int stage) const;
    RoutingCharts* routingCharts() const { return m_charts; }

    // Undoable edits behind the page's controls. False when nothing changed.
    bool setMode(const std::string& mode);
    bool setMixShare(const std::string& model, double share, bool dragging = false);
    bool addToMix(const std::string& model);
    bool removeFromMix(const std::string& model);
    bool addStage();
    bool removeStage(int stage);

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    struct ServedModel {
        std::string id;
        QString name;
    };
    struct MixRow {
        std::string model;
        RoutingShareEditor* editor;
    };
    struct StageRow {
        QComboBox* model;
        RoutingShareEditor* escalate; // null on the last stage
    };

    QGroupBox* buildMixBox();
    QGroupBox* buildCascadeBox();
    QWidget* buildCommonRow();
    void refresh();
    void refreshMix(const core::Json& mix);
    void refreshCascade(const core::Json& cascade);
    void refreshCommon(const core::Json& routing);
    void rebuildMix(const core::Json& mix);
    void rebuildCascade(const core::Json& cascade);
    static void replaceRows(QWidget*& slot, QWidget* rows, QGroupBox* box);
    void fillModelChoices(const core::Json& routing, const std::string& mode);
    std::vector<ServedModel> servedModels() const;
    QString modelName(const std::string& id) const;
    core::Json routing() const;
    core::Json seeded(core::Json routing, const std::string& mode) const;

    QComboBox* m_mode;
    QLabel* m_hint;
    QWidget* m_editors;
    QGroupBox* m_mixBox;
    QWidget* m_mixRows = nullptr;
    std::vector<MixRow> m_mixRowList;
    QComboBox* m_addModel;
    QPushButton* m_addToMix;
    QGroupBox* m_cascadeBox;
    QWidget* m_stageRows = nullptr;
    std::vector<StageRow> m_stageRowList;
    QComboBox* m_baseline;
    QDoubleSpinBox* m_overhead;
    RoutingCharts* m_charts;
    core::Json m_dragBase;   // the mix when a slider drag began (null between drags)
    std::string m_structure; // what the editor rows were built for
};

} // namespace tierlab::gui
