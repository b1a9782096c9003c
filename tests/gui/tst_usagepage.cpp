// SPDX-License-Identifier: MIT
// The import dialog and the Usage page, on the usage fixtures of tests/fixtures/usage
// (provenance in its README.md). Expected values come from the fixture files themselves, read
// here with Qt's own CSV splitting and date parsing, never from TierLab's readers; the
// preview is checked against the import it precedes.
#include "app/convert.h"
#include "charts/heatmapwidget.h"
#include "dialogs/importdialog.h"
#include "dialogs/importmappingeditor.h"
#include "dialogs/importpreviewtable.h"
#include "guitestutil.h"
#include "pages/usagepage.h"
#include "pages/usagesourceeditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>
#include <QtCharts/QLineSeries>

#include <map>
#include <numeric>
#include <set>

using namespace tierlab;
using gui::ImportDialog;
using gui::toQ;

namespace {

constexpr int kImportTimeoutMs = 120000;
constexpr qint64 kMinDrawnGapMs = 10; // core::GapHistogram::kMinSeconds: bin 0 is not drawn

QString fixture(const QString& name) {
    return QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/usage/") + name;
}

// The data rows of a plain CSV fixture without quoted fields: header dropped, blank lines
// and CR skipped, split at commas.
QList<QStringList> csvRows(const QString& name) {
    QFile file(fixture(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    QList<QStringList> rows;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (!line.isEmpty())
            rows << line.split(QLatin1Char(','));
    }
    return rows;
}

// Index of a column in a fixture's header.
int columnOf(const QString& name, const QString& column) {
    QFile file(fixture(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
    const int at = static_cast<int>(header.indexOf(column));
    if (at < 0)
        qFatal("no column %s in %s", qPrintable(column), qPrintable(name));
    return at;
}

// Runs the dialog's import and waits for it; true when it stored a data set.
bool runImport(ImportDialog& dialog) {
    QSignalSpy finished(&dialog, &ImportDialog::importFinished);
    if (!dialog.startImport())
        return false;
    if (!finished.wait(kImportTimeoutMs))
        qFatal("the import did not finish");
    return finished.first().first().toBool();
}

bool hasDataset(gui::WorkspaceDocument& doc, const QString& name) {
    return doc.workspace().dataset(name.toStdString()).has_value();
}

QString cellText(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

void chooseColumn(ImportDialog& dialog, const char* role, const QString& column) {
    QComboBox* combo = dialog.mappingEditor()->roleCombo(QLatin1String(role));
    QVERIFY(combo);
    const int index = combo->findData(column);
    QVERIFY2(index >= 0, qPrintable(column));
    combo->setCurrentIndex(index);
}

// Imports a fixture through the dialog into `doc`; the data set's summary.
core::DatasetSummary importFixture(gui::WorkspaceDocument& doc, const QString& name) {
    ImportDialog dialog(&doc, fixture(name));
    if (!runImport(dialog) || !dialog.imported())
        qFatal("import of %s failed: %s", qPrintable(name), qPrintable(dialog.errorText()));
    doc.notifyDatasetsChanged();
    return *dialog.imported();
}

} // namespace

class Test_usagepage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void detection_picksFormatOfHeader_data();
    void detection_picksFormatOfHeader();
    void preview_equalsFixtureFirstRows_data();
    void preview_equalsFixtureFirstRows();
    void previewTotals_equalImportedTotals_data();
    void previewTotals_equalImportedTotals();
    void import_addsDatasetWithFixtureRowCount();
    void cancel_leavesNoDataset();
    void closeDuringImport_cancelsAndLeavesNoDataset();
    void badMapping_showsErrorNamingColumn();
    void takenName_isReportedAndRenameImports();
    void page_listsDatasetWithFixtureHeatmapAndGaps();
    void useInScenario_undoRedoRestoreUsage();
    void useInScenario_keepsPricingKeysOfPreviousDataset();
    void sourceEditor_switchesToDatasetAndBackToSynthetic();
};

void Test_usagepage::detection_picksFormatOfHeader_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format"); // tests/fixtures/usage/README.md; "" for none
    QTest::newRow("canonical") << "canonical_small.csv"
                               << "canonical";
    QTest::newRow("canonical gzip") << "canonical_small.csv.gz"
                                    << "canonical";
    QTest::newRow("azure 2023") << "azure2023_AzureLLMInferenceTrace_code.csv"
                                << "azure";
    QTest::newRow("burstgpt v2") << "burstgpt_v2.csv"
                                 << "burstgpt-v2";
    QTest::newRow("openrouter") << "openrouter_b.csv"
                                << "openrouter";
    QTest::newRow("mooncake") << "mooncake_fast25_synthetic_trace.jsonl"
                              << "mooncake";
    QTest::newRow("servegen, no header") << "servegen_m-large_chunk-0-trace.csv"
                                         << "servegen";
    QTest::newRow("unknown header") << "generic_mapped.csv"
                                    << "";
}

void Test_usagepage::detection_picksFormatOfHeader() {
    QFETCH(QString, file);
    QFETCH(QString, format);
    test::GuiFixture f;
    ImportDialog dialog(f.document.get(), fixture(file));
    QCOMPARE(dialog.detectedFormat(), format);
    // An unknown header opens the column mapping, built from that header.
    QCOMPARE(dialog.selectedFormat(), format.isEmpty() ? QStringLiteral("mapped") : format);
    if (format.isEmpty()) {
        QComboBox* combo = dialog.mappingEditor()->roleCombo(QStringLiteral("user_id"));
        QVERIFY(combo->findData(QStringLiteral("customer")) > 0);
    } else {
        const QString shown = dialog.findChild<QLabel*>(QStringLiteral("detectedLabel"))->text();
        QVERIFY2(shown.contains(QStringLiteral("(%1)").arg(format)), qPrintable(shown));
    }
}

void Test_usagepage::preview_equalsFixtureFirstRows_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("plain"); // the same rows uncompressed
    QTest::newRow("canonical") << "canonical_small.csv"
                               << "canonical_small.csv";
    QTest::newRow("canonical gzip") << "canonical_small.csv.gz"
                                    << "canonical_small.csv";
    QTest::newRow("canonical 500 rows") << "canonical.csv"
                                        << "canonical.csv";
}

void Test_usagepage::preview_equalsFixtureFirstRows() {
    QFETCH(QString, file);
    QFETCH(QString, plain);
    test::GuiFixture f;
    ImportDialog dialog(f.document.get(), fixture(file));
    const QList<QStringList> rows = csvRows(plain);
    const core::UsagePreview& preview = dialog.preview();
    QVERIFY2(preview.ok, preview.error.c_str());
    QCOMPARE(preview.compressed, file.endsWith(QLatin1String(".gz")));
    // The dialog shows about 20 rows: all of a small file, the first ones of a larger one.
    QVERIFY(!preview.rows.empty());
    QCOMPARE(qsizetype(preview.rows.size()), std::min<qsizetype>(rows.size(), 20));
    const gui::ImportPreviewTable* table = dialog.previewTable();
    QCOMPARE(qsizetype(table->rowCount()), qsizetype(preview.rows.size()));
    const int ts = columnOf(plain, QStringLiteral("timestamp"));
    const int user = columnOf(plain, QStringLiteral("user_id"));
    const int tier = columnOf(plain, QStringLiteral("tier"));
    const int model = columnOf(plain, QStringLiteral("model"));
    const int channel = columnOf(plain, QStringLiteral("channel"));
    const int input = columnOf(plain, QStringLiteral("input_tokens"));
    const int output = columnOf(plain, QStringLiteral("output_tokens"));
    const int cacheRead = columnOf(plain, QStringLiteral("cache_read_tokens"));
    using T = gui::ImportPreviewTable;
    for (int r = 0; r < table->rowCount(); ++r) {
        const QStringList& want = rows[r];
        const core::PreviewRow& got = preview.rows[std::size_t(r)];
        QVERIFY2(got.ok, got.error.c_str());
        QCOMPARE(got.line, std::uint64_t(r + 2)); // line 1 is the header
        QCOMPARE(cellText(table, r, T::kTimeColumn), want[ts]);
        QCOMPARE(cellText(table, r, T::kSubscriberColumn), want[user]);
        QCOMPARE(cellText(table, r, T::kTierColumn), want[tier]);
        QCOMPARE(cellText(table, r, T::kModelColumn), want[model]);
        QCOMPARE(cellText(table, r, T::kChannelColumn), want[channel]);
        QCOMPARE(got.input, want[input].toULongLong());
        QCOMPARE(got.output, want[output].toULongLong());
        QCOMPARE(got.cacheRead, want[cacheRead].toULongLong());
        QCOMPARE(table->item(r, T::kInputColumn)->data(Qt::UserRole).toULongLong(),
                 want[input].toULongLong());
    }
}

void Test_usagepage::previewTotals_equalImportedTotals_data() {
    // Files of fewer than 20 records: the preview shows every one, so its sums must be the
    // import's, bad rows included (these differ by format: each reads its own columns).
    QTest::addColumn<QString>("file");
    for (const char* name :
         {"canonical_small.csv", "canonical_small.csv.gz", "tierlab_daily.csv", "burstgpt_v1.csv",
          "burstgpt_v2.csv", "openrouter_a.csv", "anthropic_console.csv",
          "anthropic_console_old.csv", "openai_legacy.csv", "openai_api.csv", "litellm_spend.csv",
          "azure2024_sample.csv", "quoted_multiline_last.csv", "bad_fieldcount.csv",
          "bad_negative.csv", "bad_time.csv", "bad_quotes.csv", "bad_mooncake.jsonl"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void Test_usagepage::previewTotals_equalImportedTotals() {
    QFETCH(QString, file);
    test::GuiFixture f;
    ImportDialog dialog(f.document.get(), fixture(file));
    QVERIFY2(dialog.preview().ok, dialog.preview().error.c_str());
    const core::UsagePreview preview = dialog.preview();
    QVERIFY2(runImport(dialog), qPrintable(dialog.errorText()));
    const core::DatasetSummary d = *dialog.imported();
    std::int64_t bad = 0, good = 0, requests = 0, input = 0, output = 0, read = 0, write = 0;
    std::vector<std::string> reasons;
    for (const core::PreviewRow& r : preview.rows) {
        if (!r.ok) {
            ++bad;
            reasons.push_back(r.error);
            continue;
        }
        ++good;
        requests += std::int64_t(r.requests);
        input += std::int64_t(r.input);
        output += std::int64_t(r.output);
        read += std::int64_t(r.cacheRead);
        write += std::int64_t(r.cacheWrite);
    }
    QCOMPARE(toQ(d.format), toQ(preview.formatId));
    QCOMPARE(d.rowsRead, good + bad);
    QCOMPARE(d.rowsSkipped, bad);
    QCOMPARE(d.requests, requests);
    QCOMPARE(d.inputTokens, input);
    QCOMPARE(d.outputTokens, output);
    QCOMPARE(d.cacheReadTokens, read);
    QCOMPARE(d.cacheWriteTokens, write);
    QCOMPARE(d.skippedExamples, reasons); // the same "file:line: reason" texts
}

void Test_usagepage::import_addsDatasetWithFixtureRowCount() {
    const QString file = QStringLiteral("canonical.csv");
    test::GuiFixture f;
    ImportDialog dialog(f.document.get(), fixture(file));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString name = dialog.nameEdit()->text();
    QCOMPARE(name, QStringLiteral("canonical")); // core::defaultDatasetName: no extension
    QVERIFY(!hasDataset(*f.document, name));
    QVERIFY(runImport(dialog));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const qsizetype rows = csvRows(file).size(); // one request a row
    QCOMPARE(qsizetype(dialog.imported()->requests), rows);
    QCOMPARE(qsizetype(f.document->workspace().dataset(name.toStdString())->requests), rows);
    // The summary is shown to the user without blocking the main window.
    QMessageBox* box = nullptr;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->objectName() == QLatin1String("importSummary"))
            box = qobject_cast<QMessageBox*>(w);
    QVERIFY(box);
    QVERIFY2(box->text().contains(gui::formatValue(double(rows), gui::Unit::Count)),
             qPrintable(box->text()));
    box->close();
}

void Test_usagepage::cancel_leavesNoDataset() {
    test::GuiFixture f;
    const std::size_t before = f.document->datasets().size();
    ImportDialog dialog(f.document.get(),
                        fixture(QStringLiteral("azure2023_AzureLLMInferenceTrace_conv.csv")));
    QSignalSpy finished(&dialog, &ImportDialog::importFinished);
    QVERIFY(dialog.startImport());
    QVERIFY(dialog.isImporting());
    dialog.findChild<QPushButton*>(QStringLiteral("cancelButton"))->click();
    QVERIFY(finished.wait(kImportTimeoutMs));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.isImporting());
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(!dialog.imported());
    QCOMPARE(f.document->datasets().size(), before);
    QVERIFY(!hasDataset(*f.document, dialog.nameEdit()->text()));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("statusLabel"))
                ->text()
                .contains(QLatin1String("cancelled")));
    // The dialog stays usable: the same file imports afterwards.
    QVERIFY(runImport(dialog));
    QVERIFY(hasDataset(*f.document, dialog.nameEdit()->text()));
}

