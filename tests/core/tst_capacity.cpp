// SPDX-License-Identifier: MIT
// The capacity Monte Carlo (docs/model.md, "Capacity") against closed forms: renewal rates, the
// M/G/inf Poisson law of concurrency, determinism across thread counts, the users-per-pod
// search on the replication preset, autoscaling and the closed loop. Seeds are fixed; each
// statistical tolerance is derived in a comment from the number of draws.
#include "scenario/overrides.h"
#include "scenario/reader.h"
#include "sim/capacity.h"
#include "sim/capacityjson.h"
#include "sim/concurrencygrid.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/trace.h"
#include "testutil.h"

#include <QTest>

#include <boost/math/distributions/poisson.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>
#include <utility>

using namespace tierlab::core;

namespace {

// No correlates: every gap in wall time, one lognormal or exponential component.
SimParams plain(GapLaw gap, int users, int weeks, int trials) {
    SimParams p;
    p.users = users;
    p.weeks = weeks;
    p.trials = trials;
    p.gaps = {gap};
    p.timeOfDay = false;
    p.sessionClustering = false;
    p.crossUserRho = 0;
    return p;
}

SimParams preset() {
    const ReadResult r =
        readScenario(tierlab::test::loadJson("data/scenarios/capacity-replication.json"));
    if (!r.ok())
        qFatal("capacity-replication.json does not read");
    return simParamsFromScenario(r.scenario);
}

} // namespace

