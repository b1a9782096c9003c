// SPDX-License-Identifier: MIT
// Usage file formats: how each known export's columns map to TierLab's usage row, detected
// from the header (column names, in any order) or named with --format, plus a user mapping
// (--map) for any other CSV. docs/import.md lists the real headers.
#pragma once

#include "timestamp.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab::core {

// What a column means to TierLab.
enum class Role {
    Time, // timestamp of the request (kind per format)
    Day,  // a date: the row aggregates that day
    User, // subscriber; several User columns: the first non-empty wins
    Tier,
    Model,
    Channel,  // "interactive" / "programmatic" (also "conversation", "api", ...)
    LogType,  // BurstGPT: "Conversation log" -> interactive, "API log" -> programmatic
    Requests, // request count of an aggregated row (default 1)
    RateRps,  // ServeGen: requests per second over the row's window
    Input,    // uncached input tokens
    Prompt,   // input tokens including cached ones (cached are subtracted)
    Output,
    CacheRead,
    CacheWrite, // several CacheWrite columns are added up
};

struct ColumnRole {
    std::string name; // header name
    Role role;
};

struct Format {
    std::string id; // for --format
    std::string title;
    std::vector<ColumnRole> columns;
    std::vector<std::string> optional; // columns that may be missing from the header
    TimeKind timeKind = TimeKind::Auto;
    bool headerless = false;  // ServeGen: no header row
    bool jsonLines = false;   // Mooncake: JSON lines, read by its own reader
    double windowSeconds = 0; // RateRps rows: the window each row covers
    std::string defaultChannel = "interactive";
    std::vector<std::string> assumptions; // what the import assumes, told to the user
};

// A column or value name as compared: trimmed of spaces and lower-cased.
std::string normalizedName(std::string_view name);

// Every built-in format, most specific first.
const std::vector<Format>& builtInFormats();
const Format* findFormat(std::string_view id);

// The first built-in format whose required columns are all in `header` (case-insensitive,
// spaces trimmed). Null when none matches.
const Format* detectFormat(const std::vector<std::string_view>& header);

// A format from a --map specification "role=column,...", with roles named as the canonical
// columns: timestamp, day, user_id, tier, model, channel, requests, input_tokens,
// prompt_tokens, output_tokens, cache_read_tokens, cache_write_tokens. Error on an unknown
// role or a malformed pair.
std::optional<Format> mappedFormat(std::string_view spec, std::string& error);

} // namespace tierlab::core
