// SPDX-License-Identifier: MIT
// tierlab-cli report as a user runs it: each format of the golden case holds the figures
// computed by hand below; the sample tiers' report holds the numbers of eval --json; user
// text is escaped in HTML; an empty data set still renders; failures leave no file.
//
// Golden case (tests/fixtures/report/golden.json), by hand (docs/model.md, "Cost per token and
// per request" and "Breakeven utilization and full use"):
//   model m: list $10 / $30, serving $2 / $6 per Mtok in / out -> serving-cost ratio 0.2
//   tier Pro, $20/month; typical request 100,000 in + 10,000 out = $1.00 + $0.30 = $1.30
//   window 1,000 messages per 730 h = 1,000 a month -> V_full = 1,000 x $1.30 = $1,300
//   u* = 20 / (1,300 x 0.2) = 0.076923 -> "7.7%"
//   subscribers (requests, Mtok in, Mtok out): a (10, 1, 0.1), b (200, 20, 2), c (50, 5, 0.5)
//   cost: a 2 + 0.6 = 2.60, b 40 + 12 = 52.00, c 10 + 3 = 13.00 -> $67.60
//   revenue 3 x $20 = $60.00; margin 60 - 67.60 = -$7.60
//   utilization: a 13 / 1300 = 1%, b 260 / 1300 = 20% (> u*: loss), c 65 / 1300 = 5%
//   -> loss-making 1 of 3 = 33.3%
#include "clitestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using tierlab::test::cli;
using tierlab::test::run;
using tierlab::test::Run;

const QString kGolden = QStringLiteral(TIERLAB_SOURCE_DIR "/tests/fixtures/report/golden.json");
const QString kTiers = QStringLiteral(TIERLAB_SOURCE_DIR "/data/scenarios/example-tiers.json");

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString& path, const QJsonObject& o) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(QJsonDocument(o).toJson());
}

QString readText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// Cells of one XLSX sheet: reference ("B4") -> number, or the shared string it points to.
QMap<QString, QString> xlsxCells(const QString& xlsx, int sheet) {
    const QString xml =
        run("unzip", {"-p", xlsx, QStringLiteral("xl/worksheets/sheet%1.xml").arg(sheet)}).out;
    const QString shared = run("unzip", {"-p", xlsx, "xl/sharedStrings.xml"}).out;
    QStringList strings;
    static const QRegularExpression si(R"(<si><t[^>]*>([^<]*)</t></si>)");
    for (auto m = si.globalMatch(shared); m.hasNext();)
        strings << m.next().captured(1);
    QMap<QString, QString> cells;
    static const QRegularExpression cell(R"re(<c r="([A-Z]+[0-9]+)"([^>]*)><v>([^<]*)</v></c>)re");
    for (auto m = cell.globalMatch(xml); m.hasNext();) {
        const auto c = m.next();
        const bool isString = c.captured(2).contains(QStringLiteral("t=\"s\""));
        cells[c.captured(1)] = isString ? strings.value(c.captured(3).toInt()) : c.captured(3);
    }
    return cells;
}

bool near(double a, double b, double rel = 1e-9) {
    return std::abs(a - b) <= rel * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

} // namespace

class TestCliReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString out(const QString& name) const { return m_dir.filePath(name); }

    QString report(const QString& scenario, const QString& name) {
        const QString path = out(name);
        const Run r = cli({"report", scenario, "--out", path, "--date", "2026-01-31"});
        if (r.exitCode != 0)
            qFatal("report failed: %s", qPrintable(r.err));
        return path;
    }

