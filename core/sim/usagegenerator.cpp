// SPDX-License-Identifier: MIT
#include "sim/usagegenerator.h"

#include "sim/random.h"
#include "sim/simparams.h"
#include "usage/timestamp.h"

#include <queue>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace tierlab::core {

namespace {

constexpr double kVolumeSigma = 1.6;      // lognormal sigma of a subscriber's request volume
constexpr double kAgentGapScale = 0.2;    // agents' gaps are 5x shorter than a person's
constexpr double kChatInputMedian = 2500; // tokens of a chat turn's prompt (with its history)
constexpr double kChatInputSigma = 1.0;
constexpr double kChatOutputMedian = 450;
constexpr double kChatOutputSigma = 0.8;
constexpr double kAgentPromptMedian = 15000; // system prompt and tools of an agent session
constexpr double kAgentPromptSigma = 0.5;
constexpr double kAgentNewMedian = 1200; // tokens a turn appends (tool results, edits)
constexpr double kAgentNewSigma = 1.2;
constexpr double kAgentOutputMedian = 700;
constexpr double kAgentOutputSigma = 0.8;
constexpr double kAgentUncachedMedian = 40;     // uncached input of an agent turn
constexpr double kAgentCompactAt = 160000;      // context compacted past this ...
constexpr double kAgentCompactedMedian = 20000; // ... to about this

double logNormal(Xoshiro256pp& rng, double median, double sigma) {
    return median * std::exp(sigma * standardNormal(rng));
}

std::uint64_t tokens(double v) {
    return v < 1 ? 1 : static_cast<std::uint64_t>(v);
}

// Index into cumulative weights (last entry is the total).
std::size_t pick(const std::vector<double>& cumulative, double u) {
    const double x = u * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                                 cumulative.size() - 1);
}

std::vector<double> cumulativeOf(const std::vector<double>& weights) {
    std::vector<double> c(weights.size());
    std::partial_sum(weights.begin(), weights.end(), c.begin());
    return c;
}

struct Session {
    std::int64_t startMs = 0;
    std::uint32_t user = 0;
    std::uint32_t remaining = 0; // requests left
    std::uint16_t model = 0;     // index into the tier's models
    bool agent = false;
    double contextTokens = 0; // an agent's cached context so far
    std::int64_t nextMs = 0;
    Xoshiro256pp rng{0};
};

class Writer {
public:
    explicit Writer(const std::function<void(std::string_view)>& write) : m_write(write) {
        m_buffer.reserve(kChunk + 256);
    }
    ~Writer() = default;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void text(std::string_view s) { m_buffer.append(s); }
    void number(std::uint64_t v, int width = 0) {
        std::array<char, 24> digits{};
        const auto r = std::to_chars(digits.data(), digits.data() + digits.size(), v);
        for (auto n = static_cast<int>(r.ptr - digits.data()); n < width; ++n)
            m_buffer.push_back('0');
        m_buffer.append(digits.data(), r.ptr);
    }
    void endRow() {
        m_buffer.push_back('\n');
        if (m_buffer.size() >= kChunk)
            flush();
    }
    void flush() {
        if (!m_buffer.empty())
            m_write(m_buffer);
        m_buffer.clear();
    }

private:
    static constexpr std::size_t kChunk = 1 << 20;
    const std::function<void(std::string_view)>& m_write;
    std::string m_buffer;
};

// YYYY-MM-DDTHH:MM:SS.mmmZ
void writeTime(Writer& w, std::int64_t ms) {
    const std::int64_t days = floorDiv(ms, 86400000);
    const std::int64_t inDay = ms - days * 86400000;
    int year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(days, year, month, day);
    w.number(static_cast<std::uint64_t>(year), 4);
    w.text("-");
    w.number(month, 2);
    w.text("-");
    w.number(day, 2);
    w.text("T");
    w.number(static_cast<std::uint64_t>(inDay / 3600000), 2);
    w.text(":");
    w.number(static_cast<std::uint64_t>(inDay / 60000 % 60), 2);
    w.text(":");
    w.number(static_cast<std::uint64_t>(inDay / 1000 % 60), 2);
    w.text(".");
    w.number(static_cast<std::uint64_t>(inDay % 1000), 3);
    w.text("Z");
}

void validate(const GeneratorSpec& s, const std::vector<GeneratorTier>& tiers) {
    if (s.rows == 0)
        throw std::invalid_argument("rows must be at least 1");
    if (s.rows > 4'000'000'000ULL)
        throw std::invalid_argument("rows must be at most 4000000000");
    if (s.days < 1 || s.days > 3660)
        throw std::invalid_argument("days must be in [1, 3660]");
    if (s.subscribers > 100'000'000ULL)
        throw std::invalid_argument("subscribers must be at most 100000000");
    if (tiers.empty())
        throw std::invalid_argument("at least one tier is needed");
    for (const GeneratorTier& t : tiers) {
        if (!(t.share > 0) || !std::isfinite(t.share))
            throw std::invalid_argument("tier " + t.name + ": share must be > 0");
        if (t.models.empty())
            throw std::invalid_argument("tier " + t.name + ": no models");
    }
}

} // namespace

