// SPDX-License-Identifier: MIT
#include "rowmapper.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tierlab::core {

namespace {

constexpr std::uint64_t kMaxCount = 1ULL << 53; // exact in a double, summable without loss

std::string quoted(std::string_view s) {
    return "'" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "...'" : "'");
}

std::optional<Channel> parseChannel(std::string_view text) {
    if (text == "interactive") // the canonical spellings, without a lower-cased copy
        return Channel::Interactive;
    if (text == "programmatic")
        return Channel::Programmatic;
    const std::string c = normalizedName(text);
    if (c == "interactive" || c == "chat" || c == "conversation" || c == "conversation log")
        return Channel::Interactive;
    if (c == "programmatic" || c == "api" || c == "api log" || c == "batch" || c == "sdk")
        return Channel::Programmatic;
    return std::nullopt;
}

} // namespace

std::optional<std::uint64_t> parseCount(std::string_view text, std::string& error) {
    // Plain digits, as in every real export, by a short loop before from_chars and the checks
    // below: four or five counts a row were a sixth of the parse (perf, 2M-row file). 15 digits
    // stay below kMaxCount (2^53 has 16).
    if (!text.empty() && text.size() <= 15) {
        std::uint64_t plain = 0;
        std::size_t k = 0;
        for (; k < text.size(); ++k) {
            const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(text[k])) - '0';
            if (d > 9)
                break;
            plain = plain * 10 + d;
        }
        if (k == text.size())
            return plain;
    }
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec == std::errc() && p == end && v <= kMaxCount)
        return v;
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && p == end)) {
        error = "overflow: " + quoted(text);
        return std::nullopt;
    }
    double d = 0;
    auto [q, ec2] = std::from_chars(text.data(), end, d);
    if (ec2 != std::errc() || q != end || !std::isfinite(d)) {
        error = text.empty() ? std::string("empty") : "not a number: " + quoted(text);
        return std::nullopt;
    }
    if (d < 0) {
        error = "negative: " + quoted(text);
        return std::nullopt;
    }
    if (d != std::floor(d)) {
        error = "not a whole number: " + quoted(text);
        return std::nullopt;
    }
    if (d > static_cast<double>(kMaxCount)) {
        error = "overflow: " + quoted(text);
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(d);
}

RowMapper::RowMapper(const Format& format, const std::vector<std::string_view>& header)
    : m_format(format), m_fieldCount(header.size()) {
    // Without a header, columns are found by position: the rows must have them all.
    if (format.headerless && header.size() < format.columns.size())
        throw std::invalid_argument("expected at least " + std::to_string(format.columns.size()) +
                                    " columns for format " + format.id + ", got " +
                                    std::to_string(header.size()));
    std::vector<std::string> names;
    for (std::string_view h : header)
        names.push_back(normalizedName(h));
    for (std::size_t k = 0; k < format.columns.size(); ++k) {
        const ColumnRole& c = format.columns[k];
        Column col{-1, c.name};
        if (format.headerless) {
            col.index = static_cast<int>(k);
        } else {
            const std::string want = normalizedName(c.name);
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == want)
                    col.index = static_cast<int>(i);
        }
        const bool optional = std::find(format.optional.begin(), format.optional.end(), c.name) !=
                              format.optional.end();
        if (col.index < 0 && !optional)
            throw std::invalid_argument("missing column '" + c.name + "'");
        if (col.index < 0)
            continue;
        switch (c.role) {
        case Role::Time:
            m_time = col;
            break;
        case Role::Day:
            m_day = col;
            break;
        case Role::User:
            m_users.push_back(col);
            break;
        case Role::Tier:
            m_tier = col;
            break;
        case Role::Model:
            m_model = col;
            break;
        case Role::Channel:
            m_channel = col;
            break;
        case Role::LogType:
            m_logType = col;
            break;
        case Role::Requests:
            m_requests = col;
            break;
        case Role::RateRps:
            m_rate = col;
            break;
        case Role::Input:
            m_input = col;
            break;
        case Role::Prompt:
            m_prompt = col;
            break;
        case Role::Output:
            m_output = col;
            break;
        case Role::CacheRead:
            m_cacheRead = col;
            break;
        case Role::CacheWrite:
            m_cacheWrite.push_back(col);
            break;
        }
    }
}

