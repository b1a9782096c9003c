// SPDX-License-Identifier: MIT
#include "comparepaths.h"

#include "app/convert.h"

#include <optional>
#include <set>
#include <string_view>

namespace tierlab::gui {

namespace {

const char* const kSelectorKeys[] = {"id", "model", "channel", "year"};

// The selector text of an element's key: strings as text, integers as their JSON text.
std::optional<std::string> selectorValue(const core::Json& element, const char* key) {
    if (!element.is_object() || !element.contains(key))
        return std::nullopt;
    const core::Json& v = element[key];
    std::string text;
    if (v.is_string())
        text = v.get<std::string>();
    else if (v.is_number_integer())
        text = v.dump();
    else
        return std::nullopt;
    // The path syntax ends a selector at the first ']'; such ids keep their index.
    if (text.empty() || text.find_first_of("]\"") != std::string::npos)
        return std::nullopt;
    return text;
}

// The key that names every element of `array` uniquely, if any.
const char* selectorKey(const core::Json& array) {
    for (const char* key : kSelectorKeys) {
        std::set<std::string> seen;
        bool unique = true;
        for (const core::Json& element : array) {
            const auto text = selectorValue(element, key);
            if (!text || !seen.insert(*text).second) {
                unique = false;
                break;
            }
        }
        if (unique)
            return key;
    }
    return nullptr;
}

bool isNumericArray(const core::Json& array) {
    return array.front().is_number() || array.front().is_array();
}

void flatten(const core::Json& node, const std::string& readable, const std::string& canonical,
             bool skipNumericArrays, std::map<std::string, JsonLeaf>& out) {
    if (node.is_object() && !node.empty()) {
        for (const auto& [key, value] : node.items())
            flatten(value, core::childPath(readable, key), core::childPath(canonical, key),
                    skipNumericArrays, out);
        return;
    }
    if (node.is_array() && !node.empty()) {
        if (skipNumericArrays && isNumericArray(node))
            return;
        const char* key = selectorKey(node);
        for (std::size_t i = 0; i < node.size(); ++i) {
            const std::string name =
                key ? readable + "[" + key + "=" + *selectorValue(node[i], key) + "]"
                    : core::childPath(readable, i);
            flatten(node[i], name, core::childPath(canonical, i), skipNumericArrays, out);
        }
        return;
    }
    out[readable] = JsonLeaf{canonical, node};
}

// Selector of element `index` of the array at `arrayPath` in `doc`, or its index.
std::string elementPath(const core::Json& array, const std::string& arrayPath, std::size_t index) {
    const char* key = selectorKey(array);
    return key ? arrayPath + "[" + key + "=" + *selectorValue(array[index], key) + "]"
               : core::childPath(arrayPath, index);
}

bool isNumberAt(const core::Json& doc, const std::string& path) {
    const core::ConstPathLookup at = core::lookupPath(doc, path);
    return at.node && at.node->is_number();
}

} // namespace

std::map<std::string, JsonLeaf> flattenJson(const core::Json& doc, bool skipNumericArrays) {
    std::map<std::string, JsonLeaf> out;
    flatten(doc, "", "", skipNumericArrays, out);
    return out;
}

std::map<std::string, std::string> readablePaths(const core::Json& doc) {
    std::map<std::string, std::string> out;
    for (const auto& [readable, leaf] : flattenJson(doc))
        out[leaf.canonical] = readable;
    return out;
}

QString formatJsonValue(const core::Json& value) {
    if (value.is_number())
        return QString::number(value.get<double>(), 'g', 10);
    if (value.is_string())
        return toQ(value.get<std::string>());
    return toQ(value.dump());
}

Unit unitOfPath(const std::string& path) {
    const std::string key = path.substr(path.find_last_of(".]") + 1);
    const auto endsWith = [&key](std::string_view tail) {
        return key.size() >= tail.size() &&
               key.compare(key.size() - tail.size(), tail.size(), tail) == 0;
    };
    const auto has = [&key](std::string_view part) { return key.find(part) != std::string::npos; };
    if (has("per_mtok"))
        return Unit::UsdPerMtok;
    if (endsWith("usd_hour"))
        return Unit::UsdPerHour;
    if (endsWith("price_usd_month"))
        return Unit::UsdPerMonth;
    if (endsWith("_usd") || endsWith("usd_month") || endsWith("usd_per_request"))
        return Unit::Usd;
    if (has("share") || has("utilization") || has("savings_") || key == "gini")
        return Unit::Share;
    if (key == "subscribers" || has("requests") || has("tokens_p") || key == "tokens")
        return Unit::Count;
    return Unit::Plain;
}

std::vector<std::string> usefulResultPaths(const core::Json& results) {
    std::vector<std::string> candidates = {"totals.margin_usd", "totals.loss_making_share"};
    const auto addPerElement = [&](const char* list, std::initializer_list<const char*> keys) {
        if (!results.contains(list) || !results[list].is_array() || results[list].empty())
            return;
        for (std::size_t i = 0; i < results[list].size(); ++i) {
            const std::string element = elementPath(results[list], list, i);
            for (const char* key : keys)
                candidates.push_back(element + "." + key);
        }
    };
    addPerElement("tiers", {"population.margin_usd", "breakeven_utilization",
                            "margin_at_full_use_usd", "population.loss_making_share"});
    candidates.push_back("routing.savings_serving");
    addPerElement("models", {"serving_usd_per_mtok", "breakeven_utilization"});
    std::vector<std::string> present;
    for (const std::string& path : candidates)
        if (isNumberAt(results, path))
            present.push_back(path);
    return present;
}

std::vector<InputChoice> continuousInputs(const core::Json& doc, const core::FieldIndex& fields) {
    std::map<std::string, std::pair<std::string, double>> numbers; // canonical -> name, value
    for (const auto& [readable, leaf] : flattenJson(doc))
        if (leaf.value.is_number())
            numbers[leaf.canonical] = {readable, leaf.value.get<double>()};
    std::vector<InputChoice> out;
    for (const auto& [canonical, range] : fields) {
        const auto number = numbers.find(canonical);
        if (!range.integer && number != numbers.end())
            out.push_back({canonical, number->second.first, number->second.second, range});
    }
    return out;
}

} // namespace tierlab::gui
