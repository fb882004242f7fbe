"""Column-wise identifier checks against python-stdnum, the issuing-office rule, and masking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from stdnum import exceptions
from stdnum.cn import ric, uscc

from analytics.data import identifiers
from conftest import make_id

TODAY = pd.Timestamp("2026-11-27")


def reference_id(number: str) -> str | None:
    """stdnum's verdict, part by part, with the issuing-office rule for the address code."""
    try:
        ric.validate(number)
    except (exceptions.InvalidLength, exceptions.InvalidFormat):
        return "id_format"
    except exceptions.InvalidChecksum:
        return "id_checksum"
    except exceptions.InvalidComponent:
        pass
    try:
        born = ric.get_birth_date(number)
    except exceptions.InvalidComponent:
        return "id_birth_date"
    if born > TODAY.date() or born.year < 1900:
        return "id_birth_date"
    return None if number[:6] in identifiers.issuing_codes() else "id_region"


def reference_uscc(number: str) -> str | None:
    try:
        uscc.validate(number)
    except (exceptions.InvalidLength, exceptions.InvalidFormat):
        return "uscc_format"
    except exceptions.InvalidChecksum:
        return "uscc_checksum"
    return None


def test_id_checks_agree_with_stdnum_on_a_large_random_sample():
    rng = np.random.default_rng(11)
    codes = sorted(identifiers.issuing_codes()) + ["530000", "999999", "110100"]
    n = 20_000
    birth = pd.to_datetime("1890-01-01") + pd.to_timedelta(rng.integers(0, 140 * 365, n), unit="D")
    stems = [f"{rng.choice(codes)}{b:%Y%m%d}{s:03d}" for b, s in zip(birth, rng.integers(0, 1000, n))]
    numbers = [s + ric.calc_check_digit(s + "0") for s in stems]
    broken = rng.random(n)
    numbers = [num[:17] + rng.choice(list("0123456789X")) if b < 0.2 else            # check digit at random
               num[:10] + "1340" + num[14:] if b < 0.25 else                       # 13th month, 40th day
               num[:17] if b < 0.28 else num for num, b in zip(numbers, broken)]   # one character short
    ours = identifiers.id_problems(pd.Series(numbers), TODAY)
    expected = [reference_id(num) for num in numbers]
    assert ours.tolist() == expected
    assert 0.3 < ours.isna().mean() < 0.9 and set(ours.dropna()) == {"id_format", "id_checksum", "id_birth_date",
                                                                    "id_region"}


def test_uscc_checks_agree_with_stdnum_on_a_large_random_sample():
    rng = np.random.default_rng(12)
    alphabet = np.array(list(identifiers.USCC_ALPHABET + "IOSVZ"))      # five letters GB 32100 leaves out
    n = 20_000
    weights = np.r_[np.full(31, 1.0), np.full(5, 0.02)] / (31 + 5 * 0.02)     # mostly valid characters
    bodies = ["".join(rng.choice(list("0123456789"), 8)) + "".join(rng.choice(alphabet, 9, p=weights)) for _ in range(n)]
    def digit(body: str) -> str:
        valid = all(c in identifiers.USCC_ALPHABET for c in body)
        return uscc.calc_check_digit(body + "0") if valid and rng.random() < 0.6 else str(rng.choice(alphabet))

    numbers = [b + digit(b) for b in bodies]
    ours = identifiers.uscc_problems(pd.Series(numbers))
    assert ours.tolist() == [reference_uscc(num) for num in numbers]
    assert 0.2 < ours.isna().mean() < 0.8


def test_check_characters_computed_column_wise_are_stdnums():
    """The demo builds its identifiers with these; stdnum computes each one by hand."""
    rng = np.random.default_rng(3)
    alphabet = np.frombuffer(identifiers.USCC_ALPHABET.encode(), dtype=np.uint8)
    stems = np.hstack([np.full((5000, 2), ord("9"), dtype=np.uint8), rng.integers(48, 58, (5000, 6), dtype=np.uint8),
                       alphabet[rng.integers(0, len(alphabet), (5000, 9))]])
    got = identifiers.uscc_check_characters(stems)
    for stem, char in zip(stems, got):
        text = stem.tobytes().decode()
        assert chr(char) == uscc.calc_check_digit(text + "0")
    digits = rng.integers(48, 58, (5000, 17), dtype=np.uint8)
    for stem, char in zip(digits, identifiers.id_check_characters(digits)):
        assert chr(char) == ric.calc_check_digit(stem.tobytes().decode() + "0")


@pytest.mark.parametrize("number", [
    "530302197903044528",                       # 麒麟区, a code from 1997, for a worker born in 1979
    make_id("530102", "19750301", 17), make_id("530381", "19750612", 18), make_id("220102", "19751231", 19),
])
def test_a_number_issued_where_the_code_came_later_than_the_birth_is_valid(number):
    assert identifiers.id_problems(pd.Series([number]), TODAY).tolist() == [None]


def test_what_is_really_wrong_is_named_part_by_part():
    good = make_id("530102", "19850612", 123)
    cases = {good[:-1] + ("0" if good[-1] != "0" else "1"): "id_checksum", good[:16]: "id_format",
             make_id("530102", "19850230", 1): "id_birth_date", make_id("530102", "20300101", 1): "id_birth_date",
             make_id("530000", "19850612", 1): "id_region", make_id("539999", "19850612", 1): "id_region"}
    assert identifiers.id_problems(pd.Series(list(cases)), TODAY).tolist() == list(cases.values())


def test_identifiers_in_free_text_are_masked_and_counted():
    text = pd.Series(["架子工", "张三 530302197903044528 钢筋工", "联系 138-1234-5678", "订单 2025031400001234567", None])
    masked, count = identifiers.mask_personal(text)
    assert masked.tolist()[:3] == ["架子工", "张三 *** 钢筋工", "联系 ***"] and count == 2
    assert masked[3] == "订单 2025031400001234567"     # a longer number is no 身份证号


@pytest.mark.parametrize("key", [b"k", b"0123456789abcdef" * 4, b"long key " * 20])
def test_the_column_wise_hash_is_the_standard_hmac_of_each_identifier(key):
    import hmac

    from analytics.data import deid

    rng = np.random.default_rng(7)
    values = pd.Series([make_id("530102", f"19{rng.integers(50, 99)}0101", int(rng.integers(0, 999)))
                        for _ in range(2000)] + [" 53010219800101123x ", None])
    values.index = values.index + 1000                     # a chunk of a larger file keeps its row labels
    hashed = deid.hash_identifiers(values, key)
    expected = [hmac.digest(key, v.strip().upper().encode(), "sha256").hex()[:32] for v in values.iloc[:-1]]
    assert hashed.iloc[:-1].tolist() == expected and pd.isna(hashed.iloc[-1])


@pytest.mark.parametrize("kind", ["str", "object", "category", "list"])
def test_positions_are_pandas_get_indexer_whatever_the_column_holds(kind):
    rng = np.random.default_rng(5)
    among = pd.Series([f"91530100MA{n:07d}X" for n in rng.permutation(5_000)])
    wanted = [f"91530100MA{n:07d}X" for n in rng.integers(0, 6_000, 20_000)]        # a sixth of them absent
    values = wanted if kind == "list" else pd.Series(wanted, dtype=kind)
    expected = pd.Index(among).get_indexer(wanted)
    assert (expected == -1).any()
    assert np.array_equal(identifiers.positions(values, among), expected)
    assert np.array_equal(identifiers.positions(values, pd.Index(among, dtype=object)), expected)
