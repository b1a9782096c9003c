// SPDX-License-Identifier: MIT
#include "modelscatalog.h"

#include "app/convert.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "store/workspace.h"

#include <QObject>

#include <map>
#include <utility>

namespace tierlab::gui {

std::vector<CatalogRow> readCatalogRows(core::Workspace& workspace) {
    // core::Workspace::catalogPrices() leaves out as_of and source: read them beside it,
    // by the table's unique key (catalog, model).
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> origin;
    core::Statement s(workspace.db(), "SELECT catalog, model, as_of, source FROM catalog_prices");
    while (s.step())
        origin[{s.columnText(0), s.columnText(1)}] = {s.columnText(2), s.columnText(3)};
    std::vector<CatalogRow> rows;
    for (core::CatalogPrice& p : workspace.catalogPrices()) {
        const auto found = origin.find({p.catalog, p.model});
        CatalogRow row{std::move(p), {}, {}};
        if (found != origin.end())
            std::tie(row.asOf, row.source) = found->second;
        rows.push_back(std::move(row));
    }
    return rows;
}

CatalogImport importCatalogFile(core::Workspace& workspace, const QString& path) {
    CatalogImport out;
    const std::string file = toStd(path);
    std::string error;
    const auto text = core::readTextFile(file, error);
    if (!text) {
        out.error = QObject::tr("%1: cannot read: %2").arg(path, toQ(error));
        return out;
    }
    const core::ParsedJson parsed = core::parseJsonText(*text);
    if (parsed.error) {
        out.error = QStringLiteral("%1: %2").arg(path, toQ(core::formatDiagnostic(*parsed.error)));
        return out;
    }
    const std::string kind = core::detectCatalog(parsed.doc);
    if (kind.empty()) {
        out.error = QObject::tr("%1: not a LiteLLM or genai-prices catalog").arg(path);
        return out;
    }
    const core::CatalogRead read =
        kind == "litellm" ? core::readLiteLlm(parsed.doc) : core::readGenaiPrices(parsed.doc);
    try {
        core::Transaction t(workspace.db());
        out.prices = workspace.putCatalogPrices(read.prices, core::utcNow().substr(0, 10), file);
        t.commit();
    } catch (const core::DatabaseError& e) {
        out.error = QObject::tr("%1: cannot store the prices: %2").arg(path, toQ(e.what()));
        out.prices = 0;
        return out;
    }
    out.ok = true;
    out.catalog = toQ(kind);
    out.skipped = read.diagnostics.size();
    return out;
}

} // namespace tierlab::gui
