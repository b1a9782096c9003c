// SPDX-License-Identifier: MIT
// One subscriber's month through their tier's limits (issue #10, "subscriber timeline"):
// pick a subscriber by id, or the tier's heaviest, or its median loss-maker; see each request
// as a tick on the time axis (served, fell back, billed, delayed, blocked) and, in a lane per
// limit, every window or period that held usage, darker where it refused a request. The
// replay runs off the GUI thread (core::evaluate with a TimelineRequest) on the snapshot's
// scenario and usage; only while the view is visible.
#pragma once

#include "document/evaluator.h"

#include <QFutureWatcher>
#include <QWidget>

#include <optional>
#include <string>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QComboBox;
class QLabel;
class QLineEdit;
class QValueAxis;
QT_END_NAMESPACE

namespace tierlab::gui {

class ChartView;

class TimelineView : public QWidget {
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    // The latest evaluation and the tier to pick from; recomputes when visible.
    void showSnapshot(SnapshotPtr snapshot, const std::string& tierId);
    // Visible or not: the replay runs only for a visible view.
    void setActive(bool active);

    // 0: heaviest, 1: median loss-maker, 2: by id (`subscriber`).
    void pick(int choice, const QString& subscriber = {});
    // For tests and screenshots: blocks, processing events, until the replay has come back.
    void waitForIdle();
    const std::optional<core::SubscriberTimeline>& shown() const { return m_shown; }
    QString message() const;
    ChartView* chart() const { return m_chart; }

private:
    struct Outcome {
        quint64 generation = 0;
        std::optional<core::SubscriberTimeline> timeline;
        QString error;
    };
    void recompute();
    void finished();
    void draw();

    QComboBox* m_pick;
    QLineEdit* m_id;
    QLabel* m_summary;
    ChartView* m_chart;
    QValueAxis* m_x;
    QCategoryAxis* m_y;
    SnapshotPtr m_snapshot;
    std::string m_tier;
    bool m_active = false;
    bool m_dirty = true;
    quint64 m_generation = 0;
    QFutureWatcher<Outcome> m_watcher;
    std::optional<core::SubscriberTimeline> m_shown;
};

} // namespace tierlab::gui
