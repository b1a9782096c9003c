// SPDX-License-Identifier: MIT
// Responsiveness of the desktop app (issue: "with a data set of 1M requests loaded, the median
// time from a price edit to updated charts is at most 50 ms").
//
//   bench_gui WORKSPACE DATASET [EDITS] [PAGE] [price|limit|limits] [all]
//
// Opens the workspace in the real main window (offscreen), adds the scenario "bench": the
// sample $20/$100/$200 tiers priced on DATASET (free tier left out), waits for its first
// evaluation (the data set is decoded then, once), then makes EDITS price edits of the first
// tier the way the price editor does (an undoable edit through the document), or with
// `limit` EDITS edits of its 5-hour window (10 to 16 messages: every subscriber is replayed
// through it again; issue #10's "limit edit" bar), or with `limits` Pro limited as the sample
// workspace's is (a 5-hour session of 45 messages, a weekly token cap, a weekly Opus cap that
// falls back to Sonnet) and EDITS edits of the session's messages (40 to 46). With `all` the
// free tier's subscribers are priced on Pro instead of left out, so that every subscriber of
// the data set is replayed (20,000 on the 1M-request file). Each edit is
// timed from the edit until the evaluation has come back from the worker thread, the
// visible page (PAGE, 1-8, default 1: Overview) has refreshed its charts, and its first chart
// has repainted (a grab, which forces a paint). Prints one JSON line with the median, p90 and max in milliseconds.
#include "app/mainwindow.h"
#include "app/samples.h"
#include "charts/chartview.h"
#include "commands/scenariocommands.h"
#include "document/workspacedocument.h"
#include "pages/page.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace tierlab::gui;

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    initResources();
    QApplication::setApplicationName(QStringLiteral("TierLabBench"));
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: bench_gui WORKSPACE DATASET [EDITS] [PAGE] [price|limit|limits] [all]\n");
        return 2;
    }
    const int edits = argc > 3 ? std::atoi(argv[3]) : 40;
    const int page = argc > 4 ? std::atoi(argv[4]) - 1 : 0;
    const std::string mode = argc > 5 ? argv[5] : "price";
    const bool limitEdits = mode == "limit", limitsEdits = mode == "limits";
    const bool everyone = argc > 6 && std::string(argv[6]) == "all";
    MainWindow window;
    window.resize(1400, 900);
    if (!window.openFile(QString::fromLocal8Bit(argv[1])))
        return 1;
    WorkspaceDocument* doc = window.document();
    tierlab::core::Json bench = doc->scenario(QStringLiteral("example-tiers"));
    const tierlab::core::Json freeTo =
        everyone ? tierlab::core::Json(bench["tiers"][0]["id"]) : tierlab::core::Json(nullptr);
    bench["usage"] = {
        {"dataset", argv[2]}, {"tier_map", {{"free", freeTo}}}, {"scale_to_month", true}};
    if (limitsEdits) { // Pro as in the sample workspace (app/samples.cpp)
        tierlab::core::Json& pro = bench["tiers"][0];
        pro.erase("windows");
        pro.erase("model_caps");
        pro["limits"] = tierlab::core::Json::parse(R"([
            {"id": "session", "kind": "session", "hours": 5, "amount": 45, "floor_to_hour": true},
            {"id": "weekly-tokens", "kind": "weekly", "amount": 2000000, "unit": "tokens",
             "token_weights": {"cache_read": 0.1},
             "reset": {"weekday": "monday", "hour": 0, "time_zone": "America/Los_Angeles"}},
            {"id": "weekly-opus", "kind": "weekly", "amount": 60, "models": ["opus"],
             "when_exceeded": "fallback", "fallback_model": "sonnet", "anchor": "first_use"}])");
        pro["when_blocked"] = {{"wait", 0.5}, {"abandon", 0.5}, {"extra_usage", 0}};
    }
    doc->undoStack()->push(
        new ScenarioCommand(doc, QStringLiteral("bench"), bench, QStringLiteral("bench")));
    QString error;
    if (!doc->save(&error)) { // kept in the file for the start-up benchmark
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(error));
        return 1;
    }
    window.showPage(page);
    window.show();
    QElapsedTimer first;
    first.start();
    window.evaluator()->waitForIdle();
    QApplication::processEvents();
    const double firstMs = static_cast<double>(first.nsecsElapsed()) / 1e6;
    const SnapshotPtr snap = window.evaluator()->latest();
    if (!snap || !snap->ok || !snap->results.totals) {
        std::fprintf(stderr, "bench_gui: the scenario did not evaluate with usage\n");
        return 1;
    }
    ChartView* chart = window.pages()[static_cast<std::size_t>(page)]->charts().value(0);
    const double price = window.document()->activeNumber("tiers[0].price_usd_month").value_or(20);
    std::vector<double> ms, evaluations;
    for (int i = 0; i < edits; ++i) {
        QElapsedTimer t;
        t.start();
        if (limitEdits)
            window.document()->edit("tiers[0].windows[0].messages", 10 + (i % 7));
        else if (limitsEdits)
            window.document()->edit("tiers[0].limits[0].amount", 40 + (i % 7));
        else
            window.document()->edit("tiers[0].price_usd_month", price + 1 + (i % 7));
        window.evaluator()->waitForIdle();
        QApplication::processEvents();
        if (chart)
            chart->grab(); // paint the updated chart
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        evaluations.push_back(window.evaluator()->latest()->evaluationMs);
    }
    std::sort(evaluations.begin(), evaluations.end());
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
    std::printf("{\"edit\": \"%s\", \"replayed\": %s, \"page\": \"%s\", \"subscribers\": %.0f, \"first_evaluation_ms\": %.1f, \"evaluation_median_ms\": %.1f, "
                "\"edits\": %d, \"median_ms\": %.1f, \"p90_ms\": %.1f, \"max_ms\": %.1f}\n",
                mode.c_str(),
                snap->results.tiers.at(0).population->replayed ? "true" : "false",
                qPrintable(window.pages()[static_cast<std::size_t>(page)]->title()),
                snap->results.totals->subscribers, firstMs,
                evaluations[evaluations.size() / 2], edits, at(0.5), at(0.9), ms.back());
    window.document()->undoStack()->clear(); // no save prompt
    return 0;
}
