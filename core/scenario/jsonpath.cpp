// SPDX-License-Identifier: MIT
#include "jsonpath.h"

#include <charconv>
#include <optional>
#include <vector>

namespace tierlab::core {

namespace {

struct Step {
    enum class Kind { Key, Index, Select } kind = Kind::Key;
    std::string key;       // Key: the key; Select: the selector's key
    std::size_t index = 0; // Index
    std::string value;     // Select: the value to match
};

bool plainKey(std::string_view key) {
    if (key.empty())
        return false;
    for (char c : key)
        if (c == '.' || c == '[' || c == ']' || c == '"' || c == '=')
            return false;
    return true;
}

// Parses the inside of [...]: an index, "quoted key" or key=value.
std::optional<Step> parseBracket(std::string_view inner, std::string& error) {
    Step step;
    if (inner.size() >= 2 && inner.front() == '"' && inner.back() == '"') {
        step.key = std::string(inner.substr(1, inner.size() - 2));
        return step;
    }
    if (const auto eq = inner.find('='); eq != std::string_view::npos) {
        step.kind = Step::Kind::Select;
        step.key = std::string(inner.substr(0, eq));
        step.value = std::string(inner.substr(eq + 1));
        if (step.value.size() >= 2 && step.value.front() == '"' && step.value.back() == '"')
            step.value = step.value.substr(1, step.value.size() - 2);
        if (step.key.empty()) {
            error = "empty selector key in [" + std::string(inner) + "]";
            return std::nullopt;
        }
        return step;
    }
    step.kind = Step::Kind::Index;
    const auto [end, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), step.index);
    if (ec != std::errc() || end != inner.data() + inner.size()) {
        error = "expected an index, \"key\" or key=value in [" + std::string(inner) + "]";
        return std::nullopt;
    }
    return step;
}

std::optional<std::vector<Step>> parseSteps(std::string_view path, std::string& error) {
    std::vector<Step> steps;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '[') {
            // A quoted key may hold ']' itself: its bracket closes after the closing quote.
            const bool quoted = i + 1 < path.size() && path[i + 1] == '"';
            const auto close = quoted ? path.find("\"]", i + 2) + 1 : path.find(']', i);
            if (close == std::string_view::npos) {
                error = "unclosed [ in path";
                return std::nullopt;
            }
            auto step = parseBracket(path.substr(i + 1, close - i - 1), error);
            if (!step)
                return std::nullopt;
            steps.push_back(*step);
            i = close + 1;
            continue;
        }
        if (path[i] == '.') {
            if (steps.empty() || i + 1 >= path.size()) {
                error = "misplaced '.' in path";
                return std::nullopt;
            }
            ++i;
        }
        const auto end = path.find_first_of(".[", i);
        const auto key = path.substr(i, end == std::string_view::npos ? path.size() - i : end - i);
        if (key.empty()) {
            error = "empty key in path";
            return std::nullopt;
        }
        steps.push_back({Step::Kind::Key, std::string(key), 0, {}});
        i += key.size();
    }
    if (steps.empty())
        error = "empty path";
    return steps.empty() ? std::nullopt : std::optional(steps);
}

bool matches(const Json& element, const Step& select) {
    if (!element.is_object())
        return false;
    const auto it = element.find(select.key);
    if (it == element.end())
        return false;
    return it->is_string() ? it->get<std::string>() == select.value : it->dump() == select.value;
}

// Walks one step from `node`; creates a missing object key when `create` is set.
Json* walk(Json* node, const Step& step, bool create, std::string& canonical, std::string& error) {
    switch (step.kind) {
    case Step::Kind::Key:
        canonical = childPath(canonical, step.key);
        if (node->is_null() && create)
            *node = Json::object();
        if (!node->is_object()) {
            error = "not an object at " + canonical;
            return nullptr;
        }
        if (!node->contains(step.key) && !create) {
            error = "no key '" + step.key + "' at " + canonical;
            return nullptr;
        }
        return &(*node)[step.key];
    case Step::Kind::Index:
        if (!node->is_array() || step.index >= node->size()) {
            error = "no element " + std::to_string(step.index) + " at " +
                    (canonical.empty() ? "the document" : canonical);
            return nullptr;
        }
        canonical = childPath(canonical, step.index);
        return &(*node)[step.index];
    case Step::Kind::Select:
        if (node->is_array()) {
            for (std::size_t k = 0; k < node->size(); ++k) {
                if (matches((*node)[k], step)) {
                    canonical = childPath(canonical, k);
                    return &(*node)[k];
                }
            }
        }
        error = "no element with " + step.key + "=" + step.value + " in " +
                (canonical.empty() ? "the document" : canonical);
        return nullptr;
    }
    return nullptr;
}

PathLookup resolve(Json& doc, std::string_view path, bool create) {
    PathLookup out;
    const auto steps = parseSteps(path, out.error);
    if (!steps) {
        out.error = "bad path '" + std::string(path) + "': " + out.error;
        return out;
    }
    Json* node = &doc;
    for (const Step& step : *steps) {
        node = walk(node, step, create, out.canonical, out.error);
        if (!node)
            return out;
    }
    out.node = node;
    return out;
}

} // namespace

std::string childPath(const std::string& parent, std::string_view key) {
    if (!plainKey(key))
        return parent + "[\"" + std::string(key) + "\"]";
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string childPath(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

PathLookup lookupPath(Json& doc, std::string_view path) {
    return resolve(doc, path, false);
}

ConstPathLookup lookupPath(const Json& doc, std::string_view path) {
    // resolve() without `create` only reads the document.
    PathLookup found = resolve(const_cast<Json&>(doc), path, false);
    return {found.node, std::move(found.canonical), std::move(found.error)};
}

std::string parentPath(std::string_view path) {
    if (!path.empty() && path.back() == ']') {
        const bool quoted = path.size() >= 2 && path[path.size() - 2] == '"';
        const auto open = quoted ? path.rfind("[\"") : path.rfind('[');
        return open == std::string_view::npos ? std::string() : std::string(path.substr(0, open));
    }
    const auto dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string() : std::string(path.substr(0, dot));
}

SetResult setPath(Json& doc, std::string_view path, Json value) {
    // Work on a copy so that a path failing half-way leaves no created keys behind.
    Json copy = doc;
    PathLookup where = resolve(copy, path, true);
    if (!where.node)
        return {false, {}, where.error};
    *where.node = std::move(value);
    doc = std::move(copy);
    return {true, where.canonical, {}};
}

bool erasePath(Json& doc, std::string_view path) {
    std::string error;
    auto steps = parseSteps(path, error);
    if (!steps)
        return false;
    const Step last = steps->back();
    steps->pop_back();
    Json* node = &doc;
    std::string canonical;
    for (const Step& step : *steps) {
        node = walk(node, step, false, canonical, error);
        if (!node)
            return false;
    }
    if (last.kind == Step::Kind::Key)
        return node->is_object() && node->erase(last.key) > 0;
    if (last.kind == Step::Kind::Index && node->is_array() && last.index < node->size()) {
        node->erase(last.index);
        return true;
    }
    if (last.kind == Step::Kind::Select && node->is_array()) {
        for (std::size_t k = 0; k < node->size(); ++k) {
            if (matches((*node)[k], last)) {
                node->erase(k);
                return true;
            }
        }
    }
    return false;
}

Json parseSetValue(std::string_view text) {
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded())
        return Json(std::string(text));
    return parsed;
}

} // namespace tierlab::core
