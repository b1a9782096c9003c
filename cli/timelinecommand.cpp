// SPDX-License-Identifier: MIT
#include "timelinecommand.h"

#include "commands.h"
#include "eval/resultsjson.h"
#include "format.h"
#include "table.h"
#include "usage/timestamp.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>

#include <iostream>

namespace tierlab::cli {

namespace {

std::string when(std::int64_t ms) {
    return core::formatIsoSeconds(ms * 1000);
}

// A fate in words: its JSON name with spaces ("fell back").
std::string fateText(core::RequestFate f) {
    std::string text(core::enumName(core::kRequestFateNames, f));
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

std::string labelAt(const std::vector<std::string>& labels, std::int32_t i) {
    return i >= 0 && static_cast<std::size_t>(i) < labels.size()
               ? labels[static_cast<std::size_t>(i)]
               : "-";
}

std::string render(const core::SubscriberTimeline& t, std::size_t show) {
    const core::ReplayOutcome& r = t.outcome;
    std::size_t asked = t.timeline.events.size(), refused = 0;
    for (const core::TimelineEvent& e : t.timeline.events)
        refused += e.fate != core::RequestFate::Served ? 1 : 0;
    std::string out = fmt::format(
        "Timeline of {} (tier {}{}), {} to {}\n  {} requests asked, {} acted on by a limit; "
        "a month: {} served, {} blocked, cost {}, extra usage {}, margin {}\n",
        t.subscriber, t.tier, t.pickedAs.empty() ? "" : ", the " + t.pickedAs,
        when(t.spanStartMs), when(t.spanEndMs), number(double(asked)), number(double(refused)),
        number(r.out.requests), number(r.out.blockedRequests), usd(r.out.costUsd),
        usd(r.out.extraUsageUsd), usd(t.marginUsd));
    Table limits({"<limit", "hit", "blocked", "fell back", "billed", "delayed", "lockout h",
                  "first hit h"});
    for (std::size_t l = 0; l < t.limitLabels.size() && l < r.limits.size(); ++l) {
        const core::LimitOutcome& o = r.limits[l];
        limits.addRow({t.limitLabels[l], o.hit ? "yes" : "no", number(o.blockedRequests),
                       number(o.fallbackRequests), number(o.billedRequests),
                       number(o.delayedRequests), number(o.lockoutHours, 1),
                       o.firstHitHours >= 0 ? number(o.firstHitHours, 1) : "-"});
    }
    if (!t.limitLabels.empty())
        out += "\nLimits (counts a month)\n" + limits.render();
    Table windows({"<limit", "<opened", "<closed", "used"});
    std::size_t full = 0;
    for (const core::TimelineWindow& w : t.timeline.windows) {
        if (!w.full)
            continue;
        if (full++ < show)
            windows.addRow({labelAt(t.limitLabels, w.limit), when(w.startMs), when(w.endMs),
                            number(w.used, w.used == std::floor(w.used) ? 0 : 2)});
    }
    if (full > 0)
        out += fmt::format("\nWindows that refused requests ({} of {})\n", std::min(full, show),
                           full) +
               windows.render();
    Table events({"<asked", "<fate", "<limit", "<model", "<served"});
    std::size_t listed = 0;
    for (const core::TimelineEvent& e : t.timeline.events) {
        if (e.fate == core::RequestFate::Served || listed++ >= show)
            continue;
        events.addRow({when(e.timeMs), fateText(e.fate), labelAt(t.limitLabels, e.limit),
                       labelAt(t.modelIds, e.model),
                       e.servedMs >= 0 && e.servedMs != e.timeMs ? when(e.servedMs) : "-"});
    }
    if (refused > 0)
        out += fmt::format("\nRequests a limit acted on ({} of {})\n", std::min(refused, show),
                           refused) +
               events.render();
    return out;
}

} // namespace

CLI::App* addTimeline(CLI::App& app, TimelineArgs& a) {
    auto* cmd = app.add_subcommand(
        "timeline", "Replay one subscriber of a data set through their tier's limits: every "
                    "request's fate, the windows that refused requests, the lockout");
    addScenarioArgs(cmd, a.scenario);
    auto* named = cmd->add_option("--subscriber", a.subscriber, "The data set's subscriber id");
    auto* heaviest =
        cmd->add_flag("--heaviest", a.heaviest, "The subscriber with the most tokens");
    auto* loser = cmd->add_flag("--median-loss-maker", a.medianLossMaker,
                                "The median of the subscribers who lose money");
    named->excludes(heaviest)->excludes(loser);
    heaviest->excludes(loser);
    cmd->add_option("--show", a.show, "Rows of each list in the text output (default 20)");
    return cmd;
}

int runTimeline(const TimelineArgs& a) {
    if (a.subscriber.empty() && !a.heaviest && !a.medianLossMaker) {
        std::cerr << "timeline: name a subscriber (--subscriber ID), or pick one with "
                     "--heaviest or --median-loss-maker\n";
        return kExitUsage;
    }
    if (a.scenario.workspace.empty()) {
        std::cerr << "timeline: --workspace is required (the data set with request history)\n";
        return kExitUsage;
    }
    const auto loaded = load(a.scenario);
    if (!loaded)
        return kExitInvalid;
    core::TimelineRequest request;
    request.subscriber = a.subscriber;
    request.pick = a.heaviest           ? core::TimelineRequest::Pick::Heaviest
                   : a.medianLossMaker ? core::TimelineRequest::Pick::MedianLossMaker
                                        : core::TimelineRequest::Pick::Named;
    const core::UsageData* usage = loaded->usage ? &*loaded->usage : nullptr;
    const core::EvalOutcome outcome = core::evaluate(loaded->read.scenario, usage, &request);
    printDiagnostics(a.scenario.file, outcome.diagnostics);
    if (!outcome.ok() || !outcome.results.timeline)
        return kExitInvalid;
    if (a.scenario.json) {
        const core::Json doc = core::resultsToJson(outcome.results);
        std::cout << core::Json{{"schema", "tierlab.timeline/1"}, {"timeline", doc.at("timeline")}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << render(*outcome.results.timeline, a.show);
    }
    return kExitOk;
}

} // namespace tierlab::cli
