// SPDX-License-Identifier: MIT
#include "timelineview.h"

#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"
#include "scenario/reader.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtConcurrent/QtConcurrent>

#include <algorithm>

namespace tierlab::gui {

namespace {

constexpr double kDayMs = 86'400'000.0;

struct FateStyle {
    core::RequestFate fate;
    const char* name;
    QColor color;
    double size;
};

// Drawn in this order: refused requests on top of the served ones. The names are translated
// by TimelineView::tr, whose context is the class's qualified name.
const FateStyle kFates[] = {
    {core::RequestFate::Served, QT_TRANSLATE_NOOP("tierlab::gui::TimelineView", "Served"),
     kMutedColor, 5},
    {core::RequestFate::Billed, QT_TRANSLATE_NOOP("tierlab::gui::TimelineView", "Billed"), kBlue,
     6},
    {core::RequestFate::FellBack, QT_TRANSLATE_NOOP("tierlab::gui::TimelineView", "Fell back"),
     kOrange, 7},
    {core::RequestFate::Delayed, QT_TRANSLATE_NOOP("tierlab::gui::TimelineView", "Delayed"),
     kPurple, 7},
    {core::RequestFate::Blocked, QT_TRANSLATE_NOOP("tierlab::gui::TimelineView", "Blocked"),
     kLossColor, 8},
};

} // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
    m_pick = new QComboBox;
    m_pick->setObjectName(QStringLiteral("timelinePick"));
    m_pick->addItems({tr("The heaviest subscriber"), tr("The median loss-maker"),
                      tr("The subscriber with id")});
    m_id = new QLineEdit;
    m_id->setObjectName(QStringLiteral("timelineId"));
    m_id->setPlaceholderText(tr("subscriber id"));
    m_id->setEnabled(false);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("timelineSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_pick, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_id->setEnabled(i == 2);
        if (i != 2 || !m_id->text().isEmpty()) {
            m_dirty = true;
            recompute();
        }
    });
    connect(m_id, &QLineEdit::editingFinished, this, [this] {
        m_dirty = true;
        recompute();
    });

    m_chart = new ChartView(tr("Requests and windows over the data set's span"));
    m_chart->setObjectName(QStringLiteral("timelineChart"));
    m_x = new QValueAxis;
    m_x->setTitleText(tr("Day of the span"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y = new QCategoryAxis;
    m_chart->chart()->addAxis(m_x, Qt::AlignBottom);
    m_chart->chart()->addAxis(m_y, Qt::AlignLeft);

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Show")));
    row->addWidget(m_pick);
    row->addWidget(m_id);
    row->addWidget(m_summary, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_chart, 1);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &TimelineView::finished);
}

TimelineView::~TimelineView() {
    m_watcher.waitForFinished();
}

void TimelineView::showSnapshot(SnapshotPtr snapshot, const std::string& tierId) {
    if (snapshot == m_snapshot && tierId == m_tier)
        return;
    m_snapshot = std::move(snapshot);
    m_tier = tierId;
    m_dirty = true;
    recompute();
}

void TimelineView::setActive(bool active) {
    m_active = active;
    recompute();
}

void TimelineView::pick(int choice, const QString& subscriber) {
    m_id->setText(subscriber);
    if (m_pick->currentIndex() == choice) {
        m_dirty = true;
        recompute();
    } else {
        m_pick->setCurrentIndex(choice);
    }
}

QString TimelineView::message() const {
    return m_summary->text();
}

void TimelineView::recompute() {
    if (!m_active || !m_dirty || !m_snapshot)
        return;
    if (m_watcher.isRunning())
        return; // finished() starts the next one
    m_dirty = false;
    core::TimelineRequest request;
    request.tier = m_tier;
    switch (m_pick->currentIndex()) {
    case 0: request.pick = core::TimelineRequest::Pick::Heaviest; break;
    case 1: request.pick = core::TimelineRequest::Pick::MedianLossMaker; break;
    default:
        request.pick = core::TimelineRequest::Pick::Named;
        request.subscriber = toStd(m_id->text().trimmed());
        if (request.subscriber.empty()) {
            m_summary->setText(tr("Type a subscriber id."));
            return;
        }
    }
    const quint64 generation = ++m_generation;
    const SnapshotPtr snap = m_snapshot;
    m_summary->setText(tr("Replaying…"));
    m_watcher.setFuture(QtConcurrent::run([snap, request, generation]() -> Outcome {
        Outcome out;
        out.generation = generation;
        if (!snap->usage) {
            out.error = QCoreApplication::translate(
                "TimelineView", "A timeline needs a data set with request history: this "
                                "scenario's usage is not one.");
            return out;
        }
        const core::ReadResult read = core::readScenario(snap->document);
        if (!read.ok()) {
            out.error = QCoreApplication::translate("TimelineView",
                                                    "The scenario has problems (View > Problems).");
            return out;
        }
        const core::EvalOutcome e = core::evaluate(read.scenario, snap->usage.get(), &request);
        for (const core::Diagnostic& d : e.diagnostics)
            if (d.isError() && d.path == "timeline")
                out.error = toQ(d.message);
        if (out.error.isEmpty() && !e.ok())
            out.error = QCoreApplication::translate("TimelineView",
                                                    "The scenario has problems (View > Problems).");
        if (e.ok())
            out.timeline = e.results.timeline;
        return out;
    }));
}

