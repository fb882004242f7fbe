"""Industry ranking: empirical-Bayes smoothing by hand, proposals with their own reasons."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.data import reference, warehouse
from analytics import stats
from analytics.measures import industries


def test_gamma_poisson_smoothing_by_hand():
    counts = pd.Series([30.0, 2.0, 0.0])
    exposure = pd.Series([10_000.0, 100.0, 50.0])
    smoothed, alpha, beta = stats.eb_smooth(counts, exposure)
    m = 32 / 10_150
    s2 = (10_000 * (0.003 - m) ** 2 + 100 * (0.02 - m) ** 2 + 50 * m ** 2) / 10_150
    v = s2 - m / (10_150 / 3)
    assert alpha == pytest.approx(m * m / v) and beta == pytest.approx(m / v)
    assert smoothed.tolist() == pytest.approx([(30 + alpha) / (10_000 + beta), (2 + alpha) / (100 + beta),
                                               alpha / (50 + beta)])
    # the tiny division with 2 of 100 is pulled far towards the mean; the large one barely moves
    assert abs(smoothed[1] - m) < abs(0.02 - m) / 2 and smoothed[0] == pytest.approx(0.003, rel=0.05)


def test_ranking_and_proposal_on_the_demo(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    ranked = industries.rank(con, 2026)
    assert ranked.smoothed_rate.is_monotonic_decreasing
    assert ranked.expected_next.sum() > 0 and ranked.burden_share.sum() == pytest.approx(1)
    names = dict(zip(reference.industries().industry_code, reference.industries().name_zh))
    proposed = industries.propose(ranked, names, top=3)
    assert len(proposed) >= 3 and proposed.reason.str.len().min() > 0
    top = proposed.iloc[0]
    assert f"{top.smoothed_rate:.2f}‰" in top.reason and top["name"] == names[top.division]


def test_key_industry_groups_are_ranked_the_same_way(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    ranked = industries.rank(con, 2026, by="key_group")
    names = industries.names("key_group")
    assert set(ranked.key_group) <= set(names) and "construction" in set(ranked.key_group)
    assert ranked.injuries.sum() == pytest.approx(industries.rank(con, 2026).injuries.sum())   # a partition
    proposed = industries.propose(ranked, names, top=2)
    assert "other" not in set(proposed.key_group) and proposed.iloc[0]["name"] == names[proposed.iloc[0].key_group]


def test_the_proposal_rule_comes_from_its_file_and_reasons_come_in_both_languages(tmp_path):
    ranked = pd.DataFrame({"division": ["47", "06", "52"], "smoothed_rate": [12.0, 9.0, 1.0], "raw_rate": [12.5, 9.5, 1.0],
                           "injuries": [300, 90, 20], "expected_next": [320.0, 80.0, 25.0], "burden_share": [.75, .19, .06],
                           "trend": [0.02, 0.15, 0.5], "rank_rate": [1, 2, 3], "rank_burden": [1, 2, 3]})
    ranked.attrs.update(by="division", provincial_rate=4.0)
    names = {"47": "房屋建筑业", "06": "煤炭开采和洗选业", "52": "零售业"}
    zh = industries.propose(ranked, names, top=1)
    assert zh.division.tolist() == ["47", "06"]           # 06 rises 15 % a year from above the provincial rate
    assert "为全省平均 4.00‰ 的 3.0 倍" in zh.reason[0] and "年均上升 15%" in zh.reason[1]
    en = industries.propose(ranked, names, top=1, lang="en")
    assert "3.0 times the provincial 4.00" in en.reason[0] and "rising 15% a year" in en.reason[1]
    path = tmp_path / "industries.toml"
    path.write_text("[proposal]\ntop = 1\nrising_trend = 0.2\n", "utf-8")
    assert industries.propose(ranked, names, rule=industries.load_rule(path)).division.tolist() == ["47"]
    path.write_text("[proposal]\ntop = 0\n", "utf-8")
    with pytest.raises(ValueError, match=r"industries.toml: proposal.top: 0; allowed: a whole number ≥ 1"):
        industries.load_rule(path)


def test_a_proposal_below_the_provincial_rate_says_why_and_a_province_keeps_its_own_groups():
    ranked = pd.DataFrame({"key_group": ["construction", "machinery", "transport"], "smoothed_rate": [9.0, 3.5, 3.0],
                           "raw_rate": [9.0, 3.5, 3.0], "injuries": [90, 900, 30], "expected_next": [90.0, 900.0, 30.0],
                           "burden_share": [.09, .88, .03], "trend": [0.0, 0.0, 0.0], "rank_rate": [1, 2, 3],
                           "rank_burden": [2, 1, 3]})
    ranked.attrs.update(by="key_group", provincial_rate=4.0)
    proposed = industries.propose(ranked, industries.names("key_group"), top=2).set_index("key_group")
    assert list(proposed.index) == ["construction", "machinery"]     # transport: rank 3 of low rates, small
    assert "不高于全省平均 4.00‰，因工伤总量大而列入" in proposed.reason["machinery"]
    assert "倍" not in proposed.reason["machinery"]
    assert "metallurgy" in industries.names("key_group") and "metallurgy" not in industries.names("key_group", province="jilin")
