"""The warehouse as Hive-partitioned Parquet (province, year): the path past one machine.

A national roll-up gathers every province's records. Each province exports its warehouse with
``export``: one folder per table, ``province=530000/year=2025/`` below it, plus a manifest. On
one large machine DuckDB reads all provinces' folders at once (``open_folder`` makes a view per
table, so the same named queries and measures run unchanged); a distributed SQL engine reads the
same layout. Only the shared records and their code lists travel: logs, accounts, letters and
replaced rows stay in the province.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from analytics.data import reference, warehouse
from analytics.progress import report

# The year a record counts in: its own year column, or the year of the date that places it.
YEAR_OF = {
    "enterprise_year": "year", "key_position_training": "year", "insurance": "year", "key_positions": "year",
    "school_courses": "year", "projects": "year", "injuries": "accident_date", "accidents": "date", "diseases": "diagnosis_date",
    "hazards": "found_date", "trainings": "completed_date", "campaigns": "date", "project_events": "date",
}
BY_PROVINCE_ONLY = ("enterprises", "experts", "project_enterprises", "warning_bases", "regions", "industries",
                    "accident_types", "disease_categories", "pneumoconioses", "training_roles", "key_industry_groups")
TABLES = tuple(YEAR_OF) + BY_PROVINCE_ONLY
MANIFEST = "manifest.json"


def export(con: duckdb.DuckDBPyConnection, folder: str | Path,
           progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write every shared table under ``folder/<table>/province=<code>/[year=<year>/]``; rows per table.

    A province's earlier export in the same folder is replaced, other provinces' are kept."""
    folder = Path(folder)
    province = reference.PROVINCES[warehouse.province_of(con)]
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {"tables": {}}
    rows = {}
    for n, table in enumerate(TABLES, start=1):
        year = YEAR_OF.get(table)
        added = ["province"] + ([] if year in (None, "year") else ["year"])
        sql = warehouse.sql_text("data/export_table", table=warehouse.ident(table),
                                 year=f", cast(year({warehouse.ident(year)}) as integer) as year"
                                 if "year" in added else "")      # identifiers from this module only
        reader = con.sql(sql, params={"province": province}).to_arrow_reader(batch_size=200_000)
        target = folder / table
        shutil.rmtree(target / f"province={province}", ignore_errors=True)
        partitions = [("province", pa.string())] + ([("year", reader.schema.field("year").type)] if year else [])
        counted = [0]

        def batches(reader=reader, counted=counted):
            for batch in reader:
                counted[0] += batch.num_rows
                yield batch

        ds.write_dataset(batches(), target, schema=reader.schema, format="parquet",
                         partitioning=ds.partitioning(pa.schema(partitions), flavor="hive"),
                         existing_data_behavior="overwrite_or_ignore", basename_template=f"{province}-{{i}}.parquet",
                         max_rows_per_group=200_000)
        rows[table] = counted[0]
        manifest["tables"][table] = {"partitions": [p for p, _ in partitions], "added": added}
        report(progress, f"{table}: {counted[0]:,}", n, len(TABLES))
    manifest.setdefault("provinces", [])
    if province not in manifest["provinces"]:
        manifest["provinces"].append(province)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return rows


def open_folder(folder: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose tables are views over an exported folder (every province in it);
    the measures' named queries run on it as on a warehouse."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    con = duckdb.connect()
    for table, spec in manifest["tables"].items():
        relation = con.read_parquet(str(folder / table / "**" / "*.parquet"), hive_partitioning=True)
        keep = [c for c in relation.columns if c not in spec["added"]]
        relation.select(*[duckdb.ColumnExpression(c) for c in keep]).create_view(table)
    return con
