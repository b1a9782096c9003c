// SPDX-License-Identifier: MIT
// Activity by hour of the week: 7 rows (Monday first) x 24 columns, shaded by count, with the
// exact count and share on hover, and the same context menu as the charts.
#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

namespace tierlab::gui {

class HeatmapWidget : public QWidget {
    Q_OBJECT

public:
    explicit HeatmapWidget(QWidget* parent = nullptr);

    // 168 counts, Monday 00:00 first (core::DatasetProfiles::hourOfWeek); empty clears.
    void setCounts(std::vector<std::uint64_t> counts);
    const std::vector<std::uint64_t>& counts() const { return m_counts; }
    QString dataAsCsv() const;

    QSize sizeHint() const override { return {720, 240}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QRectF gridRect() const;
    int cellAt(QPointF pos) const; // hour of week, or -1

    std::vector<std::uint64_t> m_counts;
};

} // namespace tierlab::gui
