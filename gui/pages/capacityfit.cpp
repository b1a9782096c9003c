// SPDX-License-Identifier: MIT
#include "capacityfit.h"

#include "app/convert.h"
#include "charts/chartparts.h"
#include "charts/chartview.h"
#include "charts/palette.h"
#include "document/workspacedocument.h"
#include "scenario/reader.h"
#include "sim/gapfit.h"
#include "sim/simparams.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>

#include <cmath>

namespace tierlab::gui {

namespace {

constexpr double kMinGapMin = 1.0 / 60;    // 1 s
constexpr double kMaxGapMin = 60 * 24 * 7; // a week

// A mixture's CDF at log-spaced gaps (minutes on the axis).
QList<QPointF> cdfCurve(const std::vector<core::GapComponent>& mixture) {
    QList<QPointF> points;
    const int n = 160;
    for (int i = 0; i <= n; ++i) {
        const double minutes =
            kMinGapMin * std::pow(kMaxGapMin / kMinGapMin, static_cast<double>(i) / n);
        points.append({minutes, core::mixtureCdf(mixture, minutes * 60)});
    }
    return points;
}

} // namespace

CapacityFitPanel::CapacityFitPanel(WorkspaceDocument* document, QWidget* parent)
    : QGroupBox(tr("Gaps between a user's requests: fit to a data set"), parent),
      m_document(document) {
    m_dataset = new QComboBox;
    m_dataset->setObjectName(QStringLiteral("fitDataset"));
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_fitButton = new QPushButton(tr("Fit"));
    m_fitButton->setToolTip(tr("Fit a 3-component lognormal mixture by EM to the data set's "
                               "gap histogram"));
    m_useButton = new QPushButton(tr("Use Fitted Gaps"));
    m_useButton->setToolTip(tr("Write the fit into capacity.gaps (undoable)"));
    m_useButton->setEnabled(false);
    connect(m_fitButton, &QPushButton::clicked, this, &CapacityFitPanel::fit);
    connect(m_useButton, &QPushButton::clicked, this, &CapacityFitPanel::useFit);
    m_summary = new QLabel(tr("Choose an imported data set and press Fit."));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_chart = new ChartView(tr("Gap distribution: data set against mixtures"));
    m_chart->setObjectName(QStringLiteral("gapFitChart"));
    m_chart->setMinimumHeight(300);
    m_x = new QLogValueAxis;
    m_x->setTitleText(tr("gap between requests, minutes"));
    m_x->setLabelFormat(QStringLiteral("%g"));
    m_x->setRange(kMinGapMin, kMaxGapMin);
    QCategoryAxis* y = percentAxis(tr("gaps at most this long"));
    m_chart->chart()->addAxis(m_x, Qt::AlignBottom);
    m_chart->chart()->addAxis(y, Qt::AlignLeft);
    m_empirical = new QScatterSeries;
    m_empirical->setName(tr("data set"));
    m_empirical->setMarkerSize(6);
    m_fitted = line(tr("fit"), kBlue);
    m_scenario = line(tr("scenario"), kGrey, Qt::DashLine, 1.5);
    attach(m_chart, m_scenario, m_x, y, Unit::Plain, Unit::Share);
    attach(m_chart, m_fitted, m_x, y, Unit::Plain, Unit::Share);
    attach(m_chart, m_empirical, m_x, y, Unit::Plain, Unit::Share);
    m_chart->seriesChanged();

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Data set:")));
    row->addWidget(m_dataset);
    row->addWidget(m_fitButton);
    row->addWidget(m_useButton);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_chart);

    connect(document, &WorkspaceDocument::datasetsChanged, this,
            &CapacityFitPanel::refreshDatasets);
    connect(document, &WorkspaceDocument::activeScenarioChanged, this,
            &CapacityFitPanel::refreshScenarioCurve);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& path) {
                if (path.startsWith(QLatin1String("capacity")))
                    refreshScenarioCurve();
            });
    refreshDatasets();
    refreshScenarioCurve();
}

