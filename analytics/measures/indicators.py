"""Indicators (SPEC C3): counts, rates with exact Poisson intervals, year-on-year change.

Everything is computed from ``enterprise_year`` (one row per enterprise and year, rebuilt
by every import), grouped by any of ``DIMENSIONS`` and filtered by ``Filters``.

Rules, written down because the joint meeting judges the province by them:

- A year is the year of the accident (injuries), diagnosis (diseases), finding (hazards).
- Exposure is insured persons (参保人数) of the enterprise-year. The current partial year
  (the year of the latest business date) counts ``insured x fraction of the year elapsed``
  person-years, so its rates are annualised; its counts are year to date and it is flagged
  ``ytd``. Recognitions lag accidents by weeks, so the last months of a partial year are
  still incomplete and its rate is an underestimate until the recognitions arrive.
- Rates: 工伤发生率 and 千人死亡率 per 1000 insured person-years; occupational disease and
  pneumoconiosis per 100,000. Intervals are exact (Garwood) 95 % Poisson intervals for the
  count divided by the exposure.
- ``small_count``: fewer than 10 events (a Poisson count's relative standard error is then
  above 1/sqrt(10), about 32 %). Such a rate is shown but never ranked or called a change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import poisson_means_test

from analytics import stats
from analytics.data import warehouse

SMALL_COUNT = 10

DIMENSIONS = {  # name -> column of enterprise_year (names only ever come from this dict)
    "year": "year", "prefecture": "prefecture_code", "county": "county_code", "key_group": "key_group",
    "section": "section", "division": "division", "size_band": "size_band",
    "mapped_group": "mapped_group",   # the key-industry group by code, whatever the year (plan scopes)
}
COUNTS = ["injuries", "deaths", "grade_1_4", "grade_5_10", "lost_days", "benefits_paid", "premium_paid",
          "diseases", "pneumoconiosis", "accidents", "accidents_general", "accidents_larger", "accidents_major",
          "accident_deaths", "hazards", "hazards_major", "hazards_rectified", "hazards_overdue", "insured"]
RATES = {  # rate -> (count, per)
    "injury_rate": ("injuries", 1000),
    "death_rate": ("deaths", 1000),
    "disease_rate": ("diseases", 100_000),
    "pneumoconiosis_rate": ("pneumoconiosis", 100_000),
}


@dataclass(frozen=True)
class Filters:
    """Which enterprise-years count. ``None`` means all; lists mean any of."""

    first_year: int | None = None
    last_year: int | None = None
    prefecture: tuple[str, ...] | None = None
    county: tuple[str, ...] | None = None
    key_group: tuple[str, ...] | None = None
    section: tuple[str, ...] | None = None
    division: tuple[str, ...] | None = None
    size_band: tuple[str, ...] | None = None
    mapped_group: tuple[str, ...] | None = None

    def params(self) -> dict:
        out = asdict(self)
        for name in DIMENSIONS:
            if name in out and out[name] is not None:
                out[name] = list(out[name])
        return out


def current_year(con: duckdb.DuckDBPyConnection) -> tuple[int | None, float]:
    """The latest year with data and the fraction of it the data cover (1.0 when complete)."""
    through = warehouse.data_through(con)
    if through is None:
        return None, 1.0
    year_end = pd.Timestamp(year=through.year, month=12, day=31)
    if pd.Timestamp(through) >= year_end:
        return through.year, 1.0
    days = 366 if pd.Timestamp(year=through.year, month=1, day=1).is_leap_year else 365
    return through.year, pd.Timestamp(through).day_of_year / days


def indicators(con: duckdb.DuckDBPyConnection, by: list[str] | tuple[str, ...] = ("year",),
               filters: Filters = Filters()) -> pd.DataFrame:
    """Counts, exposure, rates with intervals, small-count flags and YoY change, grouped ``by``."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown}; choose from {', '.join(DIMENSIONS)}")
    ytd_year, fraction = current_year(con)
    groups = "".join(f"{DIMENSIONS[b]} as {b}, " for b in by)     # names from DIMENSIONS only
    params = {**filters.params(), "ytd_year": ytd_year, "fraction": fraction}
    frame = warehouse.run_query(con, "measures/indicators", params, groups=groups)
    frame[COUNTS] = frame[COUNTS].fillna(0)
    frame["person_years"] = frame.person_years.fillna(0).astype(float)
    if "year" in by:
        frame["ytd"] = frame.year.eq(ytd_year) & (fraction < 1)
        frame = frame.sort_values(list(by)).reset_index(drop=True)
    for rate, (count, per) in RATES.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[rate] = np.where(frame.person_years > 0, frame[count] / frame.person_years * per, np.nan)
        frame[rate + "_low"], frame[rate + "_high"] = stats.poisson_interval(frame[count], frame.person_years, per)
        frame[rate + "_small"] = frame[count] < SMALL_COUNT
    frame["hazards_overdue_share"] = np.where(frame.hazards > 0, frame.hazards_overdue / frame.hazards.where(frame.hazards > 0), np.nan)
    if "year" in by:
        others = [b for b in by if b != "year"]
        for rate in RATES:
            previous = frame.groupby(others)[rate].shift(1) if others else frame[rate].shift(1)
            prev_year = frame.groupby(others)["year"].shift(1) if others else frame.year.shift(1)
            change = frame[rate] / previous - 1
            frame[rate + "_yoy"] = change.where(prev_year.eq(frame.year - 1) & ~frame[rate + "_small"])
    return frame