void Test_usagepage::closeDuringImport_cancelsAndLeavesNoDataset() {
    test::GuiFixture f;
    const std::size_t before = f.document->datasets().size();
    ImportDialog dialog(f.document.get(),
                        fixture(QStringLiteral("azure2023_AzureLLMInferenceTrace_conv.csv")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.startImport());
    dialog.close(); // returns once the import has stopped
    QVERIFY(!dialog.isImporting());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(f.document->datasets().size(), before);
}

void Test_usagepage::badMapping_showsErrorNamingColumn() {
    const QString file = QStringLiteral("generic_mapped.csv");
    test::GuiFixture f;
    ImportDialog dialog(f.document.get(), fixture(file));
    QCOMPARE(dialog.selectedFormat(), QStringLiteral("mapped"));
    // The mapping of tests/fixtures/usage/README.md reads every row.
    chooseColumn(dialog, "timestamp", QStringLiteral("ts"));
    chooseColumn(dialog, "user_id", QStringLiteral("customer"));
    chooseColumn(dialog, "input_tokens", QStringLiteral("prompt"));
    chooseColumn(dialog, "output_tokens", QStringLiteral("completion"));
    QCOMPARE(dialog.options().map, std::string("timestamp=ts,user_id=customer,input_tokens=prompt,"
                                               "output_tokens=completion"));
    const QList<QStringList> rows = csvRows(file);
    QVERIFY(dialog.preview().ok);
    QCOMPARE(qsizetype(dialog.preview().rows.size()), rows.size());
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const core::PreviewRow& got = dialog.preview().rows[std::size_t(r)];
        QVERIFY2(got.ok, got.error.c_str());
        QCOMPARE(toQ(got.user), rows[r][columnOf(file, QStringLiteral("customer"))]);
        QCOMPARE(got.input, rows[r][columnOf(file, QStringLiteral("prompt"))].toULongLong());
    }
    // Input tokens read from a text column: every row is bad, and says which column.
    const QString region = QStringLiteral("region");
    chooseColumn(dialog, "input_tokens", region);
    QCOMPARE(qsizetype(dialog.preview().rows.size()), rows.size());
    for (const core::PreviewRow& r : dialog.preview().rows) {
        QVERIFY(!r.ok);
        QVERIFY2(toQ(r.error).contains(region), r.error.c_str());
    }
    QVERIFY(
        cellText(dialog.previewTable(), 0, gui::ImportPreviewTable::kTimeColumn).contains(region));
    QVERIFY(!runImport(dialog));
    QVERIFY2(dialog.errorText().contains(region), qPrintable(dialog.errorText()));
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(!hasDataset(*f.document, dialog.nameEdit()->text()));
}

