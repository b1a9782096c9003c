// SPDX-License-Identifier: MIT
// The workspace document and its undo commands: every command's do -> undo -> redo restores
// the model state, saving writes every input and reopening reads it back, and a
// file that cannot be used is left untouched.
#include "commands/scenariocommands.h"
#include "guitestutil.h"
#include "scenario/reader.h"
#include "store/workspace.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>

#include <cmath>

using namespace tierlab;
using gui::WorkspaceDocument;

namespace {

std::string dump(const WorkspaceDocument& doc, const QString& name) {
    return doc.scenario(name).dump();
}

// A value inside the field's valid range that differs from `v`.
double nudged(double v, const core::Range& range) {
    const double step = range.integer ? 1 : std::max(std::abs(v) * 0.01, 0.001);
    for (double candidate : {v + step, v - step, v + step / 2, v - step / 2})
        if (range.contains(candidate) && (!range.integer || candidate == std::floor(candidate)))
            return candidate;
    return v;
}

} // namespace

class TestDocument : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::initGuiTest(); }

    void setValue_doUndoRedo_restoresDocument() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QString name = doc->activeScenarioName();
        const std::string before = dump(*doc, name);
        QVERIFY(doc->edit("tiers[id=pro].price_usd_month", 25));
        const std::string after = dump(*doc, name);
        QCOMPARE(doc->activeNumber("tiers[0].price_usd_month").value(), 25.0);
        doc->undoStack()->undo();
        QCOMPARE(dump(*doc, name), before);
        doc->undoStack()->redo();
        QCOMPARE(dump(*doc, name), after);
    }

    void setValue_newKey_undoRemovesIt() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QString name = doc->activeScenarioName();
        const std::string before = dump(*doc, name);
        QVERIFY(doc->edit("tiers[0].note", "added"));
        QVERIFY(doc->activeValue("tiers[0].note").has_value());
        doc->undoStack()->undo();
        QCOMPARE(dump(*doc, name), before);
        QVERIFY(!doc->activeValue("tiers[0].note").has_value());
    }

    void erase_doUndoRedo_restoresDocument() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QString name = doc->activeScenarioName();
        const std::string before = dump(*doc, name);
        QVERIFY(doc->erase("tiers[1]"));
        const std::string after = dump(*doc, name);
        QCOMPARE(doc->activeValue("tiers")->size(), std::size_t(2));
        doc->undoStack()->undo();
        QCOMPARE(dump(*doc, name), before);
        doc->undoStack()->redo();
        QCOMPARE(dump(*doc, name), after);
    }

    // Undo puts an erased key back at its place in the object's key order.
    void eraseKey_undo_restoresKeyOrder() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QString name = doc->activeScenarioName();
        const std::string before = dump(*doc, name);
        QVERIFY(doc->erase("tiers[0].name"));
        QVERIFY(!doc->activeValue("tiers[0].name"));
        doc->undoStack()->undo();
        QCOMPARE(dump(*doc, name), before);
    }

    void unchangedValueOrBadPath_pushesNothing() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const double price = doc->activeNumber("tiers[0].price_usd_month").value();
        QVERIFY(!doc->edit("tiers[0].price_usd_month", price));
        QVERIFY(!doc->edit("tiers[id=nope].price_usd_month", 1));
        QVERIFY(!doc->edit("tiers[99].price_usd_month", 1));
        QCOMPARE(doc->undoStack()->count(), 0);
        QVERIFY(!doc->isModified());
    }

    void mergeableEdits_ofOnePath_areOneUndoStep() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QString name = doc->activeScenarioName();
        const std::string before = dump(*doc, name);
        for (int price : {21, 22, 23, 24})
            QVERIFY(doc->edit("tiers[0].price_usd_month", price, {}, true));
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->activeNumber("tiers[0].price_usd_month").value(), 24.0);
        // A mergeable edit of another path, or a plain edit, starts a new step.
        QVERIFY(doc->edit("tiers[1].price_usd_month", 101, {}, true));
        QVERIFY(doc->edit("tiers[1].price_usd_month", 102));
        QCOMPARE(doc->undoStack()->count(), 3);
        doc->undoStack()->undo();
        doc->undoStack()->undo();
        doc->undoStack()->undo();
        QCOMPARE(dump(*doc, name), before);
    }

    // Two edits of one field more than a second apart are two steps (two typed values),
    // unlike a drag.
    void mergeableEdits_aSecondApart_areTwoSteps() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        QVERIFY(doc->edit("tiers[0].price_usd_month", 21, {}, true));
        QTest::qWait(1100);
        QVERIFY(doc->edit("tiers[0].price_usd_month", 22, {}, true));
        QCOMPARE(doc->undoStack()->count(), 2);
    }

    void mergeableEditsBackToStart_leaveNoStep() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const double price = doc->activeNumber("tiers[0].price_usd_month").value();
        QVERIFY(doc->edit("tiers[0].price_usd_month", price + 1, {}, true));
        QVERIFY(doc->edit("tiers[0].price_usd_month", price, {}, true));
        QCOMPARE(doc->undoStack()->count(), 0);
    }

    void scenarioCommands_addRemoveRename_doUndoRedo() {
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        const QStringList names = doc->scenarioNames();
        const core::Json copy = doc->activeScenario();
        doc->undoStack()->push(new gui::ScenarioCommand(doc.get(), QStringLiteral("copy"), copy,
                                                        QStringLiteral("Add")));
        QCOMPARE(doc->activeScenarioName(), QStringLiteral("copy"));
        QCOMPARE(doc->scenario(QStringLiteral("copy")).dump(), copy.dump());
        gui::ScenarioCommand::pushRename(doc.get(), QStringLiteral("copy"),
                                         QStringLiteral("renamed"));
        QVERIFY(!doc->hasScenario(QStringLiteral("copy")));
        QCOMPARE(doc->scenario(QStringLiteral("renamed")).dump(), copy.dump());
        doc->undoStack()->push(new gui::ScenarioCommand(doc.get(), QStringLiteral("renamed"),
                                                        std::nullopt, QStringLiteral("Delete")));
        QCOMPARE(doc->scenarioNames(), names);
        doc->undoStack()->undo(); // delete
        QVERIFY(doc->hasScenario(QStringLiteral("renamed")));
        doc->undoStack()->undo(); // rename
        QVERIFY(doc->hasScenario(QStringLiteral("copy")));
        QVERIFY(!doc->hasScenario(QStringLiteral("renamed")));
        doc->undoStack()->undo(); // add
        QCOMPARE(doc->scenarioNames(), names);
        QCOMPARE(doc->activeScenarioName(), QStringLiteral("example-tiers"));
        doc->undoStack()->redo();
        doc->undoStack()->redo();
        doc->undoStack()->redo();
        QCOMPARE(doc->scenarioNames(), names);
    }

    void modifiedMarker_followsTheUndoStack() {
        QTemporaryDir dir;
        auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
        QSignalSpy modified(doc.get(), &WorkspaceDocument::modifiedChanged);
        QVERIFY(!doc->isModified());
        QVERIFY(doc->edit("tiers[0].price_usd_month", 30));
        QVERIFY(doc->isModified());
        QString error;
        QVERIFY2(doc->saveAs(dir.filePath(QStringLiteral("w.tierlab")), &error), qPrintable(error));
        QVERIFY(!doc->isModified());
        doc->undoStack()->undo();
        QVERIFY(doc->isModified());
        QCOMPARE(modified.count(), 3);
    }

    // Every numeric input of every sample scenario is edited, saved, and read back equal.
    void saveCloseReopen_roundTripsEveryInput() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("round.tierlab"));
        std::map<QString, std::string> expected;
        int edits = 0;
        {
            auto doc = WorkspaceDocument::createUntitled();
            for (const QString& name : doc->scenarioNames()) {
                doc->setActiveScenario(name);
                const core::ReadResult read = core::readScenario(doc->activeScenario());
                for (const auto& [field, range] : read.fields) {
                    const auto v = doc->activeNumber(field);
                    if (!v)
                        continue; // settable but absent: nothing to round-trip
                    const double x = nudged(*v, range);
                    if (x != *v && doc->edit(field, x))
                        ++edits;
                }
                QVERIFY(doc->edit("name", name.toStdString() + " edited"));
                expected[name] = dump(*doc, name);
            }
            QString error;
            QVERIFY2(doc->saveAs(path, &error), qPrintable(error));
            QVERIFY(!doc->isUntitled());
        }
        QVERIFY(edits > 100);
        auto reopened = WorkspaceDocument::open(path);
        QCOMPARE(reopened->scenarioNames().size(), static_cast<qsizetype>(expected.size()));
        for (const auto& [name, json] : expected)
            QCOMPARE(dump(*reopened, name), json);
    }

    void save_removesDeletedScenarios_andKeepsOthers() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.tierlab"));
        QString error;
        {
            auto doc = WorkspaceDocument::createUntitled(QStringLiteral("example-tiers"));
            QVERIFY(doc->saveAs(path, &error));
            doc->undoStack()->push(
                new gui::ScenarioCommand(doc.get(), QStringLiteral("reference-pod"), std::nullopt,
                                         QStringLiteral("Delete")));
            QVERIFY(doc->save(&error));
        }
        auto reopened = WorkspaceDocument::open(path);
        QVERIFY(!reopened->hasScenario(QStringLiteral("reference-pod")));
        QVERIFY(reopened->hasScenario(QStringLiteral("example-tiers")));
    }

    void saveAs_overExistingFile_replacesIt_andCarriesDataSets() {
        QTemporaryDir dir;
        const QString first = dir.filePath(QStringLiteral("a.tierlab"));
        const QString second = dir.filePath(QStringLiteral("b.tierlab"));
        QString error;
        QVERIFY(gui::createSampleWorkspace(first, &error));
        {
            QFile other(second);
            QVERIFY(other.open(QIODevice::WriteOnly));
            other.write("an older file to be replaced");
        }
        auto doc = WorkspaceDocument::open(first);
        const auto sets = doc->datasets();
        QCOMPARE(sets.size(), std::size_t(1));
        QVERIFY(doc->edit("name", "changed"));
        QVERIFY2(doc->saveAs(second, &error), qPrintable(error));
        QCOMPARE(doc->filePath(), second);
        QCOMPARE(doc->datasets().size(), std::size_t(1));
        QCOMPARE(doc->datasets()[0].requests, sets[0].requests);
        QVERIFY(!QFile::exists(second + QStringLiteral(".partial")));
        auto reopened = WorkspaceDocument::open(second);
        QCOMPARE(reopened->scenario(doc->activeScenarioName()).value("name", std::string()),
                 std::string("changed"));
        // The first file still has its own, unsaved-into, scenario.
        auto original = WorkspaceDocument::open(first);
        QVERIFY(original->scenario(doc->activeScenarioName()).value("name", std::string()) !=
                "changed");
    }

    void openNotAWorkspace_throws_andLeavesFileUntouched() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.tierlab"));
        const QByteArray text = "these are notes, not a workspace\n";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        QVERIFY_THROWS_EXCEPTION(core::WorkspaceError, WorkspaceDocument::open(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), text);
    }

    // The sample workspace: its scenario prices the bundled data set.
    void sampleWorkspace_pricesItsDataSet() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sample.tierlab"));
        QString error;
        QVERIFY2(gui::createSampleWorkspace(path, &error), qPrintable(error));
        auto doc = WorkspaceDocument::open(path);
        doc->setActiveScenario(QString::fromLatin1(gui::kSampleScenario));
        const gui::SnapshotPtr snap = gui::Evaluator::evaluateNow(
            doc->activeScenarioName(), doc->activeScenario(), doc->filePath());
        QVERIFY(snap->ok);
        QVERIFY(snap->usage);
        QVERIFY(snap->results.totals.has_value());
        // data/usage/README.md: 300 subscribers, the free tier left out by tier_map.
        QVERIFY(snap->results.totals->subscribers > 0);
        QVERIFY(snap->results.totals->subscribers < 300);
    }
};

QTEST_MAIN(TestDocument)
#include "tst_document.moc"
