// SPDX-License-Identifier: MIT
// GUI tests: an untitled workspace document with its evaluator, settled evaluations, and
// results by JSON path. Settings and files live in test mode / temporary folders.
#pragma once

#include "app/samples.h"
#include "document/evaluator.h"
#include "document/workspacedocument.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <string>

namespace tierlab::test {

// Call first in initTestCase(): QSettings and data folders go to test locations.
inline void initGuiTest() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TierLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TierLabTest"));
    gui::initResources();
}

// A document (an untitled workspace seeded with the sample scenarios) whose active scenario
// is `scenario`, and an evaluator that follows its edits like the main window's.
struct GuiFixture {
    std::unique_ptr<gui::WorkspaceDocument> document;
    std::unique_ptr<gui::Evaluator> evaluator;

    explicit GuiFixture(const QString& scenario = QStringLiteral("example-tiers"))
        : document(gui::WorkspaceDocument::createUntitled(scenario)),
          evaluator(std::make_unique<gui::Evaluator>()) {
        evaluator->setWorkspacePath(document->filePath());
        auto* doc = document.get();
        auto* ev = evaluator.get();
        QObject::connect(doc, &gui::WorkspaceDocument::scenarioChanged, ev,
                         [doc, ev](const QString& name) {
                             if (name == doc->activeScenarioName())
                                 ev->request(name, doc->activeScenario());
                         });
        QObject::connect(
            doc, &gui::WorkspaceDocument::activeScenarioChanged, ev,
            [doc, ev](const QString& name) { ev->request(name, doc->activeScenario()); });
        evaluate();
    }

    // Requests an evaluation of the active scenario and waits for it.
    gui::SnapshotPtr evaluate() {
        evaluator->request(document->activeScenarioName(), document->activeScenario());
        return settle();
    }

    // Waits for queued evaluations (after edits) and lets pages redraw.
    gui::SnapshotPtr settle() {
        evaluator->waitForIdle();
        QCoreApplication::processEvents();
        return evaluator->latest();
    }

    // A number in the latest results by JSON path; fails the test when absent.
    double result(const std::string& path) {
        const gui::SnapshotPtr snap = evaluator->latest();
        if (!snap)
            qFatal("no evaluation yet");
        core::Json results = snap->resultsJson;
        const core::PathLookup at = core::lookupPath(results, path);
        if (!at.node || !at.node->is_number())
            qFatal("no number at %s: %s", path.c_str(), at.error.c_str());
        return at.node->get<double>();
    }
};

} // namespace tierlab::test
