"""The DuckDB warehouse: connections, schema migrations and reference tables.

DuckDB lets one process write a database file. The dashboard holds the one read-write
connection of its process and hands each session a cursor; the CLI writes when nothing
else holds the file; notebooks open it read-only, or a snapshot copy when it is busy.
"""

from __future__ import annotations

import atexit
import ctypes
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import labels, paths
from analytics.data import reference

SCHEMA_VERSION = 6
MEMORY_LIMIT = {"read_only": "1GB", "automatic": "2GB"}    # DuckDB's cap by access mode: a write refreshes the marts
MARTS = ("enterprise_year", "key_position_training")     # derived tables, rebuilt by refresh_marts
MIGRATIONS = {1: "data/schema_v1", 2: "data/schema_v2", 3: "data/schema_v3", 4: "data/schema_v4",
              5: "data/schema_v5", 6: "data/schema_v6"}


class WarehouseBusy(RuntimeError):
    """Another process holds the database file for writing."""


class WarehouseOutdated(RuntimeError):
    """A warehouse written by an older version of this code, opened read-only, so it cannot be brought up
    to date here: ``schema`` is its schema version, ``missing`` the derived tables it lacks."""

    def __init__(self, path: Path, schema: int, missing: list[str]):
        self.path, self.schema, self.missing = path, schema, missing
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        """What happened and the command that mends it, in ``lang`` (the schema versions only when they differ:
        a warehouse of the current schema can still lack a derived table added since)."""
        key = "warehouse_outdated" if self.schema != SCHEMA_VERSION else "warehouse_outdated_marts"
        return labels.t(key, lang, db=self.path, schema=self.schema, expected=SCHEMA_VERSION,
                        missing="、".join(self.missing) or "-")


