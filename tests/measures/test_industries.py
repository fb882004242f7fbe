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