void Test_usagepage::takenName_isReportedAndRenameImports() {
    const QString file = QStringLiteral("canonical_small.csv");
    test::GuiFixture f;
    const core::DatasetSummary first = importFixture(*f.document, file);
    ImportDialog dialog(f.document.get(), fixture(file));
    QCOMPARE(dialog.nameEdit()->text(), toQ(first.name));
    QVERIFY(!runImport(dialog));
    QVERIFY2(dialog.errorText().contains(toQ(first.name)), qPrintable(dialog.errorText()));
    QVERIFY(dialog.result() != QDialog::Accepted);
    const QString renamed = toQ(first.name) + QStringLiteral("-again");
    dialog.nameEdit()->setText(renamed);
    QVERIFY2(runImport(dialog), qPrintable(dialog.errorText()));
    QVERIFY(hasDataset(*f.document, renamed));
    QCOMPARE(f.document->workspace().dataset(renamed.toStdString())->requests, first.requests);
}

void Test_usagepage::page_listsDatasetWithFixtureHeatmapAndGaps() {
    const QString file = QStringLiteral("canonical.csv");
    test::GuiFixture f;
    gui::UsagePage page(f.document.get(), f.evaluator.get());
    QCOMPARE(page.datasetTable()->rowCount(), 0);
    const core::DatasetSummary d = importFixture(*f.document, file);
    QCOMPARE(page.datasetTable()->rowCount(), 1); // refreshed by datasetsChanged
    QCOMPARE(cellText(page.datasetTable(), 0, 0), toQ(d.name));
    page.selectDataset(toQ(d.name));
    QCOMPARE(page.selectedDataset(), toQ(d.name));

    // Requests by hour of the week, Monday 00:00 UTC first, counted from the file's times.
    const QList<QStringList> rows = csvRows(file);
    const int ts = columnOf(file, QStringLiteral("timestamp"));
    const int user = columnOf(file, QStringLiteral("user_id"));
    std::vector<std::uint64_t> expected(7 * 24, 0);
    std::map<QString, std::vector<qint64>> times;
    for (const QStringList& r : rows) {
        const QDateTime t = QDateTime::fromString(r[ts], Qt::ISODate).toUTC();
        QVERIFY(t.isValid());
        ++expected[std::size_t((t.date().dayOfWeek() - 1) * 24 + t.time().hour())];
        times[r[user]].push_back(t.toMSecsSinceEpoch());
    }
    const std::vector<std::uint64_t>& counts = page.heatmap()->counts();
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), std::uint64_t(0)),
             std::uint64_t(d.requests));
    QCOMPARE(qsizetype(d.requests), rows.size());
    QCOMPARE(counts, expected);

    // The gap chart draws every gap between a subscriber's consecutive requests from 10 ms.
    std::uint64_t gaps = 0;
    for (auto& [who, ms] : times) {
        std::sort(ms.begin(), ms.end());
        for (std::size_t i = 1; i < ms.size(); ++i)
            gaps += ms[i] - ms[i - 1] >= kMinDrawnGapMs ? 1 : 0;
    }
    double drawn = 0;
    for (const QPointF& p : page.gapSeries()->points())
        drawn += p.y();
    QCOMPARE(std::uint64_t(drawn), gaps);
    QVERIFY(gaps > 0);
}

