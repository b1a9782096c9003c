// SPDX-License-Identifier: MIT
#include "modelscatalog.h"

#include "app/convert.h"
#include "store/workspace.h"

#include <QObject>

namespace tierlab::gui {

std::vector<CatalogRow> readCatalogRows(core::Workspace& workspace) {
    std::vector<CatalogRow> rows;
    for (core::CatalogPrice& p : workspace.catalogPrices()) {
        CatalogRow row{std::move(p), {}, {}};
        row.asOf = row.price.asOf;
        row.source = row.price.source;
        rows.push_back(std::move(row));
    }
    return rows;
}

CatalogImport importCatalogFile(core::Workspace& workspace, const QString& path) {
    CatalogImport out;
    const std::string file = toStd(path);
    const core::CatalogFile read = core::readCatalogFile(file);
    if (!read.error.empty()) {
        out.error = QStringLiteral("%1: %2").arg(path, toQ(read.error));
        return out;
    }
    try {
        core::Transaction t(workspace.db());
        out.prices =
            workspace.putCatalogPrices(read.read.prices, core::utcNow().substr(0, 10), file);
        t.commit();
    } catch (const core::DatabaseError& e) {
        out.error = QObject::tr("%1: cannot store the prices: %2").arg(path, toQ(e.what()));
        out.prices = 0;
        return out;
    }
    out.ok = true;
    out.catalog = toQ(read.kind);
    out.skipped = read.read.diagnostics.size();
    return out;
}

} // namespace tierlab::gui
