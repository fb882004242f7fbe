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
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import stdnum.cn

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)])   # ISO 7064 MOD 11-2
_VALUE = np.full(128, -1, dtype=np.int64)
_VALUE[[ord(c) for c in USCC_ALPHABET]] = np.arange(len(USCC_ALPHABET))

# A 身份证号 or a mobile number inside free text: digits not part of a longer number.
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
MASK = "***"


def _codes(values: np.ndarray, width: int) -> np.ndarray:
    """Characters as code points, one row per value (all values have ``width`` characters)."""
    return values.astype(f"U{width}").view(np.uint32).reshape(-1, width).astype(np.int64)


def uscc_problems(text: pd.Series) -> pd.Series:
    """``None`` for a valid (or missing) unified social credit code, else ``uscc_format`` or ``uscc_checksum``."""
    number = text.astype("string").str.upper()
    present = number.notna().to_numpy()
    form = number.str.fullmatch(r"\d{8}[0-9A-HJ-NPQRTUWXY]{10}").fillna(False).to_numpy(dtype=bool)
    check = np.zeros(len(number), dtype=bool)
    if form.any():
        values = _VALUE[_codes(number[form].to_numpy(dtype=str), 18)]
        expected = (31 - (values[:, :17] @ USCC_WEIGHTS)) % 31
        check[form] = values[:, 17] == expected
    rule = np.select([present & ~form, present & form & ~check], ["uscc_format", "uscc_checksum"], "")
    return pd.Series(np.where(rule == "", None, rule), index=text.index, dtype=object)


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


def id_problems(text: pd.Series, today: pd.Timestamp) -> pd.Series:
    """``None`` for a valid (or missing) 身份证号, else the first rule broken: ``id_format``,
    ``id_checksum``, ``id_birth_date`` (not a date, before 1900 or after ``today``) or ``id_region``."""
    number = text.astype("string").str.upper()
    present = number.notna().to_numpy()
    form = number.str.fullmatch(r"\d{17}[\dX]").fillna(False).to_numpy(dtype=bool)
    check = np.zeros(len(number), dtype=bool)
    if form.any():
        digits = _codes(number[form].to_numpy(dtype=str), 18) - ord("0")
        expected = (12 - (digits[:, :17] @ ID_WEIGHTS) % 11) % 11
        last = np.where(digits[:, 17] == ord("X") - ord("0"), 10, digits[:, 17])
        check[form] = last == expected
    born = pd.to_datetime(number.str[6:14], format="%Y%m%d", errors="coerce")
    dated = (born.notna() & (born <= today) & (born.dt.year >= 1900)).to_numpy(dtype=bool)
    placed = number.str[:6].isin(issuing_codes()).fillna(False).to_numpy(dtype=bool)
    rule = np.select([present & ~form, present & ~check, present & ~dated, present & ~placed],
                     ["id_format", "id_checksum", "id_birth_date", "id_region"], "")
    return pd.Series(np.where(rule == "", None, rule), index=text.index, dtype=object)


def mask_personal(text: pd.Series) -> tuple[pd.Series, int]:
    """Free text with every 身份证号 and mobile number replaced by ``***``, and how many were masked."""
    values = text.astype("string")
    suspect = values.str.contains(r"\d{11}|\d{3}[- ]\d{4}", regex=True).fillna(False)
    if not suspect.any():
        return text, 0
    found = values[suspect].str.count(ID_IN_TEXT.pattern) + values[suspect].str.count(MOBILE_IN_TEXT.pattern)
    masked = values[suspect].str.replace(ID_IN_TEXT, MASK, regex=True).str.replace(MOBILE_IN_TEXT, MASK, regex=True)
    out = text.astype(object).copy()
    out[suspect] = masked.astype(object)
    return out, int(found.sum())
