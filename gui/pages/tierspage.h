// SPDX-License-Identifier: MIT
// Tiers: the tier table (id, name, price, typical request, extra usage) and, for the selected
// tier, its windows, model caps and pools, each editable inline through the undo stack; the
// margin per subscriber against utilization of every tier, and the selected tier's
// utilization distribution and token Lorenz curve (TiersCharts).
#pragma once

#include "page.h"

#include <array>
#include <string>

QT_BEGIN_NAMESPACE
class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableView;
QT_END_NAMESPACE

namespace tierlab::gui {

class JsonTableModel;
class TiersCharts;
class TiersChoiceDelegate;
struct JsonColumn;

class TiersPage : public Page {
    Q_OBJECT

public:
    // The limit tables of the selected tier, in page order.
    enum class Limit { Windows, Caps, Pools };

    TiersPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Tiers"); }

    JsonTableModel* tierModel() const { return m_tierModel; }
    // The table over tiers[selected].windows (model_caps, pools); null without tiers.
    JsonTableModel* limitModel(Limit limit) const;
    TiersCharts* tierCharts() const { return m_charts; }

    int selectedTier() const { return m_selected; }
    void selectTier(int row);

    // Undoable structure edits behind the page's buttons. False when nothing changed.
    bool addTier();
    bool removeSelectedTier();
    bool addLimit(Limit limit);
    bool removeLimit(Limit limit, int row);

protected:
    void showResults(const EvalSnapshot& snapshot) override;

private:
    struct LimitTable {
        QGroupBox* box = nullptr;
        QTableView* view = nullptr;
        JsonTableModel* model = nullptr;
    };

    QWidget* buildTierBox();
    QGroupBox* buildLimitBox(Limit limit);
    QTableView* makeTable() const;
    QStringList choicesFor(const JsonColumn& column) const;
    core::Json newLimit(Limit limit) const;
    void pointLimitsAt(int row);
    void restoreSelection();
    void refillChooser();
    void showSelected();
    void showSummary(const EvalSnapshot& snapshot, const core::TierResult* tier);
    std::string tierIdAt(int row) const;
    LimitTable& table(Limit limit) { return m_limits[static_cast<std::size_t>(limit)]; }

    TiersChoiceDelegate* m_delegate;
    JsonTableModel* m_tierModel;
    QTableView* m_tierTable;
    QPushButton* m_removeTier;
    std::array<LimitTable, 3> m_limits;
    QComboBox* m_chooser;
    QLabel* m_summary;
    TiersCharts* m_charts;
    int m_selected = -1;
};

} // namespace tierlab::gui
