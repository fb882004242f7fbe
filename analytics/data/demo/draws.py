"""Random draws every demo feed needs: valid identifiers, one row per event, dates in a year."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from stdnum.cn import ric, uscc

from analytics.data import reference

FIRST_YEAR, LAST_YEAR = 2018, 2026
AS_OF = dt.date(2026, 10, 31)          # the demo's data run to the end of October 2026


class Ids:
    """Valid, unique identifiers (check digits by python-stdnum)."""

    ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def __init__(self, rng: np.random.Generator, province: str):
        self.rng = rng
        self.birthplaces = np.array(reference.birthplace_codes(province, born_by=1961))
        self.code_since = reference.division_start_years()

    def uscc(self, region_codes: np.ndarray) -> list[str]:
        body = self.rng.integers(0, len(self.ORG_ALPHABET), size=(len(region_codes), 9))
        out = []
        for n, (region, chars) in enumerate(zip(region_codes, body)):
            org = "".join(self.ORG_ALPHABET[c] for c in chars[:-4]) + f"{n:04d}"[-4:]
            stem = "91" + region + org
            out.append(stem + uscc.calc_check_digit(stem + "0"))
        return out

    def person(self, region_codes: np.ndarray, year: np.ndarray) -> list[str]:
        n = len(region_codes)
        age = self.rng.integers(19, 58, size=n)
        born = year - age
        birth = pd.to_datetime(pd.DataFrame({"year": born, "month": self.rng.integers(1, 13, n),
                                             "day": self.rng.integers(1, 29, n)})).dt.strftime("%Y%m%d")
        seq = self.rng.integers(0, 1000, n)
        # Birthplace: the workplace county where that code already existed, else a long-standing one.
        fallback = self.rng.choice(self.birthplaces, n) if n else np.array([], dtype=str)
        since = np.array([self.code_since.get(c, 9999) for c in region_codes], dtype=int)
        place = np.where(since <= born, region_codes, fallback)
        out = []
        for region, b, s in zip(place, birth, seq):
            stem = f"{region}{b}{s:03d}"
            out.append(stem + ric.calc_check_digit(stem + "0"))
        return out


def expand(counts: np.ndarray) -> np.ndarray:
    """Row index repeated by count: one output row per event."""
    return np.repeat(np.arange(len(counts)), counts)


def dates_in_year(rng, years: np.ndarray, season: np.ndarray, last: dt.date = AS_OF) -> pd.Series:
    """A day in each given year, month drawn from the row's seasonal weights."""
    probs = season / season.sum(axis=1, keepdims=True)
    month = (probs.cumsum(axis=1) > rng.random((len(years), 1))).argmax(axis=1) + 1
    day = rng.integers(1, 29, len(years))
    dates = pd.to_datetime(pd.DataFrame({"year": years, "month": month, "day": day}))
    cap = pd.Timestamp(last)
    return dates.where(dates <= cap, cap - pd.to_timedelta(rng.integers(0, 300, len(years)), unit="D"))


def flat(n: int) -> np.ndarray:
    """Equal weight for every month (feeds without a season)."""
    return np.ones((n, 12))
