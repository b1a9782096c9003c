// SPDX-License-Identifier: MIT
// Reads one JSON object's fields with their paths: type and range checks become diagnostics,
// numeric fields are recorded with their valid range (for goal seek and sensitivity), and
// keys nobody asked for are reported as unknown.
#pragma once

#include "diagnostic.h"
#include "enumname.h"
#include "jsonpath.h"

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace tierlab::core {

// The valid range of a numeric input.
struct Range {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool minOpen = false; // min itself is excluded
    bool maxOpen = false;
    bool integer = false; // whole numbers only

    static Range atLeast(double m) { return {m, kInf, false, false, false}; }
    static Range above(double m) { return {m, kInf, true, false, false}; }
    static Range closed(double lo, double hi) { return {lo, hi, false, false, false}; }
    static Range wholeAtLeast(double m) { return {m, kInf, false, false, true}; }

    bool contains(double v) const;
    std::string describe() const; // "must be >= 0", "must be > 0 and <= 1", ...

private:
    static constexpr double kInf = std::numeric_limits<double>::infinity();
};

// Every numeric input of a scenario by canonical path.
using FieldIndex = std::map<std::string, Range>;

// Shared state of one read: where diagnostics and numeric fields go.
struct ReadContext {
    Diagnostics& diagnostics;
    FieldIndex& fields;

    void error(const std::string& path, std::string message);
    void warning(const std::string& path, std::string message);
};

class ObjectReader {
public:
    // `node` may be null or not an object: then every field reads as missing, and a
    // non-object is reported once.
    ObjectReader(const Json* node, std::string path, ReadContext& ctx);
    ~ObjectReader();
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;

    bool valid() const { return m_node != nullptr; }
    ReadContext& context() { return m_ctx; }
    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const { return childPath(m_path, key); }
    bool has(std::string_view key) const;

    // A number in `range`; the default when missing (or null), an error when required.
    double number(std::string_view key, double fallback, const Range& range);
    std::optional<double> optionalNumber(std::string_view key, const Range& range);
    double requiredNumber(std::string_view key, const Range& range);
    int integer(std::string_view key, int fallback, const Range& range);
    bool boolean(std::string_view key, bool fallback);
    std::string string(std::string_view key, std::string fallback);
    std::optional<std::string> requiredString(std::string_view key);
    // One of the names of `table` (core/enumname.h): the value it names; nullopt when missing,
    // and when not one of them (an error lists the names in table order).
    template <class E, std::size_t N>
    std::optional<E> choice(std::string_view key, const EnumName<E> (&table)[N]) {
        std::string_view names[N];
        for (std::size_t i = 0; i < N; ++i)
            names[i] = table[i].name;
        const auto i = choiceIndex(key, names);
        return i ? std::optional<E>(table[*i].value) : std::nullopt;
    }
    // As above, `fallback` when missing or not one of the names.
    template <class E, std::size_t N>
    E choice(std::string_view key, std::type_identity_t<E> fallback,
             const EnumName<E> (&table)[N]) {
        return choice(key, table).value_or(fallback);
    }
    // One of `names`, for a key kept as its name: the name given, `fallback` when missing or
    // not one of them.
    std::string_view choice(std::string_view key, std::string_view fallback,
                            std::span<const std::string_view> names);
    // The child node of `key` (marked as known), or null when missing or null.
    const Json* child(std::string_view key);
    // Marks keys as known without reading them.
    void accept(std::initializer_list<std::string_view> keys);

private:
    const Json* field(std::string_view key);
    // The index of the name given at `key` in `names`; nullopt when missing or not one of them
    // (an error).
    std::optional<std::size_t> choiceIndex(std::string_view key,
                                           std::span<const std::string_view> names);
    std::optional<double> checkedNumber(std::string_view key, const Json& v, const Range& range);

    const Json* m_node;
    std::string m_path;
    ReadContext& m_ctx;
    std::set<std::string, std::less<>> m_known;
};

// Formats a number the way messages and tables show it: shortest form that reads back.
std::string formatNumber(double v);
// A computed sum for a message: 12 significant digits, so 0.8 + 0.15 shows as 0.95.
std::string formatSum(double v);

} // namespace tierlab::core