private Q_SLOTS:
    void help_namesFormats() {
        const Run r = cli({"report", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--out") && r.out.contains(".xlsx"), qPrintable(r.out));
    }

    void pdf_withoutQt_isAClearError() {
#ifdef TIERLAB_HAS_PDF
        QSKIP("this build has the PDF renderer");
#else
        const Run r = cli({"report", kGolden, "--out", out("noqt.pdf")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no PDF support"));
        QVERIFY(!QFileInfo::exists(out("noqt.pdf")));
#endif
    }

    void pdf_holdsHandCalculatedFigures_titleContentsAndPageNumbers() {
#ifndef TIERLAB_HAS_PDF
        QSKIP("built without Qt: no PDF renderer");
#endif
        const QString pdf = report(kGolden, "golden.pdf");
        const Run text = run("pdftotext", {"-layout", pdf, "-"});
        QCOMPARE(text.exitCode, 0);
        const QString t = text.out;
        for (const char* expected : {"Tier report",
                                     "Report golden case",
                                     "2026-01-31",
                                     "3 usage records",
                                     "Contents",
                                     "$20.00",
                                     "$60.00",
                                     "$67.60",
                                     "-$7.60",
                                     "33.3 %",
                                     "7.7 %",
                                     "$1,300.00",
                                     "Tier comparison",
                                     "Margin per subscriber against utilization",
                                     "Utilization distribution: Pro",
                                     "2025-06-30",
                                     "hand-made test price",
                                     "tiers[id=pro].price_usd_month",
                                     "USD/month",
                                     "price / (V_full x serving-cost ratio)",
                                     "page 2 of"})
            QVERIFY2(t.contains(QString::fromUtf8(expected)), expected);
        // Every page but the title page says "page N of M", with M the page count.
        const Run info = run("pdfinfo", {pdf});
        const QString pages = QRegularExpression(R"(Pages:\s+(\d+))").match(info.out).captured(1);
        QVERIFY(pages.toInt() >= 5);
        QVERIFY(t.contains(QStringLiteral("page %1 of %1").arg(pages)));
        // Vector charts: no images.
        const Run images = run("pdfimages", {"-list", pdf});
        QCOMPARE(images.out.count(QLatin1Char('\n')), 2); // the header lines only
    }

    void xlsx_storesNumbersWithFormats() {
        const QString xlsx = report(kGolden, "golden.xlsx");
        const QMap<QString, QString> title = xlsxCells(xlsx, 1);
        QCOMPARE(title.value("B3"), QString("Report golden case"));
        // Sheet 2 is the tiers table: title row, blank, header row 3, Pro on row 4.
        const QMap<QString, QString> c = xlsxCells(xlsx, 2);
        QCOMPARE(c.value("A4"), QString("Pro"));
        QCOMPARE(c.value("B4").toDouble(), 20.0);
        QCOMPARE(c.value("C4").toDouble(), 3.0);
        QVERIFY(near(c.value("D4").toDouble(), 60));
        QVERIFY(near(c.value("F4").toDouble(), 67.6));
        QVERIFY(near(c.value("G4").toDouble(), -7.6));
        QVERIFY(near(c.value("H4").toDouble(), 1.0 / 3));
        QVERIFY(near(c.value("I4").toDouble(), 20.0 / 260));
        QVERIFY(near(c.value("J4").toDouble(), 1300));
        QCOMPARE(c.value("A5"), QString("All tiers"));
        const QString styles = run("unzip", {"-p", xlsx, "xl/styles.xml"}).out;
        QVERIFY(styles.contains("formatCode=\"0.0%\""));
        QVERIFY(styles.contains("formatCode=\"$#,##0.00\"") ||
                styles.contains("formatCode=\"\\$#,##0.00\""));
    }

    void csv_isThePerTierTable() {
        const QStringList lines =
            readText(report(kGolden, "golden.csv")).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header, Pro, All tiers
        QVERIFY(lines[0].startsWith("Tier,Price (USD/month),Subscribers,Revenue (USD/month)"));
        const QStringList pro = lines[1].split(',');
        QCOMPARE(pro[0], QString("Pro"));
        QCOMPARE(pro[1].toDouble(), 20.0);
        QVERIFY(near(pro[5].toDouble(), 67.6));
        QVERIFY(near(pro[7].toDouble(), 1.0 / 3));
    }

    void reportsHoldTheNumbersOfEvalJson() {
        const Run eval = cli({"eval", kTiers, "--json"});
        QCOMPARE(eval.exitCode, 0);
        const QJsonArray tiers =
            QJsonDocument::fromJson(eval.out.toUtf8()).object()["tiers"].toArray();
        const QStringList lines =
            readText(report(kTiers, "tiers.csv")).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), tiers.size() + 2);
        const QMap<QString, QString> limits = xlsxCells(report(kTiers, "tiers.xlsx"), 3);
        for (int i = 0; i < tiers.size(); ++i) {
            const QJsonObject t = tiers[i].toObject();
            const QJsonObject p = t["population"].toObject();
            const QStringList row = lines[i + 1].split(',');
            QCOMPARE(row[0], t["name"].toString());
            QVERIFY(near(row[1].toDouble(), t["price_usd_month"].toDouble()));
            QVERIFY(near(row[2].toDouble(), p["subscribers"].toDouble()));
            QVERIFY(near(row[3].toDouble(), p["revenue_usd"].toDouble()));
            QVERIFY(near(row[4].toDouble(), p["extra_usage_revenue_usd"].toDouble()));
            QVERIFY(near(row[5].toDouble(), p["cost_usd"].toDouble()));
            QVERIFY(near(row[6].toDouble(), p["margin_usd"].toDouble()));
            QVERIFY(near(row[7].toDouble(), p["loss_making_share"].toDouble()));
            QVERIFY(near(row[8].toDouble(), t["breakeven_utilization"].toDouble()));
            QVERIFY(near(row[9].toDouble(), t["full_use_value_usd"].toDouble()));
        }
        // The limits sheet: every cap's hit share is eval's cap_hit_share.
        QList<double> capShares, sheetShares;
        for (const auto& t : tiers)
            for (const auto& s : t.toObject()["population"].toObject()["cap_hit_share"].toArray())
                capShares << s.toObject()["share"].toDouble();
        for (auto it = limits.begin(); it != limits.end(); ++it)
            if (it.key().startsWith('B') && it.value().contains("requests a month"))
                sheetShares << limits.value("D" + it.key().mid(1)).toDouble();
        QCOMPARE(sheetShares.size(), capShares.size());
        for (double s : capShares)
            QVERIFY(std::any_of(sheetShares.begin(), sheetShares.end(),
                                [s](double x) { return near(x, s); }));
    }

    // --simulate adds the capacity section: its users per pod is simulate's (same block, same
    // seed); a scenario without a capacity block is an error naming it.
    void simulate_addsCapacityOfSimulate() {
        const QString preset =
            QStringLiteral(TIERLAB_SOURCE_DIR "/data/scenarios/capacity-replication.json");
        const QStringList small = {"--set", "capacity.trials=10", "--set", "capacity.weeks=1"};
        const Run sim = cli(QStringList{"simulate", preset, "--json"} + small);
        QCOMPARE(sim.exitCode, 0);
        const int perPod =
            QJsonDocument::fromJson(sim.out.toUtf8()).object()["users_per_pod"].toInt();
        QVERIFY(perPod > 0);
        const QString html = m_dir.filePath("capacity.html");
        const Run rep = cli(QStringList{"report", preset, "--simulate", "--out", html} + small);
        QCOMPARE(rep.exitCode, 0);
        const QString text = readText(html);
        QVERIFY(text.contains("Capacity: users per pod and concurrency"));
        QVERIFY(text.contains(QStringLiteral("%1 users per pod").arg(perPod)));

        const Run none =
            cli({"report", kTiers, "--simulate", "--out", m_dir.filePath("none.html")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY(none.err.contains("capacity: no capacity block to simulate"));
        QVERIFY(!QFile::exists(m_dir.filePath("none.html")));
    }

    void html_isSelfContained_andEscapesUserText() {
        QJsonObject doc = readJson(kGolden);
        doc["name"] = "<script>alert(1)</script>";
        QJsonArray tiers = doc["tiers"].toArray();
        QJsonObject tier = tiers[0].toObject();
        tier["name"] = "Pro & \"Co\"";
        tiers[0] = tier;
        doc["tiers"] = tiers;
        writeJson(out("evil.json"), doc);
        const QString html = readText(report(out("evil.json"), "evil.html"));
        QVERIFY(!html.contains("<script>"));
        QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        QVERIFY(html.contains("Pro &amp; &quot;Co&quot;"));
        QVERIFY(html.contains("<svg"));
        QVERIFY(!html.contains(" src=") && !html.contains("href=\"http"));
        QVERIFY(html.contains("$67.60"));
#ifdef TIERLAB_HAS_PDF
        // The PDF of the same scenario renders the name as text.
        const QString pdf = report(out("evil.json"), "evil.pdf");
        QVERIFY(run("pdftotext", {pdf, "-"}).out.contains("<script>alert(1)</script>"));
#endif
    }

    void emptyDataset_stillRenders() {
        QJsonObject doc = readJson(kGolden);
        doc["usage"] = QJsonObject{{"records", QJsonArray{}}};
        writeJson(out("empty.json"), doc);
        for (const char* ext : {"pdf", "html", "xlsx", "csv"}) {
#ifndef TIERLAB_HAS_PDF
            if (QByteArray(ext) == "pdf")
                continue;
#endif
            const QString path = report(out("empty.json"), QStringLiteral("empty.%1").arg(ext));
            QVERIFY2(QFileInfo(path).size() > 0, ext);
        }
#ifdef TIERLAB_HAS_PDF
        const QString text = run("pdftotext", {"-layout", out("empty.pdf"), "-"}).out;
        QVERIFY(text.contains("7.7 %"));      // breakeven needs no usage
        QVERIFY(text.contains("$1,300.00")); // nor the full-use value
#endif
        const QString html = readText(out("empty.html"));
        QVERIFY(html.contains("7.7 %") && html.contains("$1,300.00"));
        const QStringList csv = readText(out("empty.csv")).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(csv.value(1).section(',', 0, 1), QString("Pro,20"));
    }

    void unknownExtension_isUsageError_listingFormats() {
        const Run r = cli({"report", kGolden, "--out", out("x.docx")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(".pdf, .html, .xlsx or .csv"));
        QVERIFY(!QFileInfo::exists(out("x.docx")));
    }

    void failedWrite_exitsOne_leavesNothing() {
        const QString missing = out("no-such-dir/r.html");
        const Run r = cli({"report", kGolden, "--out", missing});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.startsWith(missing));
        // An invalid scenario writes nothing either.
        QJsonObject doc = readJson(kGolden);
        doc["hours_per_month"] = -1;
        writeJson(out("bad.json"), doc);
        const Run bad = cli({"report", out("bad.json"), "--out", out("bad.pdf")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(!QFileInfo::exists(out("bad.pdf")));
        QCOMPARE(QDir(m_dir.path()).entryList({"*.tmp-*"}, QDir::Files).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
