// SPDX-License-Identifier: MIT
#include "report/reportcontent.h"

#include "format/numberformat.h"

namespace tierlab::core {

std::string formatReportNumber(double value, ReportUnit unit) {
    switch (unit) {
    case ReportUnit::Usd:
        return formatNumber(value, NumberUnit::Usd);
    case ReportUnit::Share:
        return formatNumber(value, NumberUnit::Share);
    case ReportUnit::Count:
        return formatNumber(value, NumberUnit::Count);
    case ReportUnit::Number:
    case ReportUnit::Text:
        break;
    }
    return formatNumber(value, NumberUnit::Plain);
}

ReportCell ReportCell::number(double value, ReportUnit unit) {
    return {formatReportNumber(value, unit), value, unit};
}

} // namespace tierlab::core
