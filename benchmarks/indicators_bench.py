"""Indicator query latency on a warehouse (default: the demo at data/warehouse.duckdb).

Run: ``.venv/bin/python benchmarks/indicators_bench.py [DB]``. Prints the median and the
worst of 5 runs of each query a page uses, after one warm-up run.
"""

from __future__ import annotations

import statistics
import sys
import time

from analytics import paths
from analytics.data import warehouse
from analytics.measures import indicators, targets
from analytics.measures.indicators import Filters

QUERIES = {
    "by year": (["year"], Filters()),
    "by year x key group": (["year", "key_group"], Filters()),
    "by prefecture, 2025": (["prefecture"], Filters(first_year=2025, last_year=2025)),
    "by division x year, one prefecture": (["division", "year"], Filters(prefecture=("530100",))),
    "by county, key groups": (["county"], Filters(key_group=("mining", "construction"))),
    "by size band x year": (["size_band", "year"], Filters()),
}


def main(db: str) -> None:
    con = warehouse.connect(db, read_only=True)
    n = warehouse.scalar(con, "select count(*) from enterprises")
    print(f"warehouse {db}: {n:,} enterprises, {warehouse.scalar(con, 'select count(*) from enterprise_year'):,} enterprise-years")
    cases = {name: (lambda by=by, f=f: indicators.indicators(con, by, f)) for name, (by, f) in QUERIES.items()}
    cases["targets 2021-2025"] = lambda: targets.evaluate(con, "2021-2025")
    for name, run in cases.items():
        run()
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:40s} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(paths.default_db_path()))
