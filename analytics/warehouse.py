"""The DuckDB warehouse: connections, schema migrations and reference tables.

DuckDB lets one process write a database file. The dashboard holds the one read-write
connection of its process and hands each session a cursor; the CLI writes when nothing
else holds the file; notebooks open it read-only, or a snapshot copy when it is busy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from analytics import paths, reference

SCHEMA_VERSION = 1
MIGRATIONS = {1: "schema_v1.sql"}


class WarehouseBusy(RuntimeError):
    """Another process holds the database file for writing."""


def connect(db: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also brings the schema up to date.

    With ``read_only=True`` and the file locked by a writer (the dashboard running), a
    snapshot copy is opened instead, so a notebook never waits for or blocks the app.
    """
    path = Path(db or paths.default_db_path())
    if read_only:
        try:
            return _quiet(duckdb.connect(str(path), read_only=True))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            snapshot = Path(tempfile.mkdtemp(prefix="warehouse-snapshot-")) / path.name
            shutil.copyfile(path, snapshot)
            return _quiet(duckdb.connect(str(snapshot), read_only=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        raise WarehouseBusy(
            f"{path} is open in another process (the dashboard?). Import through the dashboard's "
            f"data page, or stop that process first. ({exc})"
        ) from exc
    migrate(_quiet(con))
    return con


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No progress bar on stderr: the CLI and notebooks print their own output."""
    try:
        con.execute("set enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass   # in Jupyter without ipywidgets DuckDB refuses the setting, and draws no bar either
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    if not scalar(con, "select count(*) from information_schema.tables where table_name = 'schema_version'"):
        return 0
    return scalar(con, "select coalesce(max(version), 0) from schema_version")


def migrate(con: duckdb.DuckDBPyConnection, province: str | None = None) -> None:
    """Apply pending migrations in one transaction each and (re)load the reference tables."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"database schema {current} is newer than this code ({SCHEMA_VERSION}); upgrade the package")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        con.execute("begin transaction")
        try:
            if version == 1:
                con.execute("create table schema_version (version integer primary key, applied_at timestamp)")
            con.execute((paths.SQL_DIR / MIGRATIONS[version]).read_text("utf-8"))
            con.execute("insert into schema_version values (?, current_timestamp)", [version])
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    if current < SCHEMA_VERSION or province:
        load_reference(con, province or "yunnan")
    if not scalar(con, "select count(*) from information_schema.tables where table_name = 'enterprise_year'"):
        refresh_marts(con)


def province_of(con: duckdb.DuckDBPyConnection) -> str:
    code = scalar(con, "select region_code from regions where level = 'province'")
    return next((k for k, v in reference.PROVINCES.items() if v == code), "yunnan")


def load_reference(con: duckdb.DuckDBPyConnection, province: str = "yunnan") -> None:
    """Replace the reference tables with the code lists of one province."""
    tables = {
        "regions": reference.regions(province),
        "industries": reference.industries(),
        "key_industry_groups": reference.key_group_table(reference.load_key_industries(province=province)),
        "accident_types": reference.accident_types(),
        "disease_categories": reference.disease_categories(),
        "pneumoconioses": reference.pneumoconioses(),
        "training_roles": reference.training_roles(),
    }
    con.execute("begin transaction")
    try:
        for table, frame in tables.items():
            con.register("incoming_reference", frame)
            con.execute("delete from " + ident(table))
            con.execute("insert into " + ident(table) + " by name select * from incoming_reference")
            con.unregister("incoming_reference")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    from analytics.feeds import FEEDS

    return {name: scalar(con, "select count(*) from " + ident(name)) for name in FEEDS}


def ident(name: str) -> str:
    """Quote a table or column name that comes from code; refuse anything else."""
    if not name.replace("_", "").replace(".", "").isalnum():
        raise ValueError(f"not an identifier: {name!r}")
    return ".".join(f'"{part}"' for part in name.split("."))


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None):
    """Run a query with bound parameters and return the whole result as a DataFrame."""
    return con.execute(sql, params or []).df()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None):
    """First column of the first row; reads the result to its end so the connection is free."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def read_sql(name: str) -> str:
    return (paths.SQL_DIR / f"{name}.sql").read_text("utf-8")


def counts_by_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows of each feed by year (``feed, year, n``); enterprises have no year and are counted apart."""
    return query(con, read_sql("counts_by_year"))


def data_through(con: duckdb.DuckDBPyConnection):
    """Latest business date in the warehouse: the end of the current partial year."""
    return scalar(con, "select max(d) from (select max(accident_date) d from injuries "
                       "union all select max(found_date) from hazards union all select max(diagnosis_date) from diseases "
                       "union all select max(completed_date) from trainings union all select max(date) from accidents)")


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes whenever an import is accepted; cached views key on it so uploads show at once."""
    return scalar(con, "select coalesce(max(id), 0) from import_log where status = 'accepted'")


def log_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes with every import, accepted or rejected."""
    return scalar(con, "select coalesce(max(id), 0) from import_log")


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``enterprise_year`` (exposure and events per enterprise and year) from the feeds.

    Run by the import path after every accepted file, so that reading code only reads.
    Overdue hazards are judged at the latest business date in the warehouse.
    """
    as_of = data_through(con) or dt.date.today()
    con.execute("create or replace table enterprise_year as " + read_sql("enterprise_years"),
                {"first_year": 1900, "last_year": 9999, "as_of": as_of})
