"""Risk-model speed: full backtest plus training on a warehouse, and scoring every enterprise.

Run: ``.venv/bin/python benchmarks/targeting_bench.py [DB]`` (default: the demo warehouse).
Prints the bar of issue 4 too: best model's top-10 % capture against last year's rate and
against the hidden true risk, for every test year.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from analytics import paths
from analytics.data import warehouse
from analytics.targeting import backtest, features, models, registry


def main(db: str) -> None:
    con = warehouse.connect(db, read_only=True)
    n = warehouse.scalar(con, "select count(*) from enterprises")
    start = time.perf_counter()
    results = backtest.run(con)
    backtested = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        backtest.train_and_register(con, results, directory=Path(tmp))
        trained = time.perf_counter() - start
        model, meta = registry.load(directory=Path(tmp))
        last = warehouse.scalar(con, "select max(year) from insurance")
        start = time.perf_counter()
        frame = features.build(con, last - 1, last - 1)
        built = time.perf_counter() - start
        start = time.perf_counter()
        models.expected_injuries(model, frame)
        scored = time.perf_counter() - start
    print(f"{n:,} enterprises: backtest {backtested:.1f} s + training {trained:.1f} s = {backtested + trained:.1f} s")
    print(f"scoring {len(frame):,} enterprises with {meta['name']}: features {built:.1f} s + predict {scored:.1f} s")
    top10 = backtest.summary(results).astype(float)
    best = top10.loc[list(models.COUNT_MODELS)].max()
    print("top-10 % injury capture by test year:")
    print(top10.round(3).to_string())
    print("best model / last-year rate:", (best / top10.loc["last_rate"]).round(2).to_dict())
    if "ceiling" in top10.index:
        print("best model / hidden true risk:", (best / top10.loc["ceiling"]).round(3).to_dict())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(paths.default_db_path()))
