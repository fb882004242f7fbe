"""Training coverage of key positions (重点岗位培训覆盖率), the plans' one quantified training goal.

The 2021-2025 plans ask that every 企业负责人、安全管理负责人、一线班组长 and 接触职业病危害因素劳动者 of
the key enterprises be trained by the end of 2025. Coverage counts people, not records: the
distinct de-identified persons of an enterprise and role who completed a course in the year,
capped at that role's headcount (``key_positions``), over the headcount. The year is the year
of completion; the enterprise-year's place and key-industry group come from ``enterprise_year``,
within the same ``Filters`` as every indicator.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd

from analytics.data import warehouse
from analytics.measures.indicators import Filters, current_year

DIMENSIONS = {"year": "year", "prefecture": "prefecture_code", "county": "county_code", "key_group": "key_group",
              "role": "role", "enterprise": "uscc"}


def coverage(con: duckdb.DuckDBPyConnection, by: list[str] | tuple[str, ...] = ("year",),
             filters: Filters = Filters(), year: int | None = None) -> pd.DataFrame:
    """Trained persons, headcount and coverage grouped ``by`` (of ``DIMENSIONS``), for ``year`` if given."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown}; choose from {', '.join(DIMENSIONS)}")
    if year is not None:
        filters = replace(filters, first_year=year, last_year=year)
    ytd_year, fraction = current_year(con)
    groups = "".join(f"{DIMENSIONS[b]} as {b}, " for b in by)      # names from DIMENSIONS only
    frame = warehouse.run_query(con, "measures/training_coverage",
                                {**filters.params(), "ytd_year": ytd_year, "fraction": fraction}, groups=groups)
    frame[["trained", "headcount"]] = frame[["trained", "headcount"]].fillna(0).astype(int)
    frame["coverage"] = np.where(frame.headcount > 0, frame.trained / frame.headcount.where(frame.headcount > 0), np.nan)
    if "year" in by:
        frame["ytd"] = frame.year.eq(ytd_year) & (fraction < 1)
    return frame.sort_values(list(by)).reset_index(drop=True) if by else frame
