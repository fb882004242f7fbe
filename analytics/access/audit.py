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


def issue_letter(con: duckdb.DuckDBPyConnection, principal: Principal, entry: pd.Series, year: int, reason: str,
                 lang: str = "zh") -> bytes:
    """A numbered 整改建议书 for ``entry`` (``uscc, name, industry_code`` and what the letter cites), listing
    the enterprise's open hazards, recorded in the letters log before it is handed out."""
    from analytics.data import reference
    from analytics.display import letters
    from analytics.measures import enterprise

    table = reference.industries()
    sections = dict(zip(table.industry_code, table.section))
    as_of = warehouse.data_through(con)
    number = next_letter_number(con, year, lang)
    document = letters.letter_docx(entry, year, sections, lang=lang, number=number,
                                   hazards=enterprise.open_hazards(con, entry["uscc"], as_of))
    record_letter(con, principal, entry["uscc"], number, reason, letters.regulator(str(entry["industry_code"]), sections))
    return document


def report_generated(con: duckdb.DuckDBPyConnection, year: int) -> tuple[dt.datetime, str] | None:
    """When the annual report of ``year`` was last generated and by whom (the access log), or None."""
    row = warehouse.run_query(con, "data/report_generated", {"year": year})
    return None if row.empty else (row.logged_at.iloc[0].to_pydatetime(), row.username.iloc[0])


def entries(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    return warehouse.query(con, "select * from access_log order by id desc limit ?", [limit])
