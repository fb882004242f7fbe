"""The Parquet export for a national roll-up: the same measures read it as they read the warehouse."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from analytics.data import parquet, warehouse
from analytics.measures import indicators


def test_the_exported_folder_gives_the_warehouses_figures(demo_db, tmp_path):
    folder = tmp_path / "rollup"
    run = subprocess.run([sys.executable, "-m", "analytics", "export-parquet", str(folder), "--db", str(demo_db)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (folder / "injuries" / "province=530000" / "year=2025").is_dir()
    assert not (folder / "access_log").exists() and not (folder / "import_log").exists()   # logs stay home
    rollup = parquet.open_folder(folder)
    with warehouse.connect(demo_db, read_only=True) as con:
        for by in (["year", "prefecture"], ["key_group"]):
            here = indicators.indicators(con, by, indicators.Filters()).sort_values(by).reset_index(drop=True)
            there = indicators.indicators(rollup, by, indicators.Filters()).sort_values(by).reset_index(drop=True)
            pd.testing.assert_frame_equal(here, there, check_dtype=False)
        assert warehouse.scalar(rollup, "select count(*) from injuries") == \
            warehouse.scalar(con, "select count(*) from injuries")


def test_exporting_again_replaces_the_provinces_files(demo_db, tmp_path):
    with warehouse.connect(demo_db, read_only=True) as con:
        first = parquet.export(con, tmp_path)
        again = parquet.export(con, tmp_path)
    assert first == again
    assert warehouse.scalar(parquet.open_folder(tmp_path), "select count(*) from enterprises") == first["enterprises"]
