"""Import a feed file into the warehouse: read, validate, de-identify, write once, log.

A file is all or nothing: any problem rejects it whole and nothing but the log entry is
written. An accepted file is written in one transaction, keyed by the feed's natural key,
so importing it again changes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import duckdb
import pandas as pd

from analytics import labels
from analytics.data import deid, warehouse
from analytics.data.feeds import FEEDS
from analytics.data.validation import Context, Problem, Validation, validate

READERS = (".csv", ".xlsx", ".parquet")
_WRITE_LOCK = threading.Lock()   # one import at a time per process: DuckDB has one writer per file


@dataclass
class ImportResult:
    feed: str
    file_name: str
    checksum: str
    rows_read: int
    status: str                      # accepted / rejected
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    validation: Validation | None = None
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def summary(self, lang: str = "zh") -> str:
        if not self.accepted:
            n = self.validation.total_problems if self.validation else 0
            shown = len(self.validation.problems) if self.validation else 0
            return labels.t("rejected", lang, n=n, shown=shown)
        if self.inserted == 0 and self.updated == 0:
            return labels.t("nothing_changed", lang)
        return labels.t("accepted", lang, read=self.rows_read, inserted=self.inserted,
                        updated=self.updated, unchanged=self.unchanged)


class UnreadableFile(ValueError):
    pass


def decode_csv(data: bytes) -> str:
    """Text of a CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "gb18030"
    if encoding.replace("_", "").lower() in {"gb2312", "gbk", "gb18030", "hz", "big5"}:
        encoding = "gb18030"  # superset of GB2312 and GBK
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableFile(f"unknown text encoding ({exc})") from exc


