"""Features never see the predicted year; backtest, baselines, ceiling and registry behave."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from analytics.data import warehouse
from analytics.targeting import backtest, features, models, registry

YEAR = 2022


def test_no_feature_can_see_the_predicted_year(demo_db, tmp_path):
    """Features of YEAR on the full warehouse equal those on a copy cut at 31 December of YEAR."""
    full = features.build(warehouse.connect(demo_db, read_only=True), YEAR, YEAR)
    cut_path = tmp_path / "cut.duckdb"
    shutil.copyfile(demo_db, cut_path)
    cut = warehouse.connect(cut_path)
    end = f"{YEAR}-12-31"
    cut.execute("delete from injuries where decision_date > ?", [end])
    cut.execute("delete from diseases where diagnosis_date > ?", [end])
    cut.execute("delete from accidents where date > ?", [end])
    cut.execute("delete from hazards where found_date > ?", [end])
    cut.execute("update hazards set rectified_date = null where rectified_date > ?", [end])
    cut.execute("delete from trainings where completed_date > ?", [end])
    cut.execute("delete from insurance where year > ?", [YEAR])
    cut.execute("delete from key_positions where year > ?", [YEAR])
    truncated = features.build(cut, YEAR, YEAR)
    columns = models.FEATURES + ["credibility", "peer_expected"]
    pd.testing.assert_frame_equal(full[["uscc"] + columns].reset_index(drop=True),
                                  truncated[["uscc"] + columns].reset_index(drop=True))
    assert full.injuries_next.sum() > 0 and truncated.injuries_next.sum() == 0   # labels do look ahead


def test_capture_share():
    score = np.array([0.9, 0.1, 0.5, 0.3, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0])
    outcome = np.array([3, 0, 1, 0, 0, 0, 4, 0, 0, 2])
    assert backtest.capture(score, outcome, 0.10) == pytest.approx(0.3)
    assert backtest.capture(score, outcome, 0.30) == pytest.approx(0.4)


@pytest.fixture(scope="module")
def results(demo_db):
    return backtest.run(warehouse.connect(demo_db, read_only=True), seed=0)


def test_backtest_reports_every_ranker_metric_and_year(results):
    assert results["test_years"] == [2021, 2022, 2023, 2024, 2025]
    assert set(results["rankers"]) == {"poisson_glm", "hgb_poisson", "credibility_glm", "serious_classifier", "last_count", "last_rate",
                                       "risk_class", "random", "ceiling"}
    for name, ranker in results["rankers"].items():
        for year, metrics in ranker["years"].items():
            for key in ("injuries_top1", "injuries_top5", "injuries_top10", "deaths_top10", "serious_top10"):
                assert 0 <= metrics[key] <= 1 or np.isnan(metrics[key])
    glm = results["rankers"]["poisson_glm"]["years"][2023]
    assert "auc_serious" in glm and "poisson_deviance" in glm and len(glm["calibration"]) == 10


def test_models_beat_todays_baselines_and_approach_the_ceiling(results):
    top10 = backtest.summary(results).astype(float)
    best = top10.loc[list(models.COUNT_MODELS)].max()
    assert (best > top10.loc["last_rate"]).all()
    assert (best > top10.loc["random"] * 3).all()
    assert (best <= top10.loc["ceiling"] + 0.05).all()


def test_train_registers_models_and_a_default(demo_db, tmp_path, monkeypatch):
    con = warehouse.connect(demo_db, read_only=True)
    ids = backtest.train_and_register(con, None, directory=tmp_path)
    listed = registry.list_models(tmp_path)
    assert set(listed.name) == {"poisson_glm", "hgb_poisson", "credibility_glm", "serious_classifier"}
    assert listed.default.sum() == 1 and registry.default_id(tmp_path) in ids
    model, meta = registry.load(directory=tmp_path)
    assert meta["training_years"][-1] == 2024 and meta["name"] == models.DEFAULT_MODEL and set(models.FEATURES) < set(meta["features"])
    frame = features.build(con, 2025, 2025)
    assert (models.expected_injuries(model, frame) >= 0).all()
    monkeypatch.setattr(models, "CHUNK", 500)      # scored a chunk at a time: the same figures as in one piece
    for model_id in ids:
        model, meta = registry.load(model_id, tmp_path)
        whole = frame[models.feature_columns(model)]
        if meta["name"] == "serious_classifier":
            assert np.array_equal(models.serious_probability(model, frame), model.predict_proba(whole)[:, 1])
        else:
            assert np.array_equal(models.expected_injuries(model, frame), model.predict(whole) * frame.insured.to_numpy())
    with pytest.raises(LookupError):
        registry.load(directory=tmp_path / "empty")


@pytest.mark.parametrize("n", [10, 57, 20_001])
def test_the_backtests_auc_and_deciles_are_scikit_learns_and_pandas(n):
    """Both read an order already made (a million enterprises, ten rankers a year): the same figures as
    ``roc_auc_score`` and ``qcut`` of the ranks, ties included."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(n)
    score, hit = rng.integers(0, 7, n).astype(float), (rng.random(n) < 0.3).astype(int)
    assert backtest.auc(hit, score, np.argsort(-score, kind="stable")) == pytest.approx(roc_auc_score(hit, score), abs=1e-12)
    observed = rng.poisson(1.0, n).astype(float)
    deciles = pd.qcut(pd.Series(score).rank(method="first"), 10, labels=False) + 1
    expected = pd.DataFrame({"d": deciles, "e": score, "o": observed}).groupby("d").agg(e=("e", "sum"), o=("o", "sum"), n=("e", "size"))
    table = pd.DataFrame(backtest.calibration(score, observed)).set_index("decile")
    np.testing.assert_allclose(table[["expected", "observed", "n"]].to_numpy(), expected.to_numpy())
