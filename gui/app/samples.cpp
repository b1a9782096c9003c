// SPDX-License-Identifier: MIT
#include "samples.h"

#include "app/convert.h"
#include "store/workspace.h"
#include "usage/importer.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

static void initTierlabResources() {
    Q_INIT_RESOURCE(tierlab);
}

namespace tierlab::gui {

void initResources() {
    initTierlabResources();
}

bool createSampleWorkspace(const QString& path, QString* error) {
    QTemporaryDir scratch;
    const QString csv = scratch.filePath(QStringLiteral("sample-usage.csv.gz"));
    if (!scratch.isValid() || !QFile::copy(QStringLiteral(":/data/sample-usage.csv.gz"), csv)) {
        *error = QObject::tr("cannot unpack the sample usage file");
        return false;
    }
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    try {
        {
            auto ws = core::Workspace::create(toStd(partial));
            core::ImportOptions options;
            options.path = toStd(csv);
            options.name = kSampleDataset;
            const core::ImportResult imported = core::importUsage(*ws, options);
            if (!imported.ok)
                throw core::WorkspaceError(imported.error);
            // The $20/$100/$200 tiers over the imported month (its free tier left out), on a
            // pod rented at list ($3.75/GPU-hour) and 35 % busy: dear enough that heavy
            // subscribers become losses.
            core::Json doc = ws->scenario("example-tiers").value();
            doc["name"] = kSampleScenario;
            doc["description"] =
                "The example tiers priced on the bundled sample usage (data/usage): 45,000 "
                "requests by 300 subscribers in October 2026, free tier left out; served on a "
                "rented 4x8 H200 pod ($3.75/GPU-hour) that is busy 35 % of the time. ";
            doc["pods"][0]["cost"] = {{"mode", "rented"}};
            doc["pods"][0]["utilization"] = 0.35;
            // A mix to explore on the Routing page (tiers here name their model, so it
            // prices the typical request; a tier without one would be re-priced by it).
            doc["routing"] = {{"mode", "mix"},
                              {"mix", {{"haiku", 0.6}, {"sonnet", 0.3}, {"opus", 0.1}}},
                              {"baseline_model", "opus"},
                              {"router_overhead_usd", 0}};
            // Pro limited the way Claude's plans are (issue #10): a 5-hour session from the
            // first message, a weekly token cap (cache reads at a tenth) resetting Monday
            // 00:00 Pacific, and a weekly Opus cap that falls back to Sonnet, replayed over
            // every request of the data set.
            core::Json& pro = doc["tiers"][0];
            pro.erase("windows");
            pro.erase("model_caps");
            pro["limits"] = core::Json::parse(R"([
                {"id": "session", "kind": "session", "hours": 5, "amount": 45,
                 "floor_to_hour": true},
                {"id": "weekly-tokens", "kind": "weekly", "amount": 2000000, "unit": "tokens",
                 "token_weights": {"cache_read": 0.1},
                 "reset": {"weekday": "monday", "hour": 0, "time_zone": "America/Los_Angeles"}},
                {"id": "weekly-opus", "kind": "weekly", "amount": 60, "models": ["opus"],
                 "when_exceeded": "fallback", "fallback_model": "sonnet", "anchor": "first_use"}
            ])");
            pro["when_blocked"] = {{"wait", 0.5}, {"abandon", 0.5}, {"extra_usage", 0}};
            doc["usage"] = {{"dataset", kSampleDataset},
                            {"tier_map", {{"free", nullptr}}},
                            {"scale_to_month", true}};
            // Capacity with a second pod requested early (above 12 of 20 slots) and the
            // default gaps of docs/model.md, "Capacity" (the sample's subscribers, 150 requests a
            // month each, are far calmer than chat users: the Capacity page's fit panel shows
            // their gaps beside these). Fewer trials than the default keep the page's first
            // full run short.
            doc["capacity"] = {{"pod", doc["pods"][0]["id"]},
                               {"slots", 20},
                               {"users", 150},
                               {"weeks", 4},
                               {"trials", 100},
                               {"autoscaling", {{"threshold", 12}}}};
            ws->putScenario(kSampleScenario, doc);
        }
        if (!QFile::rename(partial, path))
            throw core::WorkspaceError("cannot write " + toStd(path));
    } catch (const std::exception& e) {
        QFile::remove(partial);
        *error = toQ(e.what());
        return false;
    }
    return true;
}

QString sampleWorkspacePath(QString* error) {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dir)) {
        *error = QObject::tr("cannot create %1").arg(dir);
        return {};
    }
    // Versioned: a newer sample (2: Pro with limits in time; 3: a measured operating curve
    // and the measured-curve scenario; 4: usage from tierlab-cli generate) never overwrites one
    // the user may have edited.
    const QString path = QDir(dir).filePath(QStringLiteral("sample-4.tierlab"));
    if (QFile::exists(path))
        return path;
    return createSampleWorkspace(path, error) ? path : QString();
}

} // namespace tierlab::gui
