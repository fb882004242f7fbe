"""Injuries averted (matched difference-in-differences) and the model card, where the answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.targeting import card, uplift


def _panel(rng, effect_small=0.5, effect_large=0.0, n=6000, cohort=2022):
    """Enterprises 2019-2024 in two prefectures and one key industry; a risk known ahead; the riskier
    are treated in ``cohort`` and from then lose ``effect`` of their injuries (by size)."""
    insured = rng.choice([20, 40, 80, 150, 400], n).astype(float)
    frailty = rng.gamma(2, 0.5, n)
    rate = 0.02 * frailty
    rows, risk = [], {}
    treated = rng.random(n) < 0.08 * frailty / frailty.mean()
    effect = np.where(insured < 100, effect_small, effect_large)
    for year in range(2019, 2025):
        after = treated & (year > cohort)
        mean = rate * insured * np.where(after, 1 - effect, 1.0) * (1.03 ** (year - 2019))
        rows.append(pd.DataFrame({"uscc": [f"E{k}" for k in range(n)], "year": year,
                                  "prefecture_code": np.where(np.arange(n) % 2, "530100", "530300"),
                                  "key_group": "construction", "insured": insured, "injuries": rng.poisson(mean)}))
    risk[cohort] = pd.Series(rate * insured, index=[f"E{k}" for k in range(n)])
    events = pd.DataFrame({"uscc": [f"E{k}" for k in np.flatnonzero(treated)], "year": cohort})
    return pd.concat(rows, ignore_index=True), events, risk


def test_the_interval_covers_the_planted_effect_and_no_effect_is_found_where_none_was_planted():
    rng = np.random.default_rng(5)
    years, events, risk = _panel(rng, effect_small=0.3, effect_large=0.3)
    found = uplift.estimate(years, events, "project", 2024, risk, seed=1)
    assert found.low < 0.3 < found.high and abs(found.effect - 0.3) < 0.08
    assert found.treated == len(events) - 0 or found.treated > 0.9 * len(events)
    years, events, risk = _panel(np.random.default_rng(6), effect_small=0.0, effect_large=0.0)
    none = uplift.estimate(years, events, "project", 2024, risk, seed=1)
    assert none.low < 0 < none.high


def test_the_effect_is_told_apart_by_size_and_ranking_by_averted_injuries_beats_ranking_by_risk():
    years, events, risk = _panel(np.random.default_rng(7), effect_small=0.5, effect_large=0.0)
    found = uplift.estimate(years, events, "project", 2024, risk, seed=1)
    small, large = found.by_size["1-49"][0], found.by_size["300+"][0]
    assert small > 0.3 and abs(large) < 0.15
    latest = years[years.year == 2024]
    truth = np.where(latest.insured < 100, 0.5, 0.0) * latest.injuries.to_numpy()
    score = risk[2022].reindex(latest.uscc).to_numpy()
    by_averted = uplift.averted(score, found, latest.key_group, latest.insured)
    k = len(latest) // 10
    assert truth[np.argsort(-by_averted)[:k]].sum() > 1.3 * truth[np.argsort(-score)[:k]].sum()


def test_no_qualifying_cohort_gives_no_estimate():
    years, events, risk = _panel(np.random.default_rng(8))
    assert uplift.estimate(years, events.assign(year=2024), "project", 2024, risk) is None


@pytest.fixture
def ranked():
    rng = np.random.default_rng(9)
    n = 5000
    exposure = rng.integers(5, 500, n).astype(float)
    rate = rng.gamma(1.5, 0.01, n)
    outcome = rng.poisson(rate * exposure).astype(float)
    return rate * exposure, outcome, exposure


def test_the_card_reports_capture_with_intervals_a_gini_and_calibration(ranked):
    score, outcome, exposure = ranked
    ids = np.array([f"E{k}" for k in range(len(score))])
    entry = card.card(score, outcome, exposure, score, {"size_band": np.where(exposure < 50, "small", "large")},
                      set(ids[:10]), outcome, ids, reps=100)
    for key in ("top1", "top5", "top10"):
        c = entry["capture"][key]
        assert c["low"] <= c["value"] <= c["high"]
    assert entry["capture"]["top1"]["value"] < entry["capture"]["top10"]["value"]
    assert 0.3 < entry["gini"] < 0.9 and 0 < entry["gini_se"] < 0.05
    calibration = pd.DataFrame(entry["calibration"])
    assert len(calibration) == 10 and abs(calibration.exposure / exposure.sum() - 0.1).max() < 0.02
    assert abs(calibration.expected.sum() - calibration.observed.sum()) / calibration.observed.sum() < 0.05
    missed = {r["group"]: r["captured"] for r in entry["missed"]["size_band"]}
    assert missed["large"] > missed["small"]                      # the list is made of the big employers
    assert entry["overlap_last_count"] > 0.3 and entry["overlap_last_year"] <= 1


def test_the_cards_shortcuts_give_what_a_full_bootstrap_gives(ranked):
    """Capture resampled only where it can change, and the Gini's standard error by the infinitesimal
    jackknife, against drawing every enterprise of every resample."""
    score, outcome, exposure = ranked
    n, rng = len(score), np.random.default_rng(4)
    order = np.argsort(-score, kind="stable")
    ranked_outcome, ranked_exposure = outcome[order], exposure[order]
    full_capture, full_gini = [], []
    for _ in range(400):
        w = np.bincount(rng.integers(0, n, n), minlength=n)
        full_capture.append(card._shares(np.cumsum(w), np.cumsum(w * ranked_outcome), n, w @ ranked_outcome))
        full_gini.append(card._curve(np.cumsum(w * ranked_exposure), np.cumsum(w * ranked_outcome))[2])
    head = int(n * 0.1 + 10 * np.sqrt(n)) + 10
    drawn = card._capture_draws(ranked_outcome, head, np.random.default_rng(5), 400)
    np.testing.assert_allclose(drawn.mean(axis=0), np.mean(full_capture, axis=0), atol=0.004)
    np.testing.assert_allclose(drawn.std(axis=0), np.std(full_capture, axis=0), rtol=0.15)
    assert card.gini_se(ranked_exposure, ranked_outcome) == pytest.approx(np.std(full_gini, ddof=1), rel=0.15)


def test_a_perfect_ranking_has_the_largest_gini_and_a_random_one_none(ranked):
    score, outcome, exposure = ranked
    rate = outcome / exposure
    *_, best = card.lorenz(rate, outcome, exposure)
    *_, model = card.lorenz(score / exposure, outcome, exposure)
    *_, chance = card.lorenz(np.random.default_rng(1).random(len(rate)), outcome, exposure)
    assert best > model > chance and abs(chance) < 0.1
