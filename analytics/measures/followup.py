"""Hazard follow-up (隐患整改跟踪): who must get a letter, and what is still open after one.

Every enterprise with a 重大隐患 open past its deadline gets a 整改建议书, whether or not the
model ranks it; a hazard still open past its deadline after a letter went out is escalated to
the department that found it (its regulator). Inspections and letters are interventions
(:func:`interventions`) whose effect on later injuries targeting can estimate.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics.data import warehouse


def overdue_major(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Enterprises with an overdue, open 重大隐患 at ``as_of`` (``uscc, name, industry_code, region_code, hazards``)."""
    return warehouse.run_query(con, "measures/overdue_major", {"as_of": as_of})


def escalation(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Hazards open past their deadline although a letter was sent after they were found, by finding department."""
    return warehouse.run_query(con, "measures/escalation", {"as_of": as_of})


def interventions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every inspection (a day hazards were found) and letter that touched an enterprise:
    ``uscc, kind (inspection | letter), date, detail`` (the department, or the letter's 文号)."""
    return warehouse.run_query(con, "measures/interventions")
