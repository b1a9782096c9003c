// SPDX-License-Identifier: MIT
// The workspace's price catalog for the Models & Prices page: its rows with when and where
// each price was read, and the import of a LiteLLM or genai-prices file done the way
// `tierlab-cli catalog import` does it (cli/datacommands.cpp).
#pragma once

#include "usage/catalogs.h"

#include <QString>

#include <cstddef>
#include <string>
#include <vector>

namespace tierlab::core {
class Workspace;
}

namespace tierlab::gui {

// One catalog price with its provenance (the catalog_prices table's as_of and source).
struct CatalogRow {
    core::CatalogPrice price;
    std::string asOf;   // date the catalog was imported or dated
    std::string source; // file it came from, or what the seeded prices cite
};

// Every catalog price of the workspace, ordered by catalog and model. Throws
// core::DatabaseError when the workspace cannot be read.
std::vector<CatalogRow> readCatalogRows(core::Workspace& workspace);

struct CatalogImport {
    bool ok = false;
    QString error;          // "FILE: reason" when not ok
    QString catalog;        // "litellm" or "genai-prices"
    std::size_t prices = 0; // rows written
    std::size_t skipped = 0;
};

// Reads a LiteLLM or genai-prices JSON file and writes its prices to the workspace in one
// transaction, dated today (UTC) with the file as source. On any error nothing is written.
CatalogImport importCatalogFile(core::Workspace& workspace, const QString& path);

} // namespace tierlab::gui
