"""Warehouse speed and size: demo builds and a 1,000,000-row injuries import.

Run: ``.venv/bin/python benchmarks/warehouse_bench.py [demo] [million] [import]``
Prints wall time and peak memory (max RSS of the child process) for each case.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

PY = sys.executable


def _run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (GiB) of one child process (its own, from wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{args} failed ({os.waitstatus_to_exitcode(status)}):\n{output[-3000:]}")
    return seconds, usage.ru_maxrss / 1024**2


def bench_demo(tmp: Path, enterprises: int) -> None:
    db = tmp / f"demo_{enterprises}.duckdb"
    seconds, gib = _run([PY, "-m", "analytics", "demo", "--db", str(db), "--enterprises", str(enterprises)])
    print(f"demo --enterprises {enterprises}: {seconds:.1f} s, peak memory {gib:.2f} GiB, "
          f"file {db.stat().st_size / 1024**2:.0f} MiB")


def bench_import(tmp: Path, rows: int = 1_000_000) -> None:
    """Import a generated injuries CSV of ``rows`` rows into a small demo warehouse."""
    from stdnum.cn import ric

    from analytics.data import warehouse

    db = tmp / "import.duckdb"
    subprocess.run([PY, "-m", "analytics", "demo", "--db", str(db), "--enterprises", "2000"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    con = warehouse.connect(db, read_only=True)
    usccs = warehouse.query(con, "select uscc from enterprises").uscc.to_numpy()
    con.close()
    rng = np.random.default_rng(1)
    birth = pd.Timestamp("1970-01-01") + pd.to_timedelta(rng.integers(0, 12_000, rows), unit="D")
    stems = pd.Series("530124" + birth.strftime("%Y%m%d") + pd.Series(rng.integers(0, 1000, rows)).map("{:03d}".format))
    ids = [s + ric.calc_check_digit(s + "0") for s in stems]
    accident = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 2000, rows), unit="D")
    frame = pd.DataFrame({
        "case_no": [f"B-{i:08d}" for i in range(rows)], "uscc": rng.choice(usccs, rows), "id_number": ids,
        "name": "某某", "accident_date": accident.strftime("%Y-%m-%d"),
        "decision_date": (accident + pd.Timedelta(days=45)).strftime("%Y-%m-%d"),
        "accident_type": rng.integers(1, 21, rows), "fatal": np.where(rng.random(rows) < 0.01, "是", "否"),
        "disability_grade": rng.integers(1, 11, rows), "lost_days": rng.integers(0, 300, rows),
        "benefits": rng.uniform(1000, 100000, rows).round(2), "position": "工人",
    })
    csv = tmp / "injuries_1m.csv"
    frame.to_csv(csv, index=False)
    empty = db.read_bytes()
    bares, runs = [], []
    for attempt in range(3):                    # alternated, medians: one slow second is not the figure
        reference = tmp / f"reference{attempt}.duckdb"
        bares.append(_run([PY, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).execute("
                                "'create table t as select * from read_csv(?)', [sys.argv[2]])",
                           str(reference), str(csv)]))
        db.write_bytes(empty)
        runs.append(_run([PY, "-m", "analytics", "import", "injuries", str(csv), "--db", str(db)]))
    (bare, bare_gib), (seconds, gib) = sorted(bares)[1], sorted(runs)[1]
    print(f"import of {rows:,} injuries rows ({csv.stat().st_size / 1024**2:.0f} MiB CSV): {seconds:.1f} s, "
          f"peak memory {gib:.2f} GiB; DuckDB's own read_csv into a table {bare:.1f} s ({bare_gib:.2f} GiB): "
          f"{seconds / bare:.1f}x")


def main(cases: list[str]) -> None:
    cases = cases or ["demo", "import", "million"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if "demo" in cases:
            bench_demo(tmp, 50_000)
        if "import" in cases:
            bench_import(tmp)
        if "million" in cases:
            bench_demo(tmp, 1_000_000)


if __name__ == "__main__":
    main(sys.argv[1:])
