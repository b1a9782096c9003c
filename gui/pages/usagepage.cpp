// SPDX-License-Identifier: MIT
#include "usagepage.h"

#include "charts/chartview.h"
#include "charts/heatmapwidget.h"
#include "dialogs/importdialog.h"
#include "document/workspacedocument.h"
#include "pages/usagesourceeditor.h"
#include "pages/usagetext.h"
#include "store/datasetstore.h"
#include "usage/aggregator.h"
#include "widgets/tablecells.h"

#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace tierlab::gui {

namespace {

// Columns of the data set table.
constexpr int kNameColumn = 0;
constexpr int kFormatColumn = 1;
constexpr int kSourceColumn = 2;
constexpr int kImportedAtColumn = 3;
constexpr int kRowsReadColumn = 4;
constexpr int kRowsSkippedColumn = 5;
constexpr int kRequestsColumn = 6;
constexpr int kSubscribersColumn = 7;
constexpr int kModelsColumn = 8;
constexpr int kInputTokensColumn = 9;
constexpr int kOutputTokensColumn = 10;
constexpr int kSpanColumn = 11;

// Translated by UsagePage::tr, whose context is the class's qualified name.
const char* const kHeaders[] = {QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Name"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Format"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Source file"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Imported at"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Rows read"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Skipped"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Requests"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Subscribers"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Models"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Input tokens"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Output tokens"),
                                QT_TRANSLATE_NOOP("tierlab::gui::UsagePage", "Time span")};
static_assert(std::size(kHeaders) == kSpanColumn + 1, "one header per column");

QTableWidgetItem* count(std::int64_t value) {
    QTableWidgetItem* item = readOnlyCell(formatValue(double(value), Unit::Count), true);
    item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(value));
    return item;
}

// A gap bin drawn at the geometric middle of its edges (seconds); bin 0 (under 10 ms) has a
// lower edge of 0, which a log axis cannot show.
double binMiddleS(int bin) {
    return std::sqrt(core::GapHistogram::lowerEdge(bin) * core::GapHistogram::lowerEdge(bin + 1));
}

} // namespace

UsagePage::UsagePage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {
    m_heading = new QLabel;
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setWordWrap(true);
    m_import = new QPushButton(tr("Import…"));
    m_import->setObjectName(QStringLiteral("importUsage"));
    m_import->setToolTip(tr("Import a usage file (CSV, .gz, JSON lines) as a new data set"));
    m_use = new QPushButton(tr("Use in scenario"));
    m_use->setObjectName(QStringLiteral("useInScenario"));
    m_use->setToolTip(tr("Price the selected data set in the active scenario"));
    connect(m_import, &QPushButton::clicked, this, &UsagePage::openImport);
    connect(m_use, &QPushButton::clicked, this, &UsagePage::useSelected);
    m_source = new UsageSourceEditor(document);

    createTable();

    m_details = new QPlainTextEdit;
    m_details->setObjectName(QStringLiteral("datasetDetails"));
    m_details->setReadOnly(true);
    m_details->setMinimumHeight(150);
    m_heatmap = new HeatmapWidget;
    m_heatmapTitle = new QLabel;

    createGapChart();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_import);
    buttons->addWidget(m_use);
    buttons->addStretch();
    auto* left = new QVBoxLayout;
    left->addWidget(m_heading);
    left->addLayout(buttons);
    left->addStretch();
    auto* top = new QHBoxLayout;
    top->addLayout(left, 1);
    top->addWidget(m_source, 1);

    auto* detailsBox = new QGroupBox(tr("Selected data set: assumptions and skipped rows"));
    auto* detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->addWidget(m_details);
    auto* heatBox = new QGroupBox(tr("Requests by hour of the week (UTC)"));
    auto* heatLayout = new QVBoxLayout(heatBox);
    heatLayout->addWidget(m_heatmapTitle);
    heatLayout->addWidget(m_heatmap, 1);
    auto* middle = new QHBoxLayout;
    middle->addWidget(detailsBox, 1);
    middle->addWidget(heatBox, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table);
    layout->addLayout(middle);
    layout->addWidget(m_gapChart, 1);

    connect(document, &WorkspaceDocument::datasetsChanged, this, &UsagePage::reloadDatasets);
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &UsagePage::updateUseButton);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& path) {
                if (path.startsWith(QLatin1String("usage")))
                    updateUseButton();
            });
    reloadDatasets();
}

void UsagePage::createTable() {
    QStringList headers;
    for (const char* h : kHeaders)
        headers << tr(h);
    m_table = resultTable(headers, QStringLiteral("datasetTable"));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &UsagePage::showSelected);
}

