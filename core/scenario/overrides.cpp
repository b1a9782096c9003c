// SPDX-License-Identifier: MIT
#include "overrides.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tierlab::core {

namespace {
// The '=' that separates PATH from VALUE: the first one outside [...] (selectors such as
// models[id=opus] hold one of their own).
std::size_t separator(const std::string& set) {
    int depth = 0;
    bool quoted = false; // inside ["..."]: brackets and '=' are part of the key
    for (std::size_t i = 0; i < set.size(); ++i) {
        if (depth > 0 && set[i] == '"')
            quoted = !quoted;
        if (quoted)
            continue;
        depth += set[i] == '[' ? 1 : set[i] == ']' ? -1 : 0;
        if (set[i] == '=' && depth == 0)
            return i;
    }
    return std::string::npos;
}
} // namespace

Diagnostics applyOverrides(Json& doc, const std::vector<std::string>& sets) {
    Diagnostics out;
    for (const std::string& set : sets) {
        const auto eq = separator(set);
        if (eq == std::string::npos || eq == 0) {
            out.push_back({Diagnostic::Severity::Error, "--set " + set,
                           "expected PATH=VALUE, e.g. tiers[0].price_usd_month=25"});
            continue;
        }
        const std::string path = set.substr(0, eq);
        const SetResult r = setPath(doc, path, parseSetValue(std::string_view(set).substr(eq + 1)));
        if (!r.ok)
            out.push_back({Diagnostic::Severity::Error, path, r.error});
    }
    return out;
}

std::optional<std::string> readTextFile(const std::string& path, std::string& error) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = "is a directory";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return std::nullopt;
    }
    return text.str();
}

bool writeTextFileAtomic(const std::string& path, const std::string& text, std::string& error) {
    const std::string temp = path + ".tmp-tierlab";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out || !(out << text) || !out.flush()) {
            error = std::strerror(errno);
            std::remove(temp.c_str());
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        error = ec.message();
        std::remove(temp.c_str());
        return false;
    }
    return true;
}

} // namespace tierlab::core
