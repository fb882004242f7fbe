"""Import a feed file into the warehouse: read, validate, de-identify, write once, log.

A file is all or nothing: any problem rejects it whole and nothing but the log entry is
written. An accepted file is written in one transaction, keyed by the feed's natural key,
so importing it again changes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics import labels, paths
from analytics.data import deid, identifiers, spreadsheets, warehouse
from analytics.data.feeds import FEEDS
from analytics.data.validation import Context, Problem, Validation, validate
from analytics.progress import report

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
    department: str | None = None    # of the officer who imported it
    masked: int = 0                  # 身份证号 and mobile numbers masked in free text

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def summary(self, lang: str = "zh") -> str:
        if not self.accepted:
            n = self.validation.total_problems if self.validation else 0
            shown = len(self.validation.problems) if self.validation else 0
            return labels.t("rejected", lang, n=n, shown=shown)
        masked = labels.t("masked_note", lang, n=self.masked) if self.masked else ""
        if self.inserted == 0 and self.updated == 0:
            return labels.t("nothing_changed", lang) + masked
        return labels.t("accepted", lang, read=self.rows_read, inserted=self.inserted,
                        updated=self.updated, unchanged=self.unchanged) + masked

    def report(self, lang: str = "zh") -> pd.DataFrame:
        """The problems that rejected the file (row, column, value, rule), empty when accepted."""
        return self.validation.report(lang) if self.validation is not None else Validation(None).report(lang)


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
    words = lambda pairs: pd.DataFrame([(k, zh, en) for k, (zh, en) in pairs.items()],  # noqa: E731
                                       columns=["code", "name_zh", "name_en"])
    stages = spellings(words(labels.PROJECT_STAGES), "code", "name_zh", "name_en")
    stages.update({"招标": "tender", "遴选": "tender", "招标遴选": "tender"})
    codes = {
        "industry": spellings(industries, "industry_code", "name_zh"),
        "region": spellings(regions, "region_code", "name_zh"),
        "accident_type": {k: int(v) for k, v in spellings(accident, "code", "name_zh", "name_en").items()},
        "disease_category": {k: int(v) for k, v in spellings(disease, "code", "name_zh", "name_en").items()},
        "training_role": spellings(roles, "code", "name_zh", "name_en"),
        "hazard_level": spellings(words(labels.HAZARD_LEVELS), "code", "name_zh", "name_en"),
        "project_stage": stages,
        "payment_kind": spellings(words(labels.PAYMENT_KINDS), "code", "name_zh", "name_en"),
        "key_group": spellings(q("select distinct key_group as code, name_zh, name_en from key_industry_groups"),
                               "code", "name_zh", "name_en"),
    }
    enterprises = con.sql("select uscc from enterprises").to_arrow_table().column("uscc").combine_chunks()
    pneumo = set(q("select disease from pneumoconioses").disease)
    projects = q("select project_no, budget, contract_date from projects")
    events = q("select event_no, project_no, stage, date, amount, payment_kind from project_events")
    return Context(codes, enterprises, as_of or dt.date.today(), pneumo, projects, events)


def import_file(con: duckdb.DuckDBPyConnection, feed: str, path: str | Path, **kwargs) -> ImportResult:
    path = Path(path)
    return import_bytes(con, feed, path.read_bytes(), path.name, **kwargs)


def import_bytes(con: duckdb.DuckDBPyConnection, feed: str, data: bytes, file_name: str, **kwargs) -> ImportResult:
    """Read and import one uploaded or local file; an unreadable file is a rejected import."""
    checksum = hashlib.sha256(data).hexdigest()
    _report(kwargs.get("progress"), "read")
    try:
        raw = spreadsheets.read_table(data, file_name)
    except spreadsheets.UnreadableFile as exc:
        problem = Problem(0, "", "", exc.rule)
        result = ImportResult(feed, file_name, checksum, 0, "rejected", department=kwargs.get("department"),
                              validation=Validation(None, [(problem, exc.detail)], 1))
        _log(con, result, dt.datetime.now(), kwargs.get("user"))
        return result
    return import_frame(con, feed, raw, file_name, checksum, **kwargs)


STAGES = ("read", "validate", "write", "done")


def _report(progress, stage: str) -> None:
    """The stage's key as a ``Step`` (the page words it, the terminal draws how far it is)."""
    report(progress, stage, STAGES.index(stage), len(STAGES) - 1)


def import_frame(con: duckdb.DuckDBPyConnection, feed: str, raw: pd.DataFrame, file_name: str,
                 checksum: str | None = None, *, user: str | None = None, key: bytes | None = None,
                 as_of: dt.date | None = None, ctx: Context | None = None, progress=None,
                 refresh: bool = True, department: str | None = None) -> ImportResult:
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
                          validation=checked, ignored_columns=checked.ignored_columns, department=department)
    if not checked.ok:
        _log(con, result, started, user)
        return result
    frame = checked.frame
    result.masked = _mask_free_text(feed, frame)
    hashed = [col.name for col in FEEDS[feed].columns if col.personal == "hash"]
    try:
        key = key or (deid.installation_key(con) if hashed else None)
    except deid.MissingKey:                          # the report says so; nothing is written
        result.status = "rejected"
        result.validation = Validation(None, [(Problem(0, "", "", "missing_key"), str(paths.id_key_path()))], 1)
        _log(con, result, started, user)
        return result
    for name in hashed:
        frame.insert(frame.columns.get_loc(name), "person_hash", deid.hash_identifiers(frame.pop(name), key))
    _report(progress, "write")
    _write(con, feed, frame, result, started, user, refresh)
    _report(progress, "done")
    return result


