// SPDX-License-Identifier: MIT
// `--set PATH=VALUE` overrides and scenario files on disk.
#pragma once

#include "diagnostic.h"
#include "jsonpath.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// Applies overrides "PATH=VALUE" in order. A bad override gives an error whose path is the
// override's path (or the whole argument when it has no '=').
Diagnostics applyOverrides(Json& doc, const std::vector<std::string>& sets);

// Reads a whole file; nullopt with a reason ("No such file or directory") on failure.
std::optional<std::string> readTextFile(const std::string& path, std::string& error);

// Writes a file atomically: to a temporary file beside it, then renamed over it, so that a
// crash never leaves a half-written scenario. Returns false with a reason on failure.
bool writeTextFileAtomic(const std::string& path, const std::string& text, std::string& error);

} // namespace tierlab::core
