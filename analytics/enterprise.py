"""One enterprise's record for its page: who it is, its years, its open hazards, its training.

Everything comes from the warehouse by the enterprise's 统一社会信用代码; rates are per 1000
insured, 支缴率 is fund payments over premiums paid, training coverage is people trained
over key-position headcount (capped at 100 %).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import indicators, warehouse


def details(con: duckdb.DuckDBPyConnection, uscc: str) -> dict | None:
    """Name, industry, region and founding date; None when the enterprise is not in the warehouse."""
    rows = warehouse.query(con, """
        select e.uscc, e.name, e.industry_code, i.name_zh as industry_zh, i.name_en as industry_en,
               e.region_code, r.name_zh as region_zh, p.name_zh as prefecture_zh, e.employees, e.founded
        from enterprises e
        left join industries i on i.industry_code = e.industry_code
        left join regions r on r.region_code = e.region_code
        left join regions p on p.region_code = r.prefecture_code
        where e.uscc = ?""", [uscc])
    return None if rows.empty else rows.iloc[0].to_dict()


def history(con: duckdb.DuckDBPyConnection, uscc: str) -> pd.DataFrame:
    """One row per year; the partial current year is marked ``ytd`` and its rate annualised, as in
    every indicator of the dashboard (counts stay as counted so far)."""
    frame = warehouse.query(con, warehouse.read_sql("enterprise_history"), {"uscc": uscc})
    ytd_year, fraction = indicators.current_year(con)
    frame["ytd"] = frame.year.eq(ytd_year) & (fraction < 1)
    person_years = frame.insured.where(frame.insured > 0) * np.where(frame.ytd, fraction, 1.0)
    frame["injury_rate"] = frame.injuries / person_years * 1000
    frame["payout_ratio"] = frame.benefits_paid / frame.premium_paid.where(frame.premium_paid > 0) * 100
    frame["training_coverage"] = np.minimum(frame.trained / frame.key_positions.where(frame.key_positions > 0), 1.0)
    return frame


def open_hazards(con: duckdb.DuckDBPyConnection, uscc: str, as_of) -> pd.DataFrame:
    """Hazards not rectified by ``as_of``, the overdue ones first."""
    return warehouse.query(con, """
        select hazard_no, found_date, level, category, deadline, department, deadline < ? as overdue
        from hazards where uscc = ? and found_date <= ? and (rectified_date is null or rectified_date > ?)
        order by overdue desc, level = 'major' desc, deadline""", [as_of, uscc, as_of, as_of])