def read_table(data: bytes, file_name: str) -> pd.DataFrame:
    """Read CSV, Excel or Parquet bytes into a frame of raw values."""
    suffix = Path(file_name).suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(io.StringIO(decode_csv(data)), dtype=str, keep_default_na=False)
        if suffix == ".xlsx":
            return pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        if suffix == ".parquet":
            return pd.read_parquet(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as exc:  # a broken file must become a report, whatever the parser raised
        raise UnreadableFile(f"{type(exc).__name__}: {exc}") from exc
    raise UnreadableFile(f"unsupported file type {suffix!r}; use one of {', '.join(READERS)}")


def context(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> Context:
    """Code lists and known enterprises as the warehouse holds them now."""
    def spellings(frame: pd.DataFrame, code: str, *names: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in names:
            counts = frame[name].value_counts()
            unique = frame[frame[name].isin(counts[counts == 1].index)]
            out.update({str(k).lower() if name == "name_en" else str(k): str(v)
                        for k, v in zip(unique[name], unique[code])})
        out.update({str(v): str(v) for v in frame[code]})
        return out

    q = lambda sql: warehouse.query(con, sql)  # noqa: E731 - fixed SQL, no user input
    industries = q("select industry_code, name_zh from industries where level <> 'section'")
    regions = q("select region_code, name_zh from regions where level <> 'province'")
    accident = q("select cast(code as varchar) code, name_zh, name_en from accident_types")
    disease = q("select cast(code as varchar) code, name_zh, name_en from disease_categories")
    roles = q("select code, name_zh, name_en from training_roles")
    levels = pd.DataFrame([(k, zh, en) for k, (zh, en) in labels.HAZARD_LEVELS.items()],
                          columns=["code", "name_zh", "name_en"])
    codes = {
        "industry": spellings(industries, "industry_code", "name_zh"),
        "region": spellings(regions, "region_code", "name_zh"),
        "accident_type": {k: int(v) for k, v in spellings(accident, "code", "name_zh", "name_en").items()},
        "disease_category": {k: int(v) for k, v in spellings(disease, "code", "name_zh", "name_en").items()},
        "training_role": spellings(roles, "code", "name_zh", "name_en"),
        "hazard_level": spellings(levels, "code", "name_zh", "name_en"),
    }
    enterprises = set(q("select uscc from enterprises").uscc)
    pneumo = set(q("select disease from pneumoconioses").disease)
    return Context(codes, enterprises, as_of or dt.date.today(), pneumo)


def import_file(con: duckdb.DuckDBPyConnection, feed: str, path: str | Path, **kwargs) -> ImportResult:
    path = Path(path)
    return import_bytes(con, feed, path.read_bytes(), path.name, **kwargs)


def import_bytes(con: duckdb.DuckDBPyConnection, feed: str, data: bytes, file_name: str, **kwargs) -> ImportResult:
    """Read and import one uploaded or local file; an unreadable file is a rejected import."""
    checksum = hashlib.sha256(data).hexdigest()
    _report(kwargs.get("progress"), "read")
    try:
        raw = read_table(data, file_name)
    except UnreadableFile as exc:
        problem = Problem(0, "", "", "unreadable_file")
        result = ImportResult(feed, file_name, checksum, 0, "rejected",
                              validation=Validation(None, [(problem, str(exc))], 1))
        _log(con, result, dt.datetime.now(), kwargs.get("user"))
        return result
    return import_frame(con, feed, raw, file_name, checksum, **kwargs)


def _report(progress, stage: str) -> None:
    if progress is not None:
        progress(stage)


def import_frame(con: duckdb.DuckDBPyConnection, feed: str, raw: pd.DataFrame, file_name: str,
                 checksum: str | None = None, *, user: str | None = None, key: bytes | None = None,
                 as_of: dt.date | None = None, ctx: Context | None = None, progress=None,
                 refresh: bool = True) -> ImportResult:
    """Validate ``raw`` as ``feed`` and, if every row passes, write it in one transaction.

    ``progress``, if given, is called with each stage: read, validate, write, done.
    ``refresh=False`` leaves the derived tables for the caller to rebuild once (bulk loads).
    """
    if feed not in FEEDS:
        raise ValueError(f"unknown feed {feed!r}; choose one of {', '.join(FEEDS)}")
    started = dt.datetime.now()
    checksum = checksum or hashlib.sha256(pd.util.hash_pandas_object(raw, index=False).values.tobytes()).hexdigest()
    _report(progress, "validate")
    checked = validate(feed, raw, ctx or context(con, as_of))
    result = ImportResult(feed, file_name, checksum, len(raw), "accepted" if checked.ok else "rejected",
                          validation=checked, ignored_columns=checked.ignored_columns)
    if not checked.ok:
        _log(con, result, started, user)
        return result
    frame = checked.frame
    for col in FEEDS[feed].columns:
        if col.personal == "hash":
            frame.insert(frame.columns.get_loc(col.name), "person_hash",
                         deid.hash_identifiers(frame.pop(col.name), key or deid.installation_key()))
    _report(progress, "write")
    _write(con, feed, frame, result, started, user)
    if refresh and (result.inserted or result.updated):
        warehouse.refresh_marts(con)
    _report(progress, "done")
    return result


def _write(con, feed: str, frame: pd.DataFrame, result: ImportResult, started: dt.datetime, user) -> None:
    spec = FEEDS[feed]
    table = warehouse.ident(feed)
    columns = ", ".join(warehouse.ident(c) for c in spec.stored_columns)
    on_key = " and ".join(f"d.{warehouse.ident(k)} = t.{warehouse.ident(k)}" for k in spec.key)
    sql = {
        "stage": f"create or replace temp table staged as select {columns} from {table} limit 0",
        "fill": f"insert into staged by name select {columns} from incoming_feed",
        "diff": f"create or replace temp table changed as select * from staged except select {columns} from {table}",
        "count": warehouse.sql_text("data/import_changes", table=table, first_key=warehouse.ident(spec.key[0]),
                                    on_key=on_key),
        "upsert": f"insert or replace into {table} ({columns}) select {columns} from changed",
    }  # identifiers only, all from FEEDS; values never enter the SQL text
    cur = con.cursor()
    cur.register("incoming_feed", frame)
    # The diff is computed in connection-local temp tables before the transaction: DuckDB
    # 2.0.0 returns no rows for EXCEPT over more than one row group of transaction-local data.
    with _WRITE_LOCK:
        try:
            for step in ("stage", "fill", "diff"):
                cur.execute(sql[step])
            new, changed = cur.execute(sql["count"]).fetchall()[0]
            result.inserted, result.updated, result.unchanged = new, changed - new, result.rows_read - changed
            with warehouse.transaction(cur):
                cur.execute(sql["upsert"])
                _log(cur, result, started, user)
        finally:
            cur.execute("drop table if exists staged")
            cur.execute("drop table if exists changed")
            cur.unregister("incoming_feed")
            cur.close()


def _log(con, result: ImportResult, started: dt.datetime, user: str | None) -> None:
    rejected = 0 if result.accepted else result.rows_read
    message = None if result.accepted else "; ".join(
        f"{p.row}:{p.column}:{p.rule}" for p, _ in (result.validation.problems[:10] if result.validation else []))
    con.execute(warehouse.sql_text("data/log_import"), {
        "feed": result.feed, "file_name": result.file_name, "checksum": result.checksum, "rows_read": result.rows_read,
        "inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged, "rejected": rejected,
        "status": result.status, "message": message, "started_at": started, "finished_at": dt.datetime.now(),
        "imported_by": user or _user()})


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def import_log(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    return warehouse.query(con, "select * from import_log order by id desc limit ?", [limit])