void CapacityFitPanel::refreshDatasets() {
    const QString current = m_dataset->currentText();
    m_dataset->clear();
    try {
        for (const core::DatasetSummary& d : m_document->workspace().datasets())
            m_dataset->addItem(toQ(d.name));
    } catch (const std::exception& e) {
        m_summary->setText(tr("The workspace's data sets cannot be read: %1").arg(toQ(e.what())));
    }
    if (const int i = m_dataset->findText(current); i >= 0)
        m_dataset->setCurrentIndex(i);
    m_fitButton->setEnabled(m_dataset->count() > 0);
    // The histogram EM takes milliseconds: show the first data set's fit without a click.
    if (!m_fit && m_dataset->count() > 0)
        fit();
    if (m_dataset->count() == 0)
        m_summary->setText(tr("No imported data set in this workspace: import usage (Ctrl+I) to "
                              "fit the gaps of real users."));
}

void CapacityFitPanel::refreshScenarioCurve() {
    // The mixture as the reader gives it (no gaps: the defaults); a scenario that does not
    // read keeps the last curve, and the Problems list says why.
    const core::ReadResult read = core::readScenario(m_document->activeScenario());
    if (!read.ok())
        return;
    const auto& capacity = read.scenario.capacity;
    m_scenario->replace(cdfCurve(
        capacity && !capacity->gaps.empty() ? capacity->gaps : core::defaultGapComponents()));
}

void CapacityFitPanel::fit() {
    m_fitName = m_dataset->currentText();
    if (m_fitName.isEmpty())
        return;
    m_fit = core::fitDatasetGaps(m_document->workspace(), toStd(m_fitName));
    showFit();
}

void CapacityFitPanel::showFit() {
    const core::DatasetGapFit& r = *m_fit;
    m_useButton->setEnabled(r.fit.ok);
    QList<QPointF> empirical;
    std::uint64_t total = 0;
    for (std::uint64_t c : r.gapCounts)
        total += c;
    // The empirical CDF is known at the bins' upper edges (the next bin's lower edge).
    std::uint64_t below = 0;
    for (std::size_t i = 0; i + 1 < r.gapCounts.size(); ++i) {
        below += r.gapCounts[i];
        const double minutes = r.gapLowerEdgesS[i + 1] / 60;
        if (total > 0 && minutes >= kMinGapMin && minutes <= kMaxGapMin)
            empirical.append({minutes, static_cast<double>(below) / static_cast<double>(total)});
    }
    m_empirical->replace(empirical);
    m_empirical->setName(m_fitName);
    if (!r.fit.ok) {
        m_fitted->clear();
        m_summary->setText(toQ(r.fit.error));
        return;
    }
    m_fitted->replace(cdfCurve(r.fit.components));
    QStringList parts;
    for (const core::GapComponent& c : r.fit.components)
        parts << tr("%1 × median %2 min, sigma %3")
                     .arg(formatValue(c.weight, Unit::Share))
                     .arg(c.medianMinutes, 0, 'g', 3)
                     .arg(c.sigma, 0, 'f', 2);
    m_summary->setText(tr("%1 gaps, %2. Fit: %3. Kolmogorov-Smirnov distance %4%5.")
                           .arg(formatValue(static_cast<double>(r.fit.gaps), Unit::Count))
                           .arg(toQ(r.sourceNote))
                           .arg(parts.join(QStringLiteral("; ")))
                           .arg(r.fit.ksDistance, 0, 'f', 3)
                           .arg(r.fit.converged ? QString() : tr(" (EM did not converge)")));
}

bool CapacityFitPanel::useFit() {
    if (!m_fit || !m_fit->fit.ok)
        return false;
    return m_document->edit("capacity.gaps", m_fit->capacityGaps,
                            tr("Use the gaps fitted to %1").arg(m_fitName));
}

} // namespace tierlab::gui
