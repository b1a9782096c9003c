// SPDX-License-Identifier: MIT
// The usage a scenario carries itself: inline records, or a synthetic population drawn from a
// lognormal or Pareto distribution of monthly requests per subscriber.
#include "evaluate.h"

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <cstddef>
#include <map>
#include <random>

namespace tierlab::core {

namespace {

// Uniform in (0, 1) from 53 random bits, never 0 or 1, so quantiles stay finite.
double openUniform(std::mt19937_64& rng) {
    return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

// Monthly requests of one subscriber by inverse transform sampling (same numbers on every
// platform, unlike std's distributions).
double drawRequests(const SyntheticTier& st, double u) {
    if (st.distribution == SyntheticDistribution::Pareto)
        return st.minRequests * std::pow(1.0 - u, -1.0 / st.alpha);
    const boost::math::normal standard;
    return st.medianRequests * std::exp(st.sigma * boost::math::quantile(standard, u));
}

void addSyntheticTier(const SyntheticTier& st, std::uint64_t seed, std::size_t index,
                      UsageData& out) {
    // One stream per synthetic tier: adding a tier leaves the others' subscribers unchanged.
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + index);
    const double shares[kChannelCount] = {1.0 - st.programmaticShare, st.programmaticShare};
    for (int k = 0; k < st.subscribers; ++k) {
        const double requests = std::round(drawRequests(st, openUniform(rng)));
        Subscriber sub{st.tier, {}};
        for (std::size_t m = 0; m < st.models.size(); ++m) {
            for (int c = 0; c < kChannelCount; ++c) {
                const double n = requests * st.modelShares[m] * shares[c];
                if (n > 0)
                    sub.lines.push_back(
                        {st.models[m], static_cast<Channel>(c), n, st.perRequest.scaled(n)});
            }
        }
        out.subscribers.push_back(std::move(sub));
    }
}

} // namespace

UsageData builtInUsage(const Scenario& s) {
    UsageData out;
    if (s.usage.source == UsageSource::Synthetic) {
        for (std::size_t i = 0; i < s.usage.synthetic.size(); ++i)
            addSyntheticTier(s.usage.synthetic[i], s.usage.seed, i, out);
        out.description = "synthetic population of " + std::to_string(out.subscribers.size()) +
                          " subscribers (seed " + std::to_string(s.usage.seed) + ")";
    } else if (s.usage.source == UsageSource::Records) {
        std::map<std::string, std::size_t> bySubscriber;
        for (const UsageRecord& rec : s.usage.records) {
            auto [it, added] = bySubscriber.try_emplace(rec.subscriber, out.subscribers.size());
            if (added)
                out.subscribers.push_back({rec.tier, {}});
            out.subscribers[it->second].lines.push_back(
                {rec.model, rec.channel, rec.requests, rec.tokens});
        }
        out.description = std::to_string(s.usage.records.size()) + " usage records of " +
                          std::to_string(out.subscribers.size()) + " subscribers";
    }
    return out;
}

} // namespace tierlab::core
