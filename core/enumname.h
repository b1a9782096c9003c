// SPDX-License-Identifier: MIT
// The names documents give enum values ("sliding", "list_usd"): one table of {value, name}
// pairs per enum, next to the enum, through which the scenario reader reads the name
// (ObjectReader::choice) and every writer prints it (enumName). Pairs, not positions, so
// reordering an enum cannot change what a name means (issue #13, as Tiled's
// orientationToString/FromString). Standard headers only: every folder of core may include it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tierlab::core {

template <class E> struct EnumName {
    E value;
    std::string_view name;
};

// The name of `value` in `table`; "?" when the table lacks it.
template <class E, std::size_t N>
constexpr std::string_view enumName(const EnumName<E> (&table)[N], const E& value) {
    for (const EnumName<E>& e : table)
        if (e.value == value)
            return e.name;
    return "?";
}

// The value named `name`; nullopt when no entry has that name.
template <class E, std::size_t N>
constexpr std::optional<E> enumFromName(const EnumName<E> (&table)[N], std::string_view name) {
    for (const EnumName<E>& e : table)
        if (e.name == name)
            return e.value;
    return std::nullopt;
}

// "a, b, c": the names in table order, as error messages list what is allowed.
template <class E, std::size_t N> std::string enumNameList(const EnumName<E> (&table)[N]) {
    std::string list;
    for (const EnumName<E>& e : table)
        list += (list.empty() ? "" : ", ") + std::string(e.name);
    return list;
}

// No value and no name twice, and no empty name: each table's definition asserts it.
template <class E, std::size_t N> constexpr bool enumNamesUnique(const EnumName<E> (&table)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
        if (table[i].name.empty())
            return false;
        for (std::size_t j = 0; j < i; ++j)
            if (table[i].value == table[j].value || table[i].name == table[j].name)
                return false;
    }
    return true;
}

} // namespace tierlab::core
