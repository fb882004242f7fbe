"""One enterprise's record for its page: who it is, its years, its open hazards, its training.

Everything comes from the warehouse by the enterprise's 统一社会信用代码; rates are per 1000
insured, 支缴率 is fund payments over premiums paid, training coverage is people trained
over key-position headcount (capped at 100 %).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics.data import warehouse
from analytics.measures import indicators


def details(con: duckdb.DuckDBPyConnection, uscc: str) -> dict | None:
    """Name, industry, region and founding date; None when the enterprise is not in the warehouse."""
    rows = warehouse.run_query(con, "measures/enterprise_details", {"uscc": uscc})
    return None if rows.empty else rows.iloc[0].to_dict()


def history(con: duckdb.DuckDBPyConnection, uscc: str) -> pd.DataFrame:
    """One row per year; the partial current year is marked ``ytd`` and its rate annualised, as in
    every indicator of the dashboard (counts stay as counted so far)."""
    frame = warehouse.run_query(con, "measures/enterprise_history", {"uscc": uscc})
    ytd_year, fraction = indicators.current_year(con)
    frame["ytd"] = frame.year.eq(ytd_year) & (fraction < 1)
    person_years = frame.insured.where(frame.insured > 0) * np.where(frame.ytd, fraction, 1.0)
    frame["injury_rate"] = frame.injuries / person_years * 1000
    frame["payout_ratio"] = frame.benefits_paid / frame.premium_paid.where(frame.premium_paid > 0) * 100
    frame["training_coverage"] = np.minimum(frame.trained / frame.key_positions.where(frame.key_positions > 0), 1.0)
    return frame


def open_hazards(con: duckdb.DuckDBPyConnection, uscc: str, as_of) -> pd.DataFrame:
    """Hazards not rectified by ``as_of``, the overdue ones first."""
    return warehouse.run_query(con, "measures/open_hazards", {"uscc": uscc, "as_of": as_of})
