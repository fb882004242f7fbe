"""Training at scale: an exposure-weighted sample of enterprise-years stands for all of them, and a
backtest too large for memory (a sample to train on, each test year in full) reports what a full one does."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.data import warehouse
from analytics.targeting import backtest, features, models


def test_the_sample_keeps_the_large_employers_and_weights_back_to_the_whole(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    full = features.build(con, 2019, 2023)
    observed = models.training_rows(full)
    sample = features.build(con, 2019, 2023, sample=2000, seed=3)
    assert abs(len(sample) - 2000) < 150                       # about as many rows as asked for
    assert sample.insured_next.gt(0).all()                      # only rows a model can learn from
    assert (sample.sample_weight >= 1).all() and full.sample_weight.eq(1).all()
    # Horvitz-Thompson: the weighted sample sums to the whole, for rows and for next year's injuries.
    assert sample.sample_weight.sum() == pytest.approx(len(observed), rel=0.05)
    assert (sample.sample_weight * sample.injuries_next).sum() == pytest.approx(observed.injuries_next.sum(), rel=0.15)
    unit = features.exposure_unit(con, 2019, 2023, 2000)
    large = observed[observed.insured_next >= unit]
    assert set(zip(large.uscc, large.year)) <= set(zip(sample.uscc, sample.year))   # drawn with certainty
    kept = sample.set_index(["uscc", "year"]).sort_index()
    same = full.set_index(["uscc", "year"]).loc[kept.index]
    np.testing.assert_array_equal(kept.inj_3.to_numpy(), same.inj_3.to_numpy())      # the features themselves
    again = features.build(con, 2019, 2023, sample=2000, seed=3)
    assert list(again.uscc) == list(sample.uscc)                # seeded: the same rows each time
    assert list(features.build(con, 2019, 2023, sample=10**9).uscc) == list(full.uscc)   # enough room: all


def test_a_backtest_too_large_for_memory_trains_on_a_sample_and_scores_every_enterprise(demo_db, monkeypatch):
    con = warehouse.connect(demo_db, read_only=True)
    monkeypatch.setattr(backtest, "TRAINING_ROWS", 4000)
    results = backtest.run(con, seed=0, test_years=[2024, 2025])
    full = features.build(con, 2023, 2024)
    for year in (2024, 2025):
        metrics = results["rankers"]["hgb_poisson"]["years"][year]
        test = full[(full.year == year - 1) & full.insured_next.notna()]
        assert metrics["enterprises"] == len(test)               # every enterprise of the test year is scored
        assert metrics["injuries"] == test.injuries_next.sum()
        assert metrics["injuries_top10"] > 3 * results["rankers"]["random"]["years"][year]["injuries_top10"]
        assert results["lists"][year]["rising"]["listed"] >= 0
    assert "estimated_effect" in results["uplift"]


def test_release_cache_keeps_the_memory_limit(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    before = warehouse.scalar(con, "select current_setting('memory_limit')")
    warehouse.release_cache(con)
    assert warehouse.scalar(con, "select current_setting('memory_limit')") == before