void Test_usagepage::useInScenario_undoRedoRestoreUsage() {
    test::GuiFixture f;
    gui::UsagePage page(f.document.get(), f.evaluator.get());
    const core::DatasetSummary d =
        importFixture(*f.document, QStringLiteral("canonical_small.csv"));
    page.selectDataset(toQ(d.name));
    const std::optional<core::Json> before = f.document->activeValue("usage");
    const core::Json after = {{"dataset", d.name}};
    QVERIFY(before && *before != after);
    QVERIFY(page.useButton()->isEnabled());
    page.useButton()->click();
    QCOMPARE(f.document->activeValue("usage"), std::optional(after));
    QVERIFY(!page.useButton()->isEnabled()); // priced already
    f.document->undoStack()->undo();
    QCOMPARE(f.document->activeValue("usage"), before);
    QVERIFY(page.useButton()->isEnabled());
    f.document->undoStack()->redo();
    QCOMPARE(f.document->activeValue("usage"), std::optional(after));
    // The source editor follows the scenario.
    QCOMPARE(page.sourceEditor()->sourceCombo()->currentData().toString(),
             QStringLiteral("dataset:") + toQ(d.name));
}

void Test_usagepage::useInScenario_keepsPricingKeysOfPreviousDataset() {
    test::GuiFixture f;
    gui::UsagePage page(f.document.get(), f.evaluator.get());
    const core::DatasetSummary d =
        importFixture(*f.document, QStringLiteral("canonical_small.csv"));
    const core::Json previous = {{"dataset", "older"},
                                 {"tier_map", {{"free", nullptr}}},
                                 {"model_map", {{"(trace)", "sonnet"}}},
                                 {"default_tier", "pro"},
                                 {"scale_to_month", true}};
    QVERIFY(f.document->edit("usage", previous));
    page.selectDataset(toQ(d.name));
    page.useButton()->click();
    core::Json expected = previous;
    expected["dataset"] = d.name;
    QCOMPARE(f.document->activeValue("usage"), std::optional(expected));
    QVERIFY(page.sourceEditor()->scaleBox()->isChecked());
    QCOMPARE(page.sourceEditor()->defaultTierCombo()->currentData().toString(),
             QStringLiteral("pro"));
    f.document->undoStack()->undo();
    QCOMPARE(f.document->activeValue("usage"), std::optional(previous));
}

