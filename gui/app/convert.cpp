// SPDX-License-Identifier: MIT
#include "convert.h"

namespace tierlab::gui {

QString formatValue(double value, Unit unit) {
    return toQ(core::formatNumber(value, unit));
}

QString unitLabel(Unit unit) {
    return toQ(core::numberUnitLabel(unit));
}

} // namespace tierlab::gui