def biggest_changes(frame: pd.DataFrame, year: int, by: str, top: int = 5) -> pd.DataFrame:
    """Groups whose injury rate moved most from ``year - 1`` to ``year`` (``frame``: indicators by year and ``by``).

    "Most" is the injuries the change accounts for at this year's exposure,
    ``(rate_t - rate_{t-1}) x person-years_t / 1000``, so a large group's small move can
    outrank a tiny group's noise; ``p_value`` is the Poisson E-test of equal rates.
    """
    now = frame[frame.year == year].set_index(by)
    before = frame[frame.year == year - 1].set_index(by)
    both = now.join(before.add_suffix("_before"), how="inner")
    both = both[(both.person_years > 0) & (both.person_years_before > 0)]
    out = pd.DataFrame({
        "rate_before": both.injury_rate_before, "rate": both.injury_rate,
        "change": both.injury_rate / both.injury_rate_before.where(both.injury_rate_before > 0) - 1,
        "excess_injuries": (both.injury_rate - both.injury_rate_before) * both.person_years / 1000,
    })
    out = out.loc[out.excess_injuries.abs().sort_values(ascending=False).index[:top]]
    both = both.loc[out.index]
    out["p_value"] = [poisson_means_test(int(a), n1, int(b), n2).pvalue if a + b > 0 else 1.0
                      for a, n1, b, n2 in zip(both.injuries, both.person_years, both.injuries_before, both.person_years_before)]
    return out.reset_index().rename(columns={by: "group"}).assign(dimension=by)


def what_changed(con: duckdb.DuckDBPyConnection, year: int, filters: Filters = Filters(),
                 dimensions: tuple[str, ...] = ("prefecture", "key_group", "division"), top: int = 8) -> pd.DataFrame:
    """The ``top`` biggest moves of ``year`` against the year before across several groupings."""
    two_years = replace(filters, first_year=year - 1, last_year=year)
    moves = pd.concat([biggest_changes(indicators(con, ["year", by], two_years), year, by, top) for by in dimensions],
                      ignore_index=True)
    return moves.reindex(moves.excess_injuries.abs().sort_values(ascending=False).index).head(top).reset_index(drop=True)


BREAKDOWNS = {  # injuries by a property of the injury itself, not of the enterprise-year
    "accident_type": "j.accident_type",
    "severity": "case when j.fatal then 'fatal' when j.disability_grade between 1 and 4 then 'grade_1_4' "
                "when j.disability_grade between 5 and 10 then 'grade_5_10' else 'no_grade' end",
    "month": "month(j.accident_date)",
}


def injury_breakdown(con: duckdb.DuckDBPyConnection, by: str, filters: Filters = Filters()) -> pd.DataFrame:
    """Recognised injuries per accident year and ``by`` (GB 6441 accident type, severity or month),
    within the same filters as :func:`indicators` (the enterprise-year of the accident)."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; choose from {', '.join(BREAKDOWNS)}")
    ytd_year, fraction = current_year(con)
    params = {**filters.params(), "ytd_year": ytd_year, "fraction": fraction}
    frame = warehouse.run_query(con, "measures/injury_breakdown", params, breakdown=by, expression=BREAKDOWNS[by])
    frame["ytd"] = frame.year.eq(ytd_year) & (fraction < 1)
    return frame
