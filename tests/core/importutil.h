// SPDX-License-Identifier: MIT
// Shared by the import tests (tst_importformats_*.cpp): the usage fixtures and a new workspace
// to import them into.
#pragma once

#include "store/workspace.h"
#include "testutil.h"
#include "usage/importer.h"

#include <QTemporaryDir>

#include <memory>
#include <string>

namespace tierlab::test::imports {

inline std::string fixture(const std::string& name) {
    return sourcePath("tests/fixtures/usage/" + name);
}

// A new workspace in a temporary directory.
struct TempWorkspace {
    QTemporaryDir dir;
    std::string path = dir.filePath("test.tierlab").toStdString();
    std::unique_ptr<core::Workspace> ws = core::Workspace::create(path);
};

inline core::ImportResult importFile(core::Workspace& ws, const std::string& name,
                                     const std::string& format = {}, const std::string& map = {},
                                     bool strict = false) {
    core::ImportOptions o;
    o.path = fixture(name);
    o.format = format;
    o.map = map;
    o.strict = strict;
    return core::importUsage(ws, o);
}

} // namespace tierlab::test::imports