bool RowMapper::number(const CsvRecord& r, const Column& c, std::uint64_t& out,
                       std::string& error) const {
    if (c.index < 0)
        return true;
    const auto v = parseCount(r.fields[static_cast<std::size_t>(c.index)], error);
    if (!v) {
        error = c.name + ": " + error;
        return false;
    }
    out = *v;
    return true;
}

bool RowMapper::numberSum(const CsvRecord& r, const std::vector<Column>& cs, std::uint64_t& out,
                          std::string& error) const {
    out = 0;
    for (const Column& c : cs) {
        std::uint64_t v = 0;
        if (!number(r, c, v, error))
            return false;
        out += v;
    }
    return true;
}

bool RowMapper::time(const CsvRecord& r, UsageRow& row, std::string& error) const {
    const Column& c = m_time.index >= 0 ? m_time : m_day;
    row.hasTime = c.index >= 0;
    if (!row.hasTime)
        return true;
    const auto t = parseTime(r.fields[static_cast<std::size_t>(c.index)],
                             m_time.index >= 0 ? m_format.timeKind : TimeKind::Iso, error);
    if (!t) {
        error = c.name + ": " + error;
        return false;
    }
    row.timeUs = t->us;
    return true;
}

bool RowMapper::map(const CsvRecord& r, UsageRow& row, std::string& error) const {
    std::size_t fields = r.fields.size();
    if (fields == m_fieldCount + 1 && r.fields.back().empty())
        fields = m_fieldCount; // a trailing separator
    if (fields != m_fieldCount) {
        error = "expected " + std::to_string(m_fieldCount) + " fields, got " +
                std::to_string(r.fields.size());
        return false;
    }
    row = UsageRow{};
    const auto text = [&](const Column& c) {
        return c.index >= 0 ? r.fields[static_cast<std::size_t>(c.index)] : std::string_view();
    };
    for (const Column& u : m_users) {
        row.user = text(u);
        if (!row.user.empty())
            break;
    }
    if (m_users.empty())
        row.user = "(trace)";
    row.tier = text(m_tier);
    row.model = m_model.index >= 0 ? text(m_model) : std::string_view("(trace)");
    const bool daily = m_day.index >= 0 && m_time.index < 0;
    row.perRequest = m_requests.index < 0 && m_rate.index < 0 && !daily;
    if (!time(r, row, error))
        return false;
    const Column& ch = m_channel.index >= 0 ? m_channel : m_logType;
    const auto channel = parseChannel(ch.index >= 0 ? text(ch) : m_format.defaultChannel);
    if (!channel) {
        error =
            ch.name + ": unknown channel " + quoted(text(ch)) + " (interactive or programmatic)";
        return false;
    }
    row.channel = *channel;
    if (!number(r, m_requests, row.requests, error) || !number(r, m_input, row.input, error) ||
        !number(r, m_output, row.output, error) || !number(r, m_cacheRead, row.cacheRead, error) ||
        !numberSum(r, m_cacheWrite, row.cacheWrite, error))
        return false;
    if (m_rate.index >= 0) {
        double rate = 0;
        const auto t = text(m_rate);
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), rate);
        if (ec != std::errc() || p != t.data() + t.size() || !(rate >= 0) || !std::isfinite(rate)) {
            error = m_rate.name + ": not a non-negative number: " + quoted(t);
            return false;
        }
        row.requests = static_cast<std::uint64_t>(std::llround(rate * m_format.windowSeconds));
    }
    if (m_prompt.index >= 0) {
        std::uint64_t prompt = 0;
        if (!number(r, m_prompt, prompt, error))
            return false;
        if (prompt < row.cacheRead) {
            error = m_prompt.name + ": fewer tokens (" + std::to_string(prompt) +
                    ") than cached (" + std::to_string(row.cacheRead) + ")";
            return false;
        }
        row.input = prompt - row.cacheRead;
    }
    return true;
}

} // namespace tierlab::core
