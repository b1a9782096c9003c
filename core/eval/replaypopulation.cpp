// SPDX-License-Identifier: MIT
#include "replaypopulation.h"

#include "model/stats.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <initializer_list>
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
    return {log.earliestMs, log.latestMs + 1};
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
                                      const TierReplaySettings& settings,
                                      const std::vector<ReplayOutcome>* previous) {
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
    const std::vector<double> amounts = prepared.limitAmounts();
    const bool reuse = previous && previous->size() == members.size();
    parallelFor(members.size(), threads, [&](std::size_t i) {
        if (reuse && limitsBindNot((*previous)[i], amounts))
            out[i] = (*previous)[i];
        else
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
                  double weeks, PopulationFigures& f, const std::vector<double>& weights) {
    f.replayed = replayed;
    const auto weightOf = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
    // Weighted quantiles of (value, weight) pairs, sorted once for all of them; nullopt when
    // there are none.
    const auto quantiles = [](std::vector<Weighted>& v, std::initializer_list<double> ps) {
        std::sort(v.begin(), v.end(),
                  [](const Weighted& a, const Weighted& b) { return a.value < b.value; });
        std::vector<std::optional<double>> q;
        for (const double p : ps)
            q.push_back(v.empty() ? std::nullopt
                                  : std::optional<double>(weightedQuantileSorted(v, p)));
        return q;
    };
    double n = 0, asked = 0;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        n += weightOf(i);
        asked += weightOf(i) * (outcomes[i].out.requests + outcomes[i].out.blockedRequests);
    }
    f.limits.clear();
    for (std::size_t l = 0; l < tier.limits.size(); ++l) {
        const Limit& limit = tier.limits[l];
        LimitFigures lf;
        lf.label = limit.label;
        lf.path = limit.path;
        lf.kind = limitKindName(limit.kind);
        lf.unit = limitUnitName(limit.unit);
        std::vector<Weighted> lockout, firstHit;
        double hits = 0;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            const LimitOutcome& o = outcomes[i].limits[l];
            const double w = weightOf(i);
            lf.blockedShare += w * o.blockedRequests;
            lf.fallbackShare += w * o.fallbackRequests;
            lf.billedShare += w * o.billedRequests;
            lf.delayedShare += w * o.delayedRequests;
            if (!o.hit || w <= 0)
                continue;
            hits += w;
            lockout.push_back({o.lockoutHours / weeks, w});
            if (o.firstHitHours >= 0)
                firstHit.push_back({o.firstHitHours, w});
        }
        lf.hitShare = n > 0 ? hits / n : 0;
        for (double* v : {&lf.blockedShare, &lf.fallbackShare, &lf.billedShare, &lf.delayedShare})
            *v = asked > 0 ? *v / asked : 0;
        if (replayed) {
            const auto lockoutQ = quantiles(lockout, {0.5, 0.9});
            lf.lockoutHoursPerWeekP50 = lockoutQ[0];
            lf.lockoutHoursPerWeekP90 = lockoutQ[1];
            lf.firstHitHoursP50 = quantiles(firstHit, {0.5})[0];
        }
        f.limits.push_back(std::move(lf));
    }
    f.pools.clear();
    for (std::size_t p = 0; p < tier.creditPools.size(); ++p) {
        const CreditPool& pool = tier.creditPools[p];
        PoolFigures pf;
        pf.label = pool.label;
        pf.path = pool.path;
        std::vector<Weighted> ranOutDay;
        double ranOut = 0;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            const PoolOutcome& o = outcomes[i].pools[p];
            const double w = weightOf(i);
            pf.grantedUsd += w * o.grantedUsd;
            pf.usedUsd += w * o.usedUsd;
            pf.breakageUsd += w * o.expiredUsd;
            if (o.ranOut && w > 0) {
                ranOut += w;
                if (o.ranOutHours >= 0)
                    ranOutDay.push_back({std::floor(o.ranOutHours / 24), w});
            }
            if (pf.balanceByDay.size() < o.balanceByDay.size())
                pf.balanceByDay.resize(o.balanceByDay.size(), 0.0);
            for (std::size_t d = 0; d < o.balanceByDay.size(); ++d)
                pf.balanceByDay[d] += w * o.balanceByDay[d];
        }
        pf.ranOutShare = n > 0 ? ranOut / n : 0;
        if (replayed)
            pf.ranOutDayP50 = quantiles(ranOutDay, {0.5})[0];
        f.pools.push_back(std::move(pf));
    }
    f.waitedRequests = f.abandonedRequests = f.boughtRequests = 0;
    std::vector<Weighted> waits;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const ReplayOutcome& r = outcomes[i];
        const double w = weightOf(i);
        f.waitedRequests += w * r.waitedRequests;
        f.abandonedRequests += w * r.abandonedRequests;
        f.boughtRequests += w * r.boughtRequests;
        if (w > 0)
            for (const float h : r.waitHours)
                waits.push_back({h, w});
    }
    const auto waitQ = quantiles(waits, {0.5, 0.9});
    f.waitHoursP50 = waitQ[0];
    f.waitHoursP90 = waitQ[1];
}

} // namespace tierlab::core