class TestCapacity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Renewal theorem: N(t) / t -> 1 / E[gap]. Lognormal median 60 s, sigma 1: E[gap] =
    // 60 e^0.5 = 98.92 s, CV = sqrt(e - 1) = 1.311. Over 20 users x 1 week, about 122 000
    // gaps; the count's relative sd is CV / sqrt(n) = 0.0038, so 1.5 % is four sd.
    void lognormalRenewal_rateIsOneOverMeanGap() {
        const SimParams p = plain({1, 60, 1.0, false, false}, 20, 1, 1);
        const TrialClock clock = trialClock(p);
        const TrialShared shared = makeTrialShared(p, clock, 0);
        double starts = 0;
        for (int u = 0; u < p.users; ++u)
            for (const Interval& iv : simulateUser(p, clock, shared, 0, u))
                starts += iv.startS >= clock.warmupS ? 1 : 0;
        const double rate = starts / (p.users * clock.horizonS);
        TL_COMPARE_REL(rate, 1 / meanGapS(p), 0.015);
        TL_COMPARE_REL(meanGapS(p), 60 * std::exp(0.5), 1e-12);
    }

    // M/G/inf: Poisson arrivals (exponential gaps, mean 600 / ln 2 = 865.6 s, 200 users) and
    // lognormal holding (mean 20 e^0.125 = 22.66 s) give a Poisson concurrency of mean
    // m = 200 x 22.66 / 865.6 = 5.236. The time average over H = 10 weeks of seconds has
    // variance ~ lambda E[D^2] / H = 0.231 x 659.5 / 6.05e6 = 2.5e-5 (sd 0.005, 0.1 % of m):
    // 1 % is ten sd. Each share P(C = k) has sd below 0.001 by the same argument: 0.004.
    void poissonArrivals_concurrencyIsPoisson() {
        SimParams p = plain({1, 600, 1, true, false}, 200, 1, 10);
        p.podSlots = 10;
        const CapacityResult r = runCapacity(p);
        const double m = 200 * meanGenerationS(p) / meanGapS(p);
        TL_COMPARE_REL(r.meanConcurrency, m, 0.01);
        const boost::math::poisson_distribution<double> poisson(m);
        for (std::size_t k = 0; k < 13; ++k)
            QVERIFY2(std::abs(r.concurrencyShare[k] - boost::math::pdf(poisson, k)) < 0.004,
                     qPrintable(QString("k = %1: %2 vs %3")
                                    .arg(k)
                                    .arg(r.concurrencyShare[k])
                                    .arg(boost::math::pdf(poisson, k))));
        // Share of time above the slots = Poisson tail P(C > 10) = 0.0144; the indicator's
        // correlation time is about one holding time, so its time average has sd ~
        // sqrt(0.0142 x 2 x 25 s / 6.05e6 s) = 3.4e-4 (2.4 %): 10 % is four sd.
        const double tail = boost::math::cdf(boost::math::complement(poisson, 10.0));
        TL_COMPARE_REL(r.outageMinutesPerWeek.value / (7 * 24 * 60), tail, 0.10);
        QVERIFY(r.exceedProbability.value == 1.0); // 10 slots at m = 5.2: every week exceeds
    }

    // The ziggurats against their laws, 10^6 draws each. Mean: sd 1e-3, so 0.005 is five sd;
    // variance (normal): sd sqrt(2 / n) = 1.4e-3, 0.007 is five sd. Kolmogorov-Smirnov
    // distance against the exact CDF: sqrt(n) D > 1.95 has probability 0.001. The tails
    // (past each ziggurat's base layer, the rarely taken exact branch): P(|Z| > 3.654) =
    // 2.58e-4 and P(E > 7.697) = 4.54e-4, about 258 and 454 draws, sd 16 and 21: 25 % is
    // four sd or more.
    void ziggurats_followTheirLaws() {
        constexpr int n = 1000000;
        Xoshiro256pp rng(streamSeed(7, 0, 0));
        std::vector<double> z(n);
        std::vector<double> e(n);
        for (int i = 0; i < n; ++i) {
            z[i] = standardNormal(rng);
            e[i] = standardExponential(rng);
        }
        const auto mean = [](const std::vector<double>& v) {
            return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        };
        const auto above = [](const std::vector<double>& v, double x) {
            return double(std::count_if(v.begin(), v.end(), [x](double y) { return y > x; }));
        };
        QVERIFY(std::abs(mean(z)) < 0.005);
        QVERIFY(std::abs(std::inner_product(z.begin(), z.end(), z.begin(), 0.0) / n - 1) < 0.007);
        QVERIFY(std::abs(mean(e) - 1) < 0.005);
        const double rz = normalTables().r;
        const double re = exponentialTables().r;
        std::vector<double> absZ(n);
        std::transform(z.begin(), z.end(), absZ.begin(), [](double x) { return std::abs(x); });
        TL_COMPARE_REL(above(absZ, rz) / n, std::erfc(rz / std::sqrt(2.0)), 0.25);
        TL_COMPARE_REL(above(e, re) / n, std::exp(-re), 0.25);
        const auto ksDistance = [](std::vector<double> v, auto cdf) {
            std::sort(v.begin(), v.end());
            double d = 0;
            for (std::size_t i = 0; i < v.size(); ++i) {
                const double f = cdf(v[i]);
                d = std::max(
                    {d, f - double(i) / double(v.size()), double(i + 1) / double(v.size()) - f});
            }
            return d * std::sqrt(double(v.size()));
        };
        QVERIFY(ksDistance(z, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }) <
                1.95);
        QVERIFY(ksDistance(e, [](double x) { return 1 - std::exp(-x); }) < 1.95);
    }

    // The grid samples the exact concurrency at whole seconds (start < t <= end).
    void grid_countsGenerationsAtWholeSeconds() {
        SimParams p = plain({1, 60, 1, false, false}, 1, 1, 1);
        const TrialClock clock = trialClock(p);
        ConcurrencyGrid grid(clock);
        const double w = clock.warmupS;
        grid.add({{w + 0.5, w + 3.0}, {w + 1.2, w + 2.0}, {w - 10, w + 0.9}});
        QCOMPARE(int(grid.counts()[0]), 1); // t = 1: only the first
        QCOMPARE(int(grid.counts()[1]), 2); // t = 2: first and second (end 2.0 included)
        QCOMPARE(int(grid.counts()[2]), 1);
        QCOMPARE(int(grid.counts()[3]), 0);
        QCOMPARE(grid.max(), 2);
        QCOMPARE(grid.peakSecond(), std::size_t(1));
        QCOMPARE(ConcurrencyGrid::mostHeld({{w + 0.5, w + 3.0}, {w + 1.2, w + 2.0}}, w), 2);
    }

    // The preset's switches are addressable with --set (docs/scenario.md section 12).
    void preset_switchesOverridable() {
        Json doc = tierlab::test::loadJson("data/scenarios/capacity-replication.json");
        QVERIFY(
            applyOverrides(doc, {"capacity.time_of_day=false", "capacity.cross_user_rho=0",
                                 "capacity.session_clustering=false", "capacity.modulate=sessions"})
                .empty());
        const ReadResult r = readScenario(doc);
        QVERIFY(r.ok());
        const SimParams p = simParamsFromScenario(r.scenario);
        QVERIFY(!p.timeOfDay && !p.sessionClustering && !p.modulateAll);
        QCOMPARE(p.crossUserRho, 0.0);
        QCOMPARE(p.podSlots, 20);
        QCOMPARE(p.gaps.size(), std::size_t(3));
        QVERIFY(p.gaps[2].betweenSessions && !p.gaps[0].betweenSessions);
        QCOMPARE(p.gaps[2].medianS, 250 * 60.0);
        QCOMPARE(p.podHourUsd, 32 * 3.75);
    }

    void sameSeed_sameResults_withOneOrTwoThreads() {
        SimParams p = preset();
        p.users = 40;
        p.weeks = 1;
        p.trials = 6;
        p.threads = 1;
        const CapacityResult one = runCapacity(p);
        p.threads = 2;
        const CapacityResult two = runCapacity(p);
        QCOMPARE(one.concurrencyShare, two.concurrencyShare);
        QCOMPARE(one.maxConcurrency.value, two.maxConcurrency.value);
        QCOMPARE(one.outageMinutesPerWeek.value, two.outageMinutesPerWeek.value);
        QCOMPARE(one.topUserSlotsAtPeak.value, two.topUserSlotsAtPeak.value);
        QCOMPARE(one.usersPerPod, two.usersPerPod);
        QCOMPARE(one.exceedByUsers, two.exceedByUsers);
        p.seed = 2;
        QVERIFY(runCapacity(p).concurrencyShare != one.concurrencyShare);
    }

    // P(exceed) at p.users from the trials' own maxima equals the curve built from the
    // first exceeding user counts (common random numbers make them the same event).
    void exceedCurve_isMonotoneAndMatchesDirectCount() {
        SimParams p = preset();
        p.weeks = 1;
        p.trials = 12;
        p.users = 180; // some trials exceed in a week, some do not (about half, seed 1)
        const CapacityResult r = runCapacity(p);
        double last = 0;
        for (const auto& [users, prob] : r.exceedByUsers) {
            QVERIFY(prob >= last);
            last = prob;
        }
        const auto atUsers =
            std::count_if(r.firstExceedingUsers.begin(), r.firstExceedingUsers.end(),
                          [&](int n) { return n <= p.users; });
        QCOMPARE(double(atUsers) / p.trials, r.exceedProbability.value);
        QVERIFY(r.exceedProbability.value > 0 && r.exceedProbability.value < 1);
        QVERIFY(r.usersPerPodLow <= r.usersPerPod && r.usersPerPod <= r.usersPerPodHigh);
        // A search-only run (tierlab-cli simulate --find-users) stops each trial at its first
        // exceeding user: the same counts, curve and P(exceed), and no figures at p.users.
        p.figuresAtUsers = false;
        const CapacityResult search = runCapacity(p);
        QCOMPARE(search.firstExceedingUsers, r.firstExceedingUsers);
        QCOMPARE(search.exceedByUsers, r.exceedByUsers);
        QCOMPARE(search.usersPerPod, r.usersPerPod);
        QCOMPARE(search.exceedProbability.value, r.exceedProbability.value);
        QVERIFY(search.concurrencyShare.empty());
    }

    // Each correlate lowers users per pod in replication mode (the published ordering).
    // 20 trials of 2 weeks keep the Debug run short; the figures differ by far more than
    // the order-statistic intervals at this size (docs/capacity.md has the full figures).
    void usersPerPod_fallsWithEachCorrelate_replicationMode() {
        SimParams p = preset();
        p.weeks = 2;
        p.trials = 20;
        p.users = 10;
        p.timeOfDay = false;
        p.sessionClustering = false;
        p.crossUserRho = 0;
        const int independent = runCapacity(p).usersPerPod;
        p.timeOfDay = true;
        const int timeOfDay = runCapacity(p).usersPerPod;
        p.sessionClustering = true;
        const int clustering = runCapacity(p).usersPerPod;
        p.crossUserRho = 0.15;
        const int correlated = runCapacity(p).usersPerPod;
        qInfo("users per pod: %d -> %d -> %d -> %d", independent, timeOfDay, clustering,
              correlated);
        QVERIFY(independent > timeOfDay);
        QVERIFY(timeOfDay > clustering);
        QVERIFY(clustering > correlated);
    }

    // An hour is in a burst when one started in it or the hour before: share 1 - (1 - q)^2
    // with q = 10 / 168, i.e. 0.1155. Over 5 trials x 1368 hours, with neighbouring hours
    // correlated (variance about doubled), the count's sd is sqrt(0.1155 x 0.8845 x 6840 x 2)
    // = 37 on 790 (4.7 %): 20 % is four sd.
    void sharedBursts_coverTheExpectedShareOfHours() {
        SimParams p = preset();
        p.burstsPerWeek = 10;
        p.burstHours = 2;
        p.burstSize = 4;
        const TrialClock clock = trialClock(p);
        double inBurst = 0;
        double hours = 0;
        for (int t = 0; t < 5; ++t)
            for (double m : makeTrialShared(p, clock, t).burstByHour) {
                inBurst += m == 4 ? 1 : 0;
                hours += 1;
            }
        const double q = 10.0 / 168;
        TL_COMPARE_REL(inBurst / hours, 1 - (1 - q) * (1 - q), 0.20);
    }

    // Bursts raise every user's session intensity together: fewer users fit, even when
    // only session starts are modulated.
    void sharedBursts_lowerUsersPerPod() {
        SimParams p = preset();
        p.modulateAll = false;
        p.weeks = 1;
        p.trials = 20;
        p.users = 10;
        const int calm = runCapacity(p).usersPerPod;
        p.burstsPerWeek = 10;
        p.burstHours = 2;
        p.burstSize = 4;
        const int bursty = runCapacity(p).usersPerPod;
        qInfo("users per pod: %d without bursts, %d with", calm, bursty);
        QVERIFY(bursty < calm);
    }

    void autoscaling_replayOfAKnownTrace() {
        // 10 s above 2 slots from second 5; threshold 2, cold start 3 s, idle 4 s.
        std::vector<std::uint16_t> counts(30, 1);
        for (std::size_t i = 5; i < 15; ++i)
            counts[i] = 3;
        std::vector<AutoscaleEvent> events;
        const AutoscaleOutcome o = replayAutoscaling(counts, 2, 2, 3, 4, &events);
        QCOMPARE(o.outageSeconds, 3.0); // seconds 5, 6, 7 before the pod serves at 8
        // Requested at 5; calm from 15; released at the end of second 18: 14 s.
        QCOMPARE(o.extraPodSeconds, 14.0);
        // The events say the same: second 18 is the first served by one pod again.
        using Kind = AutoscaleEvent::Kind;
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].second, std::size_t(5));
        QVERIFY(events[0].kind == Kind::Requested);
        QCOMPARE(events[1].second, std::size_t(8));
        QVERIFY(events[1].kind == Kind::Serving);
        QCOMPARE(events[2].second, std::size_t(18));
        QVERIFY(events[2].kind == Kind::Released);
    }

    // The sample week is trial 0 of runCapacity (same streams): its peak is that trial's
    // largest concurrency, and it is the week holding it.
    void sampleWeekTrace_isTheTrialsPeakWeek() {
        SimParams p = preset();
        p.weeks = 2;
        p.trials = 1;
        p.users = 400; // mean concurrency about 6.7 (M/G/inf): the slots are passed
        const CapacityResult r = runCapacity(p);
        const WeekTrace t = sampleWeekTrace(p, 0);
        QCOMPARE(t.peak, r.maxConcurrencyOverall);
        QCOMPARE(t.peakByMinute.size(), std::size_t(7 * 24 * 60));
        QCOMPARE(t.servingSlotsByMinute.size(), t.peakByMinute.size());
        QCOMPARE(*std::max_element(t.peakByMinute.begin(), t.peakByMinute.end()), t.peak);
        QVERIFY(t.week == 0 || t.week == 1);
        // Outage minutes of the week are at most the trial's outage seconds over both weeks
        // / 1 (a minute with one second above counts), and at least their 60th.
        const double outageS = r.outageMinutesPerWeek.value * 60 * p.weeks;
        QVERIFY(t.minutesAbove <= outageS);
        // Autoscaling (threshold 20 in the preset): each serving starts a cold start after
        // its request, and more slots serve only between a start and a release.
        QVERIFY(!t.events.empty());
        using Kind = AutoscaleEvent::Kind;
        for (std::size_t i = 0; i + 1 < t.events.size(); ++i)
            if (t.events[i].kind == Kind::Requested && t.events[i + 1].kind == Kind::Serving)
                QCOMPARE(t.events[i + 1].second - t.events[i].second,
                         std::size_t(p.coldStartMinutes * 60));
        QVERIFY(std::any_of(t.servingSlotsByMinute.begin(), t.servingSlotsByMinute.end(),
                            [&](int s) { return s == 2 * p.podSlots; }));
    }

    void autoscaling_removesOutageAndAddsPodHours() {
        SimParams p = preset();
        p.weeks = 1;
        p.trials = 8;
        p.users = 200; // twice users per pod: every week has outages
        const CapacityResult r = runCapacity(p);
        QVERIFY(r.autoscaled);
        QVERIFY(r.outageMinutesPerWeek.value > 0);
        QVERIFY(r.outageMinutesPerWeekAutoscaled.value < r.outageMinutesPerWeek.value);
        QVERIFY(r.extraPodHoursPerWeek.value > 0);
        QVERIFY(r.extraCostUsdPerWeek > 0); // the preset's pod is rented: 32 x 3.75 USD/h
        TL_COMPARE_REL(r.extraCostUsdPerWeek, r.extraPodHoursPerWeek.value * 32 * 3.75, 1e-9);
    }

    void closedLoop_oneSlotPerUser() {
        SimParams p = preset();
        p.weeks = 1;
        p.trials = 4;
        p.users = 30;
        p.closedLoop = true;
        QCOMPARE(runCapacity(p).topUserSlotsAnytime.value, 1.0);
    }

    // A window of 60 s with at most 2 starts: with generations of at most ~3 minutes
    // (median 20 s, sigma 0.5: P(D > 180 s) = 6e-6) one user never holds more than 6.
    void rateLimit_boundsOneUsersShare() {
        SimParams p = preset();
        p.weeks = 1;
        p.trials = 6;
        p.users = 40;
        const CapacityResult open = runCapacity(p);
        p.rateLimitPerMinute = 2;
        const CapacityResult limited = runCapacity(p);
        QVERIFY(limited.topUserSlotsAnytime.value < open.topUserSlotsAnytime.value);
        QVERIFY(limited.topUserSlotsAnytime.high <= 6);
        QVERIFY(limited.usersPerPod >= open.usersPerPod);
    }

    // The JSON of a capacity run (docs/cli.md, "simulate --json") names its parameters as
    // the scenario's capacity block does and its figures as CapacityResult's fields, so one
    // path reads the same value in the scenario, the output and the struct.
    void capacityJson_keysAreTheScenariosAndTheStructs() {
        Json doc = tierlab::test::loadJson("data/scenarios/capacity-replication.json");
        QVERIFY(applyOverrides(doc, {"capacity.weeks=1", "capacity.trials=4", "capacity.users=200",
                                     "capacity.rate_limit.requests_per_min=5"})
                    .empty());
        const ReadResult read = readScenario(doc);
        QVERIFY(read.ok());
        const SimParams p = simParamsFromScenario(read.scenario);
        const CapacityResult r = runCapacity(p);
        QVERIFY(r.autoscaled); // the preset has an autoscaling block
        const Json j = capacityToJson(read.scenario.name, p, r);
        QCOMPARE(j.at("schema").get<std::string>(), std::string(kCapacitySchema));
        QCOMPARE(j.at("scenario").get<std::string>(), read.scenario.name);

        for (const char* key : {"slots", "users", "trials", "weeks", "seed", "confidence",
                                "modulate", "rate_limit.requests_per_min", "autoscaling.threshold",
                                "autoscaling.cold_start_min", "autoscaling.idle_min"}) {
            const ConstPathLookup out = lookupPath(j, key);
            const ConstPathLookup in = lookupPath(std::as_const(doc).at("capacity"), key);
            QVERIFY2(out.node && in.node, key);
            QVERIFY2(*out.node == *in.node, key); // 5 and 5.0 are equal numbers
        }

        const auto at = [&j](const char* path) {
            const ConstPathLookup found = lookupPath(j, path);
            if (!found.node)
                qFatal("no %s in the capacity JSON", path);
            return found.node->get<double>();
        };
        QCOMPARE(at("exceed_probability"), r.exceedProbability.value);
        QCOMPARE(at("exceed_probability_interval[0]"), r.exceedProbability.low);
        QCOMPARE(at("exceed_probability_interval[1]"), r.exceedProbability.high);
        QCOMPARE(at("mean_concurrency"), r.meanConcurrency);
        QCOMPARE(at("max_concurrency"), r.maxConcurrency.value);
        QCOMPARE(at("max_concurrency_overall"), double(r.maxConcurrencyOverall));
        QCOMPARE(at("concurrency_share[1]"), r.concurrencyShare.at(1));
        QCOMPARE(at("outage_minutes_per_week_interval[1]"), r.outageMinutesPerWeek.high);
        QCOMPARE(at("top_user_slots_at_peak"), r.topUserSlotsAtPeak.value);
        QCOMPARE(at("top_user_slots_anytime"), r.topUserSlotsAnytime.value);
        QCOMPARE(at("autoscaling.outage_minutes_per_week"), r.outageMinutesPerWeekAutoscaled.value);
        QCOMPARE(at("autoscaling.extra_pod_hours_per_week"), r.extraPodHoursPerWeek.value);
        QCOMPARE(at("autoscaling.extra_cost_usd_per_week"), r.extraCostUsdPerWeek);
        QCOMPARE(at("autoscaling.extra_cost_share"), r.extraCostShare);
        QCOMPARE(at("users_per_pod"), double(r.usersPerPod));
        QCOMPARE(at("users_per_pod_interval[0]"), double(r.usersPerPodLow));
        QCOMPARE(at("users_per_pod_interval[1]"), double(r.usersPerPodHigh));
        QCOMPARE(j.at("users_per_pod_censored").get<bool>(), r.usersPerPodCensored);
        QVERIFY(!r.exceedByUsers.empty());
        QCOMPARE(at("exceed_by_users[0][0]"), double(r.exceedByUsers.front().first));
        QCOMPARE(at("exceed_by_users[0][1]"), r.exceedByUsers.front().second);
        // The quantiles are read off the share: p50 holds half of the time.
        const int p50 = j.at("concurrency_p50").get<int>();
        double below = 0;
        for (int k = 0; k < p50; ++k)
            below += r.concurrencyShare.at(k);
        QVERIFY(below < 0.5 && below + r.concurrencyShare.at(p50) >= 0.5 - 1e-12);

        // Only what was asked for: no users per pod, or (a search-only run) no figures at
        // `users`; no rate limit is null, as no autoscaling is.
        QVERIFY(!capacityToJson("", p, r, false).contains("users_per_pod"));
        SimParams search = p;
        search.figuresAtUsers = false;
        const Json searchJson = capacityToJson("", search, r);
        QVERIFY(!searchJson.contains("exceed_probability"));
        QVERIFY(!searchJson.contains("autoscaling"));
        QVERIFY(searchJson.contains("users_per_pod"));
        SimParams unlimited = p;
        unlimited.rateLimitPerMinute = 0;
        QVERIFY(capacityToJson("", unlimited, r).at("rate_limit").is_null());
    }

    void cancelled_throws() {
        SimParams p = preset();
        CancelToken token;
        token.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runCapacity(p, {}, &token));
    }

    void badParams_throwInvalidArgument() {
        SimParams p = preset();
        p.gaps[0].weight = 0.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runCapacity(p));
    }

    // The figures of docs/capacity.md: set TIERLAB_CAPACITY_FIGURES=1 and use a Release
    // build (200 trials of 8 weeks, eight runs). TIERLAB_CAPACITY_USERS=N instead measures
    // the full model of both modes at N users, with and without a 5 per minute rate limit.
    // Runs take minutes: raise QTEST_FUNCTION_TIMEOUT (ms) above its 300 s default.
    void presetFigures_printed() {
        if (!std::getenv("TIERLAB_CAPACITY_FIGURES"))
            QSKIP("set TIERLAB_CAPACITY_FIGURES=1 (Release build) to measure the preset");
        const char* users = std::getenv("TIERLAB_CAPACITY_USERS");
        const char* mode = std::getenv("TIERLAB_CAPACITY_MODE"); // "all" or "sessions" only
        for (bool all : {true, false}) {
            if (mode && std::string(mode) != (all ? "all" : "sessions"))
                continue;
            SimParams p = preset();
            p.modulateAll = all;
            if (users) {
                p.users = std::atoi(users);
                print(p, all ? "all" : "sessions");
                p.rateLimitPerMinute = 5;
                print(p, all ? "all, 5/min" : "sessions, 5/min");
                continue;
            }
            const bool steps[4][3] = {{false, false, false},
                                      {true, false, false},
                                      {true, true, false},
                                      {true, true, true}};
            for (const auto& s : steps) {
                p.timeOfDay = s[0];
                p.sessionClustering = s[1];
                p.crossUserRho = s[2] ? 0.15 : 0;
                print(p, qPrintable(QString("%1 tod=%2 clu=%3 rho=%4")
                                        .arg(all ? "all" : "sessions")
                                        .arg(s[0])
                                        .arg(s[1])
                                        .arg(s[2])));
            }
        }
    }

private:
    static void print(const SimParams& p, const char* label) {
        const CapacityResult r = runCapacity(p);
        qInfo("%s: users/pod %d [%d, %d]%s; at %d users: mean %.2f, P(exceed) %.3f [%.3f, "
              "%.3f], outage %.2f min/wk, max %.1f, top user at peak %.2f, top user anytime "
              "%.2f, autoscaled outage %.2f min/wk, +%.2f pod-h/wk (%.1f %%), +%.0f USD/wk",
              label, r.usersPerPod, r.usersPerPodLow, r.usersPerPodHigh,
              r.usersPerPodCensored ? " (cap)" : "", p.users, r.meanConcurrency,
              r.exceedProbability.value, r.exceedProbability.low, r.exceedProbability.high,
              r.outageMinutesPerWeek.value, r.maxConcurrency.value, r.topUserSlotsAtPeak.value,
              r.topUserSlotsAnytime.value, r.outageMinutesPerWeekAutoscaled.value,
              r.extraPodHoursPerWeek.value, 100 * r.extraCostShare, r.extraCostUsdPerWeek);
    }
};

QTEST_GUILESS_MAIN(TestCapacity)
#include "tst_capacity.moc"