std::vector<GeneratorTier> defaultGeneratorTiers() {
    return {
        {"free", 0.55, {{"haiku", 0.7}, {"sonnet", 0.3}}},
        {"pro", 0.35, {{"haiku", 0.2}, {"sonnet", 0.65}, {"opus", 0.15}}},
        {"max5x", 0.07, {{"haiku", 0.1}, {"sonnet", 0.5}, {"opus", 0.4}}},
        {"max20x", 0.03, {{"haiku", 0.05}, {"sonnet", 0.45}, {"opus", 0.5}}},
    };
}

std::vector<GeneratorTier> parseGeneratorTiers(std::string_view text) {
    const std::vector<GeneratorTier> defaults = defaultGeneratorTiers();
    std::vector<GeneratorTier> tiers;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw std::invalid_argument("tier \"" + std::string(item) +
                                        "\": expected name:share, e.g. pro:0.35");
        GeneratorTier t;
        t.name = std::string(item.substr(0, colon));
        const std::string_view share = item.substr(colon + 1);
        const auto r = std::from_chars(share.data(), share.data() + share.size(), t.share);
        if (r.ec != std::errc{} || r.ptr != share.data() + share.size() || !(t.share > 0) ||
            !std::isfinite(t.share))
            throw std::invalid_argument("tier \"" + std::string(item) +
                                        "\": share must be a number > 0");
        for (const GeneratorTier& d : tiers)
            if (d.name == t.name)
                throw std::invalid_argument("tier \"" + t.name + "\" is named twice");
        const auto known = std::find_if(defaults.begin(), defaults.end(),
                                        [&](const GeneratorTier& d) { return d.name == t.name; });
        t.models = (known != defaults.end() ? *known : defaults[1]).models;
        tiers.push_back(std::move(t));
    }
    if (tiers.empty())
        throw std::invalid_argument("no tiers given");
    return tiers;
}