void UsagePage::createGapChart() {
    m_gapChart = new ChartView(tr("Gaps between a subscriber's consecutive requests"));
    m_gaps = new QLineSeries;
    m_gaps->setName(tr("Gaps (10 bins a decade)"));
    m_gaps->setPointsVisible(true);
    ChartView::setUnits(m_gaps, Unit::Seconds, Unit::Count);
    m_gapChart->chart()->addSeries(m_gaps);
    m_gapAxis = new QLogValueAxis;
    m_gapAxis->setBase(10);
    m_gapAxis->setLabelFormat(QStringLiteral("%.10g"));
    m_gapAxis->setTitleText(tr("gap (s, log scale)"));
    m_gapAxis->setMinorTickCount(-1);
    m_countAxis = new QValueAxis;
    m_countAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_countAxis->setTitleText(tr("gaps"));
    m_gapChart->chart()->addAxis(m_gapAxis, Qt::AlignBottom);
    m_gapChart->chart()->addAxis(m_countAxis, Qt::AlignLeft);
    m_gaps->attachAxis(m_gapAxis);
    m_gaps->attachAxis(m_countAxis);
    m_gapChart->chart()->legend()->hide();
    m_gapChart->setMinimumHeight(250);
    m_gapChart->seriesChanged();
}

QString UsagePage::selectedDataset() const {
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    return selected.isEmpty() ? QString()
                              : m_table->item(selected.first()->row(), kNameColumn)->text();
}

void UsagePage::selectDataset(const QString& name) {
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, kNameColumn)->text() == name)
            m_table->selectRow(r);
}

void UsagePage::reloadDatasets() {
    const QString previous = selectedDataset();
    m_datasets = document()->datasets();
    m_heading->setText(
        m_datasets.empty()
            ? tr("<b>No data sets yet.</b> Import a usage export (CSV, .gz or JSON lines) to "
                 "price real traffic; the import keeps what the model needs.")
            : tr("<b>%1 in this workspace.</b> Select one to see what its import assumed and "
                 "how its requests spread over the week.")
                  .arg(m_datasets.size() == 1 ? tr("One data set")
                                              : tr("%1 data sets").arg(m_datasets.size())));
    fillTable();
    if (!previous.isEmpty())
        selectDataset(previous);
    if (selectedDataset().isEmpty() && m_table->rowCount() > 0)
        m_table->selectRow(m_table->rowCount() - 1); // the newest import
    showSelected();
}

void UsagePage::fillTable() {
    const QSignalBlocker block(m_table);
    m_table->clearContents();
    m_table->setRowCount(static_cast<int>(m_datasets.size()));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const core::DatasetSummary& d = m_datasets[static_cast<std::size_t>(r)];
        m_table->setItem(r, kNameColumn, readOnlyCell(toQ(d.name)));
        m_table->setItem(r, kFormatColumn, readOnlyCell(toQ(d.format)));
        QTableWidgetItem* source = readOnlyCell(QFileInfo(toQ(d.sourceFile)).fileName());
        source->setToolTip(toQ(d.sourceFile));
        m_table->setItem(r, kSourceColumn, source);
        // "2026-11-22T14:24:24Z" to the minute; the exact time on hover.
        QTableWidgetItem* imported =
            readOnlyCell(toQ(d.importedAt).left(16).replace(QLatin1Char('T'), QLatin1Char(' ')));
        imported->setToolTip(toQ(d.importedAt));
        m_table->setItem(r, kImportedAtColumn, imported);
        m_table->setItem(r, kRowsReadColumn, count(d.rowsRead));
        m_table->setItem(r, kRowsSkippedColumn, count(d.rowsSkipped));
        m_table->setItem(r, kRequestsColumn, count(d.requests));
        m_table->setItem(r, kSubscribersColumn, count(d.subscribers));
        m_table->setItem(r, kModelsColumn, count(d.models));
        m_table->setItem(r, kInputTokensColumn, count(d.inputTokens));
        m_table->setItem(r, kOutputTokensColumn, count(d.outputTokens));
        QTableWidgetItem* span = readOnlyCell(usageSpanShortText(d));
        span->setToolTip(usageSpanText(d));
        m_table->setItem(r, kSpanColumn, span);
    }
    fitTableHeight();
}

void UsagePage::fitTableHeight() {
    // As tall as its rows, within limits: the charts below matter more than empty rows.
    constexpr int kMinRows = 2, kMaxRows = 6;
    const int rows = std::clamp(m_table->rowCount(), kMinRows, kMaxRows);
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int height = m_table->horizontalHeader()->sizeHint().height() + rows * rowHeight +
                       2 * m_table->frameWidth() +
                       m_table->horizontalScrollBar()->sizeHint().height();
    m_table->setFixedHeight(height);
}