void TimelineView::finished() {
    Outcome out = m_watcher.result();
    if (out.generation == m_generation) {
        m_shown = std::move(out.timeline);
        if (!m_shown) {
            m_summary->setText(out.error.isEmpty() ? tr("No timeline.") : out.error);
        }
        draw();
    }
    recompute(); // a newer request came while this one ran
}

void TimelineView::waitForIdle() {
    while (m_watcher.isRunning() || (m_active && m_dirty && m_snapshot)) {
        m_watcher.waitForFinished();
        QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
}

void TimelineView::draw() {
    QChart* chart = m_chart->chart();
    chart->removeAllSeries();
    for (const QString& label : m_y->categoriesLabels())
        m_y->remove(label);
    if (!m_shown)
        return;
    const core::SubscriberTimeline& t = *m_shown;
    const double start = static_cast<double>(t.spanStartMs);
    const auto day = [&](std::int64_t ms) { return (static_cast<double>(ms) - start) / kDayMs; };
    const double days = std::max(day(t.spanEndMs), 1e-3);
    const std::size_t lanes = t.limitLabels.size();
    // Lane 0 (top) holds the requests; lane 1 + l the windows of limit l.
    const auto laneY = [&](std::size_t lane) { return static_cast<double>(lanes - lane); };
    m_y->setRange(-0.5, static_cast<double>(lanes) + 0.5);
    // Categories go in ascending order: the last limit's lane first, the requests' last.
    m_y->setStartValue(-0.5);
    for (std::size_t l = lanes; l-- > 0;)
        m_y->append(toQ(t.limitLabels[l]), laneY(l + 1) + 0.5);
    m_y->append(tr("requests"), laneY(0) + 0.5);
    m_x->setRange(0, days);

    // Windows: a step outline per limit, light where usage fit, dark where it refused.
    for (std::size_t l = 0; l < lanes; ++l) {
        for (const bool full : {false, true}) {
            auto* upper = new QLineSeries;
            auto* lower = new QLineSeries;
            const double y = laneY(l + 1);
            for (const core::TimelineWindow& w : t.timeline.windows) {
                if (static_cast<std::size_t>(w.limit) != l || w.full != full)
                    continue;
                const double a = std::max(0.0, day(w.startMs));
                const double b = std::min(days, day(w.endMs));
                upper->append({QPointF(a, y - 0.3), QPointF(a, y + 0.3), QPointF(b, y + 0.3),
                               QPointF(b, y - 0.3)});
                lower->append({QPointF(a, y - 0.3), QPointF(b, y - 0.3)});
            }
            if (upper->count() == 0) {
                delete upper;
                delete lower;
                continue;
            }
            // QAreaSeries does not own its boundary series: the area does, so that
            // removeAllSeries() frees them with it.
            auto* area = new QAreaSeries(upper, lower);
            upper->setParent(area);
            lower->setParent(area);
            area->setName(full ? tr("%1: refused").arg(toQ(t.limitLabels[l]))
                               : tr("%1: window").arg(toQ(t.limitLabels[l])));
            const QColor c = full ? translucent(kLossColor, 150) : translucent(kBlue, 70);
            area->setBrush(c);
            area->setPen(QPen(c.darker(130), 0.5));
            attach(m_chart, area, m_x, m_y, Unit::Plain, Unit::Plain);
            hideLegendEntry(m_chart, area);
        }
    }
    // Requests: a tick per request at its time (a delayed one where it was asked).
    for (std::size_t f = 0; f < std::size(kFates); ++f) {
        auto* s = new QScatterSeries;
        s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        s->setMarkerSize(kFates[f].size);
        s->setColor(kFates[f].color);
        s->setBorderColor(kFates[f].color);
        QList<QPointF> points;
        for (const core::TimelineEvent& e : t.timeline.events)
            if (e.fate == kFates[f].fate)
                points.append(QPointF(day(e.timeMs), laneY(0)));
        if (points.isEmpty()) {
            delete s;
            continue;
        }
        s->replace(points);
        s->setName(tr("%1 (%2)").arg(tr(kFates[f].name), formatValue(double(points.size()), Unit::Count)));
        attach(m_chart, s, m_x, m_y, Unit::Plain, Unit::Plain);
    }
    m_chart->seriesChanged();
    const core::SubscriberOutcome& o = t.outcome.out;
    m_summary->setText(
        tr("%1 (%2%3): %4 requests asked; a month: %5 served, %6 blocked, cost %7, extra usage "
           "%8, margin %9.")
            .arg(toQ(t.subscriber), toQ(t.tier),
                 t.pickedAs.empty() ? QString() : tr(", the %1").arg(toQ(t.pickedAs)),
                 formatValue(double(t.timeline.events.size()), Unit::Count),
                 formatValue(o.requests, Unit::Count), formatValue(o.blockedRequests, Unit::Count),
                 formatValue(o.costUsd, Unit::Usd), formatValue(o.extraUsageUsd, Unit::Usd),
                 formatValue(t.marginUsd, Unit::UsdPerMonth)));
}

} // namespace tierlab::gui