void Test_usagepage::sourceEditor_switchesToDatasetAndBackToSynthetic() {
    test::GuiFixture f;
    gui::UsagePage page(f.document.get(), f.evaluator.get());
    const core::DatasetSummary d =
        importFixture(*f.document, QStringLiteral("canonical_small.csv"));
    const std::optional<core::Json> synthetic = f.document->activeValue("usage");
    QVERIFY(synthetic && synthetic->contains("synthetic"));
    QComboBox* source = page.sourceEditor()->sourceCombo();
    QCOMPARE(source->currentData().toString(), QStringLiteral("synthetic"));
    const auto choose = [source](const QString& data) {
        const int index = source->findData(data);
        QVERIFY2(index >= 0, qPrintable(data));
        source->setCurrentIndex(index);
        Q_EMIT source->activated(index);
    };
    choose(QStringLiteral("dataset:") + toQ(d.name));
    QCOMPARE(f.document->activeValue("usage"), std::optional(core::Json{{"dataset", d.name}}));
    // Scaling is an edit of the data set's usage block.
    page.sourceEditor()->scaleBox()->click();
    QCOMPARE(f.document->activeValue("usage.scale_to_month"), std::optional(core::Json(true)));
    choose(QStringLiteral("synthetic"));
    QCOMPARE(f.document->activeValue("usage"), synthetic);
    choose(QStringLiteral("none"));
    QVERIFY(!f.document->activeValue("usage"));
    f.document->undoStack()->undo();
    QCOMPARE(f.document->activeValue("usage"), synthetic);
}

QTEST_MAIN(Test_usagepage)
#include "tst_usagepage.moc"
