// SPDX-License-Identifier: MIT
// tierlab-cli commands that work on a workspace: import, datasets, catalog import.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tierlab::cli {

struct ImportArgs {
    std::string file;
    std::string workspace;
    std::string format;
    std::string name;
    std::string map;
    bool strict = false;
    bool noHistory = false;
};

struct DatasetsArgs {
    std::string workspace;
    bool json = false;
};

struct CatalogArgs {
    std::string file;
    std::string workspace;
};

CLI::App* addImport(CLI::App& app, ImportArgs& a);
CLI::App* addDatasets(CLI::App& app, DatasetsArgs& a);
CLI::App* addCatalog(CLI::App& app, CatalogArgs& a);

int runImport(const ImportArgs& a);
int runDatasets(const DatasetsArgs& a);
int runCatalogImport(const CatalogArgs& a);

} // namespace tierlab::cli
