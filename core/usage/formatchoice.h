// SPDX-License-Identifier: MIT
// How an import (and its preview) chooses the reader and format of a usage file: one set of
// rules, so that the preview cannot disagree with the import.
#pragma once

#include "csvreader.h"
#include "formats.h"
#include "importer.h"

#include <string>

namespace tierlab::core {

class ByteSource;

// The first bytes of a source (up to 4 KB), to choose its reader.
std::string readHead(ByteSource& source);

// JSON lines when named so (mooncake), or when the file starts with '{' and no CSV option
// says otherwise.
bool isJsonLines(const std::string& head, const ImportOptions& options);

// The built-in format a CSV's first record selects on its own: a known header, or ServeGen's
// headerless six numeric fields. Null when neither.
const Format* detectCsvFormat(const CsvRecord& first);

// The format of a CSV from the options (--map, --format) or its first record. `mapped` holds
// a --map format; `firstIsData` says whether the first record is data (headerless) rather
// than a header. Throws std::invalid_argument with "file:line: reason" when no format fits.
const Format& chooseCsvFormat(const ImportOptions& options, const CsvRecord& first, Format& mapped,
                              bool& firstIsData);

} // namespace tierlab::core