def connect(db: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also brings the schema up to date.

    With ``read_only=True`` and the file locked by a writer (the dashboard running), a
    snapshot copy is opened instead, so a notebook never waits for or blocks the app.
    """
    path = Path(db or paths.default_db_path())
    if read_only:
        try:
            con = _quiet(duckdb.connect(str(path), read_only=True))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            con = _snapshot(path)
        return _current(con, path)
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


def _current(con, path: Path):
    """``con`` if its warehouse is up to date (a writable connection migrates it; a read-only one cannot,
    and a query of a table an older version did not make would fail with DuckDB's words), else closed and
    :class:`WarehouseOutdated` raised."""
    schema = schema_version(con)
    missing = [mart for mart in MARTS if not has_table(con, mart)]
    if schema < SCHEMA_VERSION or missing:
        con.close()
        raise WarehouseOutdated(path, schema, missing)
    return con


def _snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only copy of a file another process holds, with its write-ahead log (the last
    commits), in a temporary folder removed when the connection is closed or the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="warehouse-snapshot-"))
    shutil.copyfile(path, folder / path.name)
    wal = Path(f"{path}.wal")
    if wal.exists():
        shutil.copyfile(wal, folder / wal.name)
    con = _quiet(duckdb.connect(str(folder / path.name), read_only=True))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return _Closing(con, folder)


def is_snapshot(con) -> bool:
    """Whether ``con`` reads a snapshot copy (another process held the file when it was opened)."""
    return isinstance(con, _Closing)


class _Closing:
    """A connection that removes its snapshot folder when closed; everything else is the connection's."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: Path):
        self._con, self._folder = con, folder

    def close(self) -> None:
        self._con.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name):
        return getattr(self._con, name)


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No progress bar on stderr: the CLI and notebooks print their own output. DuckDB's memory is
    capped (``ANALYTICS_DUCKDB_MEMORY``; by default 1 GB to read, 2 GB to write, where rebuilding
    ``enterprise_year`` of a million enterprises needs more; it spills to disk beyond): left at its
    default of 80 % of the machine, one large join crowds out the dashboard and every other job."""
    con.execute("set memory_limit = ?", [_memory_limit(con)])
    try:
        con.execute("set enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass   # in Jupyter without ipywidgets DuckDB refuses the setting, and draws no bar either
    return con


def release_cache(con: duckdb.DuckDBPyConnection) -> None:
    """Give back the blocks DuckDB keeps cached up to its limit (lowering the limit for a moment evicts
    them), and the heap pages the process has freed, before a batch job's pandas work. For a process
    with one connection (the CLI): the limit is the database's, so another cursor's query would
    briefly have almost none."""
    limit = _memory_limit(con)
    con.execute("set memory_limit = '32MB'")
    con.execute("set memory_limit = ?", [limit])
    trim_heap()


def trim_heap() -> None:
    """Return freed memory to the system: Arrow's pool (the strings of every frame read) and the C heap
    (glibc's ``malloc_trim``). A job that frees a million-row frame a year otherwise keeps each year's
    pages, scattered among live ones, as resident memory."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


try:
    _LIBC = ctypes.CDLL("libc.so.6")
    _LIBC.malloc_trim     # glibc only
except (OSError, AttributeError):
    _LIBC = None


def _memory_limit(con: duckdb.DuckDBPyConnection) -> str:
    mode = scalar(con, "select current_setting('access_mode')")
    return os.environ.get("ANALYTICS_DUCKDB_MEMORY", MEMORY_LIMIT.get(mode, MEMORY_LIMIT["automatic"]))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    if not has_table(con, "schema_version"):
        return 0
    return scalar(con, "select coalesce(max(version), 0) from schema_version")


def migrate(con: duckdb.DuckDBPyConnection, province: str | None = None) -> None:
    """Apply pending migrations in one transaction each and (re)load the reference tables."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"database schema {current} is newer than this code ({SCHEMA_VERSION}); upgrade the package")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with transaction(con):
            if version == 1:
                con.execute("create table schema_version (version integer primary key, applied_at timestamp)")
            con.execute(sql_text(MIGRATIONS[version]))
            con.execute("insert into schema_version values (?, current_timestamp)", [version])
    if current < SCHEMA_VERSION or province:
        load_reference(con, province or "yunnan")
    # An import that died left its log row 'started'; only one process writes, so it is over.
    con.execute("update import_log set status = 'aborted' where status = 'started'")
    if not all(has_table(con, mart) for mart in MARTS) or mart_version(con) < data_version(con):
        refresh_marts(con)


def mart_version(con: duckdb.DuckDBPyConnection) -> int:
    """The data version the derived tables were built from (-1 if never recorded)."""
    return scalar(con, "select coalesce(max(built_for), -1) from mart_state")


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
    with transaction(con):
        for table, frame in tables.items():
            con.register("incoming_reference", frame)
            con.execute("delete from " + ident(table))
            con.execute("insert into " + ident(table) + " by name select * from incoming_reference")
            con.unregister("incoming_reference")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    from analytics.data.feeds import FEEDS

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


_commits = 0


def commits() -> int:
    """How many transactions this process has committed. While a process holds the warehouse no
    other one can write it (the others read a snapshot), so a value read from it, such as the data
    version, stays true until this count moves."""
    return _commits


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything inside is written together or not at all."""
    global _commits
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    _commits += 1


def sql_text(name: str, **fragments: str) -> str:
    """The text of a stage's query file (``"measures/enterprise_details"``, see ``paths.sql_file``).

    ``{fragment}`` marks in the file are filled from ``fragments``: identifiers and expressions
    chosen by code (never a value from a user, which is always a bound parameter). A fragment
    that names another query file of the same stage is inlined.
    """
    text = paths.sql_file(name).read_text("utf-8")
    stage = name.rpartition("/")[0]
    for mark in set(re.findall(r"\{(\w+)\}", text)):
        if mark in fragments:
            text = text.replace("{" + mark + "}", fragments[mark])
        elif paths.sql_file(f"{stage}/{mark}").exists():
            text = text.replace("{" + mark + "}", sql_text(f"{stage}/{mark}"))
        else:
            raise KeyError(f"{name}.sql needs the fragment {{{mark}}}")
    return text


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: list | dict | None = None,
              **fragments: str) -> pd.DataFrame:
    """Run a stage's named query file with bound parameters; the whole result as a DataFrame."""
    return query(con, sql_text(name, **fragments), params)


def run_query_chunks(con: duckdb.DuckDBPyConnection, name: str, params: list | dict | None = None,
                     **fragments: str) -> Iterator[pd.DataFrame]:
    """:func:`run_query` a chunk of rows at a time (about 200,000), at least one chunk (it may be empty):
    a million rows are taken a part at a time, so a caller can keep what it needs of each."""
    result = con.execute(sql_text(name, **fragments), params or [])
    part = result.fetch_df_chunk(QUERY_CHUNK_VECTORS)
    yield part
    while not part.empty:
        part = result.fetch_df_chunk(QUERY_CHUNK_VECTORS)
        if not part.empty:
            yield part


QUERY_CHUNK_VECTORS = 100    # DuckDB vectors of 2,048 rows


def run_query_released(con: duckdb.DuckDBPyConnection, name: str, params: list | dict | None = None,
                       **fragments: str) -> pd.DataFrame:
    """:func:`run_query` for a batch job's own connection: the rows are taken a chunk at a time and
    DuckDB's cached blocks given back (:func:`release_cache`) before they are put together, so the
    query's working memory and the frame are never held at once."""
    parts = list(run_query_chunks(con, name, params, **fragments))
    release_cache(con)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def has_table(con: duckdb.DuckDBPyConnection, name: str, schema: str = "main") -> bool:
    return bool(scalar(con, "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, name]))


def has_demo_truth(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds a demo's planted truth (``hidden.enterprise_risk``), against which
    the backtest and the uplift are judged; a real province's warehouse has none."""
    return has_table(con, "enterprise_risk", "hidden") and \
        bool(scalar(con, "select count(*) from hidden.enterprise_risk"))


def counts_by_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows of each feed by year (``feed, year, n``); enterprises have no year and are counted apart."""
    return run_query(con, "data/counts_by_year")


def data_through(con: duckdb.DuckDBPyConnection):
    """Latest business date in the warehouse: the end of the current partial year."""
    return scalar(con, sql_text("data/data_through"))


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes whenever an import is accepted; cached views key on it so uploads show at once."""
    return scalar(con, "select coalesce(max(id), 0) from import_log where status = 'accepted'")


def log_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes with every import, accepted or rejected."""
    return scalar(con, "select coalesce(max(id), 0) from import_log")


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the derived tables from the feeds: ``enterprise_year`` (exposure and events per
    enterprise and year) and ``key_position_training`` (key positions and the persons trained for
    them), and record the data version they were built from.

    Run by the import path inside the transaction that writes the rows and bumps the data
    version, so no reader sees the new version with the old mart. Overdue hazards are judged
    at the latest business date in the warehouse.
    """
    as_of = data_through(con) or dt.date.today()
    con.execute("create or replace table enterprise_year as " + sql_text("data/enterprise_years"),
                {"first_year": 1900, "last_year": 9999, "as_of": as_of})
    con.execute("create or replace table key_position_training as " + sql_text("data/key_position_training"))
    con.execute("delete from mart_state")
    con.execute("insert into mart_state values (?, current_timestamp)", [data_version(con)])


def filter_options(con: duckdb.DuckDBPyConnection) -> dict:
    """What a filter may choose: years with data, prefectures, counties (with their prefecture),
    GB/T 4754 divisions and key-industry groups (with Chinese and English names), the last date."""
    rows = run_query(con, "data/filter_options")
    kind = {k: part for k, part in rows.groupby("kind")}
    empty = rows.iloc[:0]
    get = lambda k: kind.get(k, empty)  # noqa: E731
    return {
        "years": sorted(int(y) for y in get("year").code),
        "prefectures": dict(zip(get("prefecture").code, get("prefecture").name_zh)),
        "counties": {r.code: (r.name_zh, r.parent) for r in get("county").itertuples()},
        "divisions": {r.code: (r.name_zh, r.name_en) for r in get("division").itertuples()},
        "key_groups": {r.code: (r.name_zh, r.name_en) for r in get("key_group").itertuples()},
        "as_of": data_through(con),
    }
