// SPDX-License-Identifier: MIT
// Internal to the scenario reader: the sections of a scenario, read one at a time.
#pragma once

#include "fieldreader.h"
#include "scenario.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tierlab::core::detail {

using core::indexOfId;

// Reports a second element with the same id, naming the first: `pathAndId` holds each
// element's path and id (empty: none).
inline void checkUniqueIds(const std::vector<std::pair<std::string, std::string>>& pathAndId,
                           ReadContext& ctx) {
    for (std::size_t i = 0; i < pathAndId.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!pathAndId[i].second.empty() && pathAndId[i].second == pathAndId[j].second)
                ctx.error(childPath(pathAndId[i].first, "id"), "duplicate id '" +
                                                                   pathAndId[i].second + "' (also " +
                                                                   pathAndId[j].first + ")");
}

template <typename T>
void checkUniqueIds(const std::vector<T>& items, const std::string& arrayPath, ReadContext& ctx) {
    std::vector<std::pair<std::string, std::string>> pathAndId;
    for (std::size_t i = 0; i < items.size(); ++i)
        pathAndId.emplace_back(childPath(arrayPath, i), items[i].id);
    checkUniqueIds(pathAndId, ctx);
}

// "unknown model 'x' (models: a, b)".
std::string unknownModel(const Scenario& s, std::string_view id);

// Reads a reference to a model by id at `key`; reports unknown ids. -1 when missing/unknown.
int modelRef(ObjectReader& r, const Scenario& s, std::string_view key, bool required);

// Calls `each(element, path)` for each element of the array at `key`.
template <typename Each>
void forEachElement(ObjectReader& r, ReadContext& ctx, std::string_view key, Each each) {
    const Json* array = r.child(key);
    if (!array)
        return;
    if (!array->is_array()) {
        ctx.error(r.pathOf(key), "must be an array, got " + array->dump());
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i)
        each((*array)[i], childPath(r.pathOf(key), i));
}

TokenCounts readTokens(ObjectReader& r, const TokenCounts& fallback);
// A speed target at `key` ({min_tps, max_ttft_p90_s}); nullopt when missing.
std::optional<SpeedTarget> readSpeed(ObjectReader& r, std::string_view key);
void readTiers(ObjectReader& root, ReadContext& ctx, Scenario& s);
void readRouting(ObjectReader& root, ReadContext& ctx, Scenario& s);
void readUsage(ObjectReader& root, ReadContext& ctx, Scenario& s);
void readExtras(ObjectReader& root, ReadContext& ctx, Scenario& s); // batch, trend, ...

} // namespace tierlab::core::detail
