// SPDX-License-Identifier: MIT
#include "replaypopulation.h"

#include "model/stats.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace tierlab::core {

std::uint64_t subscriberKey(std::string_view name, std::size_t index) {
    std::uint64_t h = 14695981039346656037ull; // FNV-1a, 64 bits
    const auto mix = [&h](unsigned char c) {
        h ^= c;
        h *= 1099511628211ull;
    };
    if (name.empty())
        for (int b = 0; b < 8; ++b)
            mix(static_cast<unsigned char>(index >> (8 * b)));
    for (const char c : name)
        mix(static_cast<unsigned char>(c));
    return h;
}

Span historySpan(const RequestLog& log) {
    if (log.size() == 0)
        return {};
    const auto [lo, hi] = std::minmax_element(log.timeMs.begin(), log.timeMs.end());
    return {*lo, *hi + 1};
}

namespace {

void scaleOutcome(ReplayOutcome& r, double s) {
    SubscriberOutcome& o = r.out;
    for (double* v : {&o.includedListUsd, &o.extraUsageUsd, &o.costUsd, &o.tokens, &o.requests,
                      &o.fallbackRequests, &o.blockedRequests, &r.waitedRequests,
                      &r.abandonedRequests, &r.boughtRequests})
        *v *= s;
    for (LimitOutcome& l : r.limits)
        for (double* v : {&l.blockedRequests, &l.fallbackRequests, &l.billedRequests,
                          &l.delayedRequests, &l.delayHours})
            *v *= s;
    for (PoolOutcome& p : r.pools) {
        for (double* v : {&p.grantedUsd, &p.usedUsd, &p.expiredUsd})
            *v *= s;
        for (double& b : p.balanceByDay)
            b *= s;
    }
}

// Runs `work(i)` for i in [0, n) on `threads` threads, in blocks of 256 handed out in order.
template <typename Work>
void parallelFor(std::size_t n, unsigned threads, Work work) {
    constexpr std::size_t kBlock = 256;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    const auto run = [&] {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(kBlock);
                if (begin >= n)
                    return;
                for (std::size_t i = begin; i < std::min(n, begin + kBlock); ++i)
                    work(i);
            }
        } catch (...) {
            const std::lock_guard lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            next = n;
        }
    };
    const unsigned count =
        static_cast<unsigned>(std::min<std::size_t>(threads, (n + kBlock - 1) / kBlock));
    if (count <= 1) {
        run();
    } else {
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < count; ++t)
            pool.emplace_back(run);
    }
    if (failure)
        std::rethrow_exception(failure);
}

std::optional<double> median(std::vector<double> v) {
    if (v.empty())
        return std::nullopt;
    std::sort(v.begin(), v.end());
    return quantileSorted(v, 0.5);
}

} // namespace

namespace {

// The context of every replay of a population: the history's span, and monthly amounts met
// at the span's share of a month.
ReplayContext contextFor(const UsageData& usage, const TierReplaySettings& settings) {
    ReplayContext ctx;
    ctx.pricer = settings.pricer;
    ctx.hoursPerMonth = settings.hoursPerMonth;
    ctx.typicalListUsdPerToken = settings.typicalListUsdPerToken;
    ctx.seed = settings.seed;
    if (usage.history) {
        const Span span = historySpan(*usage.history);
        ctx.spanStartMs = span.startMs;
        ctx.spanEndMs = span.endMs;
        ctx.monthlyShare = usage.scale > 0 ? 1 / usage.scale : 1;
    }
    return ctx;
}

ReplayOutcome replayPrepared(const PreparedTier& prepared, const UsageData& usage,
                             std::size_t m, Timeline* timeline) {
    const Subscriber& sub = usage.subscribers[m];
    const std::string_view name =
        m < usage.names.size() ? std::string_view(usage.names[m]) : std::string_view();
    ReplayOutcome out = replaySubscriber(prepared, *usage.history, sub.firstRequest,
                                         sub.requestCount, subscriberKey(name, m), timeline);
    if (usage.scale != 1)
        scaleOutcome(out, usage.scale);
    return out;
}

} // namespace

std::vector<ReplayOutcome> replayTier(const Tier& tier, const UsageData& usage,
                                      const std::vector<std::size_t>& members,
                                      const TierReplaySettings& settings) {
    std::vector<ReplayOutcome> out(members.size());
    const ReplayContext ctx = contextFor(usage, settings);
    const unsigned threads =
        settings.threads ? settings.threads : std::max(1u, std::thread::hardware_concurrency());
    if (!usage.history) {
        parallelFor(members.size(), threads, [&](std::size_t i) {
            out[i] = boundMonth(tier, usage.subscribers[members[i]], ctx);
        });
        return out;
    }
    const PreparedTier prepared(tier, ctx);
    parallelFor(members.size(), threads, [&](std::size_t i) {
        out[i] = replayPrepared(prepared, usage, members[i], nullptr);
    });
    return out;
}

