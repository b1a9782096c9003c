// SPDX-License-Identifier: MIT
#include "mooncake.h"

#include "linereader.h"
#include "scenario/jsonpath.h"

#include <unordered_set>

namespace tierlab::core {

namespace {

// A non-negative whole number field, or a reason.
bool count(const Json& j, const char* key, std::uint64_t& out, std::string& error) {
    const auto it = j.find(key);
    if (it == j.end()) {
        error = std::string(key) + ": missing";
        return false;
    }
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0)) {
        error = std::string(key) + ": not a non-negative whole number: " + it->dump();
        return false;
    }
    out = it->get<std::uint64_t>();
    return true;
}

} // namespace

void readMooncake(ByteSource& source, Aggregator& agg,
                  const std::function<void(std::uint64_t, const std::string&)>& skip,
                  const std::function<void()>& tick) {
    LineReader lines(source);
    std::unordered_set<std::uint64_t> seen;
    std::string_view text;
    std::string error;
    while (lines.next(text)) {
        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        const Json j = Json::parse(text, nullptr, false);
        std::uint64_t ms = 0, input = 0, output = 0;
        if (j.is_discarded() || !j.is_object()) {
            skip(lines.lineNumber(), "not a JSON object");
        } else if (!count(j, "timestamp", ms, error) || !count(j, "input_length", input, error) ||
                   !count(j, "output_length", output, error)) {
            skip(lines.lineNumber(), error);
        } else {
            std::uint64_t hits = 0;
            bool prefix = true;
            if (const auto ids = j.find("hash_ids"); ids != j.end() && ids->is_array()) {
                for (const Json& id : *ids) {
                    if (!id.is_number_integer())
                        continue;
                    const bool hit = !seen.insert(id.get<std::uint64_t>()).second;
                    prefix = prefix && hit;
                    hits += prefix ? 1 : 0;
                }
            }
            UsageRow row;
            row.user = "(trace)";
            row.model = "(trace)";
            row.hasTime = true;
            row.timeUs = static_cast<std::int64_t>(ms) * 1000;
            row.cacheRead = std::min(input, hits * kMooncakeBlockTokens);
            row.input = input - row.cacheRead;
            row.output = output;
            agg.add(row);
        }
        tick();
    }
}

} // namespace tierlab::core
