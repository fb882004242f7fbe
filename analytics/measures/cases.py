"""Typical cases (典型案例) of a year for the joint meeting's report: the most serious and the most
instructive safety accidents.

Cases are taken in order of level (特别重大 → 一般), deaths, serious injuries, and how often the same
type struck the same key industry that year (a recurring type is the instructive one), with at
most ``per_type`` cases of one accident type so the selection teaches more than one lesson. Each
case carries its lesson in a sentence (``labels.LESSONS``, by GB 6441 type).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import labels
from analytics.data import warehouse


def _year(con: duckdb.DuckDBPyConnection, year: int, prefectures: tuple[str, ...] | None) -> pd.DataFrame:
    return warehouse.run_query(con, "measures/typical_cases",
                               {"year": year, "prefectures": list(prefectures) if prefectures else None})


def typical(con: duckdb.DuckDBPyConnection, year: int, n: int = 6, per_type: int = 2,
            prefectures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The year's ``n`` typical cases with ``lesson`` and ``lesson_en``."""
    frame = _year(con, year, prefectures)
    frame = frame[frame.groupby("accident_type").cumcount() < per_type].head(n).reset_index(drop=True)
    frame["lesson"] = [labels.LESSONS.get(int(c), labels.LESSONS[20])[0] for c in frame.accident_type]
    frame["lesson_en"] = [labels.LESSONS.get(int(c), labels.LESSONS[20])[1] for c in frame.accident_type]
    return frame


def by_type(con: duckdb.DuckDBPyConnection, year: int, prefectures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The year's safety accidents and their deaths by GB 6441 type (``type_zh, type_en, accidents,
    deaths``), the most frequent first."""
    frame = _year(con, year, prefectures)
    return (frame.groupby(["type_zh", "type_en"], as_index=False)
            .agg(accidents=("accident_no", "size"), deaths=("deaths", "sum"))
            .sort_values("accidents", ascending=False))
