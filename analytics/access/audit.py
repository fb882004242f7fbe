"""The access log: who exported which list, wrote which letters, opened which record, changed
which account, and when. Rows are only ever appended; admins read them on the data page."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics import labels
from analytics.access.roles import Principal
from analytics.data import warehouse


def record(con: duckdb.DuckDBPyConnection, principal: Principal, action: str, object_: str | None = None,
           detail: str | None = None) -> None:
    con.execute(warehouse.sql_text("data/log_access"),
                {"at": dt.datetime.now(), "username": principal.name, "role": principal.role, "action": action,
                 "object": object_, "detail": detail})


def next_letter_number(con: duckdb.DuckDBPyConnection, year: int, lang: str = "zh") -> str:
    """The 文号 the next letter gets: its place in the letters log."""
    n = warehouse.scalar(con, "select coalesce(max(id), 0) + 1 from letters_log")
    return labels.t("letter_number_n", lang, year=year, n=n)


def record_letter(con: duckdb.DuckDBPyConnection, principal: Principal, uscc: str, number: str, reason: str,
                  copy_to: str) -> int:
    """A 整改建议书 sent: to whom, under which 文号, why and copied to whom; also in the access log."""
    letter_id = con.execute(warehouse.sql_text("data/log_letter"),
                            {"sent_at": dt.datetime.now(), "uscc": uscc, "number": number, "reason": reason,
                             "copy_to": copy_to, "username": principal.name}).fetchone()[0]
    record(con, principal, "letters", uscc, number)
    return letter_id


def entries(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    return warehouse.query(con, "select * from access_log order by id desc limit ?", [limit])
