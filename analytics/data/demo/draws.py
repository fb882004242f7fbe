"""Random draws every demo feed needs: valid identifiers, one row per event, dates in a year."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.data import identifiers, reference

FIRST_YEAR, LAST_YEAR = 2018, 2026
AS_OF = dt.date(2026, 10, 31)          # the demo's data run to the end of October 2026


class Ids:
    """Valid, unique identifiers, built a column at a time (check characters as python-stdnum gives them)."""

    ORG_ALPHABET = identifiers.USCC_ALPHABET

    def __init__(self, rng: np.random.Generator, province: str):
        self.rng = rng
        self.birthplaces = _number(np.array(reference.birthplace_codes(province, born_by=1961)))
        since = reference.division_start_years()
        self.codes = np.array(sorted(int(code) for code in since))          # division codes and the year each began
        self.code_since = np.array([since[str(code)] for code in self.codes])

    def uscc(self, region_codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """Codes of enterprises registered in ``region_codes``: "91", the region, five random characters
        and the row number's last four digits (unique), then the check character."""
        n = len(region_codes)
        body = self.rng.integers(0, len(self.ORG_ALPHABET), size=(n, 9))
        alphabet = np.frombuffer(self.ORG_ALPHABET.encode(), dtype=np.uint8)
        stems = np.hstack([np.full((n, 2), [ord("9"), ord("1")], dtype=np.uint8), _ascii(region_codes, 6),
                           alphabet[body[:, :5]], _digits(np.arange(n) % 10_000, 4)])
        return _text(np.hstack([stems, identifiers.uscc_check_characters(stems)[:, None]]))

    def person(self, region_codes: np.ndarray, year: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """身份证号 of people working in ``region_codes`` in ``year``, aged 19 to 57."""
        n = len(region_codes)
        age = self.rng.integers(19, 58, size=n)
        born = year - age
        month, day = self.rng.integers(1, 13, n), self.rng.integers(1, 29, n)
        seq = self.rng.integers(0, 1000, n)
        # Birthplace: the workplace county where that code already existed, else a long-standing one.
        fallback = self.birthplaces[self.rng.integers(0, len(self.birthplaces), n)] if n else np.zeros(0, dtype=int)
        region = _number(region_codes)
        at = np.searchsorted(self.codes, region).clip(0, len(self.codes) - 1)
        since = np.where(self.codes[at] == region, self.code_since[at], 9999)
        place = np.where(since <= born, region, fallback)
        stems = np.hstack([_digits(place, 6), _digits(born * 10_000 + month * 100 + day, 8), _digits(seq, 3)])
        return _text(np.hstack([stems, identifiers.id_check_characters(stems)[:, None]]))


def _number(codes: np.ndarray) -> np.ndarray:
    """Six-digit division codes (text) as integers, without a Python object per row."""
    digits = np.asarray(codes, dtype="U6").view(np.uint32).reshape(-1, 6)
    number = np.zeros(len(digits), dtype=np.int64)
    for column in range(6):
        number = number * 10 + (digits[:, column] - ord("0"))
    return number


def _ascii(codes: np.ndarray, width: int) -> np.ndarray:
    """Fixed-width ASCII codes as one row of bytes each."""
    return np.asarray(codes, dtype=f"S{width}").view(np.uint8).reshape(-1, width)


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers as zero-padded decimal digits, one row of ASCII codes each."""
    numbers = np.asarray(numbers, dtype=np.int64)
    out = np.empty((len(numbers), width), dtype=np.uint8)
    for column in range(width):                     # a column at a time: no (n x width) int64 temporaries
        out[:, column] = numbers // 10 ** (width - 1 - column) % 10 + ord("0")
    return out


def _text(rows: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Rows of ASCII codes as a column of strings, kept by Arrow (one buffer, no Python objects)."""
    n, width = rows.shape
    offsets = np.arange(0, n * width + 1, width, dtype=np.int32)
    array = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(rows)))
    return pd.array(array, dtype="str")


def expand(counts: np.ndarray) -> np.ndarray:
    """Row index repeated by count: one output row per event."""
    return np.repeat(np.arange(len(counts)), counts)


FLAT = np.ones((1, 12))                # equal weight for every month (feeds without a season)


def dates_in_year(rng, years: np.ndarray, seasons: np.ndarray = FLAT, which: np.ndarray | None = None,
                  last: dt.date = AS_OF) -> pd.Series:
    """A day in each given year, the month drawn from monthly weights: row ``which[k]`` of
    ``seasons`` for date ``k`` (the first row for every date when ``which`` is None)."""
    months = (seasons / seasons.sum(axis=1, keepdims=True)).cumsum(axis=1)
    u = rng.random(len(years))
    which = np.zeros(len(years), dtype=int) if which is None else which
    month = np.empty(len(years), dtype=int)
    for k, bounds in enumerate(months):                  # the first month whose bound passes u
        at = which == k
        month[at] = np.searchsorted(bounds, u[at], side="right")
    month[month == 12] = 0                               # rounding left u above the last bound
    day = rng.integers(1, 29, len(years))
    dates = pd.to_datetime(pd.DataFrame({"year": years, "month": month + 1, "day": day}))
    cap = pd.Timestamp(last)
    return dates.where(dates <= cap, cap - pd.to_timedelta(rng.integers(0, 300, len(years)), unit="D"))


def joined(*parts) -> pd.api.extensions.ExtensionArray:
    """Strings joined row by row, each part a constant or a column (Arrow compute, no Python loop)."""
    columns = [part if isinstance(part, str | pa.Array) else pc.cast(pa.array(part), pa.string()) for part in parts]
    return pd.array(pc.binary_join_element_wise(*columns, ""), dtype="str")


def padded(numbers: np.ndarray, width: int) -> pa.Array:
    """Integers as text, zero-padded to at least ``width`` digits (as ``f"{n:0{width}d}"``)."""
    return pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width=width, padding="0")


def pick(options: dict[str, list[str]], groups: np.ndarray, k: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """For each row, option ``k % len`` of its group's list (a category or position by sector)."""
    names, first = [], {}
    for group, listed in options.items():
        first[group] = len(names)
        names.extend(listed)
    code = np.zeros(len(groups), dtype=np.int64)
    for group, listed in options.items():
        at = groups == group
        code[at] = first[group] + k[at] % len(listed)
    return pd.array(pa.array(names).take(code), dtype="str")
