#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Users per pod with a straightforward vectorized numpy version of the capacity Monte Carlo.

The model of docs/model.md, "Capacity" (docs/capacity.md section 1), written independently of the
C++ code so the two can be compared at equal trials and parameters (bench_capacity.sh):

- each user sends messages as a renewal process whose gaps are a lognormal mixture
  (capacity.gaps); the component with the largest median is the between-session gap;
- activity time: intensity(t) = profile(local hour) x a(user, local day) x burst(hour), with
  the built-in profile, time zones uniform over 0..timezone_spread_h hours, a(user, day) an
  AR(1) in log space (phi, sigma, cross-user rho with a shared daily innovation) with
  E[a] = 1, and shared bursts; gaps drawn in activity time end where the cumulative intensity
  has grown by the gap (all gaps with modulate 'all', between-session gaps with 'sessions');
- each message holds one slot for a lognormal generation time;
- one warm-up day, then `weeks` weeks; concurrency at every whole second t counts the
  generations with start < t <= end;
- users per pod: each trial adds users until its concurrency passes the slots at some
  second (common random numbers: user u's draws do not depend on how many users there are);
  P(exceed | N) is the share of trials whose first exceeding count is <= N; users per pod is
  the most N with P(exceed) <= 1 - confidence, with the order-statistic interval.

Vectorized over the users of a chunk (32 users drawn together); a trial adds chunks until
the pod is exceeded, then finds the exact user within the chunk by bisection. Closed loop and
rate limits are not implemented (they are sequential per request); the script refuses them.

Usage: sim_numpy.py SCENARIO.json [--trials T] [--weeks W] [--seed S] [--json]
"""

import argparse
import json
import math
import sys
import time

import numpy as np

HOUR_S = 3600.0
DAY_S = 86400.0
CHUNK = 32
Z95 = 1.959963984540054

# core/sim/simparams.cpp defaultHourlyProfile(), scaled to mean 1.
PROFILE = np.array([0.35, 0.25, 0.2, 0.2, 0.25, 0.35, 0.55, 0.8, 1.1, 1.35, 1.5, 1.55,
                    1.5, 1.5, 1.55, 1.55, 1.5, 1.4, 1.3, 1.3, 1.3, 1.2, 0.95, 0.6])
PROFILE = PROFILE * 24.0 / PROFILE.sum()


def read_params(path, trials, weeks, seed):
    """The capacity block with the scenario reader's defaults (docs/scenario.md section 12)."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    c = doc.get("capacity")
    if not isinstance(c, dict):
        sys.exit(f"{path}: capacity: no capacity block")
    gaps = c.get("gaps") or [{"weight": 0.80, "median_min": 1, "sigma": 0.8},
                             {"weight": 0.15, "median_min": 4, "sigma": 0.6},
                             {"weight": 0.05, "median_min": 250, "sigma": 1.0}]
    clustering = c.get("clustering", {})
    bursts = c.get("bursts")
    generation = c.get("generation", {})
    p = {
        "slots": int(c.get("slots", 20)),
        "confidence": float(c.get("confidence", 0.95)),
        "weeks": int(weeks or c.get("weeks", 8)),
        "trials": int(trials or c.get("trials", 200)),
        "seed": int(seed if seed is not None else c.get("seed", 1)),
        "users": int(c.get("users", 100)),
        "modulate_all": c.get("modulate", "sessions") == "all",
        "weights": np.array([g["weight"] for g in gaps], dtype=float),
        "medians_s": np.array([g["median_min"] * 60.0 for g in gaps], dtype=float),
        "sigmas": np.array([g["sigma"] for g in gaps], dtype=float),
        "gen_median_s": float(generation.get("median_s", 20)),
        "gen_sigma": float(generation.get("sigma", 0.5)),
        "time_of_day": bool(c.get("time_of_day", True)),
        "tz_spread": int(c.get("timezone_spread_h", 3)),
        "clustering": bool(c.get("session_clustering", True)),
        "phi": float(clustering.get("phi", 0.6)),
        "csigma": float(clustering.get("sigma", 0.8)),
        "rho": float(c.get("cross_user_rho", 0.15)),
        "bursts_per_week": float(bursts.get("per_week", 1)) if bursts else 0.0,
        "burst_size": float(bursts.get("size", 3)) if bursts else 1.0,
        "burst_hours": float(bursts.get("hours", 2)) if bursts else 1.0,
    }
    if c.get("closed_loop", False) or c.get("rate_limit", {}).get("requests_per_min", 0) > 0:
        sys.exit(f"{path}: closed_loop and rate_limit are not implemented in the numpy version")
    p["session_component"] = int(np.argmax(p["medians_s"]))
    return p


def search_cap(p):
    """Three times the users whose mean load fills the slots (as core/sim/capacity.cpp)."""
    mean_gap = float(np.sum(p["weights"] * p["medians_s"] * np.exp(p["sigmas"] ** 2 / 2)))
    mean_gen = p["gen_median_s"] * math.exp(p["gen_sigma"] ** 2 / 2)
    fill = p["slots"] * mean_gap / mean_gen
    return max(p["users"], int(min(3 * fill + p["slots"], 1e6)))


def trial_shared(p, trial, hours, days):
    rng = np.random.default_rng([p["seed"], trial, 0])
    z_day = rng.standard_normal(days)
    burst = np.ones(hours)
    starts = np.flatnonzero(rng.random(hours) < p["bursts_per_week"] / 168.0)
    for h in starts:
        burst[h:h + math.ceil(p["burst_hours"])] = p["burst_size"]
    return z_day, burst


def intensities(p, rng, n, z_day, burst):
    """Per-user hourly intensity, shape (n, hours)."""
    hours, days = burst.size, z_day.size
    tz = rng.integers(0, p["tz_spread"], size=n, endpoint=True)
    eps = math.sqrt(p["rho"]) * z_day[None, :] + \
        math.sqrt(1 - p["rho"]) * rng.standard_normal((n, days))
    a = np.ones((n, days))
    if p["clustering"]:
        s, phi = p["csigma"], p["phi"]
        x = np.empty((n, days))
        x[:, 0] = s * eps[:, 0]
        for d in range(1, days):
            x[:, d] = phi * x[:, d - 1] + math.sqrt(1 - phi * phi) * s * eps[:, d]
        a = np.exp(x - s * s / 2)
    local = np.arange(hours)[None, :] + tz[:, None]
    profile = PROFILE[local % 24] if p["time_of_day"] else np.ones_like(local, dtype=float)
    day = np.minimum(local // 24, days - 1)
    return profile * np.take_along_axis(a, day, axis=1) * burst[None, :]


class Clock:
    """Inverse of each user's cumulative intensity, by one searchsorted over all users."""

    def __init__(self, rate):
        n, hours = rate.shape
        self.rate = rate
        self.cum = np.zeros((n, hours + 1))
        np.cumsum(rate * HOUR_S, axis=1, out=self.cum[:, 1:])
        self.hours = hours
        self.offset = (np.arange(n) * (self.cum[:, -1].max() + 1.0))[:, None]
        self.flat = (self.cum + self.offset).ravel()

    def activity(self, t):
        """Cumulative intensity at wall times t, shape (n, k)."""
        h = np.minimum((t // HOUR_S).astype(np.int64), self.hours - 1)
        c = np.take_along_axis(self.cum, h, axis=1)
        return c + np.take_along_axis(self.rate, h, axis=1) * (t - h * HOUR_S)

    def wall(self, s):
        """Wall times at which the cumulative intensity reaches s, shape (n, k); inf beyond."""
        n = s.shape[0]
        idx = np.searchsorted(self.flat, (s + self.offset).ravel(), side="right") - 1
        h = idx.reshape(s.shape) - (np.arange(n) * (self.hours + 1))[:, None]
        beyond = h >= self.hours
        h = np.minimum(h, self.hours - 1)
        t = h * HOUR_S + (s - np.take_along_axis(self.cum, h, axis=1)) / \
            np.take_along_axis(self.rate, h, axis=1)
        t[beyond] = np.inf
        return t


def draw_gaps(p, rng, shape):
    k = np.minimum(np.searchsorted(np.cumsum(p["weights"]), rng.random(shape) *
                                   p["weights"].sum(), side="right"), p["weights"].size - 1)
    return p["medians_s"][k] * np.exp(p["sigmas"][k] * rng.standard_normal(shape)), k


def starts_all(p, rng, clock, end_s):
    """modulate 'all': arrivals are the cumulative gaps in activity time, mapped to wall time."""
    n = clock.rate.shape[0]
    total = clock.activity(np.full((n, 1), end_s))[:, 0]
    mean_gap = float(np.sum(p["weights"] * p["medians_s"] * np.exp(p["sigmas"] ** 2 / 2)))
    s = np.zeros((n, 0))
    last = np.zeros(n)
    while np.any(last < total):
        k = int(1.1 * (total - last).max() / mean_gap) + 64
        gaps, _ = draw_gaps(p, rng, (n, k))
        block = last[:, None] + np.cumsum(gaps, axis=1)
        s = np.concatenate([s, block], axis=1)
        last = block[:, -1]
    t = clock.wall(s)
    return np.where(t < end_s, t, np.inf)


def starts_sessions(p, rng, clock, end_s):
    """modulate 'sessions': step all users together; only session gaps follow activity."""
    n = clock.rate.shape[0]
    t = np.zeros(n)
    out = []
    while np.any(t < end_s):
        gaps, k = draw_gaps(p, rng, n)
        session = k == p["session_component"]
        nxt = t + gaps
        if np.any(session):
            s = clock.activity(np.minimum(t, end_s)[:, None])[:, 0] + gaps
            nxt = np.where(session, clock.wall(s[:, None])[:, 0], nxt)
        t = np.where(t < end_s, nxt, np.inf)
        out.append(np.where(t < end_s, t, np.inf))
    return np.stack(out, axis=1)


def chunk_cells(p, trial, chunk, z_day, burst, warmup_s, end_s, n_cells):
    """First and last+1 concurrency cells of every generation of the chunk's users."""
    rng = np.random.default_rng([p["seed"], trial, chunk + 1])
    clock = Clock(intensities(p, rng, CHUNK, z_day, burst))
    starts = (starts_all if p["modulate_all"] else starts_sessions)(p, rng, clock, end_s)
    ends = starts + p["gen_median_s"] * np.exp(p["gen_sigma"] * rng.standard_normal(starts.shape))
    finite = np.isfinite(starts)
    first = np.maximum(0.0, np.floor(starts - warmup_s))
    last = np.minimum(float(n_cells), np.floor(ends - warmup_s))
    keep = finite & (last > first)
    user = np.broadcast_to(np.arange(CHUNK)[:, None], starts.shape)
    return first[keep].astype(np.int64), last[keep].astype(np.int64), user[keep]


def concurrency(first, last, n_cells):
    diff = np.bincount(first, minlength=n_cells + 1) - np.bincount(last, minlength=n_cells + 1)
    return np.cumsum(diff[:n_cells])


def first_exceeding(p, trial, cap):
    """The fewest users whose concurrency passes the slots at some second; cap + 1 if none."""
    warmup_s = DAY_S
    horizon_s = p["weeks"] * 7 * DAY_S
    end_s = warmup_s + horizon_s
    hours = math.ceil(end_s / HOUR_S)
    z_day, burst = trial_shared(p, trial, hours, hours // 24 + 2)
    n_cells = int(horizon_s)
    counts = np.zeros(n_cells, dtype=np.int64)
    for chunk in range(math.ceil(cap / CHUNK)):
        first, last, user = chunk_cells(p, trial, chunk, z_day, burst, warmup_s, end_s, n_cells)
        added = counts + concurrency(first, last, n_cells)
        if added.max() <= p["slots"]:
            counts = added
            continue
        lo, hi = 0, CHUNK  # exceeds with hi users of the chunk, not with lo
        while hi - lo > 1:
            mid = (lo + hi) // 2
            m = user < mid
            if (counts + concurrency(first[m], last[m], n_cells)).max() > p["slots"]:
                hi = mid
            else:
                lo = mid
        found = chunk * CHUNK + hi
        return found if found <= cap else cap + 1
    return cap + 1


def users_per_pod(p, first):
    first = np.sort(first)
    n = first.size
    q = 1 - p["confidence"]
    k = math.floor(q * n + 1e-9)
    half = Z95 * math.sqrt(n * q * (1 - q))

    def at(i):
        return int(first[int(min(max(i, 0), n - 1))] - 1)
    return at(k), at(math.floor(k - half)), at(math.ceil(k + half))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--weeks", type=int)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    p = read_params(args.scenario, args.trials, args.weeks, args.seed)
    cap = search_cap(p)
    started = time.perf_counter()
    first = np.array([first_exceeding(p, t, cap) for t in range(p["trials"])])
    seconds = time.perf_counter() - started
    upp, low, high = users_per_pod(p, first)
    result = {"users_per_pod": upp, "users_per_pod_interval": [low, high],
              "users_per_pod_censored": upp >= cap, "trials": p["trials"], "weeks": p["weeks"],
              "seed": p["seed"], "seconds": seconds,
              "first_exceeding_quartiles": [int(v) for v in np.percentile(first, [25, 50, 75])]}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"users per pod {upp} [{low}, {high}], {p['trials']} trials of {p['weeks']} "
              f"weeks, {seconds:.1f} s")


if __name__ == "__main__":
    main()
