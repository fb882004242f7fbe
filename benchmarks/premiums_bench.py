"""Floating-rate recommendation speed: load the basis once, then recommend (with and without reasons).

Run: ``.venv/bin/python benchmarks/premiums_bench.py [DB] [YEAR]``.
"""

from __future__ import annotations

import sys
import time

from analytics import paths, premiums
from analytics.data import warehouse


def main(db: str, year: int) -> None:
    con = warehouse.connect(db, read_only=True)
    start = time.perf_counter()
    basis = premiums.load_basis(con, year)
    print(f"basis for {year}: {len(basis):,} employers loaded in {time.perf_counter() - start:.2f} s")
    rules = premiums.load_rules()
    for label, kwargs in {"recommendations with reasons": {}, "what-if (tiers and income only)": {"reasons": False}}.items():
        start = time.perf_counter()
        rec = premiums.recommend(basis, rules, year, **kwargs)
        premiums.fund_impact(rec)
        print(f"{label:34s} {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(paths.default_db_path()), int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
