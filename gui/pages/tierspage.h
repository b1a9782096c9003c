// SPDX-License-Identifier: MIT
// Tiers: the tier table (id, name, price, typical request, extra usage) and, for the selected
// tier, its windows, model caps and pools, its limits in time (sliding, session, daily,
// weekly, monthly) and credit pools, each editable inline through the undo stack. Below, in
// tabs: the margin per subscriber against utilization of every tier with the selected tier's
// utilization distribution and token Lorenz curve (TiersCharts); the per-limit and per-pool
// figures over its subscribers (replayed, or a monthly bound); one subscriber's timeline.
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
class QTableWidget;
class QTabWidget;
QT_END_NAMESPACE

namespace tierlab::gui {

class JsonTableModel;
class TiersCharts;
class TiersChoiceDelegate;
class TimelineView;
struct JsonColumn;

class TiersPage : public Page {
    Q_OBJECT

public:
    // The limit tables of the selected tier, in page order.
    enum class Limit { Windows, Caps, Pools, Timed, Credit };

    TiersPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent = nullptr);
    QString title() const override { return tr("Tiers"); }
    QStringList screenshotViews() const override;
    void showScreenshotView(const QString& view) override;
    void waitForIdle() override;

    JsonTableModel* tierModel() const { return m_tierModel; }
    // The table over tiers[selected].windows (model_caps, pools); null without tiers.
    JsonTableModel* limitModel(Limit limit) const;
    TiersCharts* tierCharts() const { return m_charts; }
    // Per-limit and per-pool figures of the selected tier, from the latest evaluation.
    QTableWidget* limitResults() const { return m_limitResults; }
    QTableWidget* poolResults() const { return m_poolResults; }
    QLabel* limitsNote() const { return m_limitsNote; }
    TimelineView* timeline() const { return m_timeline; }
    QTabWidget* tabs() const { return m_tabs; }

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
    void showLimitFigures(const core::TierResult* tier);
    QWidget* buildLimitResults();
    std::string tierIdAt(int row) const;
    LimitTable& table(Limit limit) { return m_limits[static_cast<std::size_t>(limit)]; }

    TiersChoiceDelegate* m_delegate;
    JsonTableModel* m_tierModel;
    QTableView* m_tierTable;
    QPushButton* m_removeTier;
    std::array<LimitTable, 5> m_limits;
    QComboBox* m_chooser;
    QLabel* m_summary;
    TiersCharts* m_charts;
    QTabWidget* m_tabs;
    QLabel* m_limitsNote;
    QTableWidget* m_limitResults;
    QTableWidget* m_poolResults;
    TimelineView* m_timeline;
    int m_selected = -1;
};

} // namespace tierlab::gui