def _mask_free_text(feed: str, frame: pd.DataFrame) -> int:
    """Mask 身份证号 and mobile numbers typed into free-text columns; how many were masked."""
    spec = FEEDS[feed]
    masked = 0
    for col in spec.columns:
        if col.kind == "text" and col.check is None and col.personal is None and col.name not in spec.key:
            frame[col.name], found = identifiers.mask_personal(frame[col.name])
            masked += found
    return masked


def _write(con, feed: str, frame: pd.DataFrame, result: ImportResult, started: dt.datetime, user,
           refresh: bool = True) -> None:
    """Rows, derived tables and the log row that bumps the data version, in one transaction.

    The log row is written first as ``started`` (committed on its own), so an import that dies
    leaves a trace: the next writer to open the warehouse marks it ``aborted``.
    """
    spec = FEEDS[feed]
    table = warehouse.ident(feed)
    columns = ", ".join(warehouse.ident(c) for c in spec.stored_columns)
    on_key = " and ".join(f"d.{warehouse.ident(k)} = t.{warehouse.ident(k)}" for k in spec.key)
    sql = {
        "stage": f"create or replace temp table staged as select {columns} from {table} limit 0",
        "fill": f"insert into staged by name select {columns} from incoming_feed",
        "known": f"select count(*) from incoming_feed d semi join {table} t on {on_key}",
        "diff": f"create or replace temp table changed as select * from staged except select {columns} from {table}",
        "count": warehouse.sql_text("data/import_changes", table=table, first_key=warehouse.ident(spec.key[0]),
                                    on_key=on_key),
        "upsert": f"insert or replace into {table} ({columns}) select {columns} from changed",
        "append": f"insert into {table} by name select {columns} from incoming_feed",
        "keep": warehouse.sql_text("data/keep_replaced", table=table, on_key=on_key),
    }  # identifiers only, all from FEEDS; values never enter the SQL text
    cur = con.cursor()
    cur.register("incoming_feed", frame)
    # The diff is computed in connection-local temp tables before the transaction: DuckDB
    # 2.0.0 returns no rows for EXCEPT over more than one row group of transaction-local data.
    with _WRITE_LOCK:
        log_id = _log(cur, result, started, user, status="started")
        try:
            # Only new keys (a nightly batch of new cases): appended as they are, no diff needed.
            only_new = cur.execute(sql["known"]).fetchone()[0] == 0
            if only_new:
                result.inserted, result.updated, result.unchanged = result.rows_read, 0, 0
            else:
                for step in ("stage", "fill", "diff"):
                    cur.execute(sql[step])
                new, changed = cur.execute(sql["count"]).fetchall()[0]
                result.inserted, result.updated, result.unchanged = new, changed - new, result.rows_read - changed
            with warehouse.transaction(cur):
                if result.updated:
                    cur.execute(sql["keep"], {"import_id": log_id, "feed": feed})
                cur.execute(sql["append" if only_new else "upsert"])
                _finish_log(cur, log_id, result, "accepted")
                if refresh and (result.inserted or result.updated):
                    warehouse.refresh_marts(cur)
        except BaseException:
            result.status = "failed"
            _finish_log(cur, log_id, result, "failed")
            raise
        finally:
            cur.execute("drop table if exists staged")
            cur.execute("drop table if exists changed")
            cur.unregister("incoming_feed")
            cur.close()


def _log(con, result: ImportResult, started: dt.datetime, user: str | None, status: str | None = None) -> int:
    """Append a log row; returns its id."""
    rejected = 0 if result.accepted else result.rows_read
    message = None if result.accepted else "; ".join(
        f"{p.row}:{p.column}:{p.rule}" for p, _ in (result.validation.problems[:10] if result.validation else []))
    return con.execute(warehouse.sql_text("data/log_import"), {
        "feed": result.feed, "file_name": result.file_name, "checksum": result.checksum, "rows_read": result.rows_read,
        "inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged, "rejected": rejected,
        "status": status or result.status, "message": message, "started_at": started,
        "finished_at": dt.datetime.now(), "imported_by": user or _user(), "masked": result.masked,
        "department": result.department}).fetchone()[0]


def _finish_log(con, log_id: int, result: ImportResult, status: str) -> None:
    con.execute(warehouse.sql_text("data/finish_import"), {
        "id": log_id, "status": status, "inserted": result.inserted, "updated": result.updated,
        "unchanged": result.unchanged, "finished_at": dt.datetime.now()})


def _user() -> str:
    """Who runs this process, for the import log; a system user named like the demo builder is told
    apart from it, so that the installation's hashes are never taken for the demo's."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
    return f"{name} (system user)" if name == deid.DEMO_BUILDER else name


def import_log(con: duckdb.DuckDBPyConnection, limit: int = 200, department: str | None = None) -> pd.DataFrame:
    """The latest imports, of one department when given."""
    return warehouse.run_query(con, "data/import_log", {"department": department, "limit": limit})
