"""Hazard follow-up (隐患整改跟踪): who must get a letter, and what is still open after one.

Every enterprise with a 重大隐患 open past its deadline gets a 整改建议书, whether or not the
model ranks it; a hazard still open past its deadline after a letter went out is escalated to
the department that found it (its regulator). Inspections, letters and projects are interventions
(:func:`interventions`) whose effect on later injuries targeting can estimate.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics.data import warehouse


def overdue_major(con: duckdb.DuckDBPyConnection, as_of: dt.date, prefectures: tuple[str, ...] | None = None
                  ) -> pd.DataFrame:
    """Enterprises with an overdue, open 重大隐患 at ``as_of`` (``uscc, name, industry_code, region_code, hazards``),
    of ``prefectures`` when given."""
    return warehouse.run_query(con, "measures/overdue_major", {"as_of": as_of, "prefectures": _listed(prefectures)})


def escalation(con: duckdb.DuckDBPyConnection, as_of: dt.date, prefectures: tuple[str, ...] | None = None
               ) -> pd.DataFrame:
    """Hazards open past their deadline although a letter was sent after they were found, by finding department."""
    return warehouse.run_query(con, "measures/escalation", {"as_of": as_of, "prefectures": _listed(prefectures)})


def letters_sent(con: duckdb.DuckDBPyConnection, as_of: dt.date, prefectures: tuple[str, ...] | None = None) -> int:
    """How many 整改建议书 went out by ``as_of``."""
    return int(warehouse.run_query(con, "measures/letters_sent",
                                   {"as_of": as_of, "prefectures": _listed(prefectures)}).letters.iloc[0])


def _listed(prefectures: tuple[str, ...] | None) -> list[str] | None:
    return list(prefectures) if prefectures else None


def interventions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every inspection (a day hazards were found), letter and prevention project that touched an
    enterprise: ``uscc, kind (inspection | letter | project), date, detail`` (the department, the
    letter's 文号, or the project number; a project is dated the day work started)."""
    return warehouse.run_query(con, "measures/interventions")