void UsagePage::showSelected() {
    const QString name = selectedDataset();
    const auto it =
        std::find_if(m_datasets.begin(), m_datasets.end(),
                     [&](const core::DatasetSummary& d) { return toQ(d.name) == name; });
    updateUseButton();
    if (it == m_datasets.end()) {
        m_details->setPlainText(tr("No data set selected."));
        m_heatmap->setCounts({});
        m_heatmapTitle->hide();
        m_gaps->clear();
        return;
    }
    showDetails(*it);
    showProfiles(*it);
}

void UsagePage::updateUseButton() {
    // Enabled when the selected data set is not what the active scenario prices already.
    const QString name = selectedDataset();
    const auto usage = document()->activeValue("usage");
    const bool priced = usage && UsageSourceEditor::usageForDataset(usage, toStd(name)) == *usage;
    m_use->setEnabled(!name.isEmpty() && !document()->activeScenarioName().isEmpty() && !priced);
    m_use->setToolTip(priced ? tr("The active scenario prices this data set already")
                             : tr("Price the selected data set in the active scenario"));
}

void UsagePage::showDetails(const core::DatasetSummary& d) {
    QStringList lines;
    lines << tr("%1: %2.").arg(toQ(d.name), usageSummaryText(d));
    lines << tr("Tokens: input %1, output %2, cache read %3, cache write %4.")
                 .arg(formatValue(double(d.inputTokens), Unit::Count),
                      formatValue(double(d.outputTokens), Unit::Count),
                      formatValue(double(d.cacheReadTokens), Unit::Count),
                      formatValue(double(d.cacheWriteTokens), Unit::Count));
    lines << tr("Time span: %1.").arg(usageSpanText(d)) << QString();
    lines << (d.assumptions.empty() ? tr("Assumed: nothing beyond the file's columns.")
                                    : tr("Assumed:"));
    for (const std::string& a : d.assumptions)
        lines << QStringLiteral("  • ") + toQ(a);
    lines << QString();
    if (d.skippedExamples.empty())
        lines << tr("No rows skipped.");
    else
        lines << tr("Skipped rows (%1; the first %2):")
                     .arg(formatValue(double(d.rowsSkipped), Unit::Count))
                     .arg(d.skippedExamples.size());
    for (const std::string& s : d.skippedExamples)
        lines << QStringLiteral("  ") + toQ(s);
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

void UsagePage::showProfiles(const core::DatasetSummary& d) {
    core::DatasetProfiles profiles;
    QString note =
        d.relativeTime ? tr("Times count from the trace start, taken as Monday 00:00.") : QString();
    try {
        profiles = core::readDatasetProfiles(document()->workspace().db(), d.id);
    } catch (const std::exception& e) {
        note = tr("Cannot read the profiles: %1").arg(toQ(e.what()));
    }
    m_heatmap->setCounts(profiles.hourOfWeek);
    m_heatmapTitle->setText(note);
    m_heatmapTitle->setVisible(!note.isEmpty());

    QList<QPointF> points;
    std::uint64_t top = 0, under = 0;
    const int bins = static_cast<int>(profiles.gapCounts.size());
    for (int b = 0; b < bins; ++b) {
        const std::uint64_t n = profiles.gapCounts[static_cast<std::size_t>(b)];
        if (b == 0) {
            under = n;
            continue;
        }
        top = std::max(top, n);
        points << QPointF(binMiddleS(b), double(n));
    }
    // Only the bins from the first to the last gap seen: 91 bins span 10 ms to 116 days.
    while (!points.isEmpty() && points.first().y() == 0)
        points.removeFirst();
    while (!points.isEmpty() && points.last().y() == 0)
        points.removeLast();
    m_gaps->replace(points);
    QString title = tr("Gaps between a subscriber's consecutive requests");
    if (points.isEmpty())
        title += tr(" — none (per-day rows, or one request per subscriber)");
    else if (under > 0)
        title += tr(" (%1 under 10 ms not drawn)").arg(formatValue(double(under), Unit::Count));
    m_gapChart->chart()->setTitle(title);
    if (!points.isEmpty()) {
        m_gapAxis->setRange(points.first().x() / 1.5, points.last().x() * 1.5);
        m_countAxis->setRange(0, double(top) * 1.1);
        m_countAxis->applyNiceNumbers();
    }
}

void UsagePage::openImport() {
    ImportDialog dialog(document(), QString(), this);
    if (dialog.exec() == QDialog::Accepted) {
        document()->notifyDatasetsChanged();
        if (dialog.imported())
            selectDataset(toQ(dialog.imported()->name));
    }
}

void UsagePage::useSelected() {
    const QString name = selectedDataset();
    if (!name.isEmpty())
        m_source->useDataset(name);
}

void UsagePage::showResults(const EvalSnapshot& snapshot) {
    m_source->showPriced(snapshot);
}

} // namespace tierlab::gui
