// SPDX-License-Identifier: MIT
#include "formats.h"

#include <algorithm>
#include <cctype>

namespace tierlab::core {

namespace {

using R = Role;

const std::string kNoUser = "no user column: all requests belong to one subscriber '(trace)'";
const std::string kNoModel = "no model column: all requests are on model '(trace)'; map it to "
                             "a scenario model with usage.model_map";
const std::string kNoTier = "no tier column: subscribers have no tier; give one with "
                            "usage.tier_map or usage.default_tier";
const std::string kDaily = "rows are daily aggregates: no gaps between requests";

std::vector<Format> makeFormats() {
    std::vector<Format> f;
    f.push_back({"canonical",
                 "TierLab canonical CSV",
                 {{"timestamp", R::Time},
                  {"user_id", R::User},
                  {"tier", R::Tier},
                  {"model", R::Model},
                  {"channel", R::Channel},
                  {"input_tokens", R::Input},
                  {"output_tokens", R::Output},
                  {"cache_read_tokens", R::CacheRead},
                  {"cache_write_tokens", R::CacheWrite}},
                 {},
                 TimeKind::Auto,
                 false,
                 false,
                 0,
                 "interactive",
                 {}});
    f.push_back({"tierlab-daily",
                 "TierLab per-subscriber-day aggregate CSV",
                 {{"day", R::Day},
                  {"user_id", R::User},
                  {"tier", R::Tier},
                  {"model", R::Model},
                  {"channel", R::Channel},
                  {"requests", R::Requests},
                  {"input_tokens", R::Input},
                  {"output_tokens", R::Output},
                  {"cache_read_tokens", R::CacheRead},
                  {"cache_write_tokens", R::CacheWrite}},
                 {},
                 TimeKind::Iso,
                 false,
                 false,
                 0,
                 "interactive",
                 {kDaily}});
    f.push_back({"burstgpt-v2",
                 "BurstGPT v2",
                 {{"Timestamp", R::Time},
                  {"Session ID", R::User},
                  {"Model", R::Model},
                  {"Request tokens", R::Input},
                  {"Response tokens", R::Output},
                  {"Log Type", R::LogType}},
                 {},
                 TimeKind::RelativeSeconds,
                 false,
                 false,
                 0,
                 "interactive",
                 {"each session is a subscriber (BurstGPT has no user column)", kNoTier,
                  "failed requests (0 response tokens) are kept as requests"}});
    f.push_back({"burstgpt",
                 "BurstGPT v1",
                 {{"Timestamp", R::Time},
                  {"Model", R::Model},
                  {"Request tokens", R::Input},
                  {"Response tokens", R::Output},
                  {"Log Type", R::LogType}},
                 {},
                 TimeKind::RelativeSeconds,
                 false,
                 false,
                 0,
                 "interactive",
                 {kNoUser, kNoTier, "failed requests (0 response tokens) are kept as requests"}});
    f.push_back({"openrouter",
                 "OpenRouter activity export",
                 {{"created_at", R::Time},
                  {"user", R::User},
                  {"api_key_name", R::User},
                  {"model_permaslug", R::Model},
                  {"tokens_prompt", R::Prompt},
                  {"tokens_completion", R::Output},
                  {"tokens_cached", R::CacheRead}},
                 {"user", "api_key_name", "tokens_cached"},
                 TimeKind::Auto,
                 false,
                 false,
                 0,
                 "programmatic",
                 {"the subscriber is `user`, or the API key name when it is empty",
                  "tokens_prompt includes tokens_cached: input = prompt - cached", kNoTier,
                  "all requests are programmatic (API)"}});
    f.push_back({"anthropic-console",
                 "Anthropic Console usage export",
                 {{"usage_date_utc", R::Day},
                  {"api_key", R::User},
                  {"workspace", R::User},
                  {"model_version", R::Model},
                  {"usage_input_tokens_no_cache", R::Input},
                  {"usage_input_tokens_cache_write_5m", R::CacheWrite},
                  {"usage_input_tokens_cache_write_1h", R::CacheWrite},
                  {"usage_input_tokens_cache_write", R::CacheWrite},
                  {"usage_input_tokens_cache_read", R::CacheRead},
                  {"usage_output_tokens", R::Output}},
                 {"workspace", "usage_input_tokens_cache_write_5m",
                  "usage_input_tokens_cache_write_1h", "usage_input_tokens_cache_write"},
                 TimeKind::Iso,
                 false,
                 false,
                 0,
                 "programmatic",
                 {"the subscriber is the API key (or the workspace when it is empty)",
                  "no request counts: each row counts as one request", kDaily, kNoTier,
                  "all requests are programmatic (API)"}});
    f.push_back({"openai-legacy",
                 "OpenAI usage export (legacy)",
                 {{"timestamp", R::Time},
                  {"user", R::User},
                  {"organization_id", R::User},
                  {"model", R::Model},
                  {"n_requests", R::Requests},
                  {"n_context_tokens_total", R::Input},
                  {"n_generated_tokens_total", R::Output}},
                 {"user"},
                 TimeKind::Auto,
                 false,
                 false,
                 0,
                 "programmatic",
                 {"the subscriber is `user`, or the organization when it is empty", kNoTier,
                  "rows are aggregates with n_requests requests: no gaps between requests",
                  "all requests are programmatic (API)"}});
    f.push_back({"openai-api",
                 "OpenAI usage API export",
                 {{"user_id", R::User},
                  {"api_key_id", R::User},
                  {"project_id", R::User},
                  {"model", R::Model},
                  {"num_model_requests", R::Requests},
                  {"input_tokens", R::Prompt},
                  {"input_cached_tokens", R::CacheRead},
                  {"output_tokens", R::Output}},
                 {"user_id", "api_key_id"},
                 TimeKind::Auto,
                 false,
                 false,
                 0,
                 "programmatic",
                 {"the subscriber is user_id, else the API key, else the project",
                  "input_tokens includes input_cached_tokens: input = input - cached",
                  "no time column: all rows fall on one day", kNoTier,
                  "all requests are programmatic (API)"}});
    f.push_back({"litellm-spend",
                 "LiteLLM daily spend",
                 {{"date", R::Day},
                  {"api_key", R::User},
                  {"model", R::Model},
                  {"api_requests", R::Requests},
                  {"prompt_tokens", R::Input},
                  {"completion_tokens", R::Output},
                  {"cache_read_input_tokens", R::CacheRead},
                  {"cache_creation_input_tokens", R::CacheWrite}},
                 {"cache_read_input_tokens", "cache_creation_input_tokens"},
                 TimeKind::Iso,
                 false,
                 false,
                 0,
                 "programmatic",
                 {"the subscriber is the API key", kDaily, kNoTier,
                  "all requests are programmatic (API)"}});
    f.push_back(
        {"azure",
         "Azure LLM inference trace (2023, 2024)",
         {{"TIMESTAMP", R::Time}, {"ContextTokens", R::Input}, {"GeneratedTokens", R::Output}},
         {},
         TimeKind::Iso,
         false,
         false,
         0,
         "interactive",
         {kNoUser, kNoModel, kNoTier, "all requests are interactive"}});
    f.push_back({"mooncake",
                 "Mooncake trace (JSON lines)",
                 {},
                 {},
                 TimeKind::RelativeMillis,
                 false,
                 true,
                 0,
                 "interactive",
                 {kNoUser, kNoModel, kNoTier,
                  "input blocks (512 tokens) already seen earlier in the trace are cache reads",
                  "times are milliseconds from the trace start"}});
    f.push_back(
        {"servegen",
         "ServeGen arrival windows (no header)",
         {{"timestamp_s", R::Time}, {"rate_rps", R::RateRps}},
         {},
         TimeKind::RelativeSeconds,
         true,
         false,
         600,
         "interactive",
         {kNoUser, kNoModel, kNoTier, "each row is a 600-second window: requests = rate_rps x 600",
          "no token counts: tokens are 0", "no gaps between requests"}});
    return f;
}

bool isOptional(const Format& f, const std::string& name) {
    return std::find(f.optional.begin(), f.optional.end(), name) != f.optional.end();
}

} // namespace

std::string normalizedName(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const std::vector<Format>& builtInFormats() {
    static const std::vector<Format> formats = makeFormats();
    return formats;
}

const Format* findFormat(std::string_view id) {
    for (const Format& f : builtInFormats())
        if (f.id == id)
            return &f;
    return nullptr;
}

const Format* detectFormat(const std::vector<std::string_view>& header) {
    std::vector<std::string> names;
    for (std::string_view h : header)
        names.push_back(normalizedName(h));
    for (const Format& f : builtInFormats()) {
        if (f.jsonLines || f.headerless)
            continue;
        const bool all = std::all_of(f.columns.begin(), f.columns.end(), [&](const ColumnRole& c) {
            return isOptional(f, c.name) ||
                   std::find(names.begin(), names.end(), normalizedName(c.name)) != names.end();
        });
        if (all)
            return &f;
    }
    return nullptr;
}

std::optional<Format> mappedFormat(std::string_view spec, std::string& error) {
    static const std::pair<std::string_view, Role> roles[] = {
        {"timestamp", R::Time},
        {"day", R::Day},
        {"user_id", R::User},
        {"tier", R::Tier},
        {"model", R::Model},
        {"channel", R::Channel},
        {"requests", R::Requests},
        {"input_tokens", R::Input},
        {"prompt_tokens", R::Prompt},
        {"output_tokens", R::Output},
        {"cache_read_tokens", R::CacheRead},
        {"cache_write_tokens", R::CacheWrite}};
    Format f{"mapped",
             "CSV with a column mapping",
             {},
             {},
             TimeKind::Auto,
             false,
             false,
             0,
             "interactive",
             {}};
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view pair = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == pair.size()) {
            error = "--map: expected role=column, got '" + std::string(pair) + "'";
            return std::nullopt;
        }
        const auto role = pair.substr(0, eq);
        const auto it = std::find_if(std::begin(roles), std::end(roles),
                                     [&](const auto& r) { return r.first == role; });
        if (it == std::end(roles)) {
            error = "--map: unknown role '" + std::string(role) +
                    "' (roles: timestamp, day, user_id, tier, model, channel, requests, "
                    "input_tokens, prompt_tokens, output_tokens, cache_read_tokens, "
                    "cache_write_tokens)";
            return std::nullopt;
        }
        f.columns.push_back({std::string(pair.substr(eq + 1)), it->second});
    }
    const auto has = [&](Role r) {
        return std::any_of(f.columns.begin(), f.columns.end(),
                           [&](const ColumnRole& c) { return c.role == r; });
    };
    if (!has(R::User))
        f.assumptions.push_back(kNoUser);
    if (!has(R::Model))
        f.assumptions.push_back(kNoModel);
    if (!has(R::Time) && !has(R::Day))
        f.assumptions.push_back("no time column: all rows fall on one day");
    return f;
}

} // namespace tierlab::core
