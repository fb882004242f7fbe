"""Training at scale: an exposure-weighted sample of enterprise-years stands for all of them, a backtest too
large for memory (a sample to train on, each test year in full) reports what a full one does, and the fast
encoders and list arithmetic give what the slow ones gave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import stats
from analytics.data import warehouse
from analytics.targeting import backtest, features, lists, models


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


def test_codes_encode_as_scikit_learns_encoders_do():
    """The models' fast encoders give what OrdinalEncoder and OneHotEncoder give: unseen values -1 (or no
    indicator), missing ones their own code, categories or strings alike."""
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
    rng = np.random.default_rng(0)
    train = pd.DataFrame({"division": pd.Categorical(rng.choice(["01", "06", "47", "48"], 2000)),
                          "band": rng.choice(["1-9", "10-49", "50-299", None], 2000)})
    test = pd.DataFrame({"division": pd.Categorical(rng.choice(["01", "47", "99"], 500)),
                         "band": rng.choice(["1-9", "1000+", None], 500)})
    ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1)
    assert (models.Codes().fit(train).transform(test) == ordinal.fit(train).transform(test)).all()
    ours = models.one_hot().fit(train).transform(test).toarray()
    theirs = OneHotEncoder(handle_unknown="ignore", min_frequency=20).fit(train).transform(test).toarray()
    assert sorted(map(tuple, ours.T)) == sorted(map(tuple, theirs.T))        # the same indicators


def test_the_rising_lists_smoothing_is_eb_smooth_cell_by_cell():
    rng = np.random.default_rng(1)
    exposure = rng.integers(1, 500, 3000).astype(float)
    counts = rng.poisson(exposure * rng.gamma(2, 0.005, 3000)).astype(float)
    cell = rng.integers(0, 7, 3000)
    smoothed = lists._smoothed(counts, exposure, cell)
    for c in range(7):
        at = cell == c
        expected = stats.eb_smooth(pd.Series(counts[at]), pd.Series(exposure[at]))[0].to_numpy()
        assert np.allclose(smoothed[at], expected, rtol=1e-12)


def test_the_scores_kept_for_the_uplift_come_back_as_they_went_and_leave_no_file():
    kept = backtest._OnDisk()
    scores = pd.DataFrame({"uscc": pd.array(["91530100MA0000001X", "91530100MA0000002X"], dtype="str"),
                           "insured": [12.0, 3400.0], "risk": [0.25, np.pi]})
    kept[2024] = scores
    assert list(kept) == [2024] and 2024 in kept and 2025 not in kept and len(kept) == 1
    pd.testing.assert_frame_equal(kept[2024], scores)
    assert dict(kept.items())[2024].risk.iloc[1] == np.pi
    folder = Path(kept._folder.name)
    assert folder.exists()
    kept.close()
    assert not folder.exists()
