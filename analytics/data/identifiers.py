"""Identifiers checked and found, column-wise: GB 32100 (USCC) and GB 11643 (身份证号).

The checks follow python-stdnum (``stdnum.cn.uscc``, ``stdnum.cn.ric``), which stays the
reference: ``tests/data/test_identifiers.py`` compares them on a large random sample. One
rule differs on purpose: the address code of a 身份证号 is where the number was issued, not
where the person was born, so a code created after the birth year is normal. A code is
accepted if it exists or ever existed in stdnum's division list (revoked ones included); a
province code alone (``530000``) is not an issuing office.

Each check returns, per value, ``None`` when it passes (or is missing) and otherwise the name
of the first rule broken, so the report can say which part is wrong in words.
"""

from __future__ import annotations

import re
from functools import lru_cache, wraps
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import stdnum.cn

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)])   # ISO 7064 MOD 11-2
_VALUE = np.full(256, -1, dtype=np.int8)
_VALUE[[ord(c) for c in USCC_ALPHABET]] = np.arange(len(USCC_ALPHABET))

# A 身份证号 or a mobile number inside free text: digits not part of a longer number.
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
MASK = "***"


def _codes(values: pd.Series, width: int) -> np.ndarray:
    """Characters as bytes, one row per value (all values are ``width`` ASCII characters, as the
    format check made sure): Arrow keeps such strings back to back in one buffer."""
    array = pa.array(values, type=pa.string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset:array.offset + len(array) + 1]
    return np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]].reshape(-1, width)


