"""The backtest on a generic enterprise-year panel: any jurisdiction's data, not only ours."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analytics import cli
from analytics.targeting import backtest, models, panel


def synthetic_panel(entities: int = 1500, years=range(2016, 2023), seed: int = 5) -> pd.DataFrame:
    """Enterprises with a lasting hidden risk, an industry effect and an inspection count that hints at it."""
    rng = np.random.default_rng(seed)
    risk = rng.gamma(2.0, 0.5, entities)
    industry = rng.choice(["mining", "building", "retail"], entities)
    factor = pd.Series({"mining": 3.0, "building": 1.5, "retail": 0.4})[industry].to_numpy()
    size = rng.lognormal(3, 1, entities).round() + 1
    frames = []
    for year in years:
        injuries = rng.poisson(0.03 * size * risk * factor)
        frames.append(pd.DataFrame({
            "entity_id": [f"E{i:05d}" for i in range(entities)], "year": year, "exposure": size,
            "injuries": injuries, "industry": industry, "region": rng.choice(["north", "south"], entities),
            "deaths": rng.binomial(injuries, 0.03), "serious": rng.binomial(injuries, 0.15),
            "hours": size * 1900, "inspection_findings": rng.poisson(risk * 2)}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def results():
    frame, columns = panel.frame(synthetic_panel())
    return backtest.run(frame=frame, columns=columns, seed=0)


def test_panel_features_come_from_the_years_up_to_t():
    raw = pd.DataFrame({"entity_id": ["a"] * 4, "year": [2020, 2021, 2022, 2023], "exposure": [10, 20, 20, 40],
                        "injuries": [1, 2, 3, 4], "noise": [0.5, 0.6, 0.7, 0.8]})
    frame, columns = panel.frame(raw)
    row = frame[frame.year == 2022].iloc[0]
    assert (row.inj_1, row.inj_prev, row.inj_3, row.inj_trend) == (3, 2, 6, 1)
    assert row.rate_3 == pytest.approx(6 / 60) and row.insured_change == 0 and row.years_in_panel == 3
    assert (row.injuries_next, row.insured_next) == (4, 40)
    assert np.isnan(frame[frame.year == 2023].iloc[0].insured_next)        # the future is unknown
    assert "noise" in columns.numeric and columns.categorical == ()
    assert frame.attrs["outcomes"] == ["injuries"]


def test_same_models_and_baselines_run_on_a_panel(results):
    assert results["test_years"] == [2019, 2020, 2021, 2022]
    assert set(results["rankers"]) == {"poisson_glm", "hgb_poisson", "credibility_glm", "serious_classifier", "last_count", "last_rate",
                                       "risk_class", "random"}
    top10 = backtest.summary(results).astype(float)
    best = top10.loc[list(models.COUNT_MODELS)].max()
    assert (best > top10.loc["last_rate"]).all() and (best > top10.loc["random"] * 2).all()
    metrics = results["rankers"]["hgb_poisson"]["years"][2021]
    assert {"deaths_top10", "serious_top10", "auc_serious", "poisson_deviance"} <= set(metrics)
    assert len(metrics["calibration"]) == 10


def test_a_minimal_panel_needs_only_the_four_columns():
    raw = synthetic_panel(entities=600)[["entity_id", "year", "exposure", "injuries"]]
    frame, columns = panel.frame(raw)
    results = backtest.run(frame=frame, columns=columns, seed=0)
    assert "serious_classifier" not in results["rankers"] and "risk_class" not in results["rankers"]
    assert set(results["rankers"]["hgb_poisson"]["years"][2020]) >= {"injuries_top10", "poisson_deviance"}
    assert not any(k.startswith("deaths") for k in results["rankers"]["hgb_poisson"]["years"][2020])
    assert results["notes"]


@pytest.mark.parametrize("change, message", [
    (lambda p: p.drop(columns="exposure"), "missing column(s): exposure"),
    (lambda p: p.assign(exposure=p.exposure.where(p.index != 3, 0)), "row 5, column exposure"),
    (lambda p: p.assign(injuries=p.injuries.astype(object).where(p.index != 7, "two")), "row 9, column injuries"),
    (lambda p: p.assign(year=p.year.where(p.index != 1, p.year[0]), entity_id=p.entity_id.where(p.index != 1, p.entity_id[0])),
     "appears twice in year"),
])
def test_a_bad_panel_names_its_row_and_column(change, message):
    with pytest.raises(panel.PanelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        panel.frame(change(synthetic_panel(entities=50).sort_values(["year", "entity_id"]).reset_index(drop=True)))


def test_cli_backtests_a_parquet_or_csv_panel(tmp_path, capsys):
    raw = synthetic_panel(entities=500, years=range(2018, 2023))
    raw.to_parquet(tmp_path / "panel.parquet")
    raw.to_csv(tmp_path / "panel.csv", index=False)
    assert cli.main(["backtest", "--panel", str(tmp_path / "panel.parquet"), "--json"]) == 0
    from_parquet = json.loads(capsys.readouterr().out)
    assert from_parquet["test_years"] == [2021, 2022]
    assert from_parquet["rankers"]["last_rate"]["kind"] == "baseline"
    assert cli.main(["backtest", "--panel", str(tmp_path / "panel.csv")]) == 0
    assert "injuries_top10" in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("entity_id,year\nA,2020\n")
    assert cli.main(["backtest", "--panel", str(tmp_path / "bad.csv")]) == 2
    assert "missing column(s): exposure, injuries" in capsys.readouterr().err


def test_count_models_rank_alike_whether_exposure_is_heads_hours_or_thousands_of_hours():
    from scipy.stats import spearmanr

    from analytics.targeting import models

    heads = synthetic_panel(entities=800).drop(columns=["hours"])
    rankings = {}
    for unit, factor in {"heads": 1.0, "hours": 1900.0, "thousand hours": 1.9}.items():
        frame, columns = panel.frame(heads.assign(exposure=heads.exposure * factor))
        train, test = frame[frame.year < 2021], frame[frame.year == 2021]
        for name in models.COUNT_MODELS:
            fitted = models.fit_count_model(models.make_model(name, 0, columns), train, columns)
            rankings[unit, name] = models.expected_injuries(fitted, test)      # injuries, whatever the unit
    for name in models.COUNT_MODELS:
        base = rankings["heads", name]
        for unit in ("hours", "thousand hours"):
            assert spearmanr(base, rankings[unit, name]).statistic > 0.99, (name, unit)
            np.testing.assert_allclose(rankings[unit, name].sum(), base.sum(), rtol=0.02)
    glm = models.fit_count_model(models.make_model("poisson_glm", 0, columns), train, columns)
    assert np.abs(glm[-1].estimator_.coef_).max() > 0.05          # not flattened to a ranking by size alone


def test_a_panel_backtest_carries_the_lists_and_the_model_card_its_columns_allow(results):
    lists = results["lists"][2022]
    assert {"rising", "underreporting", "excess"} <= set(lists) and lists["excess"]["listed"] > 0
    assert 0 <= lists["hit_rate_random"] <= lists["hit_rate_model_top10"] <= 1
    assert "precision" not in lists["underreporting"]                  # no hidden truth in a real panel
    entry = results["model_card"]["years"][2022]
    assert entry["capture"]["top10"]["low"] <= entry["capture"]["top10"]["value"] <= entry["capture"]["top10"]["high"]
    assert {m["group"] for m in entry["missed"]["region"]} and 0 < entry["gini"] < 1
    assert "uplift" not in results                                       # interventions live in a warehouse only
