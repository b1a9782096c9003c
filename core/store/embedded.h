// SPDX-License-Identifier: MIT
// Files of data/ compiled into the library: the workspace schema and the defaults a new
// workspace is seeded with.
#pragma once

#include <span>
#include <string_view>

namespace tierlab::core {

struct EmbeddedFile {
    std::string_view path; // relative to data/, e.g. "schema.sql", "catalog/models.json"
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

} // namespace tierlab::core
