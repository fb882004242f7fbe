"""Does training on a sample keep the backtest's figures? The full fit against an exposure-weighted sample.

Run: ``.venv/bin/python benchmarks/sampling_bench.py [DB] [ROWS]`` (default: the demo warehouse and
100,000 training rows). Runs the backtest twice on the same warehouse, once on every enterprise-year
and once with ``backtest.TRAINING_ROWS = ROWS`` (a sample in proportion to next year's exposure,
weighted back, and each test year scored in full, as a million-enterprise province is), and prints
for every ranker and test year the top-1/5/10 % injury capture of both and the largest difference.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from analytics import paths
from analytics.data import warehouse
from analytics.targeting import backtest

METRICS = ("injuries_top1", "injuries_top5", "injuries_top10")


def _run(con, rows: int) -> tuple[dict, float]:
    backtest.TRAINING_ROWS = rows
    start = time.perf_counter()
    return backtest.run(con), time.perf_counter() - start


def main(db: str, rows: int) -> None:
    con = warehouse.connect(db, read_only=True)
    total = warehouse.scalar(con, "select count(*) from insurance where year < (select max(year) from insurance)")
    full, full_s = _run(con, max(total, rows) + 1)
    sampled, sampled_s = _run(con, rows)
    print(f"{total:,} enterprise-years; full fit {full_s:.0f} s, sample of {rows:,} {sampled_s:.0f} s")
    worst = {}
    for name, ranker in full["rankers"].items():
        if ranker["kind"] != "model":
            continue
        for year, metrics in ranker["years"].items():
            other = sampled["rankers"][name]["years"][year]
            cells = []
            for metric in METRICS:
                gap = abs(metrics[metric] - other[metric])
                worst[(name, metric)] = max(worst.get((name, metric), 0.0), gap)
                cells.append(f"{metric} {metrics[metric]:.4f} / {other[metric]:.4f}")
            print(f"{name:20s} {year}: " + ", ".join(cells))
    for (name, metric), gap in sorted(worst.items()):
        print(f"largest |full - sample| {name} {metric}: {gap:.4f}")
    print(f"largest of all: {max(worst.values(), default=np.nan):.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(paths.default_db_path()),
         int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
