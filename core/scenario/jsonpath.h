// SPDX-License-Identifier: MIT
// JSON paths, the one address of every input and result: `tiers[1].price_usd_month`,
// `models[id=opus].price.input_per_mtok`, `routing.mix.haiku`.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace tierlab::core {

// Scenario and result documents keep their keys in file order, so a round trip only
// reformats.
using Json = nlohmann::ordered_json;

// Where a path leads in a document.
struct PathLookup {
    Json* node = nullptr;  // null when the path does not resolve
    std::string canonical; // the same place with selectors turned into indices
    std::string error;     // why it does not resolve
};

// Resolves `path` in `doc`. Selectors `[key=value]` pick the array element whose `key`
// equals `value`.
PathLookup lookupPath(Json& doc, std::string_view path);

// The same, read only.
struct ConstPathLookup {
    const Json* node = nullptr;
    std::string canonical;
    std::string error;
};
ConstPathLookup lookupPath(const Json& doc, std::string_view path);

// The path of the node that holds `canonical`'s node: "tiers[2].windows[0]" ->
// "tiers[2].windows", "usage.tier_map[\"a.b\"]" -> "usage.tier_map", "name" -> "". For
// canonical paths (indices, quoted keys), as lookupPath and setPath return them.
std::string parentPath(std::string_view canonical);

// Sets the value at `path`, creating missing object keys (and objects) on the way; array
// elements must exist. Returns the canonical path, or an error message.
struct SetResult {
    bool ok = false;
    std::string canonical;
    std::string error;
};
SetResult setPath(Json& doc, std::string_view path, Json value);

// Removes the key or array element at `path`. False when the path does not resolve.
bool erasePath(Json& doc, std::string_view path);

// Parses VALUE of a --set PATH=VALUE: JSON when it parses as JSON (numbers, true, false,
// null, quoted strings, objects, arrays), a plain string otherwise.
Json parseSetValue(std::string_view text);

// Joins a parent path and a key or index: ("tiers", 1) -> "tiers[1]", ("", "name") -> "name".
std::string childPath(const std::string& parent, std::string_view key);
std::string childPath(const std::string& parent, std::size_t index);

} // namespace tierlab::core