def _weighted(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row sums of ``values`` times ``weights``, a column at a time (small integers, no copies)."""
    total = np.zeros(len(values), dtype=np.int64)
    for i, weight in enumerate(weights):
        total += values[:, i].astype(np.int64) * int(weight)
    return total


def uscc_check_characters(stems: np.ndarray) -> np.ndarray:
    """The check character (ASCII code) completing each 17-character USCC stem, one stem per row of
    ASCII codes: what ``stdnum.cn.uscc.calc_check_digit`` gives, for a whole column at once."""
    alphabet = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)
    return alphabet[(31 - _weighted(_VALUE[stems], USCC_WEIGHTS)) % 31]


def id_check_characters(stems: np.ndarray) -> np.ndarray:
    """The check character (ASCII code) completing each 17-digit 身份证号 stem, one stem per row of
    ASCII codes, as ``stdnum.cn.ric.calc_check_digit`` gives it."""
    return np.frombuffer(b"0123456789X", dtype=np.uint8)[(12 - _weighted(stems - ord("0"), ID_WEIGHTS) % 11) % 11]


def _each_distinct(check):
    """Run a column check once per distinct value when values repeat (a feed names the same employer
    thousands of times); on a column of mostly different values (persons) run it on the column."""
    @wraps(check)
    def wrapper(text: pd.Series, *args) -> pd.Series:
        number = text.astype("string").str.upper()
        head = number.iloc[:20_000]
        if head.nunique() > len(head) / 2:
            result = check(number.fillna(""), *args)
            return result.where(number.notna().to_numpy(), None)
        codes, distinct = pd.factorize(number)
        rules = check(pd.Series(distinct, dtype="string"), *args).to_numpy(dtype=object)
        out = np.full(len(text), None, dtype=object)
        known = codes >= 0
        out[known] = rules[codes[known]]
        return pd.Series(out, index=text.index, dtype=object)
    return wrapper


@_each_distinct
def uscc_problems(number: pd.Series) -> pd.Series:
    """``None`` for a valid (or missing) unified social credit code, else ``uscc_format`` or ``uscc_checksum``."""
    form = number.str.fullmatch(r"\d{8}[0-9A-HJ-NPQRTUWXY]{10}").fillna(False).to_numpy(dtype=bool)
    check = np.zeros(len(number), dtype=bool)
    if form.any():
        values = _VALUE[_codes(number[form], 18)]
        expected = (31 - _weighted(values, USCC_WEIGHTS)) % 31
        check[form] = values[:, 17] == expected
    return _first_rule(number.index, [(~form, "uscc_format"), (~check, "uscc_checksum")])


@lru_cache(maxsize=1)
def issuing_codes() -> frozenset[str]:
    """Every six-digit division code stdnum lists, current or revoked, except whole provinces."""
    codes = set()
    province = ""
    for line in (Path(stdnum.cn.__file__).parent / "loc.dat").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code = line.strip().partition(" ")[0]
        if not line.startswith(" "):
            province = code
        elif code != "0000":
            codes.add(province + code)
    return frozenset(codes)


@_each_distinct
def id_problems(number: pd.Series, today: pd.Timestamp) -> pd.Series:
    """``None`` for a valid (or missing) 身份证号, else the first rule broken: ``id_format``,
    ``id_checksum``, ``id_birth_date`` (not a date, before 1900 or after ``today``) or ``id_region``."""
    form = number.str.fullmatch(r"\d{17}[\dX]").fillna(False).to_numpy(dtype=bool)
    check, dated = np.zeros(len(number), dtype=bool), np.zeros(len(number), dtype=bool)
    if form.any():
        digits = _codes(number[form], 18).astype(np.int8) - ord("0")
        expected = (12 - _weighted(digits, ID_WEIGHTS) % 11) % 11
        last = np.where(digits[:, 17] == ord("X") - ord("0"), 10, digits[:, 17])
        check[form] = last == expected
        dated[form] = _real_birth_date(digits[:, 6:14], today)
    placed = number.str[:6].isin(issuing_codes()).fillna(False).to_numpy(dtype=bool)
    return _first_rule(number.index, [(~form, "id_format"), (~check, "id_checksum"),
                                      (~dated, "id_birth_date"), (~placed, "id_region")])


def _real_birth_date(digits: np.ndarray, today: pd.Timestamp) -> np.ndarray:
    """YYYYMMDD digits (one row per number) that name a real day from 1900 up to ``today``."""
    year, month, day = (_weighted(digits[:, a:b], 10 ** np.arange(b - a - 1, -1, -1)) for a, b in ((0, 4), (4, 6), (6, 8)))
    plausible = (year >= 1900) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    first = (np.clip(year, 1900, 9999) - 1970).astype("datetime64[Y]") + (np.clip(month, 1, 12) - 1).astype("timedelta64[M]")
    date = first.astype("datetime64[D]") + (np.clip(day, 1, 31) - 1).astype("timedelta64[D]")
    same_month = date.astype("datetime64[M]") == first          # 30 February rolls into March
    return plausible & same_month & (date <= np.datetime64(today.date(), "D"))


def _first_rule(index: pd.Index, checks: list[tuple[np.ndarray, str]]) -> pd.Series:
    """Per value the name of the first check it fails, ``None`` where it fails none."""
    rules = np.full(len(index), None, dtype=object)
    pending = np.ones(len(index), dtype=bool)
    for failed, name in checks:
        hit = failed & pending
        rules[hit] = name
        pending &= ~hit
    return pd.Series(rules, index=index, dtype=object)


def mask_personal(text: pd.Series) -> tuple[pd.Series, int]:
    """Free text with every 身份证号 and mobile number replaced by ``***``, and how many were masked."""
    values = text.astype("string")
    # Arrow's regex engine over the whole column; only the few suspects go through Python's.
    suspect = pd.Series(pc.match_substring_regex(pa.array(values, type=pa.string()), r"\d{11}|\d{3}[- ]\d{4}"),
                        index=text.index, dtype="boolean").fillna(False)
    if not suspect.any():
        return text, 0
    found = values[suspect].str.count(ID_IN_TEXT.pattern) + values[suspect].str.count(MOBILE_IN_TEXT.pattern)
    masked = values[suspect].str.replace(ID_IN_TEXT, MASK, regex=True).str.replace(MOBILE_IN_TEXT, MASK, regex=True)
    out = text.astype(object).copy()
    out[suspect] = masked.astype(object)
    return out, int(found.sum())


def positions(values, among) -> np.ndarray:
    """Where each of ``values`` stands in ``among`` (identifiers, each once), -1 where it is absent:
    ``pd.Index(among).get_indexer(values)``, hashed by Arrow (a million USCCs in 0.8 s against 1.9 s)."""
    values, among = (_plain(pa.array(x.array if isinstance(x, (pd.Series, pd.Index)) else x)) for x in (values, among))
    found = pc.index_in(values, value_set=among.cast(values.type))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)


def _plain(array: pa.Array) -> pa.Array:
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array
