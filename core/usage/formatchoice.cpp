// SPDX-License-Identifier: MIT
#include "formatchoice.h"

#include "bytesource.h"

#include <stdexcept>

namespace tierlab::core {

namespace {

bool looksNumeric(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789.") == std::string_view::npos;
}

// ServeGen windows have no header: six fields, numbers first.
bool looksLikeServeGen(const CsvRecord& r) {
    return r.fields.size() == 6 && looksNumeric(r.fields[0]) && looksNumeric(r.fields[1]);
}

std::string columnList(const std::vector<std::string_view>& header) {
    std::string list;
    for (std::string_view h : header)
        list += (list.empty() ? "" : ", ") + std::string(h.substr(0, 40));
    return list;
}

} // namespace

std::string readHead(ByteSource& source) {
    std::string head(4096, '\0');
    std::size_t got = 0;
    while (got < head.size()) {
        const std::size_t n = source.read(head.data() + got, head.size() - got);
        if (n == 0)
            break;
        got += n;
    }
    head.resize(got);
    return head;
}

bool isJsonLines(const std::string& head, const ImportOptions& o) {
    if (!o.format.empty())
        return o.format == "mooncake";
    if (!o.map.empty())
        return false;
    const auto first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first != std::string::npos && head[first] == '{';
}

const Format* detectCsvFormat(const CsvRecord& first) {
    if (const Format* f = detectFormat(first.fields))
        return f;
    return looksLikeServeGen(first) ? findFormat("servegen") : nullptr;
}

const Format& chooseCsvFormat(const ImportOptions& o, const CsvRecord& first, Format& mapped,
                              bool& firstIsData) {
    firstIsData = false;
    if (!o.map.empty()) {
        std::string error;
        auto f = mappedFormat(o.map, error);
        if (!f)
            throw std::invalid_argument(error);
        mapped = *f;
        return mapped;
    }
    if (!o.format.empty()) {
        const Format* f = findFormat(o.format);
        if (!f)
            throw std::invalid_argument("unknown format '" + o.format + "' (see --help)");
        firstIsData = f->headerless;
        return *f;
    }
    if (const Format* f = detectCsvFormat(first)) {
        firstIsData = f->headerless;
        return *f;
    }
    throw std::invalid_argument(
        o.path + ":" + std::to_string(first.line) + ": cannot tell the format from the header (" +
        columnList(first.fields) + "); name it with --format or map the columns with --map");
}

} // namespace tierlab::core
