// SPDX-License-Identifier: MIT
// An enum's scenario names (core/enumname.h) as the choices of a table column or combo box, so
// the GUI offers what the reader accepts, in the order its error messages list them.
#pragma once

#include "app/convert.h"
#include "enumname.h"

#include <QString>
#include <QStringList>

#include <cstddef>

namespace tierlab::gui {

// The names of `table` in table order; with `unset`, an empty choice first (the key left out).
template <class E, std::size_t N>
QStringList enumChoices(const core::EnumName<E> (&table)[N], bool unset = false) {
    QStringList out;
    if (unset)
        out << QString();
    for (const core::EnumName<E>& e : table)
        out << toQ(e.name);
    return out;
}

// The scenario name of `value`.
template <class E, std::size_t N>
QString enumChoice(const core::EnumName<E> (&table)[N], const E& value) {
    return toQ(core::enumName(table, value));
}

} // namespace tierlab::gui
