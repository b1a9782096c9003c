// SPDX-License-Identifier: MIT
#include "fieldreader.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace tierlab::core {

std::string formatNumber(double v) {
    return fmt::format("{}", v);
}

std::string formatSum(double v) {
    return fmt::format("{:.12g}", v);
}

bool Range::contains(double v) const {
    if (std::isnan(v) || (integer && v != std::floor(v)))
        return false;
    const bool lowOk = minOpen ? v > min : v >= min;
    const bool highOk = maxOpen ? v < max : v <= max;
    return lowOk && highOk;
}

std::string Range::describe() const {
    std::string s;
    if (std::isfinite(min))
        s = (minOpen ? "> " : ">= ") + formatNumber(min);
    if (std::isfinite(max))
        s += (s.empty() ? "" : " and ") + std::string(maxOpen ? "< " : "<= ") + formatNumber(max);
    if (integer)
        s = "a whole number" + (s.empty() ? "" : " " + s);
    return "must be " + s;
}

void ReadContext::error(const std::string& path, std::string message) {
    diagnostics.push_back({Diagnostic::Severity::Error, path, std::move(message)});
}

void ReadContext::warning(const std::string& path, std::string message) {
    diagnostics.push_back({Diagnostic::Severity::Warning, path, std::move(message)});
}

ObjectReader::ObjectReader(const Json* node, std::string path, ReadContext& ctx)
    : m_node(node), m_path(std::move(path)), m_ctx(ctx) {
    if (m_node && !m_node->is_object()) {
        m_ctx.error(m_path, "must be an object, got " + m_node->dump());
        m_node = nullptr;
    }
}

ObjectReader::~ObjectReader() {
    if (!m_node)
        return;
    try {
        for (const auto& [key, value] : m_node->items())
            if (!m_known.count(key))
                m_ctx.warning(pathOf(key), "unknown key, kept as is");
    } catch (...) {
        // Only allocation can fail here; a lost warning must not terminate the program.
    }
}

bool ObjectReader::has(std::string_view key) const {
    return m_node && m_node->contains(key) && !(*m_node)[std::string(key)].is_null();
}

const Json* ObjectReader::field(std::string_view key) {
    m_known.emplace(key);
    if (!m_node)
        return nullptr;
    const auto it = m_node->find(key);
    return it == m_node->end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> ObjectReader::checkedNumber(std::string_view key, const Json& v,
                                                  const Range& range) {
    const std::string path = pathOf(key);
    if (!v.is_number()) {
        m_ctx.error(path, "must be a number, got " + v.dump());
        return std::nullopt;
    }
    const double x = v.get<double>();
    m_ctx.fields[path] = range;
    if (!std::isfinite(x) || !range.contains(x)) {
        m_ctx.error(path, range.describe() + ", got " + formatNumber(x));
        return std::nullopt;
    }
    return x;
}

double ObjectReader::number(std::string_view key, double fallback, const Range& range) {
    const Json* v = field(key);
    if (!v) {
        if (m_node)
            m_ctx.fields[pathOf(key)] = range; // absent but settable
        return fallback;
    }
    return checkedNumber(key, *v, range).value_or(fallback);
}

std::optional<double> ObjectReader::optionalNumber(std::string_view key, const Range& range) {
    const Json* v = field(key);
    return v ? checkedNumber(key, *v, range) : std::nullopt;
}

double ObjectReader::requiredNumber(std::string_view key, const Range& range) {
    const Json* v = field(key);
    if (!v) {
        if (m_node)
            m_ctx.error(pathOf(key), "is required");
        return range.contains(0) ? 0 : range.min;
    }
    return checkedNumber(key, *v, range).value_or(range.contains(0) ? 0 : range.min);
}

int ObjectReader::integer(std::string_view key, int fallback, const Range& range) {
    Range whole = range;
    whole.integer = true;
    const double x = number(key, fallback, whole);
    // An int field also has int's limits, so the cast below is always defined.
    constexpr double kMax = std::numeric_limits<int>::max();
    if (std::abs(x) > kMax) {
        m_ctx.error(pathOf(key), "must be <= " + formatNumber(kMax) + ", got " + formatNumber(x));
        return fallback;
    }
    return static_cast<int>(x);
}

bool ObjectReader::boolean(std::string_view key, bool fallback) {
    const Json* v = field(key);
    if (!v)
        return fallback;
    if (!v->is_boolean()) {
        m_ctx.error(pathOf(key), "must be true or false, got " + v->dump());
        return fallback;
    }
    return v->get<bool>();
}

std::string ObjectReader::string(std::string_view key, std::string fallback) {
    const Json* v = field(key);
    if (!v)
        return fallback;
    if (!v->is_string()) {
        m_ctx.error(pathOf(key), "must be a string, got " + v->dump());
        return fallback;
    }
    return v->get<std::string>();
}

std::optional<std::string> ObjectReader::requiredString(std::string_view key) {
    const Json* v = field(key);
    if (!v || !v->is_string() || v->get<std::string>().empty()) {
        if (m_node)
            m_ctx.error(pathOf(key), v ? "must be a non-empty string, got " + v->dump()
                                       : std::string("is required"));
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::size_t> ObjectReader::choiceIndex(std::string_view key,
                                                     std::span<const std::string_view> names) {
    const Json* v = field(key);
    if (!v)
        return std::nullopt;
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (v->is_string() && v->get<std::string>() == names[i])
            return i;
        list += (i ? ", " : "") + std::string(names[i]);
    }
    m_ctx.error(pathOf(key), "must be one of " + list + ", got " + v->dump());
    return std::nullopt;
}

std::string_view ObjectReader::choice(std::string_view key, std::string_view fallback,
                                      std::span<const std::string_view> names) {
    const auto i = choiceIndex(key, names);
    return i ? names[*i] : fallback;
}

const Json* ObjectReader::child(std::string_view key) {
    return field(key);
}

void ObjectReader::accept(std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys)
        m_known.emplace(k);
}

} // namespace tierlab::core
