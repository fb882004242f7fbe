"""Credibility on hand-made employers whose true risk is known: the weights, the covariances, the ranking."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.targeting import credibility

LAGS = credibility.LAGS


def planted(n: int = 20_000, seed: int = 3, lasting: float = 0.6, drift: float = 0.3, phi: float = 0.5):
    """Employers of one industry: a lasting gamma risk times an AR(1) drift, injuries Poisson around
    size x rate x risk over eight years (lag 0 the latest), and next year's true risk."""
    rng = np.random.default_rng(seed)
    size = np.round(rng.lognormal(3.5, 1.0, n)) + 1
    risk = rng.gamma(1 / lasting, lasting, n)
    sd = np.sqrt(np.log1p(drift))
    d = rng.normal(0, sd, n)
    path = []
    for _ in range(LAGS + 1):                                  # oldest first, then next year last
        d = phi * d + rng.normal(0, sd * np.sqrt(1 - phi ** 2), n)
        path.append(risk * np.exp(d - sd ** 2 / 2))
    theta = np.column_stack(path[:LAGS][::-1])                # lag 0 = latest
    exposure = np.repeat(size[:, None], LAGS, axis=1)
    counts = rng.poisson(exposure * 0.02 * theta)
    cells = credibility.Cells.of(n=n)
    return counts.astype(float), exposure, cells, theta, path[LAGS]


def test_the_covariances_estimated_from_counts_are_those_of_the_hidden_risk():
    counts, exposure, cells, theta, _ = planted()
    expected = credibility.peer_expected(counts, exposure, cells, np.ones(len(counts)))
    decay = credibility.Decay.fit(*credibility._moments(counts, expected, counts, expected, np.ones(len(counts)), True), True)
    ratio = theta / theta.mean()
    for distance in (0, 1, 3):
        truth = np.mean([np.average((ratio[:, k] - 1) * (ratio[:, k + distance] - 1), weights=exposure[:, k] ** 2)
                         for k in range(LAGS - distance)])
        assert decay(distance) == pytest.approx(truth, abs=0.08), distance
    assert decay.phi < 0.9 and decay.b > 0.05            # a drift that fades is told apart from the lasting part


def test_a_large_employers_record_speaks_for_itself_and_a_small_ones_leans_on_its_peers():
    counts, exposure, cells, _, _ = planted(n=5_000)
    exposure[0], counts[0] = 5_000.0, 3 * 5_000 * 0.02          # thrice its peers' rate, on 100 injuries a year
    exposure[1], counts[1] = 3.0, 0.0
    counts[1, 0] = 1.0                                          # one injury in eight years, at a 3-person firm
    ratio, peers = credibility.estimate({"injuries": counts}, exposure, cells)
    assert ratio[0] > 2.5                                      # close to its own 3x
    last_year = counts[1, 0] / peers[1]                         # about 17x its peers, on one injury
    assert 1 < ratio[1] < 1 + 0.1 * (last_year - 1)             # nearly all of it put down to chance
    assert peers[0] == pytest.approx(5_000 * counts[:, 0].sum() / exposure[:, 0].sum(), rel=1e-6)


def test_credibility_ranks_next_year_better_than_the_record_read_plainly():
    counts, exposure, cells, _, coming = planted()
    truth = exposure[:, 0] * coming
    ratio, peers = credibility.estimate({"injuries": counts}, exposure, cells)
    top = len(truth) // 10

    def caught(score):
        return truth[np.argsort(-score)[:top]].sum() / truth[np.argsort(-truth)[:top]].sum()

    assert caught(ratio * peers) > caught(counts[:, 0]) + 0.02            # last year's count
    assert caught(ratio * peers) > caught(counts.sum(axis=1)) + 0.01       # eight years' count, unweighted


def test_a_second_record_of_the_same_risk_adds_to_the_injuries():
    counts, exposure, cells, theta, coming = planted(seed=8)
    rng = np.random.default_rng(1)
    hazards = rng.poisson(np.sqrt(exposure) * 0.4 * theta ** 0.8).astype(float)
    truth = exposure[:, 0] * coming
    alone, _ = credibility.estimate({"injuries": counts}, exposure, cells)
    both, _ = credibility.estimate({"injuries": counts, "hazards": hazards}, exposure, cells)
    assert np.corrcoef(both, coming)[0, 1] > np.corrcoef(alone, coming)[0, 1] + 0.01
    assert credibility.elasticity(hazards, exposure, cells, np.ones(len(truth))) == pytest.approx(0.5, abs=0.1)


def test_a_sampled_employer_weighted_twice_counts_as_two():
    counts, exposure, cells, _, _ = planted(n=3_000)
    twice = np.r_[np.arange(3_000), np.arange(1_000)]                 # the first thousand repeated
    weight = np.r_[np.full(1_000, 2.0), np.ones(2_000)]
    weighted, _ = credibility.estimate({"injuries": counts}, exposure, cells, weight)
    repeated, _ = credibility.estimate({"injuries": counts[twice]}, exposure[twice], credibility.Cells.of(n=4_000))
    np.testing.assert_allclose(weighted, repeated[:3_000], rtol=1e-6)


def test_a_year_with_one_year_of_record_treats_every_difference_as_lasting():
    counts, exposure, cells, _, _ = planted(n=5_000)
    exposure[:, 1:] = 0
    counts[:, 1:] = 0
    ratio, _ = credibility.estimate({"injuries": counts}, exposure, cells)
    assert np.isfinite(ratio).all() and (ratio >= credibility.FLOOR).all()
    busier = counts[:, 0] / exposure[:, 0]
    assert np.corrcoef(ratio, busier)[0, 1] > 0.5
