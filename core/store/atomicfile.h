// SPDX-License-Identifier: MIT
// Files written beside their final path and moved into place when complete: a reader never
// sees one half-written, and a failure or a kill leaves the old file (or none) as it was.
// Reports, generated usage files and new workspaces are written this way.
#pragma once

#include <string>
#include <system_error>

namespace tierlab::core {

// A name beside `path` that no other writer uses (`path`.tmp-XXXXXXXX).
std::string temporaryPathBeside(const std::string& path);

enum class MoveMode {
    Replace,  // an existing `path` is replaced (exports the user asked to overwrite)
    NoReplace // an existing `path` is an error (EEXIST) and stays as it was
};

// Flushes the finished `temp` to disk, renames it to `path` and flushes the folder, so that
// after a crash `path` is either the old file or the whole new one. `temp` stays on an error
// (the caller removes it).
std::error_code moveIntoPlace(const std::string& temp, const std::string& path, MoveMode mode);

} // namespace tierlab::core
