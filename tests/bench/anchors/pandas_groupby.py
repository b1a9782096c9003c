#!/usr/bin/python3
"""pandas anchor for tests/bench/bench_import.sh.

Reads the usage CSV with pandas.read_csv (C parser, default inference), derives
day = first 10 characters of the timestamp, groups by user_id x model x channel x day,
and materializes the grouped frame: count of requests and the sums of the four token
columns. Prints the check line the harness compares across tools:

    groups=N requests=N input_tokens=N

Usage: /usr/bin/python3 pandas_groupby.py USAGE.csv
"""
import sys

import pandas as pd

TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pandas_groupby.py USAGE.csv")
    df = pd.read_csv(sys.argv[1])
    df["day"] = df["timestamp"].str[:10]
    agg = (
        df.groupby(["user_id", "model", "channel", "day"], sort=False)
        .agg(
            requests=("input_tokens", "size"),
            input_tokens=("input_tokens", "sum"),
            output_tokens=("output_tokens", "sum"),
            cache_read_tokens=("cache_read_tokens", "sum"),
            cache_write_tokens=("cache_write_tokens", "sum"),
        )
        .reset_index()
    )
    print("groups=%d requests=%d input_tokens=%d" % (
        len(agg), int(agg["requests"].sum()), int(agg["input_tokens"].sum())))


if __name__ == "__main__":
    main()
