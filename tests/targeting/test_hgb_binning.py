"""The one-sort weighted bin edges are scikit-learn's own, value for value."""

import numpy as np
import pytest
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.ensemble._hist_gradient_boosting import binning

import analytics.targeting.models  # noqa: F401 - importing the models installs the edges
from analytics.targeting import hgb_binning


def _columns(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    rates = rng.gamma(0.5, 0.02, n)
    with_gaps = rng.normal(size=n)
    with_gaps[rng.random(n) < 0.05] = np.nan
    ties = np.round(rng.exponential(3.0, n), 1)          # many repeated values, more than 255 of them
    return {"rates": rates, "with_gaps": with_gaps, "ties": ties, "counts": rng.poisson(2.0, n).astype(float),
            "constant": np.full(n, 7.0)}


@pytest.mark.parametrize("n", [300, 5_000, 60_000])
def test_the_edges_equal_scikit_learns_with_and_without_weights(n):
    rng = np.random.default_rng(n)
    weights = {"none": None, "exposure": rng.gamma(1.0, 20.0, n), "with_zeros": np.where(rng.random(n) < 0.1, 0.0, 1.0)}
    for name, column in _columns(rng, n).items():
        for kind, weight in weights.items():
            for max_bins in (255, 32):
                ours = hgb_binning.find_binning_thresholds(column, max_bins, weight)
                theirs = hgb_binning.ORIGINAL(column, max_bins, weight)
                assert np.array_equal(ours, theirs), (name, kind, max_bins)


def test_a_weighted_fit_is_the_same_model_as_scikit_learns(monkeypatch):
    rng = np.random.default_rng(3)
    X = np.column_stack(list(_columns(rng, 20_000).values()))
    y, weight = rng.poisson(0.3, len(X)).astype(float), rng.gamma(1.0, 20.0, len(X))
    model = HistGradientBoostingRegressor(loss="poisson", max_iter=20, random_state=0)
    monkeypatch.setattr(binning, "_find_binning_thresholds", hgb_binning.find_binning_thresholds)
    ours = model.fit(X, y, sample_weight=weight).predict(X)
    monkeypatch.setattr(binning, "_find_binning_thresholds", hgb_binning.ORIGINAL)
    theirs = model.fit(X, y, sample_weight=weight).predict(X)
    assert binning._find_binning_thresholds is hgb_binning.ORIGINAL
    assert np.array_equal(ours, theirs)


def test_it_is_in_place_on_the_releases_that_need_it():
    installed = binning._find_binning_thresholds is hgb_binning.find_binning_thresholds
    assert installed == (sklearn.__version__ in hgb_binning.SLOW_RELEASES)