ReplayOutcome replayOne(const Tier& tier, const UsageData& usage, std::size_t subscriber,
                        const TierReplaySettings& settings, Timeline* timeline) {
    const PreparedTier prepared(tier, contextFor(usage, settings));
    return replayPrepared(prepared, usage, subscriber, timeline);
}

void limitFigures(const Tier& tier, const std::vector<ReplayOutcome>& outcomes, bool replayed,
                  double weeks, PopulationFigures& f) {
    f.replayed = replayed;
    const auto n = static_cast<double>(outcomes.size());
    double asked = 0;
    for (const ReplayOutcome& r : outcomes)
        asked += r.out.requests + r.out.blockedRequests;
    f.limits.clear();
    for (std::size_t l = 0; l < tier.limits.size(); ++l) {
        const Limit& limit = tier.limits[l];
        LimitFigures lf;
        lf.label = limit.label;
        lf.path = limit.path;
        lf.kind = limitKindName(limit.kind);
        lf.unit = limitUnitName(limit.unit);
        std::vector<double> lockout, firstHit;
        double hits = 0;
        for (const ReplayOutcome& r : outcomes) {
            const LimitOutcome& o = r.limits[l];
            lf.blockedShare += o.blockedRequests;
            lf.fallbackShare += o.fallbackRequests;
            lf.billedShare += o.billedRequests;
            lf.delayedShare += o.delayedRequests;
            if (!o.hit)
                continue;
            hits += 1;
            lockout.push_back(o.lockoutHours / weeks);
            if (o.firstHitHours >= 0)
                firstHit.push_back(o.firstHitHours);
        }
        lf.hitShare = n > 0 ? hits / n : 0;
        for (double* v : {&lf.blockedShare, &lf.fallbackShare, &lf.billedShare, &lf.delayedShare})
            *v = asked > 0 ? *v / asked : 0;
        if (replayed && !lockout.empty()) {
            std::sort(lockout.begin(), lockout.end());
            lf.lockoutHoursPerWeekP50 = quantileSorted(lockout, 0.5);
            lf.lockoutHoursPerWeekP90 = quantileSorted(lockout, 0.9);
        }
        if (replayed)
            lf.firstHitHoursP50 = median(std::move(firstHit));
        f.limits.push_back(std::move(lf));
    }
    f.pools.clear();
    for (std::size_t p = 0; p < tier.creditPools.size(); ++p) {
        const CreditPool& pool = tier.creditPools[p];
        PoolFigures pf;
        pf.label = pool.label;
        pf.path = pool.path;
        std::vector<double> ranOutDay;
        double ranOut = 0;
        for (const ReplayOutcome& r : outcomes) {
            const PoolOutcome& o = r.pools[p];
            pf.grantedUsd += o.grantedUsd;
            pf.usedUsd += o.usedUsd;
            pf.breakageUsd += o.expiredUsd;
            if (o.ranOut) {
                ranOut += 1;
                if (o.ranOutHours >= 0)
                    ranOutDay.push_back(std::floor(o.ranOutHours / 24));
            }
            if (pf.balanceByDay.size() < o.balanceByDay.size())
                pf.balanceByDay.resize(o.balanceByDay.size(), 0.0);
            for (std::size_t d = 0; d < o.balanceByDay.size(); ++d)
                pf.balanceByDay[d] += o.balanceByDay[d];
        }
        pf.ranOutShare = n > 0 ? ranOut / n : 0;
        if (replayed)
            pf.ranOutDayP50 = median(std::move(ranOutDay));
        f.pools.push_back(std::move(pf));
    }
    f.waitedRequests = f.abandonedRequests = f.boughtRequests = 0;
    std::vector<double> waits;
    for (const ReplayOutcome& r : outcomes) {
        f.waitedRequests += r.waitedRequests;
        f.abandonedRequests += r.abandonedRequests;
        f.boughtRequests += r.boughtRequests;
        waits.insert(waits.end(), r.waitHours.begin(), r.waitHours.end());
    }
    f.waitHoursP50.reset();
    f.waitHoursP90.reset();
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        f.waitHoursP50 = quantileSorted(waits, 0.5);
        f.waitHoursP90 = quantileSorted(waits, 0.9);
    }
}

} // namespace tierlab::core