GeneratorStats generateUsage(const GeneratorSpec& spec,
                             const std::function<void(std::string_view)>& write) {
    const std::vector<GeneratorTier> tiers =
        spec.tiers.empty() ? defaultGeneratorTiers() : spec.tiers;
    validate(spec, tiers);
    const std::uint64_t users =
        spec.subscribers > 0 ? spec.subscribers : std::max<std::uint64_t>(1, spec.rows / 50);
    Xoshiro256pp rng(spec.seed);

    // Subscribers: a tier, a volume weight (lognormal: a few send most requests), the share of
    // their sessions an agent runs (Kumaraswamy(0.6, 3), mean 0.13: most people chat, a few
    // run agents) and a UTC offset in [0, 3] hours.
    std::vector<double> tierWeights;
    for (const GeneratorTier& t : tiers)
        tierWeights.push_back(t.share);
    const std::vector<double> tierCumulative = cumulativeOf(tierWeights);
    std::vector<std::vector<double>> modelCumulative;
    for (const GeneratorTier& t : tiers) {
        std::vector<double> w;
        for (const auto& m : t.models)
            w.push_back(m.second);
        modelCumulative.push_back(cumulativeOf(w));
    }
    std::vector<std::uint16_t> userTier(users);
    std::vector<double> volume(users);
    std::vector<float> agentShare(users);
    std::vector<std::uint8_t> offsetHours(users);
    double totalVolume = 0;
    for (std::uint64_t u = 0; u < users; ++u) {
        userTier[u] = static_cast<std::uint16_t>(pick(tierCumulative, uniform01(rng)));
        volume[u] = std::exp(kVolumeSigma * standardNormal(rng));
        totalVolume += volume[u];
        const double k = std::pow(1 - std::pow(1 - uniform01(rng), 1.0 / 3.0), 1.0 / 0.6);
        agentShare[u] = static_cast<float>(std::min(0.9, k));
        offsetHours[u] = static_cast<std::uint8_t>(uniformInt(rng, 3));
    }

    // Requests per subscriber: rows split by volume, largest remainders first, so that the
    // file has exactly spec.rows rows.
    std::vector<std::uint64_t> count(users);
    std::vector<std::pair<double, std::uint32_t>> remainders(users);
    std::uint64_t assigned = 0;
    for (std::uint64_t u = 0; u < users; ++u) {
        const double exact = static_cast<double>(spec.rows) * volume[u] / totalVolume;
        count[u] = static_cast<std::uint64_t>(exact);
        assigned += count[u];
        remainders[u] = {exact - static_cast<double>(count[u]), static_cast<std::uint32_t>(u)};
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    for (std::uint64_t i = 0; assigned < spec.rows; ++i, ++assigned)
        ++count[remainders[i % users].second];

    // Sessions: after each request a session ends with the between-session weight of the gap
    // mixture (0.05: 20 requests on average); it starts on a uniform day, at a local hour drawn
    // from the hourly activity profile. Within a session the gaps are the mixture's other
    // components (an agent's 5x shorter).
    const std::vector<GapLaw> gaps = defaultGaps();
    double endProbability = 0;
    std::vector<double> withinWeights;
    std::vector<const GapLaw*> within;
    for (const GapLaw& g : gaps) {
        if (g.betweenSessions) {
            endProbability += g.weight;
        } else {
            within.push_back(&g);
            withinWeights.push_back(g.weight);
        }
    }
    const std::vector<double> withinCumulative = cumulativeOf(withinWeights);
    const std::array<double, 24> profile = defaultHourlyProfile();
    const std::vector<double> hourCumulative =
        cumulativeOf(std::vector<double>(profile.begin(), profile.end()));

    std::vector<Session> sessions;
    sessions.reserve(static_cast<std::size_t>(static_cast<double>(spec.rows) * endProbability) +
                     users / 4 + 16);
    for (std::uint64_t u = 0; u < users; ++u) {
        std::uint64_t left = count[u];
        while (left > 0) {
            std::uint64_t length = 1;
            while (length < left && uniform01(rng) >= endProbability)
                ++length;
            left -= length;
            Session s;
            s.user = static_cast<std::uint32_t>(u);
            s.remaining = static_cast<std::uint32_t>(length);
            s.agent = uniform01(rng) < agentShare[u];
            s.model =
                static_cast<std::uint16_t>(pick(modelCumulative[userTier[u]], uniform01(rng)));
            const auto dayIndex = uniformInt(rng, spec.days - 1);
            const auto localHour = static_cast<int>(pick(hourCumulative, uniform01(rng)));
            const int utcHour = (localHour - offsetHours[u] + 24) % 24;
            s.startMs = spec.startMs + std::int64_t{dayIndex} * 86400000 +
                        std::int64_t{utcHour} * 3600000 +
                        static_cast<std::int64_t>(uniform01(rng) * 3600000.0);
            s.nextMs = s.startMs;
            s.rng = Xoshiro256pp(spec.seed ^ (0x9E3779B97F4A7C15ULL * (sessions.size() + 1)));
            sessions.push_back(s);
        }
    }
    std::vector<std::uint32_t> order(sessions.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return sessions[a].startMs < sessions[b].startMs ||
               (sessions[a].startMs == sessions[b].startMs && a < b);
    });

    Writer w(write);
    w.text("timestamp,user_id,tier,model,channel,input_tokens,output_tokens,cache_read_tokens,"
           "cache_write_tokens");
    w.endRow();

    // Rows in time order: a merge of the sessions' request times (ties by session index).
    using Next = std::pair<std::int64_t, std::uint32_t>;
    std::priority_queue<Next, std::vector<Next>, std::greater<>> active;
    std::size_t started = 0;
    GeneratorStats stats;
    stats.sessions = sessions.size();
    for (std::uint64_t u = 0; u < users; ++u)
        stats.subscribers += count[u] > 0;
    while (started < order.size() || !active.empty()) {
        if (active.empty() || (started < order.size() && Next{sessions[order[started]].startMs,
                                                              order[started]} < active.top())) {
            active.push({sessions[order[started]].startMs, order[started]});
            ++started;
            continue;
        }
        const std::uint32_t index = active.top().second;
        active.pop();
        Session& s = sessions[index];
        const GeneratorTier& tier = tiers[userTier[s.user]];
        std::uint64_t input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
        if (s.agent) {
            // An agent turn reads its context from the cache, writes what it appended, and
            // sends a few uncached tokens; the context grows by the turn and its reply.
            const bool first = s.contextTokens == 0;
            const double added = first ? logNormal(s.rng, kAgentPromptMedian, kAgentPromptSigma)
                                       : logNormal(s.rng, kAgentNewMedian, kAgentNewSigma);
            input = tokens(logNormal(s.rng, kAgentUncachedMedian, 1.0));
            output = tokens(logNormal(s.rng, kAgentOutputMedian, kAgentOutputSigma));
            cacheRead = first ? 0 : tokens(s.contextTokens);
            cacheWrite = tokens(added);
            s.contextTokens += added + static_cast<double>(output);
            if (s.contextTokens > kAgentCompactAt)
                s.contextTokens = logNormal(s.rng, kAgentCompactedMedian, 0.3);
        } else {
            input = tokens(logNormal(s.rng, kChatInputMedian, kChatInputSigma));
            output = tokens(logNormal(s.rng, kChatOutputMedian, kChatOutputSigma));
        }
        writeTime(w, s.nextMs);
        w.text(",u");
        w.number(s.user, 6);
        w.text(",");
        w.text(tier.name);
        w.text(",");
        w.text(tier.models[s.model].first);
        w.text(s.agent ? ",programmatic," : ",interactive,");
        w.number(input);
        w.text(",");
        w.number(output);
        w.text(",");
        w.number(cacheRead);
        w.text(",");
        w.number(cacheWrite);
        w.endRow();
        ++stats.rows;
        if (--s.remaining > 0) {
            const GapLaw& g = *within[pick(withinCumulative, uniform01(s.rng))];
            const double gapS =
                logNormal(s.rng, g.medianS * (s.agent ? kAgentGapScale : 1.0), g.sigma);
            s.nextMs += std::max<std::int64_t>(1, static_cast<std::int64_t>(gapS * 1000));
            active.push({s.nextMs, index});
        }
    }
    w.flush();
    return stats;
}

} // namespace tierlab::core
